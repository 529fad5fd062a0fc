"""Users, organizations (municipalities), units and the people who work in them."""

from __future__ import annotations

import hashlib
import re
import uuid
from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.db.models import QuerySet

# County prefixes of Norwegian municipality numbers, current (2024 structure) and earlier ones
# still found in historical data. A kommunenummer is the county number followed by two digits.
COUNTY_PREFIXES = {
    "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "14", "15", "16",
    "17", "18", "19", "20", "21", "22", "30", "31", "32", "33", "34", "38", "39", "40", "42",
    "46", "50", "54", "55", "56",
}  # fmt: skip


def validate_kommunenummer(value: str) -> None:
    # Not str.isdigit(): it accepts "²" and non-ASCII digits.
    if not re.fullmatch(r"[0-9]{4}", value):
        raise ValidationError(_("A municipality number has exactly four digits, for example 0301."))
    if value[:2] not in COUNTY_PREFIXES or value[2:] == "00":
        raise ValidationError(
            _("%(value)s is not a valid municipality number: the first two digits must be a county number."),
            params={"value": value},
        )


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """A login. E-mail is the identifier; the person behind it lives in `Person`."""

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []  # type: ignore[misc]

    objects = UserManager()  # type: ignore[misc,assignment]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def current_person(self) -> Person | None:
        """The person record the user acts as (the first organization they belong to)."""
        if not hasattr(self, "_current_person"):
            self._current_person = (
                self.persons.select_related("organization", "unit").order_by("organization__name").first()
            )
        return self._current_person


class Organization(models.Model):
    """A municipality (the tenant)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(max_length=140, unique=True)
    kommunenummer = models.CharField(
        _("municipality number"),
        max_length=4,
        unique=True,
        validators=[validate_kommunenummer],
        help_text=_("Four digits, e.g. 0301 for Oslo."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        if not self.slug:
            self.slug = self._free_slug()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def _free_slug(self) -> str:
        # Different names can share a slug ("Testvik kommune", "Testvik-kommune"): add a suffix.
        base = slugify(self.name)[:130] or str(self.code)[:8]
        slug, n = base, 1
        while Organization.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            n += 1
            slug = f"{base}-{n}"
        return slug


class Unit(models.Model):
    """A municipal service or department (Eiendom, Pleie og omsorg, DigIt …)."""

    class Kind(models.TextChoices):
        PROPERTY = "property", _("Property (Eiendom)")
        HEALTH_CARE = "health_care", _("Health and care (Pleie og omsorg)")
        SCHOOL = "school", _("School")
        KINDERGARTEN = "kindergarten", _("Kindergarten")
        CULTURE = "culture", _("Culture")
        PLANNING = "planning", _("Planning")
        IT = "it", _("IT and digitalisation (DigIt)")
        STRATEGY = "strategy", _("Strategy")
        OTHER = "other", _("Other")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="units")
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    description = models.TextField(_("description"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="unit_unique_name_per_org"),
        ]

    def __str__(self) -> str:
        return self.name


class PersonQuerySet(models.QuerySet["Person"]):
    def active(self) -> QuerySet[Person]:
        return self.filter(is_active=True)


class Person(models.Model):
    """Someone who works in the organization. May or may not have a login."""

    class OrgRole(models.TextChoices):
        MEMBER = "member", _("Member")
        ADMIN = "admin", _("Organization administrator")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="people")
    user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="persons", verbose_name=_("login")
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail address"), blank=True)
    unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="people", verbose_name=_("unit")
    )
    title = models.CharField(_("job title"), max_length=120, blank=True)
    org_role = models.CharField(
        _("role in the organization"), max_length=10, choices=OrgRole.choices, default=OrgRole.MEMBER
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "user"],
                condition=models.Q(user__isnull=False),
                name="person_one_per_user_and_org",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_org_admin(self) -> bool:
        return self.org_role == self.OrgRole.ADMIN


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> QuerySet[Invitation]:
        """Invitations that can still be accepted: not accepted, not revoked, not expired."""
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """An organization administrator's invitation for one e-mail address to join the organization.

    Only a hash of the token is stored: the link in the e-mail is the one copy of the secret.
    Opening the link lets that address create an account even when open sign-up is off, and
    counts as verification of the address.
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    name = models.CharField(_("name"), max_length=120, blank=True)
    unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("unit")
    )
    org_role = models.CharField(
        _("role in the organization"), max_length=10, choices=Person.OrgRole.choices, default=Person.OrgRole.MEMBER
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("invited by")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organization}"

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode("utf-8")).hexdigest()

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()
