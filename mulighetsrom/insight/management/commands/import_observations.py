"""Import observations from a CSV or XLSX file, for bulk loads by an administrator.

    manage.py import_observations <project slug> <file> --user kari@example.org [--activity <code>]
        [--column text=Svar --column speaker_group=Gruppe] [--kind answer] [--sensitivity ordinary]

Runs the same steps as the import page (redaction, mapping, dedup on re-import) in the foreground.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mulighetsrom.accounts.models import User
from mulighetsrom.insight import importing
from mulighetsrom.insight.models import Activity, ImportJob, Observation
from mulighetsrom.projects.models import Project


class Command(BaseCommand):
    help = "Import observations from a CSV or XLSX file into a project."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("project", help="The project's slug.")
        parser.add_argument("file", help="A .csv or .xlsx file.")
        parser.add_argument("--user", required=True, help="E-mail of the user recorded as importing.")
        parser.add_argument("--activity", help="Code (UUID) of the source activity.")
        parser.add_argument("--column", action="append", default=[], help="target=Column name, e.g. text=Svar.")
        parser.add_argument("--kind", default=Observation.Kind.ANSWER, choices=Observation.Kind.values)
        parser.add_argument(
            "--legal-basis", default=Observation.LegalBasis.ANONYMOUS, choices=Observation.LegalBasis.values
        )
        parser.add_argument(
            "--sensitivity", default=Observation.Sensitivity.ORDINARY, choices=Observation.Sensitivity.values
        )

    def handle(self, *args: Any, **options: Any) -> None:
        project = Project.objects.filter(slug=options["project"]).first()
        if project is None:
            raise CommandError("No project with that slug.")
        user = User.objects.filter(email=options["user"]).first()
        if user is None:
            raise CommandError("No user with that e-mail.")
        path = Path(options["file"])
        try:
            job = importing.create_import_job(
                project=project, file_name=path.name, data=path.read_bytes(), acting_user=user
            )
        except (OSError, importing.ImportFileError) as error:
            raise CommandError(str(error)) from error
        mapping: dict[str, int | None] = dict(job.mapping)
        for spec in options["column"]:
            target, _, column = spec.partition("=")
            if target not in importing.TARGETS or column not in job.header:
                raise CommandError(f"Cannot map {spec!r}: columns are {', '.join(job.header)}.")
            mapping[target] = job.header.index(column)
        if mapping.get("text") is None:
            raise CommandError(f"Say which column holds the text (--column text=...): {', '.join(job.header)}.")
        activity = None
        if options["activity"]:
            activity = Activity.objects.filter(project=project, code=options["activity"]).first()
            if activity is None:
                raise CommandError("No activity with that code in the project.")
        defaults = {
            "activity": activity.pk if activity else None,
            "kind": options["kind"],
            "speaker_group": None,
            "legal_basis": options["legal_basis"],
            "sensitivity": options["sensitivity"],
        }
        ImportJob.objects.filter(pk=job.pk).update(
            mapping={k: v for k, v in mapping.items() if v is not None},
            defaults=defaults,
            status=ImportJob.Status.QUEUED,
        )
        job = importing.run_import(job_id=job.pk)
        self.stdout.write(
            f"{job.created} created, {job.skipped} already imported, {job.failed} with errors "
            f"({job.redacted} personal identifiers removed)."
        )
