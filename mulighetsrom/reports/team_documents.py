"""The RACI matrix (all phases, with the diagnostics) and the team canvas for the wall (A3).

Neither holds observation text, so both are made for viewers (see actions.audience_for).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from mulighetsrom.collaboration.board import build_raci
from mulighetsrom.collaboration.models import CanvasSection, RaciLetter
from mulighetsrom.collaboration.raci import Diagnostic
from mulighetsrom.projects.access import ProjectAccess
from mulighetsrom.reports.blocks import Heading, Panels, Paragraph, Report, Table
from mulighetsrom.reports.common import Progress, no_progress, project_meta


def diagnostic_text(d: Diagnostic) -> str:
    """The same sentences as the RACI page (collaboration/_raci_diagnostics.html)."""
    if d.kind == "no_a":
        return _("“%(task)s” has no one accountable (A).") % {"task": d.task_name}
    if d.kind == "many_a":
        return _("“%(task)s” has %(n)s accountable (A); it should have one.") % {"task": d.task_name, "n": d.count}
    if d.kind == "no_r":
        return _("“%(task)s” has no one responsible (R).") % {"task": d.task_name}
    if d.kind == "overload":
        return _("%(who)s is responsible (R) for %(n)s tasks in step %(phase)s.") % {
            "who": d.who, "n": d.count, "phase": d.phase_number,
        }  # fmt: skip
    if d.kind == "unit_not_consulted":
        return _("%(who)s is not consulted on any task.") % {"who": d.who}
    if d.kind == "a_left":
        return _("The accountable person for “%(task)s”, %(who)s, has left the team.") % {
            "task": d.task_name, "who": d.who,
        }  # fmt: skip
    return d.kind


def build_raci_document(access: ProjectAccess, progress: Progress = no_progress) -> Report:
    project = access.project
    report = Report(
        title=_("Roles and responsibilities (RACI)"), subtitle=project.name, meta=project_meta(project),
        stylesheet="pdf-raci.css",
    )  # fmt: skip
    matrix = build_raci(project)
    progress(30)
    report.add(Paragraph(" ".join(f"{letter}: {label}." for letter, label in RaciLetter.choices)))
    report.add(Heading(_("Diagnostics")))
    if matrix.summary:
        report.add(
            Table(
                headers=[_("Phase"), _("Tasks"), _("No A"), _("Several A"), _("No R"), _("A has left"),
                         _("Overloaded R")],
                rows=[
                    [str(line.phase), *(str(n) for n in (line.task_count, line.no_a, line.many_a, line.no_r,
                                                          line.a_left, line.overload))]
                    for line in matrix.summary
                ],
                caption=_("Findings per phase"),
                numeric=frozenset(range(1, 7)),
                widths=(4, 1, 1, 1, 1, 1, 1),
            )
        )  # fmt: skip
    if matrix.report.diagnostics:
        for d in matrix.report.diagnostics:
            report.add(Paragraph(diagnostic_text(d)))
    else:
        report.add(Paragraph(_("No problems found in the roles and responsibilities.")))
    report.add(Heading(_("Matrix")))
    left = _("left")
    headers = [_("Task or decision")]
    headers += [m.person.name + (f" ({left})" if m.left_at else "") for m in matrix.members]
    headers += [u.name for u in matrix.units]
    widths = (4, *([1] * (len(headers) - 1)))
    for raci_phase in matrix.phases:
        report.add(Heading(str(raci_phase.phase), 2))
        rows = [
            [
                row.task.name,
                *(letter for _m, letter in row.member_letters),
                *(letter for _u, letter in row.unit_letters),
            ]
            for row in raci_phase.rows
        ]
        report.add(Table(headers=headers, rows=rows, widths=widths))
    if not matrix.phases:
        report.add(Paragraph(_("No tasks yet.")))
    return report


def build_canvas_document(access: ProjectAccess, progress: Progress = no_progress) -> Report:
    project = access.project
    report = Report(title=_("Team canvas"), subtitle=project.name, stylesheet="pdf-canvas.css")
    texts = dict(CanvasSection.objects.filter(project=project).values_list("key", "text"))
    progress(30)
    report.add(Panels([(str(label), texts.get(key, "")) for key, label in CanvasSection.Key.choices]))
    return report
