"""RACI diagnostics: pure functions over loaded rows (no ORM)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field


@dataclass(frozen=True)
class TaskRow:
    id: int
    name: str
    phase_number: int


@dataclass(frozen=True)
class Cell:
    task_id: int
    letter: str
    member_id: int | None = None  # Membership id
    unit_id: int | None = None


@dataclass(frozen=True)
class MemberRow:
    id: int
    name: str
    unit_id: int | None
    has_left: bool


@dataclass(frozen=True)
class Diagnostic:
    kind: str  # no_a, many_a, no_r, overload, unit_not_consulted, a_left
    task_id: int | None = None
    task_name: str = ""
    who: str = ""
    phase_number: int | None = None
    count: int = 0


@dataclass
class RaciReport:
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.kind == kind]


def diagnose(
    tasks: list[TaskRow],
    cells: list[Cell],
    members: list[MemberRow],
    units: dict[int, str],
    *,
    max_r: int,
) -> RaciReport:
    """Find tasks with no or several A, no R, overloaded people, units never consulted, A who left.

    A unit counts as consulted when it, or any member from it, has a C (or R/A: they are involved
    beyond consultation) on some task. Units with no members on the team and no cells are ignored
    unless they appear as columns (`units` is the set of unit columns shown).
    """
    by_task: dict[int, list[Cell]] = defaultdict(list)
    for cell in cells:
        by_task[cell.task_id].append(cell)
    member_by_id = {m.id: m for m in members}
    report = RaciReport()
    r_load: Counter[tuple[int, int]] = Counter()
    involved_units: set[int] = set()
    for task in tasks:
        task_cells = by_task.get(task.id, [])
        a_cells = [c for c in task_cells if c.letter == "A"]
        if not a_cells:
            report.diagnostics.append(Diagnostic("no_a", task.id, task.name, phase_number=task.phase_number))
        elif len(a_cells) > 1:
            report.diagnostics.append(
                Diagnostic("many_a", task.id, task.name, phase_number=task.phase_number, count=len(a_cells))
            )
        if not any(c.letter == "R" for c in task_cells):
            report.diagnostics.append(Diagnostic("no_r", task.id, task.name, phase_number=task.phase_number))
        for cell in task_cells:
            member = member_by_id.get(cell.member_id) if cell.member_id is not None else None
            if cell.letter == "A" and member is not None and member.has_left:
                report.diagnostics.append(
                    Diagnostic("a_left", task.id, task.name, who=member.name, phase_number=task.phase_number)
                )
            if cell.letter == "R" and member is not None:
                r_load[(member.id, task.phase_number)] += 1
            if cell.letter in ("C", "R", "A"):
                unit_id = cell.unit_id if cell.unit_id is not None else (member.unit_id if member else None)
                if unit_id is not None:
                    involved_units.add(unit_id)
    for (member_id, phase_number), n in sorted(r_load.items(), key=lambda kv: (kv[0][1], -kv[1])):
        if n > max_r:
            report.diagnostics.append(
                Diagnostic("overload", who=member_by_id[member_id].name, phase_number=phase_number, count=n)
            )
    if tasks:
        for unit_id, name in sorted(units.items(), key=lambda kv: kv[1]):
            if unit_id not in involved_units:
                report.diagnostics.append(Diagnostic("unit_not_consulted", who=name))
    return report
