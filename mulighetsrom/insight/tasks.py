"""Background tasks (django-tasks). Arguments are ids only; bodies hand off to actions."""

from __future__ import annotations

from django_tasks import task


@task()
def suggest_themes(run_id: int) -> None:
    from mulighetsrom.insight.actions import compute_theme_suggestions

    compute_theme_suggestions(run_id=run_id)


@task()
def import_observations(job_id: int) -> None:
    from mulighetsrom.insight.importing import run_import

    run_import(job_id=job_id)
