from __future__ import annotations

import io
import tempfile
import zipfile
from io import StringIO
from pathlib import Path
from typing import Any
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from openpyxl import Workbook

from mulighetsrom.insight import importing
from mulighetsrom.insight.models import ImportJob, Observation
from mulighetsrom.insight.tests.base import InsightTestCase

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

CSV_1252 = "Svar;Gruppe;Stikkord\r\nFor lite lys i gangen;Ansatte;lys\r\nRing meg på 912 34 567;Beboere;\r\nTom gruppe;Finnes ikke;\r\n".encode(
    "cp1252"
)


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class ReadTableTestCase(InsightTestCase):
    def test_it_reads_semicolon_csv_in_windows_1252(self) -> None:
        header, rows = importing.read_table(CSV_1252, "svar.csv")
        self.assertEqual(header, ["Svar", "Gruppe", "Stikkord"])
        self.assertEqual(rows[0], ["For lite lys i gangen", "Ansatte", "lys"])

    def test_it_reads_utf8_with_bom_and_commas(self) -> None:
        data = '\ufeffTekst,Gruppe\n"Kaffe, vafler og prat",Pårørende\n'.encode()
        header, rows = importing.read_table(data, "x.csv")
        self.assertEqual(header, ["Tekst", "Gruppe"])
        self.assertEqual(rows, [["Kaffe, vafler og prat", "Pårørende"]])

    def test_it_reads_xlsx(self) -> None:
        header, rows = importing.read_table(xlsx_bytes([["Tekst", "Type"], ["Hei", "sitat"], [None, None]]), "a.xlsx")
        self.assertEqual((header, rows), (["Tekst", "Type"], [["Hei", "sitat"]]))

    def test_it_rejects_other_files_with_a_sentence(self) -> None:
        for data, name in ((b"x", "a.pdf"), (b"not a zip", "a.xlsx"), (b"Tekst\n", "a.csv")):
            with self.assertRaises(importing.ImportFileError):
                importing.read_table(data, name)

    def test_the_row_hash_ignores_case_and_spacing(self) -> None:
        self.assertEqual(
            importing.row_hash("Hei  der", "quote", 1, None), importing.row_hash("hei der ", "quote", 1, None)
        )
        self.assertNotEqual(importing.row_hash("Hei", "quote", 1, None), importing.row_hash("Hei", "quote", 2, None))


@override_settings(TASKS=IMMEDIATE)
class ImportViewsTestCase(InsightTestCase):
    def upload(self, data: bytes = CSV_1252, name: str = "svar.csv") -> ImportJob:
        r = self.client.post(self.url("insight:import"), {"file": SimpleUploadedFile(name, data)})
        job = ImportJob.objects.latest("id")
        self.assertRedirects(r, self.url("insight:import_map", job.code))
        return job

    def mapping(self, **extra: object) -> dict[str, object]:
        data: dict[str, object] = {
            "col_text": "0",
            "col_speaker_group": "1",
            "col_tags": "2",
            "col_kind": "",
            "col_on_behalf_of": "",
            "activity": self.activity.pk,
            "default_kind": "answer",
            "legal_basis": "anonymous",
            "sensitivity": "ordinary",
        }
        data.update(extra)
        return data

    def new(self) -> list[Observation]:
        return list(Observation.objects.filter(import_hash__gt="").order_by("id"))

    def test_upload_redacts_before_storing_and_guesses_the_mapping(self) -> None:
        self.login(self.ingrid)
        job = self.upload()
        self.assertEqual(job.redacted, 1)
        self.assertNotIn("912 34 567", str(job.table))
        self.assertEqual(job.mapping, {"text": 0, "speaker_group": 1, "tags": 2})

    def test_preview_shows_per_row_errors_and_imports_nothing(self) -> None:
        self.login(self.ingrid)
        job = self.upload()
        r = self.client.post(self.url("insight:import_map", job.code), self.mapping(preview="1"))
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r.context["summary"], {"total": 3, "errors": 1, "duplicates": 0, "new": 2})
        self.assertContains(r, "There is no stakeholder group called “Finnes ikke”.")
        self.assertEqual(self.new(), [])

    def test_it_imports_in_the_background_and_skips_rows_on_reimport(self) -> None:
        self.login(self.ingrid)
        job = self.upload()
        with self.captureOnCommitCallbacks(execute=True):
            r = self.client.post(self.url("insight:import_map", job.code), self.mapping(run="1"))
        self.assertRedirects(r, self.url("insight:import_status", job.code))
        job.refresh_from_db()
        self.assertEqual((job.status, job.created, job.skipped, job.failed), ("done", 2, 0, 1))
        self.assertEqual(job.table, [])
        texts = [o.text for o in self.new()]
        self.assertEqual(texts, ["For lite lys i gangen", "Ring meg på [telefonnummer fjernet]"])
        first = self.new()[0]
        self.assertEqual((first.speaker_group, first.activity, first.kind), (self.staff, self.activity, "answer"))
        self.assertEqual([t.name for t in first.tags.all()], ["lys"])
        again = self.upload()
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(self.url("insight:import_map", again.code), self.mapping(run="1"))
        again.refresh_from_db()
        self.assertEqual((again.created, again.skipped), (0, 2))
        self.assertEqual(len(self.new()), 2)
        r = self.client.get(self.url("insight:import_status", again.code), HTTP_HX_REQUEST="true")
        self.assertNotContains(r, "<html")
        self.assertNotContains(r, "every 2s")

    def test_a_failed_import_leaves_nothing_behind(self) -> None:
        self.login(self.ingrid)
        job = self.upload()
        real = importing._add_tags
        calls: list[int] = []

        def fail_on_second_batch(*args: Any) -> None:
            calls.append(1)
            if len(calls) == 2:
                raise RuntimeError("database went away")
            real(*args)

        with (
            mock.patch.object(importing, "BATCH", 1),
            mock.patch.object(importing, "_add_tags", fail_on_second_batch),
            self.assertLogs("mulighetsrom.insight.importing", "ERROR"),
            self.captureOnCommitCallbacks(execute=True),
        ):
            self.client.post(self.url("insight:import_map", job.code), self.mapping(run="1"))
        job.refresh_from_db()
        self.assertEqual((job.status, job.created), ("failed", 0))
        self.assertEqual(self.new(), [])

    def test_it_rejects_bad_files_with_a_message(self) -> None:
        self.login(self.ingrid)
        r = self.client.post(self.url("insight:import"), {"file": SimpleUploadedFile("a.exe", b"MZ")})
        self.assertEqual(r.status_code, 400)
        self.assertContains(r, "Only CSV and Excel", status_code=400)
        self.assertFalse(ImportJob.objects.exists())

    def test_access_rules(self) -> None:
        self.login(self.nora)
        self.assertEqual(self.client.get(self.url("insight:import")).status_code, 403)
        self.login(self.ingrid)
        job = self.upload()
        self.login(self.per)
        self.assertEqual(self.client.get(self.url("insight:import_map", job.code)).status_code, 404)
        self.login(self.kari)
        missing = "00000000-0000-0000-0000-000000000000"
        self.assertEqual(self.client.get(self.url("insight:import_status", missing)).status_code, 404)


class ImportCommandTestCase(InsightTestCase):
    def test_it_imports_a_file(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "svar.xlsx"
            path.write_bytes(xlsx_bytes([["Svar", "Type"], ["Trenger mer plass til rullator", "idé"], ["Mer lys", ""]]))
            out = StringIO()
            call_command(
                "import_observations", self.project.slug, str(path), "--user", self.kari.email,
                "--activity", str(self.activity.code), stdout=out,
            )  # fmt: skip
        self.assertIn("2 created", out.getvalue())
        kinds = dict(Observation.objects.filter(import_hash__gt="").values_list("text", "kind"))
        self.assertEqual(kinds, {"Trenger mer plass til rullator": "idea", "Mer lys": "answer"})


class BadInputTestCase(ImportViewsTestCase):
    """The bad files the issue names: each gets a sentence, and nothing is imported."""

    def test_it_refuses_an_empty_file(self) -> None:
        with self.assertRaisesMessage(importing.ImportFileError, "header row"):
            importing.read_table(b"", "tom.csv")

    def test_it_refuses_a_broken_xlsx(self) -> None:
        broken = xlsx_bytes([["Tekst"], ["Hei"]])[:200]  # a zip cut short
        with self.assertRaises(importing.ImportFileError):
            importing.read_table(broken, "kuttet.xlsx")

    def test_it_refuses_an_xlsx_zip_bomb_before_reading_it(self) -> None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("xl/worksheets/sheet1.xml", "0" * (50 * 1024 * 1024))  # 50 MB of zeros
        data = buffer.getvalue()
        self.assertLess(len(data), 200_000)
        with self.assertRaisesMessage(importing.ImportFileError, "expands to far more data"):
            importing.read_table(data, "bombe.xlsx")

    def test_it_reads_a_csv_with_mixed_encodings_line_by_line(self) -> None:
        data = "Tekst;Gruppe\nFor lite lys på badet;Ansatte\n".encode() + "Mer grønt ute;Pårørende\n".encode("cp1252")
        header, rows = importing.read_table(data, "blandet.csv")
        self.assertEqual(header, ["Tekst", "Gruppe"])
        self.assertEqual(rows, [["For lite lys på badet", "Ansatte"], ["Mer grønt ute", "Pårørende"]])

    def test_it_refuses_a_file_over_the_size_limit(self) -> None:
        from mulighetsrom.insight.import_views import MAX_IMPORT_SIZE

        self.login(self.ingrid)
        big = SimpleUploadedFile("stor.csv", b"Tekst\n" + b"x" * (MAX_IMPORT_SIZE + 1))
        r = self.client.post(self.url("insight:import"), {"file": big})
        self.assertContains(r, "too large", status_code=400)
        self.assertFalse(ImportJob.objects.exists())

    def test_formula_and_markup_text_is_kept_as_text_and_shown_escaped(self) -> None:
        data = b'Tekst\n"=HYPERLINK(""http://x"")"\n<script>alert(1)</script>\n'
        _header, rows = importing.read_table(data, "farlig.csv")
        self.assertEqual(rows, [['=HYPERLINK("http://x")'], ["<script>alert(1)</script>"]])
        self.login(self.ingrid)
        job = self.upload(data=data, name="farlig.csv")
        preview = self.mapping(col_speaker_group="", col_tags="", preview="1")
        r = self.client.post(self.url("insight:import_map", job.code), preview)
        self.assertNotContains(r, "<script>alert(1)</script>", status_code=r.status_code)
        self.assertContains(r, "&lt;script&gt;alert(1)&lt;/script&gt;", status_code=r.status_code)
