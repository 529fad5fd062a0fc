"""Check that the files in MEDIA_ROOT match the database (run after a restore, and e.g. weekly)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from mulighetsrom.reports import integrity


class Command(BaseCommand):
    help = (
        "Verify that every file the database refers to exists under MEDIA_ROOT with a sane size, "
        "and list files that no row refers to (orphans). Exits with status 1 on any problem."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--delete-orphans", action="store_true", help="Delete the orphan files found.")
        parser.add_argument(
            "--min-age-minutes",
            type=float,
            default=60.0,
            help="Files changed more recently than this are not called orphans (an upload may be in progress).",
        )
        parser.add_argument(
            "--ignore", action="append", default=[], metavar="PREFIX",
            help="Leave paths under MEDIA_ROOT that start with PREFIX out of the orphan search (repeatable).",
        )  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        media_root = Path(settings.MEDIA_ROOT)
        report = integrity.check(
            media_root, min_orphan_age=options["min_age_minutes"] * 60, ignore=tuple(options["ignore"])
        )
        self.stdout.write(f"MEDIA_ROOT: {media_root}")
        self.stdout.write(f"Checked {report.checked} file references in {len(report.fields)} fields.")
        for problem in report.problems:
            self.stdout.write(str(problem))
        for name in report.recent:
            self.stdout.write(f"{'RECENT':<14} {name} - not referenced, but too new to call an orphan")
        deleted = integrity.delete_orphans(media_root, report) if options["delete_orphans"] else []
        for name in deleted:
            self.stdout.write(f"{'DELETED':<14} {name}")
        kinds = [
            integrity.MISSING,
            integrity.EMPTY,
            integrity.SIZE_MISMATCH,
            integrity.NOT_A_FILE,
            integrity.UNSAFE_NAME,
        ]
        summary = ", ".join(f"{report.count(kind)} {kind}" for kind in kinds)
        orphans = len(report.orphans) - len(deleted)
        self.stdout.write(f"Summary: {summary}, {orphans} orphan files, {len(deleted)} orphans deleted.")
        if len(report.problems) - len(deleted):
            raise CommandError(
                f"{len(report.problems) - len(deleted)} problems found; see the list above.", returncode=1
            )
        self.stdout.write(self.style.SUCCESS("OK: the files match the database."))
