from __future__ import annotations

import io
import shutil
import tempfile
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from mulighetsrom.insight.models import Attachment
from mulighetsrom.insight.tests.base import InsightTestCase

MEDIA = tempfile.mkdtemp(prefix="mulighetsrom-test-media-")


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@override_settings(MEDIA_ROOT=MEDIA)
class AttachmentTestCase(InsightTestCase):
    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        shutil.rmtree(MEDIA, ignore_errors=True)

    def upload(self, name: str, content: bytes) -> None:
        self.client.post(
            self.url("insight:attachment_upload", self.activity.code), {"file": SimpleUploadedFile(name, content)}
        )

    def test_it_stores_a_pdf_under_a_random_name_and_serves_it_to_contributors(self) -> None:
        self.login(self.ingrid)
        self.upload("Referat Kari Hansen.pdf", b"%PDF-1.7\n...")
        attachment = Attachment.objects.get()
        self.assertEqual(attachment.original_name, "Referat Kari Hansen.pdf")
        self.assertNotIn("Kari", attachment.file.name)
        self.assertTrue(attachment.file.name.endswith(".pdf"))
        r = self.client.get(self.url("insight:attachment", attachment.code))
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], "application/pdf")
        self.assertIn("attachment;", r["Content-Disposition"])
        self.assertEqual(b"".join(r.streaming_content), b"%PDF-1.7\n...")  # type: ignore[attr-defined]
        self.login(self.nora)
        self.assertEqual(self.client.get(self.url("insight:attachment", attachment.code)).status_code, 403)
        self.login(self.per)
        self.assertEqual(self.client.get(self.url("insight:attachment", attachment.code)).status_code, 404)

    def test_it_accepts_docx_with_the_right_content(self) -> None:
        self.login(self.ingrid)
        self.upload("notater.docx", docx_bytes())
        self.assertEqual(Attachment.objects.count(), 1)

    def test_it_rejects_wrong_types_and_disguised_content(self) -> None:
        self.login(self.ingrid)
        self.upload("script.html", b"<script>alert(1)</script>")
        self.upload("fake.pdf", b"<html>not a pdf</html>")
        self.upload("fake.xlsx", docx_bytes())  # a zip, but not a workbook
        self.upload("bilde.png", b"\xff\xd8\xff\xe0jpeg-data")  # JPEG content with a PNG name
        self.upload("tom.pdf", b"")
        self.assertFalse(Attachment.objects.exists())

    def test_it_rejects_files_over_10_mb(self) -> None:
        self.login(self.ingrid)
        self.upload("stor.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))
        self.assertFalse(Attachment.objects.exists())

    def test_viewers_cannot_upload(self) -> None:
        self.login(self.nora)
        r = self.client.post(
            self.url("insight:attachment_upload", self.activity.code),
            {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4")},
        )
        self.assertEqual(r.status_code, 403)
