"""Background tasks (django-tasks). Arguments are ids only; bodies hand off to actions."""

from __future__ import annotations

from django_tasks import task


@task()
def generate_document(document_id: int) -> None:
    from mulighetsrom.reports.actions import generate_document as generate

    generate(document_id=document_id)
