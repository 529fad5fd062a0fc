"""Collaboration benchmark: RACI diagnostics and the decision log at 300 tasks × 40 people and 1,000 decisions.

Builds a fresh SQLite database (or uses --database-url), fills two projects (a small one and the
full size), and for each page prints the query count at both sizes (they must be equal) and the
p95 server time at the full size (target < 200 ms).

    .venv/bin/python benchmarks/collaboration.py [--requests 20]
"""

from __future__ import annotations

import argparse
import math
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 200.0
SIZES = {"small": (30, 8, 100), "large": (300, 40, 1000)}  # tasks, people, decisions


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def fill(name: str, n_tasks: int, n_people: int, n_decisions: int, user, org):  # type: ignore[no-untyped-def]
    from django.db import transaction

    from mulighetsrom.accounts.models import Person, Unit
    from mulighetsrom.collaboration.models import Decision, RaciAssignment, RaciTask
    from mulighetsrom.projects import actions
    from mulighetsrom.projects.models import BuildingType, Membership, Phase, Project

    rnd = random.Random(7)
    with transaction.atomic():
        project = actions.create_project(
            project=Project(organization=org, name=name, building_type=BuildingType.NURSING_HOME),
            acting_person=Person.objects.get(user=user, organization=org),
            acting_user=user,
        )
        units = list(Unit.objects.filter(organization=org))
        phases = list(Phase.objects.filter(organization=org))
        people = Person.objects.bulk_create(
            Person(organization=org, name=f"{name} person {i}", unit=units[i % len(units)]) for i in range(n_people)
        )
        members = Membership.objects.bulk_create(Membership(project=project, person=p) for p in people)
        tasks = RaciTask.objects.bulk_create(
            RaciTask(project=project, phase=phases[i % 4], name=f"Oppgave {i}", position=i) for i in range(n_tasks)
        )
        RaciAssignment.objects.bulk_create(
            RaciAssignment(task=t, membership=m, letter=rnd.choice("RACI"))
            for t in tasks
            for m in rnd.sample(members, min(6, len(members)))
        )
        Decision.objects.bulk_create(
            Decision(project=project, title=f"Beslutning {i}", phase=phases[i % 4], rationale="Fordi.",
                     technology_area="it" if i % 20 == 0 else "", status="open" if i % 20 == 0 else "decided")
            for i in range(n_decisions)
        )  # fmt: skip
    return project


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--database-url", help="an empty database to use instead of a temporary SQLite file")
    args = parser.parse_args(argv)
    tmp = tempfile.mkdtemp(prefix="bench-collab-")
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{Path(tmp) / 'collab.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mulighetsrom.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from mulighetsrom.accounts.models import User
    from mulighetsrom.collaboration.board import build_raci
    from mulighetsrom.projects import actions

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    user = User.objects.create_user(email="bench@collab.example", password=None)
    org = actions.create_organization(name="Samvik kommune", kommunenummer="4601", admin_user=user, admin_name="B")
    projects = {size: fill(size, *dims, user=user, org=org) for size, dims in SIZES.items()}
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "en"

    pages = {
        "RACI, all rows (build_raci)": None,
        "RACI page (current phase)": "/p/{slug}/raci/",
        "RACI page (all phases summary)": "/p/{slug}/raci/?phase=all",
        "decision log": "/p/{slug}/decisions/",
        "project dashboard": "/p/{slug}/",
    }
    print(f"{'page':<34} {'queries small':>13} {'queries large':>13} {'p95 large (ms)':>15} {'target':>8}")
    ok = True
    for label, url in pages.items():
        counts = {}
        times: list[float] = []
        for size, project in projects.items():

            def call(project=project, url=url) -> None:  # type: ignore[no-untyped-def]
                if url is None:
                    build_raci(project)
                else:
                    response = client.get(url.format(slug=project.slug))
                    assert response.status_code == 200, (url, response.status_code)

            call()
            with CaptureQueriesContext(connection) as ctx:
                call()
            counts[size] = len(ctx)
            if size == "large":
                for _ in range(args.requests):
                    start = time.perf_counter()
                    call()
                    times.append((time.perf_counter() - start) * 1000)
        p95 = percentile(times, 0.95)
        good = counts["small"] == counts["large"] and p95 < TARGET_MS
        ok = ok and good
        print(f"{label:<34} {counts['small']:>13} {counts['large']:>13} {p95:>15.1f} {'ok' if good else 'MISS':>8}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
