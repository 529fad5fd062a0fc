"""Load a project's RACI matrix and technology decisions from the database for views and the dashboard.

The edge between the ORM and the pure diagnostics in raci.py: a fixed number of queries
whatever the size of the matrix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from mulighetsrom.accounts.models import Unit
from mulighetsrom.collaboration import defaults, raci
from mulighetsrom.collaboration.models import Decision, RaciAssignment, RaciTask
from mulighetsrom.projects.models import Membership, Phase, Project


@dataclass
class RaciRow:
    task: RaciTask
    member_letters: list[tuple[Membership, str]]
    unit_letters: list[tuple[Unit, str]]


@dataclass
class RaciPhase:
    phase: Phase
    rows: list[RaciRow] = field(default_factory=list)


@dataclass
class PhaseSummary:
    """One line of the "all phases" table: how many tasks a phase has and what is wrong with them."""

    phase: Phase
    task_count: int = 0
    no_a: int = 0
    many_a: int = 0
    no_r: int = 0
    a_left: int = 0
    overload: int = 0


@dataclass
class RaciMatrix:
    phases: list[RaciPhase]  # only the phases asked for (see build_raci's `phase_number`)
    members: list[Membership]
    units: list[Unit]
    report: raci.RaciReport  # always over every phase
    task_count: int
    summary: list[PhaseSummary] = field(default_factory=list)  # every phase with tasks


ALL_PHASES = None
NO_ROWS = -1


def build_raci(
    project: Project,
    *,
    max_r: int = defaults.MAX_R_PER_PHASE,
    phase_number: int | None = ALL_PHASES,
    with_summary: bool = True,
) -> RaciMatrix:
    """Columns: active team members, then members who left but still hold a role, then their units.

    The diagnostics and the per-phase summary always cover every task. Rows (one letter per
    column per task, the expensive part to render) are built for the phase with `phase_number`
    only, for every phase when it is ALL_PHASES, and for none when it is NO_ROWS. Three queries
    for NO_ROWS without the summary (the dashboard), five at most otherwise, whatever the size.
    """
    # Every task as a plain tuple for the diagnostics; model instances only for the rows shown.
    task_tuples = list(RaciTask.objects.filter(project=project).values_list("id", "name", "phase_id", "phase__number"))
    row_tasks = RaciTask.objects.filter(project=project).select_related("phase")
    if phase_number == NO_ROWS:
        row_tasks = row_tasks.none()
    elif phase_number is not ALL_PHASES:
        row_tasks = row_tasks.filter(phase__number=phase_number)
    tasks = list(row_tasks)
    phase_by_id = (
        {p.pk: p for p in Phase.objects.filter(organization_id=project.organization_id)} if with_summary else {}
    )
    cells = list(
        RaciAssignment.objects.filter(task__project=project).values_list(
            "task_id", "membership_id", "unit_id", "letter"
        )
    )
    with_cells = {m for _t, m, _u, _l in cells if m is not None}
    members = [
        m
        for m in Membership.objects.filter(project=project).select_related("person__unit").order_by("person__name")
        if m.is_current or m.pk in with_cells
    ]
    units_by_id = {m.person.unit.pk: m.person.unit for m in members if m.person.unit and m.is_current}
    units = sorted(units_by_id.values(), key=lambda u: u.name)
    letters = {(t, ("m", m) if m is not None else ("u", u)): letter for t, m, u, letter in cells}
    report = raci.diagnose(
        [raci.TaskRow(t_id, name, number) for t_id, name, _p, number in task_tuples],
        [raci.Cell(t, letter, m, u) for t, m, u, letter in cells],
        [raci.MemberRow(m.pk, m.person.name, m.person.unit_id, not m.is_current) for m in members],
        {u.pk: u.name for u in units},
        max_r=max_r,
    )
    phases: dict[int, RaciPhase] = {}
    summary: dict[int, PhaseSummary] = {}
    for _t, _name, phase_id, number in task_tuples if with_summary else []:
        summary.setdefault(number, PhaseSummary(phase_by_id[phase_id])).task_count += 1
    for d in report.diagnostics:
        if d.phase_number in summary and d.kind in ("no_a", "many_a", "no_r", "a_left", "overload"):
            line = summary[d.phase_number]
            setattr(line, d.kind, getattr(line, d.kind) + 1)
    for task in tasks:
        row = RaciRow(
            task=task,
            member_letters=[(m, letters.get((task.pk, ("m", m.pk)), "")) for m in members],
            unit_letters=[(u, letters.get((task.pk, ("u", u.pk)), "")) for u in units],
        )
        phases.setdefault(task.phase.pk, RaciPhase(task.phase)).rows.append(row)
    return RaciMatrix(list(phases.values()), members, units, report, len(task_tuples), list(summary.values()))


@dataclass(frozen=True)
class TechnologyWarning:
    decision: Decision
    kind: str  # "overdue", "due", "premature"
    unagreed: tuple[str, ...] = ()


def technology_decisions(project: Project) -> list[Decision]:
    """Technology decisions not superseded, by last responsible moment, each with `unagreed` set.

    Always two queries (the prerequisites are read even when there are no decisions), so the
    dashboard's query count does not depend on the data.
    """
    decisions = list(
        Decision.objects.filter(project=project)
        .exclude(technology_area="")
        .exclude(status=Decision.Status.SUPERSEDED)
        .order_by("last_responsible_moment", "pk")
    )
    unagreed: dict[int, list[str]] = {}
    links = Decision.prerequisites.through.objects.filter(decision__project=project).values_list(
        "decision_id", "requirement__ref", "requirement__status"
    )
    for decision_id, ref, status in links:
        if status not in AGREED:
            unagreed.setdefault(decision_id, []).append(ref)
    for d in decisions:
        d.unagreed = tuple(sorted(unagreed.get(d.pk, [])))  # type: ignore[attr-defined]
    return decisions


AGREED = ("agreed", "verified")


def technology_warnings(decisions: list[Decision], today: date) -> list[TechnologyWarning]:
    """Overdue open decisions, and choices fixed before their prerequisites are agreed.

    `decisions` come from technology_decisions() (they carry `unagreed`).
    """
    warnings = []
    for d in decisions:
        unagreed = getattr(d, "unagreed", ())
        if d.is_past_last_responsible_moment(today):
            warnings.append(TechnologyWarning(d, "overdue", unagreed))
        if d.is_decided and unagreed:
            warnings.append(TechnologyWarning(d, "premature", unagreed))
    return warnings
