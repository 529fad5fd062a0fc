"""The RACI matrix and the A3 team canvas as documents (issue #7)."""

from __future__ import annotations

import contextlib
import re
import zlib

from mulighetsrom.collaboration.actions import set_raci_cell
from mulighetsrom.collaboration.models import CanvasSection, RaciTask
from mulighetsrom.projects.access import ProjectAccess
from mulighetsrom.projects.models import Role
from mulighetsrom.reports.models import GeneratedDocument
from mulighetsrom.reports.render_pdf import pdf_problem, render_pdf, report_html, stylesheet_files
from mulighetsrom.reports.team_documents import build_canvas_document, build_raci_document
from mulighetsrom.reports.tests.base import ReportsTestCase, docx_text

Kind = GeneratedDocument.Kind
Format = GeneratedDocument.Format

# A3 landscape in PDF points: 420 mm × 297 mm at 72 / 25.4 points per mm.
A3_LANDSCAPE = (1190.55, 841.89)


def pdf_objects(data: bytes) -> bytes:
    """The PDF with its deflated streams inflated: WeasyPrint puts page dictionaries in object streams."""
    parts = [data]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.DOTALL):
        with contextlib.suppress(zlib.error):
            parts.append(zlib.decompress(stream))
    return b"\n".join(parts)


def media_boxes(data: bytes) -> list[tuple[float, float]]:
    """(width, height) in points of every page's MediaBox."""
    pattern = rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]"
    boxes = re.findall(pattern, pdf_objects(data))
    return [(float(x1) - float(x0), float(y1) - float(y0)) for x0, y0, x1, y1 in boxes]


class TeamDocumentsTestCase(ReportsTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        RaciTask.objects.filter(project=cls.project).delete()  # not the seeded list: two known tasks
        cls.programme = RaciTask.objects.create(project=cls.project, phase=cls.phases[2], name="Vedta romprogram")
        cls.site = RaciTask.objects.create(project=cls.project, phase=cls.phases[3], name="Velge tomt")
        ola_m = cls.project.memberships.get(person=cls.ola_person)
        nora_m = cls.project.memberships.get(person=cls.nora_person)
        set_raci_cell(task=cls.programme, letter="A", membership=ola_m, acting_user=cls.kari)
        set_raci_cell(task=cls.programme, letter="R", membership=nora_m, acting_user=cls.kari)
        set_raci_cell(task=cls.site, letter="C", membership=ola_m, acting_user=cls.kari)  # no A, no R
        for key, text in (("purpose", "Et godt sted å bo og arbeide"), ("values", "Åpenhet\nTillit")):
            CanvasSection.objects.filter(project=cls.project, key=key).update(text=text)

    def access(self) -> ProjectAccess:
        return ProjectAccess(project=self.project, role=Role.VIEWER, is_org_admin=False)

    def skip_without_pdf(self) -> None:
        if pdf_problem():
            self.skipTest(pdf_problem())

    # RACI ---------------------------------------------------------------------------------

    def test_a_viewer_makes_the_raci_pdf_and_an_outsider_gets_404(self) -> None:
        self.skip_without_pdf()
        self.login(self.nora)
        document = self.request_document(Kind.RACI, Format.PDF)
        self.assertEqual(document.status, GeneratedDocument.Status.DONE, document.error)
        self.assertEqual(document.audience_role, Role.VIEWER)
        self.assertFalse(document.has_sensitive_content)
        self.assertTrue(self.download(document).startswith(b"%PDF"))
        self.assertTrue(document.download_name.startswith(f"roller-og-ansvar-raci-{self.project.slug}-"))
        self.assertTrue(document.download_name.endswith(".pdf"))
        self.login(self.ingrid)  # another team member may download it too
        self.assertEqual(self.client.get(self.url("reports:download", document.code)).status_code, 200)
        self.login(self.per)
        self.assertEqual(self.client.get(self.url("reports:download", document.code)).status_code, 404)
        self.assertEqual(self.client.get(self.url("reports:document", document.code)).status_code, 404)

    def test_the_raci_document_has_the_matrix_per_phase_and_the_diagnostics(self) -> None:
        self.login(self.nora)
        document = self.request_document(Kind.RACI, Format.DOCX)
        self.assertEqual(document.status, GeneratedDocument.Status.DONE, document.error)
        headings, text = docx_text(self.download(document))
        self.assertEqual(headings[0], "Roles and responsibilities (RACI)")
        for heading in ("Diagnostics", "Matrix", str(self.phases[2]), str(self.phases[3])):
            self.assertIn(heading, headings)
        self.assertIn("“Velge tomt” has no one accountable (A).", text)
        self.assertIn("“Velge tomt” has no one responsible (R).", text)
        self.assertNotIn("“Vedta romprogram” has no one", text)
        report = build_raci_document(self.access())
        tables = [b for b in report.blocks if type(b).__name__ == "Table"]
        programme_table = tables[1]
        self.assertEqual(programme_table.headers[0], "Task or decision")
        row = programme_table.rows[0]
        self.assertEqual(row[0], "Vedta romprogram")
        members = programme_table.headers[1:]
        self.assertEqual(row[1 + members.index("Ola")], "A")
        self.assertEqual(row[1 + members.index("Nora")], "R")
        self.assertEqual(tables[2].rows, [["Velge tomt", *("C" if m == "Ola" else "" for m in members)]])

    def test_the_raci_pdf_is_landscape(self) -> None:
        self.skip_without_pdf()
        pdf = render_pdf(build_raci_document(self.access()))
        width, height = media_boxes(pdf.data)[0]
        self.assertGreater(width, height)

    # Team canvas --------------------------------------------------------------------------

    def test_a_viewer_makes_the_canvas_pdf_on_one_a3_landscape_page(self) -> None:
        self.skip_without_pdf()
        self.login(self.nora)
        document = self.request_document(Kind.CANVAS, Format.PDF)
        self.assertEqual(document.status, GeneratedDocument.Status.DONE, document.error)
        self.assertEqual(document.audience_role, Role.VIEWER)
        data = self.download(document)
        self.assertTrue(data.startswith(b"%PDF"))
        boxes = media_boxes(data)
        self.assertEqual(len(boxes), 1)
        self.assertAlmostEqual(boxes[0][0], A3_LANDSCAPE[0], delta=1)
        self.assertAlmostEqual(boxes[0][1], A3_LANDSCAPE[1], delta=1)
        self.assertTrue(document.download_name.startswith("teamlerret-a3-"))
        self.login(self.eva)  # another organization
        self.assertEqual(self.client.get(self.url("reports:download", document.code)).status_code, 404)

    def test_the_canvas_html_has_all_eight_sections_and_its_own_a3_stylesheet(self) -> None:
        report = build_canvas_document(self.access())
        html = report_html(report)
        self.assertEqual(html.count('<section class="panel">'), 8)
        for label in CanvasSection.Key.labels:
            self.assertIn(f"<h2>{label}</h2>", html)
        self.assertIn("Et godt sted å bo og arbeide", html)
        self.assertIn("Åpenhet<br>Tillit", html)
        shared, own = stylesheet_files(report)
        self.assertIn("size: A3 landscape;", own.read_text())
        self.assertNotIn("A3", shared.read_text())  # the other documents stay A4
        self.assertEqual(stylesheet_files(build_raci_document(self.access()))[1].name, "pdf-raci.css")

    def test_a_long_canvas_still_fits_one_page(self) -> None:
        self.skip_without_pdf()
        CanvasSection.objects.filter(project=self.project).update(text="Mange ord om teamet. " * 200)
        self.assertEqual(render_pdf(build_canvas_document(self.access())).pages, 1)

    def test_the_canvas_is_pdf_only(self) -> None:
        self.login(self.ola)
        r = self.client.post(self.url("reports:request"), {"kind": "canvas", "format": "docx"})
        self.assertRedirects(r, self.url("reports:documents"))
        self.assertFalse(GeneratedDocument.objects.exists())

    # Buttons ------------------------------------------------------------------------------

    def test_the_documents_raci_and_canvas_pages_offer_the_pdfs(self) -> None:
        self.login(self.nora)
        request_url = self.url("reports:request")
        r = self.client.get(self.url("reports:documents"))
        self.assertContains(r, "Roles and responsibilities (RACI)")
        self.assertContains(r, "Team canvas (A3)")
        self.assertContains(r, 'name="kind" value="raci"', count=2)  # Word and PDF
        self.assertContains(r, 'name="kind" value="canvas"', count=1)  # PDF only
        r = self.client.get(self.url("collaboration:raci"))
        self.assertContains(r, f'action="{request_url}"')
        self.assertContains(
            r, '<input type="hidden" name="kind" value="raci"><input type="hidden" name="format" value="pdf">'
        )
        self.assertContains(r, "Export PDF")
        r = self.client.get(self.url("collaboration:canvas"))
        self.assertContains(r, f'action="{request_url}"')
        self.assertContains(
            r, '<input type="hidden" name="kind" value="canvas"><input type="hidden" name="format" value="pdf">'
        )
        self.assertContains(r, "A3 PDF for the wall")
