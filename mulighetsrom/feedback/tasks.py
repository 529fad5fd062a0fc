"""Background tasks (django-tasks). Arguments are ids only; bodies hand off to actions."""

from __future__ import annotations

from django_tasks import task


@task()
def notify_subscribers(project_id: int) -> None:
    from mulighetsrom.feedback.actions import send_feedback_notices

    send_feedback_notices(project_id=project_id)
