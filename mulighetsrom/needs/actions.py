"""Changes to needs, requirements, the room programme, baselines and the library.

Every change is logged in the project's feed. Needs, requirements and room types are versioned
records (see versioning.py): the form carries the `version` it was opened with, and the save is
refused with `ConflictError` when someone else saved in between (the user's input stays in the form).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mulighetsrom.accounts.models import Organization, User
from mulighetsrom.forecast.models import ForecastRun
from mulighetsrom.forecast.presenters import need_seam
from mulighetsrom.insight.models import Insight
from mulighetsrom.needs.models import (
    NEED_PREFIX,
    Adjacency,
    Baseline,
    CodeSequence,
    LibraryItem,
    Need,
    NeedReference,
    NeedRequirement,
    ProgrammeSettings,
    Requirement,
    RoomType,
)
from mulighetsrom.needs.trace import take_snapshot
from mulighetsrom.needs.versioning import ConflictError as ConflictError  # raised by the save_* actions
from mulighetsrom.projects.actions import log_event
from mulighetsrom.projects.models import GateDecision, Project, ProjectEvent
from mulighetsrom.stakeholders.models import StakeholderGroup


def next_ref(project: Project, prefix: str) -> str:
    """The next code for `prefix` in `project` (e.g. FUN-013). Numbers are never reused.

    Call inside a transaction: the counter row is locked until it commits.
    """
    CodeSequence.objects.get_or_create(project=project, prefix=prefix)
    seq = CodeSequence.objects.select_for_update().get(project=project, prefix=prefix)
    seq.last_number += 1
    seq.save(update_fields=["last_number"])
    return f"{prefix}-{seq.last_number:03d}"


def _log_saved(obj: Need | Requirement | RoomType, *, created: bool, acting_user: User) -> None:
    verb = ProjectEvent.Verb.CREATED if created else ProjectEvent.Verb.UPDATED
    log_event(project=obj.project, actor=acting_user, verb=verb, obj=obj)


def _delete_versioned(obj: Need | Requirement | RoomType, *, acting_user: User) -> None:
    log_event(project=obj.project, actor=acting_user, verb=ProjectEvent.Verb.DELETED, obj=obj)
    obj.stamp_change(acting_user=acting_user)
    obj.delete()


# --- needs --------------------------------------------------------------------------------------


@transaction.atomic
def save_need(
    *,
    need: Need,
    beneficiaries: Iterable[StakeholderGroup],
    acting_user: User,
    expected_version: int | None = None,
    change_reason: str = "",
    insights: Iterable[Insight] | None = None,
) -> Need:
    created = need.pk is None
    if created:
        need.ref = next_ref(need.project, NEED_PREFIX)
        need.created_by = acting_user
    if not need.is_rejected:
        need.rejection_reason = ""
    need.save_change(acting_user=acting_user, expected_version=expected_version, reason=change_reason)
    need.beneficiaries.set(list(beneficiaries))
    if insights is not None:
        need.insights.set(list(insights))
    _log_saved(need, created=created, acting_user=acting_user)
    return need


@transaction.atomic
def create_need_from_insight(*, insight: Insight, acting_user: User) -> Need:
    """One step from an insight to a proposed need that cites it as evidence.

    The beneficiaries are the groups the evidence speaks for (the proxy group when there is one).
    """
    groups = {
        o.on_behalf_of_id or o.speaker_group_id
        for o in insight.evidence.usable()
        if o.on_behalf_of_id or o.speaker_group_id
    }
    need = Need(
        project=insight.project,
        statement=insight.statement[:300],
        description=insight.description,
        status=Need.Status.PROPOSED,
    )
    return save_need(
        need=need,
        beneficiaries=StakeholderGroup.objects.filter(project=insight.project, pk__in=groups),
        insights=[insight],
        acting_user=acting_user,
        change_reason=_("Created from an insight."),
    )


@transaction.atomic
def create_need_from_forecast(*, run: ForecastRun, acting_user: User, year: int | None = None) -> Need:
    """A proposed need stating the forecast demand (main alternative with its low–high range).

    The figures are copied into the need, so it still says what it rested on if the run is deleted.
    """
    figures = need_seam(run, year)
    horizon = Need.Horizon.TEN_YEARS if figures["year"] <= timezone.localdate().year + 10 else Need.Horizon.LIFETIME
    need = Need(
        project=run.project,
        statement=str(figures["text"])[:300],
        horizon=horizon,
        status=Need.Status.PROPOSED,
        forecast_run=run,
        forecast_figures={k: figures[k] for k in ("text", "year", "low", "main", "high")},
    )
    return save_need(need=need, beneficiaries=[], acting_user=acting_user, change_reason=_("Created from a forecast."))


@transaction.atomic
def delete_need(*, need: Need, acting_user: User) -> None:
    _delete_versioned(need, acting_user=acting_user)


@transaction.atomic
def add_need_reference(*, reference: NeedReference, acting_user: User) -> NeedReference:
    reference.save()
    log_event(project=reference.need.project, actor=acting_user, verb=ProjectEvent.Verb.ADDED, obj=reference)
    return reference


@transaction.atomic
def remove_need_reference(*, reference: NeedReference, acting_user: User) -> None:
    log_event(project=reference.need.project, actor=acting_user, verb=ProjectEvent.Verb.REMOVED, obj=reference)
    reference.delete()


# --- requirements -------------------------------------------------------------------------------


@transaction.atomic
def save_requirement(
    *,
    requirement: Requirement,
    acting_user: User,
    expected_version: int | None = None,
    change_reason: str = "",
    link_need: Need | None = None,
    link_rationale: str = "",
) -> Requirement:
    created = requirement.pk is None
    if created:
        requirement.ref = next_ref(requirement.project, requirement.prefix)
        requirement.created_by = acting_user
    if not requirement.status_needs_reason:
        requirement.status_reason = ""
    if not requirement.necessity:
        requirement.necessity_reference = ""
    requirement.save_change(acting_user=acting_user, expected_version=expected_version, reason=change_reason)
    _log_saved(requirement, created=created, acting_user=acting_user)
    if link_need is not None:
        link_requirement_to_need(
            need=link_need, requirement=requirement, rationale=link_rationale, acting_user=acting_user
        )
    return requirement


@transaction.atomic
def delete_requirement(*, requirement: Requirement, acting_user: User) -> None:
    _delete_versioned(requirement, acting_user=acting_user)


@transaction.atomic
def link_requirement_to_need(
    *, need: Need, requirement: Requirement, rationale: str, acting_user: User
) -> NeedRequirement:
    """Link (or update the rationale of the link between) a need and a requirement of one project."""
    if need.project_id != requirement.project_id:
        raise ValueError("need and requirement belong to different projects")
    link, _created = NeedRequirement.objects.update_or_create(
        need=need, requirement=requirement, defaults={"rationale": rationale}
    )
    log_event(
        project=requirement.project,
        actor=acting_user,
        verb=ProjectEvent.Verb.ADDED,
        obj=link,
        label=f"{need.ref} → {requirement.ref}",
    )
    return link


@transaction.atomic
def unlink_requirement_from_need(*, link: NeedRequirement, acting_user: User) -> None:
    log_event(
        project=link.requirement.project,
        actor=acting_user,
        verb=ProjectEvent.Verb.REMOVED,
        obj=link,
        label=f"{link.need.ref} → {link.requirement.ref}",
    )
    link.delete()


# --- room programme -----------------------------------------------------------------------------


def programme_settings(project: Project) -> ProgrammeSettings:
    """The project's programme settings; an unsaved default when none are stored (reads never write)."""
    return ProgrammeSettings.objects.filter(project=project).first() or ProgrammeSettings(project=project)


@transaction.atomic
def set_gross_factor(*, project: Project, gross_factor: Decimal, acting_user: User) -> ProgrammeSettings:
    settings = programme_settings(project)
    settings.gross_factor = gross_factor
    settings.save()  # creates the row the first time
    log_event(project=project, actor=acting_user, verb=ProjectEvent.Verb.UPDATED, obj=settings, label=str(gross_factor))
    return settings


@transaction.atomic
def save_room_type(
    *,
    room: RoomType,
    requirements: Iterable[Requirement],
    acting_user: User,
    expected_version: int | None = None,
    change_reason: str = "",
) -> RoomType:
    created = room.pk is None
    room.save_change(acting_user=acting_user, expected_version=expected_version, reason=change_reason)
    room.requirements.set(list(requirements))
    _log_saved(room, created=created, acting_user=acting_user)
    return room


@transaction.atomic
def delete_room_type(*, room: RoomType, acting_user: User) -> None:
    _delete_versioned(room, acting_user=acting_user)


@transaction.atomic
def set_adjacency(*, room: RoomType, other: RoomType, kind: str, note: str, acting_user: User) -> Adjacency:
    if room.project_id != other.project_id or room.pk == other.pk:
        raise ValueError("an adjacency joins two different room types of one project")
    # One relation per pair, whichever way round it was entered.
    Adjacency.objects.filter(room=other, other=room).delete()
    adjacency, _created = Adjacency.objects.update_or_create(
        room=room, other=other, defaults={"kind": kind, "note": note}
    )
    log_event(
        project=room.project,
        actor=acting_user,
        verb=ProjectEvent.Verb.ADDED,
        obj=adjacency,
        label=f"{room.ref} – {other.ref}",
    )
    return adjacency


@transaction.atomic
def remove_adjacency(*, adjacency: Adjacency, acting_user: User) -> None:
    log_event(
        project=adjacency.room.project,
        actor=acting_user,
        verb=ProjectEvent.Verb.REMOVED,
        obj=adjacency,
        label=f"{adjacency.room.ref} – {adjacency.other.ref}",
    )
    adjacency.delete()


@transaction.atomic
def import_room_programme(*, project: Project, rows: list[Any], acting_user: User) -> tuple[int, int]:
    """Create or update room types from validated import rows (see spreadsheets.parse_programme).

    Rows match existing room types by code; room types missing from the file are kept.
    All or nothing: called only when every row is valid, inside one transaction.
    Returns (created, updated).
    """
    existing = {r.ref: r for r in RoomType.objects.filter(project=project)}
    requirements = {r.ref: r for r in Requirement.objects.filter(project=project)}
    created = updated = 0
    saved: dict[str, RoomType] = {}
    for row in rows:
        room = existing.get(row.ref) or RoomType(project=project, ref=row.ref)
        if room.pk:
            updated += 1
        else:
            created += 1
        room.name, room.function_group, room.zone = row.name, row.function_group, row.zone
        room.count, room.net_area, room.area_term, room.notes = row.count, row.net_area, row.area_term, row.notes
        # The file wins over open forms: no expected version, but the version still grows.
        room.save_change(acting_user=acting_user, reason=_("Imported from a spreadsheet."))
        room.requirements.set([requirements[ref] for ref in row.requirement_refs])
        saved[room.ref] = room
    rooms = {**existing, **saved}
    for row in rows:
        for kind, refs in row.adjacency.items():
            for ref in refs:
                set_adjacency(room=saved[row.ref], other=rooms[ref], kind=kind, note="", acting_user=acting_user)
    log_event(
        project=project,
        actor=acting_user,
        verb=ProjectEvent.Verb.UPDATED,
        obj=RoomType(project=project),
        label=_("Room programme imported: %(created)d new, %(updated)d changed")
        % {"created": created, "updated": updated},
    )
    return created, updated


# --- baselines ----------------------------------------------------------------------------------


@transaction.atomic
def freeze_baseline(*, project: Project, name: str, gate_decision: GateDecision | None, acting_user: User) -> Baseline:
    baseline = Baseline.objects.create(
        project=project,
        name=name,
        gate_decision=gate_decision,
        snapshot=take_snapshot(project),
        created_by=acting_user,
    )
    log_event(project=project, actor=acting_user, verb=ProjectEvent.Verb.CREATED, obj=baseline)
    return baseline


# --- the organization's library -----------------------------------------------------------------

NEED_COPY_FIELDS = ("statement", "description", "priority", "horizon", "strategy")
REQUIREMENT_COPY_FIELDS = ("text", "category", "metric", "operator", "target_value", "unit", "verification_method")
ROOM_COPY_FIELDS = ("ref", "name", "function_group", "zone", "count", "net_area", "area_term", "notes")


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


@transaction.atomic
def add_to_library(*, obj: Need | Requirement | RoomType, organization: Organization, acting_user: User) -> LibraryItem:
    """Copy a need, requirement or room type into the organization's library."""
    fields: tuple[str, ...]
    if isinstance(obj, Need):
        kind, fields, title = LibraryItem.Kind.NEED, NEED_COPY_FIELDS, obj.statement
    elif isinstance(obj, Requirement):
        kind, fields, title = LibraryItem.Kind.REQUIREMENT, REQUIREMENT_COPY_FIELDS, obj.text[:300]
    else:
        kind, fields, title = LibraryItem.Kind.ROOM_TYPE, ROOM_COPY_FIELDS, f"{obj.ref} {obj.name}"
    item = LibraryItem.objects.create(
        organization=organization,
        kind=kind,
        title=title,
        data={f: _plain(getattr(obj, f)) for f in fields},
        created_by=acting_user,
    )
    return item


@transaction.atomic
def copy_library_item(*, item: LibraryItem, project: Project, acting_user: User) -> Need | Requirement | RoomType:
    """Create an independent copy of a library item in `project`."""
    data = dict(item.data)
    copied: Need | Requirement | RoomType
    if item.kind == LibraryItem.Kind.NEED:
        copied = save_need(
            need=Need(project=project, **{f: data[f] for f in NEED_COPY_FIELDS if f in data}),
            beneficiaries=[],
            acting_user=acting_user,
            change_reason=_("Copied from the library."),
        )
    elif item.kind == LibraryItem.Kind.REQUIREMENT:
        fields = {f: data[f] for f in REQUIREMENT_COPY_FIELDS if f in data}
        if fields.get("target_value") is not None:
            fields["target_value"] = Decimal(fields["target_value"])
        copied = save_requirement(
            requirement=Requirement(project=project, **fields),
            acting_user=acting_user,
            change_reason=_("Copied from the library."),
        )
    else:
        fields = {f: data[f] for f in ROOM_COPY_FIELDS if f in data}
        fields["net_area"] = Decimal(fields.get("net_area") or 0)
        base, n = fields.pop("ref", "ROM"), 1
        taken = set(RoomType.objects.filter(project=project).values_list("ref", flat=True))
        ref = base
        while ref in taken:
            n += 1
            ref = f"{base}-{n}"
        copied = save_room_type(
            room=RoomType(project=project, ref=ref, **fields),
            requirements=[],
            acting_user=acting_user,
            change_reason=_("Copied from the library."),
        )
    return copied
