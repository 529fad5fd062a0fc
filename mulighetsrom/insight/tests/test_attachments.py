from __future__ import annotations

import io
import shutil
import tempfile
import zipfile

from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils.html import escape

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

    def refusal(self, name: str, content: bytes) -> str:
        """Upload a file that must be refused; return the message the editor sees on the activity page."""
        r = self.client.post(
            self.url("insight:attachment_upload", self.activity.code),
            {"file": SimpleUploadedFile(name, content)},
            follow=True,
        )
        self.assertEqual(r.redirect_chain, [(self.url("insight:activity", self.activity.code), 302)])
        self.assertEqual(r.status_code, 200)
        shown = [(m.level_tag, str(m)) for m in get_messages(r.wsgi_request)]
        self.assertEqual(len(shown), 1, shown)
        level, text = shown[0]
        self.assertEqual(level, "error")
        self.assertContains(r, escape(text))  # shown on the page the editor lands on
        return text

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
        self.assertEqual(b"".join(r.streaming_content), b"%PDF-1.7\n...")
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
        self.assertIn("Only PDF, Word (.docx), Excel (.xlsx) and image files", self.refusal("script.html", b"<p/>"))
        mismatch = "The file's content does not match its name (%s)."
        self.assertIn(mismatch % ".pdf", self.refusal("fake.pdf", b"<html>not a pdf</html>"))
        self.assertIn(mismatch % ".xlsx", self.refusal("fake.xlsx", docx_bytes()))  # a zip, but not a workbook
        self.assertIn(mismatch % ".png", self.refusal("bilde.png", b"\xff\xd8\xff\xe0jpeg-data"))  # JPEG as PNG
        self.assertEqual(self.refusal("tom.pdf", b""), "Choose a file to attach.")  # the form refuses empty files
        self.assertFalse(Attachment.objects.exists())
        # The same editor's acceptable file goes through: the refusals above were the checks, not the setup.
        self.upload("notater.pdf", b"%PDF-1.7\n...")
        self.assertEqual(Attachment.objects.count(), 1)

    def test_it_rejects_files_over_10_mb(self) -> None:
        self.login(self.ingrid)
        text = self.refusal("stor.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))
        self.assertEqual(text, "The file is too large: attachments can be at most 10 MB.")
        self.assertFalse(Attachment.objects.exists())

    def test_viewers_cannot_upload(self) -> None:
        self.login(self.nora)
        r = self.client.post(
            self.url("insight:attachment_upload", self.activity.code),
            {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4")},
        )
        self.assertEqual(r.status_code, 403)
