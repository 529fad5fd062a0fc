"""Documents benchmark: the needs and requirements document as PDF for a large programme.

Builds a fresh database (a SQLite file in a temporary directory, or the empty PostgreSQL
database given with --database-url), migrates it, fills one project with 500 requirements,
200 room types, 150 needs and 1,000 links, then runs the document task body
(`reports.tasks.generate_document`, the code path the worker runs: build, render, store) and
prints the wall time (and the CPU time, which does not depend on how busy the machine is).
Target: under 15 s wall.

    .venv/bin/python benchmarks/documents.py
    .venv/bin/python benchmarks/documents.py --requirements 500 --rooms 200 --format pdf
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 15.0


def fill(n_needs: int, n_requirements: int, n_rooms: int, n_links: int, seed: int = 7) -> tuple[Any, Any]:
    """One organization and project with needs, requirements, links and a room programme."""
    from decimal import Decimal

    from django.db import transaction

    from mulighetsrom.accounts.models import Person, User
    from mulighetsrom.needs.models import FunctionGroup, Need, NeedRequirement, ProgrammeSettings, Requirement, RoomType
    from mulighetsrom.projects import actions
    from mulighetsrom.projects.models import BuildingType, Project

    rnd = random.Random(seed)
    with transaction.atomic():
        user = User.objects.create_user(email="bench@documents.example", password=None)
        org = actions.create_organization(name="Dokvik kommune", kommunenummer="4601", admin_user=user, admin_name="B")
        project = actions.create_project(
            project=Project(
                organization=org, name="Benchmark helsehus", building_type=BuildingType.NURSING_HOME, capacity_target=96
            ),
            acting_person=Person.objects.get(user=user),
            acting_user=user,
        )
        ProgrammeSettings.objects.create(project=project, gross_factor=Decimal("1.45"))
        needs = Need.objects.bulk_create(
            Need(
                project=project,
                ref=f"BEH-{i + 1:03d}",
                statement=f"Behov {i}: beboerne trenger rom for felleskap og ro i hverdagen",
                priority=rnd.choice(list(Need.Priority.values)),
            )
            for i in range(n_needs)
        )
        categories = list(Requirement.Category.values)
        requirements = Requirement.objects.bulk_create(
            Requirement(
                project=project,
                ref=f"KRV-{i + 1:04d}",
                text=f"Krav nummer {i}: rommet skal ha dagslys, god akustikk og plass til snuing med rullestol",
                category=rnd.choice(categories),
                verification_method=rnd.choice([*Requirement.Verification.values, ""]),
            )
            for i in range(n_requirements)
        )
        pairs: set[tuple[int, int]] = set()
        while len(pairs) < n_links:
            pairs.add((rnd.choice(needs).pk, rnd.choice(requirements).pk))
        NeedRequirement.objects.bulk_create(
            NeedRequirement(need_id=a, requirement_id=b, rationale="begrunnelse") for a, b in pairs
        )
        groups = list(FunctionGroup.values)
        RoomType.objects.bulk_create(
            RoomType(
                project=project,
                ref=f"R-{i + 1:03d}",
                name=f"Rom {i}",
                function_group=groups[i % len(groups)],
                count=rnd.randint(1, 12),
                net_area=Decimal(rnd.randint(60, 400)) / 10,
            )
            for i in range(n_rooms)
        )
    return user, project


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--needs", type=int, default=150)
    parser.add_argument("--requirements", type=int, default=500)
    parser.add_argument("--rooms", type=int, default=200)
    parser.add_argument("--links", type=int, default=1000)
    parser.add_argument("--format", choices=["pdf", "docx"], default="pdf")
    parser.add_argument("--database-url", help="an empty database to use instead of a temporary SQLite file")
    args = parser.parse_args(argv)

    tmp = tempfile.mkdtemp(prefix="bench-documents-")
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{Path(tmp) / 'documents.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(Path(tmp) / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mulighetsrom.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from mulighetsrom.reports.models import GeneratedDocument
    from mulighetsrom.reports.render_pdf import pdf_problem
    from mulighetsrom.reports.tasks import generate_document

    if args.format == "pdf" and pdf_problem():
        print(f"PDF is not available: {pdf_problem()}")
        return 2
    call_command("migrate", verbosity=0)
    user, project = fill(args.needs, args.requirements, args.rooms, args.links)
    document = GeneratedDocument.objects.create(
        project=project, kind=GeneratedDocument.Kind.NEEDS, format=args.format, language="nb", requested_by=user
    )
    started, cpu_started = time.perf_counter(), time.process_time()
    generate_document.call(document.pk)  # the task body, as the worker runs it
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    document.refresh_from_db()
    if document.status != GeneratedDocument.Status.DONE:
        print(f"Failed: {document.error}")
        return 1
    size = document.file.size
    verdict = "OK" if elapsed < TARGET_S else "MISSED"
    print(
        f"Needs document ({args.format.upper()}), {args.requirements} requirements × {args.rooms} room types "
        f"× {args.needs} needs × {args.links} links: {elapsed:.1f} s wall ({cpu:.1f} s CPU), {size / 1024:.0f} KiB "
        f"(target < {TARGET_S:.0f} s) – {verdict}"
    )
    return 0 if elapsed < TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
