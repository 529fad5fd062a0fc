from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from mulighetsrom.accounts.models import Invitation, Organization, Person, Unit, User


@transaction.atomic
def save_person(*, person: Person) -> Person:
    """Save a person and link them to an existing login with the same e-mail address."""
    if person.email and person.user_id is None:
        user = User.objects.filter(email__iexact=person.email).first()
        if user is not None and not Person.objects.filter(organization=person.organization, user=user).exists():
            person.user = user
    person.save()
    return person


def link_persons_to_user(user: User) -> int:
    """Attach unlinked person records with the user's e-mail address (called at sign-up)."""
    linked = 0
    for person in Person.objects.filter(email__iexact=user.email, user__isnull=True):
        if not Person.objects.filter(organization_id=person.organization_id, user=user).exists():
            person.user = user
            person.save(update_fields=["user"])
            linked += 1
    return linked


def would_remove_last_admin(person: Person, data: dict[str, Any]) -> bool:
    """Whether saving `data` on `person` leaves the organization without an active administrator.

    Reads the stored row, not `person`: a validated ModelForm has already copied the new
    role onto its instance.
    """
    stays_admin = data.get("org_role") == Person.OrgRole.ADMIN and data.get("is_active", False)
    if stays_admin:
        return False
    admins = Person.objects.filter(
        organization_id=person.organization_id, org_role=Person.OrgRole.ADMIN, is_active=True
    )
    if not admins.filter(pk=person.pk).exists():
        return False
    return not admins.exclude(pk=person.pk).exists()


def create_invitation(
    *,
    organization: Organization,
    email: str,
    invited_by: User | None,
    name: str = "",
    unit: Unit | None = None,
    org_role: str = Person.OrgRole.MEMBER,
) -> tuple[Invitation, str]:
    """Create an invitation and return it with its token (the token is not stored, only its hash).

    An earlier pending invitation for the same address in the organization is revoked, so that
    only the newest link works.
    """
    email = email.strip().lower()
    token = secrets.token_urlsafe(32)
    days = getattr(settings, "INVITATION_VALID_DAYS", 14)
    with transaction.atomic():
        Invitation.objects.pending().filter(organization=organization, email__iexact=email).update(
            revoked_at=timezone.now()
        )
        invitation = Invitation.objects.create(
            organization=organization,
            email=email,
            name=name,
            unit=unit,
            org_role=org_role,
            token_hash=Invitation.hash_token(token),
            invited_by=invited_by,
            expires_at=timezone.now() + timedelta(days=days),
        )
    return invitation, token


def invitation_url(token: str) -> str:
    return settings.SITE_ROOT.rstrip("/") + reverse("accounts:invitation_accept", args=[token])


def send_invitation(*, invitation: Invitation, token: str) -> None:
    """E-mail the invitation link to the invited address, in the site's default language."""
    context = {"invitation": invitation, "url": invitation_url(token)}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
        body = render_to_string("accounts/email/invitation_message.txt", context)
    send_mail(subject, body, None, [invitation.email])


def invite(**fields: Any) -> Invitation:
    """Create an invitation (`create_invitation`'s arguments) and send its e-mail once the
    transaction has committed."""
    invitation, token = create_invitation(**fields)
    transaction.on_commit(lambda: send_invitation(invitation=invitation, token=token))
    return invitation


def find_invitation(token: str) -> Invitation | None:
    """The invitation a link's token belongs to, whatever its state (None for an unknown token)."""
    return (
        Invitation.objects.select_related("organization", "unit")
        .filter(token_hash=Invitation.hash_token(token))
        .first()
    )


def revoke_invitation(*, invitation: Invitation) -> None:
    Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


@transaction.atomic
def accept_invitation(*, invitation: Invitation, user: User, verify_email: bool = True) -> Person | None:
    """Make `user` a person in the invitation's organization and mark the invitation accepted.

    The caller has checked that the user's address is the invited one. Returns None when the
    invitation was no longer pending (accepted in another tab, revoked, expired).
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending:
        return None
    person = Person.objects.filter(organization_id=invitation.organization_id, user=user).first()
    if person is None:
        person = (
            Person.objects.filter(
                organization_id=invitation.organization_id, email__iexact=invitation.email, user__isnull=True
            )
            .order_by("pk")
            .first()
        )
    if person is None:
        person = Person(
            organization_id=invitation.organization_id,
            name=invitation.name or user.get_full_name() or invitation.email,
            email=invitation.email,
            unit=invitation.unit,
            org_role=invitation.org_role,
        )
    person.user = user
    person.is_active = True
    if invitation.org_role == Person.OrgRole.ADMIN:
        person.org_role = Person.OrgRole.ADMIN
    person.save()
    if verify_email:
        # The invitation reached this address: that is verification of it.
        address = EmailAddress.objects.filter(user=user, email__iexact=invitation.email).first()
        if address is None:
            has_primary = EmailAddress.objects.filter(user=user, primary=True).exists()
            address = EmailAddress(user=user, email=invitation.email, primary=not has_primary)
        address.verified = True
        address.save()
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return person
