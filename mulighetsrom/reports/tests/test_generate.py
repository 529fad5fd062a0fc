from __future__ import annotations

from mulighetsrom.projects.models import Role
from mulighetsrom.reports.actions import BUILDERS
from mulighetsrom.reports.models import GeneratedDocument
from mulighetsrom.reports.render_pdf import pdf_problem, render_pdf
from mulighetsrom.reports.tests.base import ReportsTestCase, docx_text

Kind = GeneratedDocument.Kind
Format = GeneratedDocument.Format


class InsightReportTestCase(ReportsTestCase):
    def test_it_makes_the_insight_report_as_word_for_a_contributor(self) -> None:
        self.login(self.ingrid)
        document = self.request_document(Kind.INSIGHT, Format.DOCX)
        self.assertEqual(document.status, GeneratedDocument.Status.DONE)
        self.assertEqual(document.progress, 100)
        self.assertEqual(document.audience_role, Role.CONTRIBUTOR)
        headings, text = docx_text(self.download(document))
        self.assertEqual(headings[0], "Insight report")
        for heading in ("Themes", "Insights", "Coverage", "Måltider", self.insight.statement):
            self.assertIn(heading, headings)
        self.assertIn(f"«{self.ordinary.text}»", text)
        self.assertIn(self.sensitive.text, text)  # contributors see special-category evidence
        self.assertIn("Weak evidence: 2 observations · 1 activity", text)
        self.assertIn(self.relatives.name, text)  # in the coverage table

    def test_a_viewers_report_leaves_out_sensitive_observations(self) -> None:
        self.login(self.nora)
        document = self.request_document(Kind.INSIGHT, Format.DOCX)
        self.assertEqual(document.audience_role, Role.VIEWER)
        _, text = docx_text(self.download(document))
        self.assertIn(self.ordinary.text, text)
        self.assertNotIn(self.sensitive.text, text)
        # Strength still counts all evidence: it is a number, not content.
        self.assertIn("2 observations", text)

    def test_the_document_is_norwegian_unless_the_user_reads_english(self) -> None:
        self.log_in(self.nora, english=False)
        document = self.request_document(Kind.NEEDS, Format.DOCX)
        self.assertEqual(document.language, "nb")
        headings, _ = docx_text(self.download(document))
        self.assertIn("Behov", headings)
        self.assertIn("Krav", headings)
        self.assertIn("Romprogram", headings)


class NeedsDocumentTestCase(ReportsTestCase):
    def test_it_makes_the_needs_document_with_programme_totals(self) -> None:
        self.login(self.nora)
        document = self.request_document(Kind.NEEDS, Format.DOCX)
        self.assertEqual(document.status, GeneratedDocument.Status.DONE)
        self.assertEqual(document.audience_role, Role.VIEWER)
        headings, text = docx_text(self.download(document))
        for heading in ("Needs", "Must (1)", "Could (1)", "Requirements", "Functional (1)", "Room programme",
                        "Totals", "Appendix: traceability", "Needs without requirements"):  # fmt: skip
            self.assertIn(heading, headings)
        self.assertIn("Spise sammen i små grupper", text)
        self.assertIn("Hver bogruppe har eget kjøkken med spiseplass", text)
        self.assertIn("BEH-001 (felles måltid)", text)  # the traceability appendix
        self.assertIn("Weak evidence (2)", text)  # evidence summary of BEH-001
        # 2 × 25 + 40 = 90 m² net; × 1.50 = 135 m² gross; 10 places.
        self.assertIn("90.0", text)
        self.assertIn("1.50", text)
        self.assertIn("135.0", text)
        self.assertIn("13.5", text)
        self.assertIn("9.0", text)
        self.assertIn("BEH-002", text.split("Needs without requirements", 1)[1])
        self.assertNotIn(self.sensitive.text, text)

    def test_it_makes_a_pdf(self) -> None:
        if pdf_problem():
            self.skipTest(pdf_problem())
        self.login(self.ola)
        document = self.request_document(Kind.NEEDS, Format.PDF)
        self.assertEqual(document.status, GeneratedDocument.Status.DONE, document.error)
        self.assertTrue(self.download(document).startswith(b"%PDF"))
        self.assertTrue(document.download_name.endswith(".pdf"))

    def test_weasyprint_lays_out_pages_for_both_documents(self) -> None:
        if pdf_problem():
            self.skipTest(pdf_problem())
        from mulighetsrom.projects.access import ProjectAccess

        access = ProjectAccess(project=self.project, role=Role.CONTRIBUTOR, is_org_admin=False)
        # The needs document starts requirements, programme and appendix on new pages.
        for kind, pages in ((Kind.INSIGHT, 1), (Kind.NEEDS, 4)):
            pdf = render_pdf(BUILDERS[kind](access))
            self.assertTrue(pdf.data.startswith(b"%PDF"))
            self.assertGreaterEqual(pdf.pages, pages, kind)
