"""Work on projects that spans models or has side effects (events in the change feed)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from mulighetsrom.accounts.actions import invite
from mulighetsrom.accounts.models import Organization, Person, Unit, User
from mulighetsrom.projects import defaults
from mulighetsrom.projects.models import (
    ExpectedUnit,
    GateDecision,
    Membership,
    Phase,
    Project,
    ProjectEvent,
    ProjectFunction,
    Role,
)

# Apps to the right of `projects` register here (in AppConfig.ready) to seed a new project,
# e.g. stakeholders adds the typical groups for the building type. Runs inside the same
# transaction as the project's creation. See docs/architecture.md.
PROJECT_SEEDERS: list[Callable[[Project], None]] = []


class GateError(Exception):
    """A gate decision that contradicts the project's state (message is user-facing)."""


def log_event(*, project: Project, actor: User | None, verb: str, obj: Model, label: str | None = None) -> None:
    ProjectEvent.objects.create(
        project=project,
        actor=actor if actor and actor.is_authenticated else None,
        verb=verb,
        object_type=obj._meta.label_lower,
        object_label=(label if label is not None else str(obj))[:200],
    )


@transaction.atomic
def create_organization(*, name: str, kommunenummer: str, admin_user: User, admin_name: str) -> Organization:
    """Create a municipality with the default phase model, units and expected units."""
    organization = Organization.objects.create(name=name, kommunenummer=kommunenummer)
    apply_organization_defaults(organization)
    Person.objects.create(
        organization=organization,
        user=admin_user,
        name=admin_name or admin_user.email,
        email=admin_user.email,
        org_role=Person.OrgRole.ADMIN,
    )
    return organization


def apply_organization_defaults(organization: Organization) -> None:
    Phase.objects.bulk_create(
        Phase(organization=organization, number=number, name=name) for number, name in defaults.NESTE_STEG
    )
    Unit.objects.bulk_create(
        Unit(organization=organization, name=name, kind=kind) for name, kind in defaults.DEFAULT_UNITS
    )
    ExpectedUnit.objects.bulk_create(
        ExpectedUnit(organization=organization, building_type=building_type, unit_kind=kind)
        for building_type, kinds in defaults.EXPECTED_UNITS.items()
        for kind in kinds
    )


@transaction.atomic
def create_organization_for_admin(
    *, name: str, kommunenummer: str, admin_email: str, admin_name: str = "", acting_user: User | None
) -> Organization:
    """Site administrators: create a municipality with defaults and invite its first administrator.

    The invitation e-mail is sent when the transaction commits (accounts.actions.invite).
    """
    organization = Organization.objects.create(name=name, kommunenummer=kommunenummer)
    apply_organization_defaults(organization)
    invite(
        organization=organization,
        email=admin_email,
        name=admin_name,
        org_role=Person.OrgRole.ADMIN,
        invited_by=acting_user,
    )
    return organization


@transaction.atomic
def create_project(*, project: Project, acting_person: Person, acting_user: User) -> Project:
    """Save a new (unsaved) project, make its creator owner, and let other apps seed it."""
    if project.current_phase_id is None:
        project.current_phase = project.organization.phases.order_by("number").first()
    project.save()
    Membership.objects.create(
        project=project, person=acting_person, role=Role.OWNER, function=ProjectFunction.PROJECT_MANAGER
    )
    for seed in PROJECT_SEEDERS:
        seed(project)
    log_event(project=project, actor=acting_user, verb=ProjectEvent.Verb.CREATED, obj=project)
    return project


@transaction.atomic
def update_project(*, project: Project, acting_user: User) -> Project:
    project.save()
    log_event(project=project, actor=acting_user, verb=ProjectEvent.Verb.UPDATED, obj=project)
    return project


def expected_outcome(from_phase: Phase, to_phase: Phase) -> str:
    if to_phase.number > from_phase.number:
        return GateDecision.Outcome.CONTINUE
    if to_phase.number < from_phase.number:
        return GateDecision.Outcome.GO_BACK
    return GateDecision.Outcome.MORE_WORK


@transaction.atomic
def record_gate_decision(
    *,
    project: Project,
    to_phase: Phase,
    outcome: str,
    decided_on: date,
    basis: str,
    decided_by_person: Person | None,
    decided_by_body: str,
    acting_user: User,
    submission_key: uuid.UUID | None = None,
    expected_from_phase: Phase | None = None,
) -> GateDecision:
    """Record a gate decision and move the project to `to_phase`.

    The project row is locked so two people deciding at once cannot both move it.
    `expected_from_phase` is the phase the user saw; if the project has moved since, nothing
    is recorded. A repeated `submission_key` returns the decision already recorded.
    """
    locked = Project.objects.select_for_update().select_related("current_phase").get(pk=project.pk)
    # Checked under the lock: a second copy of the same submit waits here for the first to commit.
    if submission_key is not None:
        existing = GateDecision.objects.filter(submission_key=submission_key, project=project).first()
        if existing is not None:
            project.current_phase = locked.current_phase
            return existing
    from_phase = locked.current_phase
    if expected_from_phase is not None and expected_from_phase.pk != from_phase.pk:
        raise GateError(_("The project has moved to “%(phase)s” since you opened the form.") % {"phase": from_phase})
    if to_phase.organization_id != locked.organization_id:
        raise GateError(_("That phase does not belong to this organization's phase model."))
    if expected_outcome(from_phase, to_phase) != outcome:
        raise GateError(_outcome_mismatch_message(outcome))
    try:
        with transaction.atomic():
            decision = GateDecision.objects.create(
                project=locked,
                from_phase=from_phase,
                to_phase=to_phase,
                outcome=outcome,
                decided_on=decided_on,
                basis=basis,
                decided_by_person=decided_by_person,
                decided_by_body=decided_by_body,
                recorded_by=acting_user,
                submission_key=submission_key,
            )
    except IntegrityError:
        if submission_key is None:
            raise
        return GateDecision.objects.get(submission_key=submission_key)
    locked.current_phase = to_phase
    locked.save(update_fields=["current_phase", "updated_at"])
    project.current_phase = to_phase
    log_event(project=locked, actor=acting_user, verb=ProjectEvent.Verb.DECIDED, obj=decision, label=str(decision))
    return decision


def _outcome_mismatch_message(outcome: str) -> str:
    if outcome == GateDecision.Outcome.CONTINUE:
        return _("To continue, choose a later phase than the current one.")
    if outcome == GateDecision.Outcome.GO_BACK:
        return _("To go back, choose an earlier phase than the current one.")
    return _("“More work needed” keeps the project in its current phase: choose the current phase.")


@transaction.atomic
def add_member(*, project: Project, person: Person, role: str, function: str, acting_user: User) -> Membership:
    membership = Membership.objects.create(project=project, person=person, role=role, function=function)
    log_event(project=project, actor=acting_user, verb=ProjectEvent.Verb.ADDED, obj=membership, label=person.name)
    return membership


@transaction.atomic
def change_member(*, membership: Membership, acting_user: User) -> Membership:
    membership.save()
    log_event(
        project=membership.project,
        actor=acting_user,
        verb=ProjectEvent.Verb.UPDATED,
        obj=membership,
        label=membership.person.name,
    )
    return membership


@transaction.atomic
def remove_member(*, membership: Membership, acting_user: User) -> None:
    """Take a person off the team, keeping the record (RACI and decisions refer to it)."""
    membership.left_at = timezone.now()
    membership.save(update_fields=["left_at"])
    log_event(
        project=membership.project,
        actor=acting_user,
        verb=ProjectEvent.Verb.REMOVED,
        obj=membership,
        label=membership.person.name,
    )


def is_last_owner(membership: Membership) -> bool:
    if membership.role != Role.OWNER:
        return False
    # An owner whose person record is deactivated cannot log in to manage the team.
    owners = Membership.objects.current().filter(
        project_id=membership.project_id, role=Role.OWNER, person__is_active=True
    )
    return not owners.exclude(pk=membership.pk).exists()


@transaction.atomic
def save_phase_model(*, organization: Organization, formset: Any) -> None:
    """Save renamed, renumbered and new phases.

    Step numbers are unique per organization, so renumbering (swapping 2 and 3) first moves
    every changed phase out of the way, then writes the final numbers.
    """
    phases = formset.save(commit=False)
    for phase in phases:
        phase.organization = organization
    changed = [p for p in phases if p.pk]
    offset = 1000
    for phase in changed:
        Phase.objects.filter(pk=phase.pk).update(number=phase.number + offset)
    for phase in phases:
        phase.save()
