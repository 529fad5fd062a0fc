"""{% comment_thread %}: comments and tasks on a need, requirement, insight, decision or canvas section.

{% raci_cells %}: the cells of one RACI row."""

from __future__ import annotations

from typing import Any, cast

from django import template
from django.db import models
from django.utils.html import escape
from django.utils.safestring import mark_safe

from mulighetsrom.collaboration.actions import assignments_for, comments_for
from mulighetsrom.collaboration.board import RaciRow
from mulighetsrom.collaboration.forms import AssignmentForm, CommentForm
from mulighetsrom.projects.access import ProjectAccess

register = template.Library()


@register.inclusion_tag("collaboration/_comment_thread.html", takes_context=True)
def comment_thread(
    context: template.Context, target: models.Model, kind: str, anchor: str = "comments", level: int = 2
) -> dict[str, object]:
    """The thread on `target`: comments and tasks given on it, with a form for each.

    `anchor` is the id of the section (unique per page when there are several threads, as on the
    canvas); form field ids are derived from it. `level` is the heading level of the section.
    """
    access: ProjectAccess = context["access"]
    can = access.can_contribute
    return {
        "project": access.project,
        "access": access,
        "target": target,
        "kind": kind,
        "anchor": anchor,
        "level": level,
        "comments": comments_for(target),
        "assignments": assignments_for(target),
        "comment_form": CommentForm(auto_id=f"id_{anchor}_%s") if can else None,
        "assignment_form": AssignmentForm(project=access.project, auto_id=f"id_{anchor}_task_%s") if can else None,
        "csrf_token": context.get("csrf_token"),
    }


def _options(letters: list[tuple[str, str]], chosen: str) -> str:
    return "".join(
        f'<option value="{escape(v)}"{" selected" if v == chosen else ""}>{escape(v) if v else "–"}</option>'
        for v, _label in letters
    )


@register.simple_tag(takes_context=True)
def raci_cells(context: template.Context, row: RaciRow, letters: list[tuple[str, str]], can_edit: bool) -> str:
    """The <td>s of one RACI row, built in Python: a template loop per cell and option is too slow
    for a phase of 75 tasks × 40 people. Editors get one select per cell tied to the row's form.

    The escaped column names and option lists are computed once per page (in the render context).
    """
    if not can_edit:
        cells = [letter for _m, letter in row.member_letters] + [letter for _u, letter in row.unit_letters]
        return mark_safe("".join(f"<td>{escape(letter)}</td>" for letter in cells))  # noqa: S308 (each letter escaped)
    if "raci_cells" not in context.render_context:
        context.render_context["raci_cells"] = {}
    cache = cast(dict[str, Any], context.render_context["raci_cells"])
    if not cache:
        cache["options"] = {v: _options(letters, v) for v, _label in letters}
        cache["names"] = {}
    options: dict[str, str] = cache["options"]
    names: dict[tuple[str, int], str] = cache["names"]
    form = f"f-{row.task.code}"
    task = escape(row.task.name)
    parts = []
    for m, letter in row.member_letters:
        name = names.get(("m", m.pk))
        if name is None:
            name = names[("m", m.pk)] = escape(m.person.name) + ('"' + " disabled" if m.left_at else '"')
        parts.append(
            f'<td><select form="{form}" name="m-{m.pk}" class="ds-input raci-select" '
            f'aria-label="{task}: {name}>{options.get(letter, options[""])}</select></td>'
        )
    for u, letter in row.unit_letters:
        name = names.get(("u", u.pk))
        if name is None:
            name = names[("u", u.pk)] = escape(u.name) + '"'
        parts.append(
            f'<td><select form="{form}" name="u-{u.pk}" class="ds-input raci-select" '
            f'aria-label="{task}: {name}>{options.get(letter, options[""])}</select></td>'
        )
    return mark_safe("".join(parts))  # noqa: S308 (names, task and options escaped above; the rest is our markup)
