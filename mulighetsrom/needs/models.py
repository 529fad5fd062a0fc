"""Needs (behov), requirements (krav), the room programme (romprogram), baselines and the library.

Human-readable codes (BEH-001, FUN-012, ...) come from `CodeSequence`, one counter per project and
prefix that only ever grows, so a code is never reused after a deletion. URLs use the UUID `code`.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from mulighetsrom.accounts.models import Organization, Unit
from mulighetsrom.needs.versioning import VersionedModel
from mulighetsrom.projects.models import GateDecision, Membership, Project
from mulighetsrom.stakeholders.models import StakeholderGroup

NEED_PREFIX = "BEH"


class CodeSequence(models.Model):
    """The last number handed out for one prefix in one project (never decreases)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    prefix = models.CharField(max_length=8)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "prefix"], name="code_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.last_number:03d}"


class Need(VersionedModel):
    class Priority(models.TextChoices):
        """MoSCoW, in Norwegian practice må / bør / kan / ikke nå."""

        MUST = "must", _("Must")
        SHOULD = "should", _("Should")
        COULD = "could", _("Could")
        WONT = "wont", _("Not now")

    class Horizon(models.TextChoices):
        TODAY = "today", _("Today")
        TEN_YEARS = "ten_years", _("Within 10 years")
        LIFETIME = "lifetime", _("Over the building's life")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        AGREED = "agreed", _("Agreed")
        REJECTED = "rejected", _("Rejected")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="needs")
    ref = models.CharField(_("code"), max_length=12, editable=False)
    statement = models.CharField(_("statement"), max_length=300)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    beneficiaries = models.ManyToManyField(
        StakeholderGroup, blank=True, related_name="needs", verbose_name=_("beneficiary groups")
    )
    priority = models.CharField(_("priority"), max_length=8, choices=Priority.choices, default=Priority.SHOULD)
    horizon = models.CharField(_("time horizon"), max_length=10, choices=Horizon.choices, default=Horizon.TODAY)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    rejection_reason = models.TextField(_("reason for rejection"), max_length=2000, blank=True)
    insights = models.ManyToManyField(
        "insight.Insight", blank=True, related_name="needs", verbose_name=_("insights (evidence)")
    )
    forecast_run = models.ForeignKey(
        "forecast.ForecastRun",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="needs",
        verbose_name=_("forecast"),
    )
    # What the forecast said when the need was made (text, year, low/main/high): kept if the run goes.
    forecast_figures = models.JSONField(default=dict, blank=True, editable=False)
    strategy = models.TextField(
        _("strategy basis"),
        max_length=2000,
        blank=True,
        help_text=_("Municipal plans or strategies the need rests on."),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["project", "ref"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="rejected") | ~models.Q(rejection_reason=""),
                name="need_rejected_has_reason",
            ),
            models.UniqueConstraint(fields=["project", "ref"], name="need_unique_ref_per_project"),
        ]

    def __str__(self) -> str:
        return f"{self.ref} {self.statement}"

    @property
    def is_agreed(self) -> bool:
        return self.status == self.Status.AGREED

    @property
    def is_rejected(self) -> bool:
        return self.status == self.Status.REJECTED


class NeedReference(models.Model):
    """A policy, regulation or guidance a need rests on (e.g. TEK17 § 12-2, Husbanken's guidance)."""

    class Kind(models.TextChoices):
        REGULATION = "regulation", _("Law or regulation")
        POLICY = "policy", _("Policy or guidance")
        STRATEGY = "strategy", _("Municipal strategy or plan")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="references")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.REGULATION)
    text = models.CharField(_("reference"), max_length=300)
    url = models.URLField(_("link"), blank=True)

    class Meta:
        verbose_name = _("reference")
        verbose_name_plural = _("references")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text


class Requirement(VersionedModel):
    class Category(models.TextChoices):
        FUNCTIONAL = "functional", _("Functional")
        ROOM = "room", _("Room")
        TECHNICAL = "technical", _("Technical")
        GENERALITY = "generality", _("Adaptability: generality (generalitet)")
        FLEXIBILITY = "flexibility", _("Adaptability: flexibility (fleksibilitet)")
        ELASTICITY = "elasticity", _("Adaptability: elasticity (elastisitet)")
        WELFARE_TECH = "welfare_tech", _("Welfare technology / IT")
        UNIVERSAL_DESIGN = "universal_design", _("Universal design")
        SUSTAINABILITY = "sustainability", _("Sustainability")
        OPERATIONS = "operations", _("Operations")

    PREFIXES = {
        Category.FUNCTIONAL: "FUN",
        Category.ROOM: "ROM",
        Category.TECHNICAL: "TEK",
        Category.GENERALITY: "GEN",
        Category.FLEXIBILITY: "FLE",
        Category.ELASTICITY: "ELA",
        Category.WELFARE_TECH: "VEL",
        Category.UNIVERSAL_DESIGN: "UU",
        Category.SUSTAINABILITY: "MIL",
        Category.OPERATIONS: "DRI",
    }

    class Operator(models.TextChoices):
        GTE = ">=", "≥"
        LTE = "<=", "≤"
        EQ = "=", "="
        GT = ">", ">"
        LT = "<", "<"

    class Verification(models.TextChoices):
        DESIGN_REVIEW = "design_review", _("Design review")
        MODEL_CHECK = "model_check", _("Model check (IFC)")
        INSPECTION = "inspection", _("Inspection")
        TEST = "test", _("Test")
        POE = "poe", _("Post-occupancy evaluation")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        AGREED = "agreed", _("Agreed")
        VERIFIED = "verified", _("Verified")
        NOT_MET = "not_met", _("Not met")
        WAIVED = "waived", _("Waived")

    class Necessity(models.TextChoices):
        """Why a requirement may stand without a need."""

        NONE = "", _("No: it must be traced to needs")
        REGULATORY = "regulatory", _("Regulatory necessity")
        TECHNICAL = "technical", _("Technical necessity")

    # Changing an agreed requirement needs a reason (kept in the history).
    REASON_REQUIRED_WHEN_AGREED = True

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="requirements")
    ref = models.CharField(_("code"), max_length=12, editable=False)
    text = models.TextField(_("requirement"), max_length=2000)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    metric = models.CharField(_("metric"), max_length=120, blank=True, help_text=_("For example “net area”."))
    operator = models.CharField(_("operator"), max_length=2, choices=Operator.choices, blank=True)
    target_value = models.DecimalField(_("target value"), max_digits=12, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=20, blank=True, help_text=_("For example “m²” or “lux”."))
    verification_method = models.CharField(
        _("verification method"), max_length=16, choices=Verification.choices, blank=True
    )
    owner_member = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner (team member)"),
    )
    owner_unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("owner (unit)")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    status_reason = models.TextField(
        _("reason"), max_length=2000, blank=True, help_text=_("Required when the requirement is waived.")
    )
    necessity = models.CharField(
        _("stands without a need"), max_length=12, choices=Necessity.choices, blank=True, default=""
    )
    necessity_reference = models.CharField(
        _("reference for the necessity"),
        max_length=300,
        blank=True,
        help_text=_("For example “TEK17 § 13-4” or “Fire strategy, report 2026-03”."),
    )
    needs: models.ManyToManyField[Need, NeedRequirement] = models.ManyToManyField(
        Need, through="NeedRequirement", related_name="requirements", blank=True
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        ordering = ["project", "ref"]
        constraints = [
            models.UniqueConstraint(fields=["project", "ref"], name="requirement_unique_ref_per_project"),
            models.CheckConstraint(
                condition=~models.Q(status="waived") | ~models.Q(status_reason=""),
                name="requirement_waived_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(necessity="") | ~models.Q(necessity_reference=""),
                name="requirement_necessity_has_reference",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ref} {self.text[:80]}"

    @property
    def is_agreed(self) -> bool:
        return self.status == self.Status.AGREED

    @property
    def is_settled(self) -> bool:
        """Agreed or already verified: a decision that rests on it is no longer premature."""
        return self.status in (self.Status.AGREED, self.Status.VERIFIED)

    @property
    def status_needs_reason(self) -> bool:
        """Waived and not met are explained in `status_reason`; other statuses keep no reason."""
        return self.status in (self.Status.WAIVED, self.Status.NOT_MET)

    @property
    def prefix(self) -> str:
        return self.PREFIXES[self.Category(self.category)]

    @property
    def criterion(self) -> str:
        """The measurable criterion as one line, e.g. "net area ≥ 25 m²" ("" when there is none)."""
        if not self.metric or not self.operator or self.target_value is None:
            return ""
        value = f"{self.target_value.normalize():f}"
        return f"{self.metric} {self.get_operator_display()} {value} {self.unit}".strip()

    @property
    def owner_label(self) -> str:
        parts = [str(self.owner_member.person) if self.owner_member else "", str(self.owner_unit or "")]
        return ", ".join(p for p in parts if p)


class NeedRequirement(models.Model):
    """A requirement satisfies (part of) a need; the rationale says how."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="requirement_links")
    requirement = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="need_links")
    rationale = models.CharField(_("rationale"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("need–requirement link")
        verbose_name_plural = _("need–requirement links")
        constraints = [models.UniqueConstraint(fields=["need", "requirement"], name="need_requirement_unique")]

    def __str__(self) -> str:
        return f"{self.need_id} → {self.requirement_id}"


class FunctionGroup(models.TextChoices):
    RESIDENTIAL = "residential", _("Residential unit (bogruppe)")
    COMMON = "common", _("Common areas (fellesareal)")
    STAFF = "staff", _("Staff (personal)")
    TREATMENT = "treatment", _("Treatment and activity")
    LOGISTICS = "logistics", _("Logistics and support")
    TECHNICAL = "technical", _("Technical (teknisk)")
    OTHER = "other", _("Other")


class AreaTerm(models.TextChoices):
    """NS 3940:2023 area terms used in a room programme."""

    NTA = "NTA", _("NTA – net area")
    FUA = "FUA", _("FUA – functional area")
    TA = "TA", _("TA – technical area")
    KA = "KA", _("KA – circulation area")


class ProgrammeSettings(models.Model):
    """Per-project settings of the room programme."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="programme_settings")
    gross_factor = models.DecimalField(
        _("gross factor (påslagsfaktor)"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1.45"),
        validators=[MinValueValidator(Decimal("1.00"))],
        help_text=_("Gross area (BTA) = net programme area × this factor."),
    )

    class Meta:
        verbose_name = _("room programme settings")
        verbose_name_plural = _("room programme settings")

    def __str__(self) -> str:
        return f"{self.project}: {self.gross_factor}"


class RoomType(VersionedModel):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="room_types")
    ref = models.CharField(_("code"), max_length=20, help_text=_("A stable code, for example BO-01."))
    name = models.CharField(_("name"), max_length=120)
    function_group = models.CharField(_("function group"), max_length=12, choices=FunctionGroup.choices)
    zone = models.CharField(
        _("zone"), max_length=60, blank=True, help_text=_("Optional, for example “Bogruppe 1” or “Ground floor”.")
    )
    count = models.PositiveIntegerField(_("count"), default=1)
    net_area = models.DecimalField(
        _("net area per room (m²)"), max_digits=8, decimal_places=1, validators=[MinValueValidator(Decimal("0"))]
    )
    area_term = models.CharField(_("area term (NS 3940)"), max_length=3, choices=AreaTerm.choices, default="NTA")
    requirements = models.ManyToManyField(
        Requirement, blank=True, related_name="room_types", verbose_name=_("requirements")
    )
    notes = models.TextField(_("notes"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("room type")
        verbose_name_plural = _("room types")
        ordering = ["project", "function_group", "ref"]
        constraints = [
            models.UniqueConstraint(fields=["project", "ref"], name="room_type_unique_ref_per_project"),
            models.CheckConstraint(condition=models.Q(net_area__gte=0), name="room_type_area_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.ref} {self.name}"

    @property
    def total_area(self) -> Decimal:
        return self.net_area * self.count


class Adjacency(models.Model):
    class Kind(models.TextChoices):
        ADJACENT = "adjacent", _("Must be adjacent to")
        NEAR = "near", _("Near")
        SEPARATED = "separated", _("Separated from")

    room = models.ForeignKey(RoomType, on_delete=models.CASCADE, related_name="adjacencies")
    other = models.ForeignKey(RoomType, on_delete=models.CASCADE, related_name="+", verbose_name=_("other room type"))
    kind = models.CharField(_("relation"), max_length=10, choices=Kind.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("adjacency requirement")
        verbose_name_plural = _("adjacency requirements")
        constraints = [
            models.UniqueConstraint(fields=["room", "other"], name="adjacency_unique_pair"),
            models.CheckConstraint(condition=~models.Q(room=models.F("other")), name="adjacency_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.room_id} {self.kind} {self.other_id}"


class Baseline(models.Model):
    """A frozen copy of needs, requirements and the room programme (for example at a gate)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="baselines")
    name = models.CharField(_("name"), max_length=120)
    gate_decision = models.ForeignKey(
        GateDecision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gate decision"),
    )
    snapshot = models.JSONField(default=dict, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("baseline")
        verbose_name_plural = _("baselines")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class LibraryItem(models.Model):
    """A reusable need, requirement or room type kept by an organization (copied into projects)."""

    class Kind(models.TextChoices):
        NEED = "need", _("Need")
        REQUIREMENT = "requirement", _("Requirement")
        ROOM_TYPE = "room_type", _("Room type")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="needs_library")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    data = models.JSONField(default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("library item")
        verbose_name_plural = _("library items")
        ordering = ["kind", "title"]

    def __str__(self) -> str:
        return self.title
