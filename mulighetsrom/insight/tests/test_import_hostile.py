"""Hostile and broken files through the observation import: the upload page, the preview and the command.

Each file gets a sentence (400 on the page, exit status 1 from the command), quickly, and nothing is
stored: no import job, no observations.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections
from django.test import override_settings
from django.utils import translation

from mulighetsrom.insight import importing
from mulighetsrom.insight.management.commands.import_observations import Command
from mulighetsrom.insight.models import ImportJob, Observation
from mulighetsrom.insight.tests.base import InsightTestCase
from mulighetsrom.lib.tests import hostile_files as hostile
from mulighetsrom.lib.tests.test_tabular import GUARD_SECONDS, xlsx_bytes

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

MERGED_CSV = b'Svar;Gruppe\nEn;Ansatte\n"To;Ansatte\nTre;Beboere\nFire;Beboere\n'


@override_settings(TASKS=IMMEDIATE)
class HostileUploadTestCase(InsightTestCase):
    def setUp(self) -> None:
        self.login(self.ingrid)
        self.observations = Observation.objects.count()

    @contextlib.contextmanager
    def quickly(self) -> Iterator[None]:
        started = time.perf_counter()
        yield
        self.assertLess(time.perf_counter() - started, GUARD_SECONDS)

    def refused(self, data: bytes, name: str, message: str) -> None:
        with self.quickly():
            r = self.client.post(self.url("insight:import"), {"file": SimpleUploadedFile(name, data)})
        self.assertContains(r, message, status_code=400)
        self.assertFalse(ImportJob.objects.exists())
        self.assertEqual(Observation.objects.count(), self.observations)

    def upload(self, data: bytes, name: str) -> ImportJob:
        r = self.client.post(self.url("insight:import"), {"file": SimpleUploadedFile(name, data)})
        job = ImportJob.objects.latest("id")
        self.assertRedirects(r, self.url("insight:import_map", job.code))
        return job

    def preview(self, job: ImportJob, **extra: object):
        data = {"col_text": "0", "default_kind": "answer", "legal_basis": "anonymous", "sensitivity": "ordinary"}
        data.update({k: str(v) for k, v in extra.items()})
        return self.client.post(self.url("insight:import_map", job.code), data)

    def test_a_2_kb_xlsx_declaring_a_million_rows_is_refused_in_well_under_the_timeout(self) -> None:
        self.refused(hostile.huge_dimension_last_cell(), "svar.xlsx", "a value in column 16384 (row 1048576)")

    def test_a_sheet_with_one_row_far_down_reads_only_that_row(self) -> None:
        data = hostile.huge_dimension_last_row(["Svar"], ["Ring meg på 912 34 567"])
        with self.quickly():
            job = self.upload(data, "svar.xlsx")
        self.assertEqual(
            (job.header, job.table, job.redacted), (["Svar"], [["Ring meg på [telefonnummer fjernet]"]], 1)
        )

    def test_a_zip_bomb_is_refused(self) -> None:
        self.refused(hostile.zip_bomb(), "bombe.xlsx", "expands to far more data than a spreadsheet")

    def test_xml_entities_are_refused(self) -> None:
        data = hostile.workbook(
            hostile.sheet_xml({1: ['<c r="A1" t="s"><v>0</v></c>']}), shared_strings=hostile.BILLION_LAUGHS
        )
        self.refused(data, "svar.xlsx", "XML declarations that are not allowed")

    def test_a_file_that_is_not_a_zip_a_truncated_zip_and_a_csv_named_xlsx_are_refused(self) -> None:
        self.refused(hostile.not_a_zip(), "svar.xlsx", "not a valid Excel (.xlsx) file")
        self.refused(hostile.truncated(xlsx_bytes([["Svar"], ["Hei"]])), "svar.xlsx", "damaged or incomplete")
        self.refused(b"Svar;Gruppe\nHei;Ansatte\n", "svar.xlsx", "holds plain text (probably CSV)")

    def test_a_nul_byte_is_refused_with_its_line(self) -> None:
        self.refused(b"Svar\nEn\nTo\x00tre\n", "svar.csv", "Line 3 contains a NUL character")

    def test_a_cell_over_the_csv_field_limit_is_refused_with_its_line(self) -> None:
        data = b"Svar\nKort\n" + b"x" * (csv.field_size_limit() + 1) + b"\n"
        self.refused(data, "svar.csv", "A cell on line 3 is longer than")

    def test_utf16_csv_is_read_and_redacted(self) -> None:
        text = "Svar;Gruppe\r\nRing meg på 912 34 567;Pårørende\r\n"
        for data in (codecs.BOM_UTF16_LE + text.encode("utf-16-le"), text.encode("utf-16-le")):
            job = self.upload(data, "svar.csv")
            self.assertEqual(job.header, ["Svar", "Gruppe"])
            self.assertEqual(job.table, [["Ring meg på [telefonnummer fjernet]", "Pårørende"]])

    def test_merged_rows_are_shown_as_a_warning_with_the_row_in_the_preview(self) -> None:
        job = self.upload(MERGED_CSV, "svar.csv")
        self.assertEqual(job.total, 2)
        message = "Row 3 takes up lines 3–5 of the file"
        self.assertContains(self.client.get(self.url("insight:import_map", job.code)), message)
        r = self.preview(job, preview=1)
        self.assertContains(r, message)
        self.assertEqual(r.context["summary"]["total"], 2)
        self.assertEqual(
            [(p.number, p.number in r.context["warned_rows"]) for p in r.context["preview"]], [(2, False), (3, True)]
        )
        self.assertContains(r, "Check this row", count=1)

    def test_the_warning_is_kept_when_the_import_runs(self) -> None:
        job = self.upload(MERGED_CSV, "svar.csv")
        with self.captureOnCommitCallbacks(execute=True):
            self.preview(job, run=1)
        job.refresh_from_db()
        self.assertEqual((job.status, job.created), ("done", 2))
        self.assertEqual([n.row for n in importing.job_notices(job)], [3])

    def test_control_characters_do_not_break_the_xlsx_export_later(self) -> None:
        job = self.upload(b"Svar\nLinje\x0bskift fra Word\x01\n", "svar.csv")
        with self.captureOnCommitCallbacks(execute=True):
            self.preview(job, run=1)
        self.login(self.kari)
        self.assertEqual(self.client.get(self.url("insight:export")).status_code, 200)
        self.assertTrue(Observation.objects.filter(text="Linje skift fra Word").exists())

    def test_control_characters_in_the_file_name_are_dropped(self) -> None:
        job = importing.create_import_job(
            project=self.project, file_name="svar\x00\x1b.csv", data=b"Svar\nHei\n", acting_user=self.ingrid
        )
        self.assertEqual(job.file_name, "svar.csv")

    def test_windows_1252_lines_are_read_with_a_notice(self) -> None:
        data = "Svar\nFor lite lys på badet\n".encode() + "Mer grønt ute\n".encode("cp1252")
        job = self.upload(data, "svar.csv")
        self.assertEqual(job.table, [["For lite lys på badet"], ["Mer grønt ute"]])
        self.assertContains(
            self.client.get(self.url("insight:import_map", job.code)),
            "These lines were not valid UTF-8 and were read as Windows-1252: 3.",
        )


class HostileCommandTestCase(InsightTestCase):
    def setUp(self) -> None:
        translation.activate("en")  # the messages in English, whatever the catalogue holds
        self.addCleanup(translation.deactivate)

    def write(self, folder: str, name: str, data: bytes) -> str:
        path = Path(folder) / name
        path.write_bytes(data)
        return str(path)

    def command(self, path: str, *extra: str) -> None:
        call_command(
            "import_observations", self.project.slug, path, "--user", self.kari.email, *extra,
            stdout=io.StringIO(), stderr=io.StringIO(),
        )  # fmt: skip

    def test_it_has_the_upload_pages_size_limit(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = self.write(tmp, "svar.csv", b"Svar\n" + b"x" * importing.LIMITS.max_bytes)
            with self.assertRaisesMessage(CommandError, f"at most {importing.LIMITS.max_bytes} can be imported"):
                self.command(path)
            small = self.write(tmp, "liten.csv", b"Svar\nFor lite lys i gangen\n")
            with self.assertRaisesMessage(CommandError, "at most 10 can be imported (see --max-bytes)"):
                self.command(small, "--max-bytes", "10")
        self.assertFalse(ImportJob.objects.exists())

    def test_a_hostile_xlsx_ends_quickly_with_a_message(self) -> None:
        count = Observation.objects.count()
        with tempfile.TemporaryDirectory() as tmp:
            path = self.write(tmp, "svar.xlsx", hostile.huge_dimension_last_cell())
            started = time.perf_counter()
            with self.assertRaisesMessage(CommandError, "at most 200 columns can be read"):
                self.command(path)
            self.assertLess(time.perf_counter() - started, GUARD_SECONDS)
        self.assertEqual(Observation.objects.count(), count)
        self.assertFalse(ImportJob.objects.exists())

    def run_from_argv(self, *args: str) -> tuple[int | str | None, str]:
        """Run the command as manage.py does: exit status and stderr."""
        stderr = io.StringIO()
        # run_from_argv closes the database connections when it ends; in a test that would close
        # the connection holding the test's transaction (PostgreSQL), so that one call is stubbed.
        with mock.patch.object(connections, "close_all"), self.assertRaises(SystemExit) as exit:
            Command(stderr=stderr).run_from_argv(["manage.py", "import_observations", *args])
        return exit.exception.code, stderr.getvalue()

    def test_errors_print_a_sentence_and_exit_1_without_a_traceback(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = self.write(tmp, "svar.csv", b"Svar\nEn\nTo\x00tre\n")
            nul = self.run_from_argv(self.project.slug, path, "--user", self.kari.email)
            missing = self.run_from_argv(self.project.slug, f"{tmp}/finnes-ikke.csv", "--user", self.kari.email)
        self.assertEqual(nul[0], 1)
        self.assertIn("CommandError: Line 3 contains a NUL character", nul[1])
        self.assertEqual(missing[0], 1)
        self.assertIn("CommandError: Cannot read", missing[1])
        self.assertNotIn("Traceback", nul[1] + missing[1])

    def test_it_prints_the_files_notices(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = self.write(tmp, "svar.csv", MERGED_CSV)
            stderr, stdout = io.StringIO(), io.StringIO()
            call_command(
                "import_observations", self.project.slug, path, "--user", self.kari.email, "--column", "text=Svar",
                stdout=stdout, stderr=stderr,
            )  # fmt: skip
        self.assertIn("Warning: Row 3 takes up lines 3–5 of the file", stderr.getvalue())
        self.assertIn("2 created", stdout.getvalue())
