"""{% comment_thread %}: the comments on a need, requirement, insight or decision, with the form."""

from __future__ import annotations

from django import template
from django.db import models

from mulighetsrom.collaboration.actions import comments_for
from mulighetsrom.collaboration.forms import CommentForm
from mulighetsrom.projects.access import ProjectAccess

register = template.Library()


@register.inclusion_tag("collaboration/_comment_thread.html", takes_context=True)
def comment_thread(context: template.Context, target: models.Model, kind: str) -> dict[str, object]:
    access: ProjectAccess = context["access"]
    return {
        "project": access.project,
        "access": access,
        "target": target,
        "kind": kind,
        "comments": comments_for(target),
        "comment_form": CommentForm() if access.can_contribute else None,
        "csrf_token": context.get("csrf_token"),
    }
