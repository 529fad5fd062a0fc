"""Import observations from a CSV or XLSX file, for bulk loads by an administrator.

    manage.py import_observations <project slug> <file> --user kari@example.org [--activity <code>]
        [--column text=Svar --column speaker_group=Gruppe] [--kind answer] [--sensitivity ordinary]
        [--max-bytes 5242880]

Runs the same steps as the import page (the same limits, redaction, mapping, dedup on re-import) in
the foreground. A file that cannot be read, or an import that fails, ends with a message on stderr
and exit status 1, and leaves no observations behind.
"""

from __future__ import annotations

import dataclasses
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
        parser.add_argument(
            "--max-bytes",
            type=int,
            default=importing.LIMITS.max_bytes,
            help=f"Refuse larger files (default {importing.LIMITS.max_bytes}, as on the import page).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        project = Project.objects.filter(slug=options["project"]).first()
        if project is None:
            raise CommandError("No project with that slug.")
        user = User.objects.filter(email=options["user"]).first()
        if user is None:
            raise CommandError("No user with that e-mail.")
        path = Path(options["file"])
        limits = dataclasses.replace(importing.LIMITS, max_bytes=options["max_bytes"])
        try:
            if path.stat().st_size > limits.max_bytes:  # before reading it into memory
                raise CommandError(
                    f"The file is {path.stat().st_size} bytes; at most {limits.max_bytes} can be imported "
                    "(see --max-bytes)."
                )
            job = importing.create_import_job(
                project=project, file_name=path.name, data=path.read_bytes(), acting_user=user, limits=limits
            )
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror or error}.") from None
        except importing.ImportFileError as error:
            raise CommandError(str(error)) from None
        for notice in importing.job_notices(job):
            self.stderr.write(f"Warning: {notice.message}")
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
            defaults=importing.keep_notices(job, defaults),
            status=ImportJob.Status.QUEUED,
        )
        job = importing.run_import(job_id=job.pk)
        if job.status == ImportJob.Status.FAILED:
            raise CommandError("The import failed and nothing was imported; the error is in the log.")
        self.stdout.write(
            f"{job.created} created, {job.skipped} already imported, {job.failed} with errors "
            f"({job.redacted} personal identifiers removed)."
        )
