from __future__ import annotations

from django.utils import translation

from mulighetsrom.demo import forecast as demo_forecast
from mulighetsrom.projects.access import ProjectAccess
from mulighetsrom.projects.models import Role
from mulighetsrom.reports.blocks import Chart, Table
from mulighetsrom.reports.models import GeneratedDocument
from mulighetsrom.reports.needs_report import build_needs_report
from mulighetsrom.reports.render_pdf import pdf_problem
from mulighetsrom.reports.tests.base import ReportsTestCase, docx_text


class ForecastSectionTestCase(ReportsTestCase):
    def test_the_needs_document_has_future_demand_when_there_are_forecasts(self) -> None:
        runs = demo_forecast.load(self.project, self.kari)
        access = ProjectAccess(project=self.project, role=Role.VIEWER, is_org_admin=False)
        with translation.override("en"):
            report = build_needs_report(access)
        self.assertIn("Future demand", report.headings())
        charts = [i for i, b in enumerate(report.blocks) if isinstance(b, Chart)]
        self.assertEqual(len(charts), 2)
        # Every chart is followed by a table with the same figures.
        for i in charts:
            self.assertTrue(any(isinstance(b, Table) for b in report.blocks[i : i + 3]))
        # The newest run is the one shown.
        self.assertIn(f"From the forecast “{runs[-1].name}”.", [getattr(b, "text", "") for b in report.blocks])

    def test_the_pdf_embeds_the_chart_and_word_gets_the_table(self) -> None:
        demo_forecast.load(self.project, self.kari)
        self.log_in(self.ola)
        document = self.request_document(GeneratedDocument.Kind.NEEDS, GeneratedDocument.Format.DOCX)
        headings, text = docx_text(self.download(document))
        self.assertIn("Future demand", headings)
        self.assertIn("is in the PDF version", text)
        self.assertIn("Kilde: Statistisk sentralbyrå", text)
        if pdf_problem():
            self.skipTest(pdf_problem())
        document = self.request_document(GeneratedDocument.Kind.NEEDS, GeneratedDocument.Format.PDF)
        self.assertEqual(document.status, GeneratedDocument.Status.DONE, document.error)
