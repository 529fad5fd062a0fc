from __future__ import annotations

import os
import shutil
import tempfile
import time
from io import StringIO
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError

from mulighetsrom.insight.models import Attachment
from mulighetsrom.insight.tests.base import InsightTestCase
from mulighetsrom.reports.models import GeneratedDocument

PDF = b"%PDF-1.7\nsome content\n"


class CheckIntegrityTestCase(InsightTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.media = Path(tempfile.mkdtemp(prefix="mulighetsrom-test-integrity-"))
        self.addCleanup(shutil.rmtree, self.media, ignore_errors=True)
        media_settings = self.settings(MEDIA_ROOT=str(self.media))
        media_settings.enable()
        self.addCleanup(media_settings.disable)
        self.attachment = Attachment(
            activity=self.activity, original_name="Referat.pdf", content_type="application/pdf", size=len(PDF)
        )
        self.attachment.file.save("Referat.pdf", ContentFile(PDF))
        self.path = self.media / self.attachment.file.name
        # A queued document has no file yet: an empty FileField is not a reference.
        GeneratedDocument.objects.create(project=self.project, kind="insight", format="docx")

    def run_check(self, *args: str) -> str:
        out = StringIO()
        call_command("check_integrity", *args, stdout=out)
        return out.getvalue()

    def run_failing_check(self, *args: str) -> str:
        out = StringIO()
        with self.assertRaises(CommandError) as ctx:
            call_command("check_integrity", *args, stdout=out)
        self.assertEqual(ctx.exception.returncode, 1)
        return out.getvalue()

    def stray(self, name: str, content: bytes = b"left behind", age_seconds: float = 0) -> Path:
        path = self.media / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        if age_seconds:
            past = time.time() - age_seconds
            os.utime(path, (past, past))
        return path

    def test_it_passes_a_clean_state(self) -> None:
        out = self.run_check("--min-age-minutes", "0")
        self.assertRegex(out, r"Checked 1 file references in [2-9] fields\.")
        self.assertIn("0 missing, 0 empty, 0 size mismatch", out)
        self.assertIn("OK: the files match the database.", out)

    def test_it_reports_a_missing_file(self) -> None:
        self.path.unlink()
        out = self.run_failing_check()
        self.assertIn(
            f"MISSING        {self.attachment.file.name} (insight.Attachment #{self.attachment.pk} file)", out
        )
        self.assertIn("1 missing", out)

    def test_it_reports_a_zero_byte_file(self) -> None:
        self.path.write_bytes(b"")
        out = self.run_failing_check()
        self.assertIn(f"EMPTY          {self.attachment.file.name}", out)

    def test_it_reports_a_size_that_differs_from_the_database(self) -> None:
        self.path.write_bytes(PDF[:5])
        out = self.run_failing_check()
        self.assertIn(f"5 bytes on disk, {len(PDF)} in the database", out)

    def test_it_reports_a_directory_where_a_file_should_be(self) -> None:
        self.path.unlink()
        self.path.mkdir()
        self.assertIn("NOT A FILE", self.run_failing_check())

    def test_it_reports_an_unsafe_name_without_reading_it(self) -> None:
        Attachment.objects.filter(pk=self.attachment.pk).update(file="../../etc/passwd")
        out = self.run_failing_check()
        self.assertIn("UNSAFE NAME    ../../etc/passwd", out)

    def test_it_lists_an_orphan_file(self) -> None:
        self.stray("insight/attachments/stray.pdf", age_seconds=7200)
        out = self.run_failing_check()
        self.assertIn("ORPHAN         insight/attachments/stray.pdf - 11 bytes", out)
        self.assertIn("1 orphan files", out)

    def test_it_does_not_call_a_fresh_upload_an_orphan(self) -> None:
        self.stray("insight/attachments/uploading.pdf")
        out = self.run_check()
        self.assertIn("RECENT         insight/attachments/uploading.pdf", out)
        self.assertIn("0 orphan files", out)

    def test_it_deletes_orphans_only_when_asked(self) -> None:
        orphan = self.stray("reports/old.docx", age_seconds=7200)
        ignored = self.stray("exports/keep.json", age_seconds=7200)
        out = self.run_check("--delete-orphans", "--ignore", "exports/")
        self.assertIn("DELETED        reports/old.docx", out)
        self.assertIn("1 orphans deleted", out)
        self.assertFalse(orphan.exists())
        self.assertTrue(ignored.exists())
        self.assertEqual(self.path.read_bytes(), PDF)
        self.run_check("--min-age-minutes", "0", "--ignore", "exports/")

    def test_deleting_orphans_does_not_hide_missing_files(self) -> None:
        self.stray("reports/old.docx", age_seconds=7200)
        self.path.unlink()
        out = self.run_failing_check("--delete-orphans")
        self.assertIn("1 missing", out)
        self.assertIn("1 orphans deleted", out)

    def test_it_reports_a_missing_media_root_as_missing_files(self) -> None:
        shutil.rmtree(self.media)
        self.assertIn("1 missing", self.run_failing_check())
