"""Background tasks. Each body is a call to an action; pass ids, not instances."""

from __future__ import annotations

from django_tasks import task


@task()
def fetch_population(job_id: int) -> str:
    from mulighetsrom.forecast.actions import run_fetch_job

    return run_fetch_job(job_id).status
