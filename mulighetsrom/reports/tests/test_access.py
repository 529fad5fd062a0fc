from __future__ import annotations

import os
from unittest import mock

from mulighetsrom.reports.models import GeneratedDocument
from mulighetsrom.reports.tests.base import MEDIA, ReportsTestCase

Kind = GeneratedDocument.Kind
Format = GeneratedDocument.Format


def stored_files() -> list[str]:
    return [name for _, _, files in os.walk(MEDIA) for name in files]


class DocumentAccessTestCase(ReportsTestCase):
    def test_the_list_shows_documents_and_offers_both_kinds(self) -> None:
        self.login(self.nora)
        document = self.request_document(Kind.NEEDS, Format.DOCX)
        r = self.client.get(self.url("reports:documents"))
        self.assertContains(r, "Needs and requirements with room programme")
        self.assertContains(r, self.url("reports:download", document.code))

    def test_outsiders_get_404_everywhere(self) -> None:
        self.login(self.ingrid)
        document = self.request_document(Kind.INSIGHT, Format.DOCX)
        for user in (self.per, self.eva):
            self.login(user)
            for url in (
                self.url("reports:documents"),
                self.url("reports:document", document.code),
                self.url("reports:download", document.code),
            ):
                self.assertEqual(self.client.get(url).status_code, 404, url)
            self.assertEqual(
                self.client.post(self.url("reports:request"), {"kind": "needs", "format": "docx"}).status_code, 404
            )
        self.assertEqual(GeneratedDocument.objects.count(), 1)

    def test_a_viewer_cannot_download_a_contributor_level_document(self) -> None:
        self.login(self.ingrid)
        document = self.request_document(Kind.INSIGHT, Format.DOCX)
        self.login(self.nora)
        self.assertEqual(self.client.get(self.url("reports:download", document.code)).status_code, 403)
        r = self.client.get(self.url("reports:document", document.code))
        self.assertNotContains(r, self.url("reports:download", document.code))
        r = self.client.get(self.url("reports:documents"))
        self.assertNotContains(r, self.url("reports:download", document.code))
        self.login(self.ola)  # an editor ranks above contributor
        self.assertEqual(self.client.get(self.url("reports:download", document.code)).status_code, 200)

    def test_request_is_post_only(self) -> None:
        self.login(self.ola)
        self.assertEqual(self.client.get(self.url("reports:request")).status_code, 405)

    def test_an_unknown_kind_is_refused(self) -> None:
        self.login(self.ola)
        r = self.client.post(self.url("reports:request"), {"kind": "secrets", "format": "docx"})
        self.assertRedirects(r, self.url("reports:documents"))
        self.assertFalse(GeneratedDocument.objects.exists())

    def test_a_document_not_yet_made_cannot_be_downloaded(self) -> None:
        document = GeneratedDocument.objects.create(project=self.project, kind=Kind.NEEDS, format=Format.DOCX)
        self.login(self.ola)
        self.assertEqual(self.client.get(self.url("reports:download", document.code)).status_code, 404)

    def test_the_progress_page_polls_while_running_and_htmx_gets_the_fragment(self) -> None:
        document = GeneratedDocument.objects.create(
            project=self.project,
            kind=Kind.NEEDS,
            format=Format.DOCX,
            status=GeneratedDocument.Status.RUNNING,
            progress=40,
        )
        self.login(self.nora)
        r = self.client.get(self.url("reports:document", document.code))
        self.assertContains(r, 'hx-trigger="every 2s"')
        self.assertContains(r, 'value="40"')
        self.assertContains(r, "Refresh")  # works without JavaScript
        r = self.client.get(self.url("reports:document", document.code), headers={"HX-Request": "true"})
        self.assertContains(r, 'hx-trigger="every 2s"')
        self.assertNotContains(r, "<html")
        r = self.client.get(self.url("reports:documents"))
        self.assertContains(r, 'hx-trigger="every 2s"')


class DocumentFailureTestCase(ReportsTestCase):
    def test_a_failing_generation_is_marked_failed_and_stores_nothing(self) -> None:
        self.login(self.ola)
        with mock.patch("mulighetsrom.reports.actions.render_docx", side_effect=RuntimeError(self.sensitive.text)):
            document = self.request_document(Kind.INSIGHT, Format.DOCX)
        self.assertEqual(document.status, GeneratedDocument.Status.FAILED)
        self.assertIn("could not be generated", document.error)
        self.assertNotIn(self.sensitive.text, document.error)
        self.assertFalse(document.file)
        self.assertEqual(stored_files(), [])
        r = self.client.get(self.url("reports:document", document.code))
        self.assertContains(r, "could not be generated")
        self.assertEqual(self.client.get(self.url("reports:download", document.code)).status_code, 404)

    def test_a_failure_while_storing_removes_the_file(self) -> None:
        self.login(self.ola)
        real_update = GeneratedDocument.objects.filter

        def failing_filter(*args: object, **kwargs: object):
            qs = real_update(*args, **kwargs)
            original = qs.update

            def update(**fields: object) -> int:
                if fields.get("status") == GeneratedDocument.Status.DONE:
                    raise RuntimeError("database went away")
                return original(**fields)

            qs.update = update
            return qs

        with mock.patch.object(GeneratedDocument.objects, "filter", side_effect=failing_filter):
            document = self.request_document(Kind.NEEDS, Format.DOCX)
        self.assertEqual(document.status, GeneratedDocument.Status.FAILED)
        self.assertFalse(document.file)
        self.assertEqual(stored_files(), [])

    def test_without_weasyprint_pdf_is_refused_with_a_message_and_word_still_works(self) -> None:
        self.login(self.ola)
        problem = "OSError: cannot load library libpango-1.0-0"
        with mock.patch("mulighetsrom.reports.views.pdf_problem", return_value=problem):
            r = self.client.post(self.url("reports:request"), {"kind": "needs", "format": "pdf"}, follow=True)
            self.assertContains(r, f"PDF is not available on this server: {problem}")
            self.assertFalse(GeneratedDocument.objects.exists())
            document = self.request_document(Kind.NEEDS, Format.DOCX)
        self.assertEqual(document.status, GeneratedDocument.Status.DONE)

    def test_a_queued_pdf_fails_cleanly_when_weasyprint_is_gone(self) -> None:
        self.login(self.ola)
        with mock.patch("mulighetsrom.reports.render_pdf.pdf_problem", return_value="ImportError: no weasyprint"):
            document = self.request_document(Kind.NEEDS, Format.PDF)
        self.assertEqual(document.status, GeneratedDocument.Status.FAILED)
        self.assertEqual(document.error, "PDF is not available on this server: ImportError: no weasyprint")
        self.assertEqual(stored_files(), [])
