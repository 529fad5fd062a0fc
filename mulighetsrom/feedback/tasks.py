"""Background tasks (django-tasks). Arguments are ids only; bodies hand off to actions."""

from __future__ import annotations

from django_tasks import task


@task()
def notify_subscribers(project_id: int) -> None:
    """Mail the confirmed subscribers of a project that new feedback is published."""
    from mulighetsrom.feedback.subscriptions import send_feedback_notices

    send_feedback_notices(project_id=project_id)


@task()
def send_subscription_confirmation(subscriber_id: int) -> None:
    from mulighetsrom.feedback.subscriptions import send_confirmation

    send_confirmation(subscriber_id=subscriber_id)
