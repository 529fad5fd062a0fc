"""Write a Report as a Word document (python-docx).

Charts are SVG, which Word documents built with python-docx cannot embed; the data table that
always follows a chart carries the same figures, and a note points to the PDF.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Pt, RGBColor

from mulighetsrom.reports.blocks import (
    Chart,
    Heading,
    PageBreak,
    Panels,
    PaperQuestion,
    Paragraph,
    Quote,
    Report,
    Table,
)

MUTED = RGBColor(0x55, 0x5F, 0x6B)


def _table(doc: Document, block: Table) -> None:  # type: ignore[valid-type]
    if block.caption:
        caption = doc.add_paragraph(block.caption)  # type: ignore[attr-defined]
        caption.runs[0].font.color.rgb = MUTED
    rows = [*block.rows, *([block.footer] if block.footer else [])]
    table = doc.add_table(rows=1 + len(rows), cols=len(block.headers))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    # Writing cell text through the cells list is much faster than table.cell(i, j) per cell.
    cells = table._cells
    width = len(block.headers)
    for j, header in enumerate(block.headers):
        cells[j].text = header
        cells[j].paragraphs[0].runs[0].font.bold = True
    for i, row in enumerate(rows, start=1):
        for j, value in enumerate(row):
            cell = cells[i * width + j]
            cell.text = value
            if j in block.numeric:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if block.footer:
        for cell in cells[len(rows) * width :]:
            for run in cell.paragraphs[0].runs:
                run.font.bold = True
    doc.add_paragraph()  # type: ignore[attr-defined]


def _paper_question(doc: Document, block: PaperQuestion) -> None:  # type: ignore[valid-type]
    p = doc.add_paragraph()  # type: ignore[attr-defined]
    p.add_run(f"{block.number}. {block.text}").bold = True
    if block.note:
        p.add_run(f" ({block.note})")
    for text in (block.help_text, block.instruction):
        if text:
            doc.add_paragraph(text).runs[0].font.size = Pt(9)  # type: ignore[attr-defined]
    box = "☐" if block.boxes == "tick" else "[    ]"
    for option in block.options:
        doc.add_paragraph(f"{box}  {option}")  # type: ignore[attr-defined]
    for _line in block.line_slots:
        doc.add_paragraph("_" * 70)  # type: ignore[attr-defined]


def render_docx(report: Report) -> bytes:
    doc = Document()
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(10.5)
    doc.core_properties.title = f"{report.title} – {report.subtitle}"
    doc.add_heading(report.title, 0)
    doc.add_paragraph(report.subtitle).runs[0].font.size = Pt(14)
    for label, value in report.meta:
        p = doc.add_paragraph()
        p.add_run(f"{label}: ").bold = True
        p.add_run(value)
    for block in report.blocks:
        if isinstance(block, Heading):
            doc.add_heading(block.text, block.level)
        elif isinstance(block, Paragraph):
            p = doc.add_paragraph(block.text)
            if block.muted and p.runs:
                p.runs[0].font.color.rgb = MUTED
                p.runs[0].font.size = Pt(9)
        elif isinstance(block, Quote):
            p = doc.add_paragraph(f"«{block.text}»", style="Quote")
            if block.source:
                run = p.add_run(f"\n– {block.source}")
                run.font.size = Pt(9)
        elif isinstance(block, Table):
            _table(doc, block)
        elif isinstance(block, Chart):
            p = doc.add_paragraph(
                _("The chart “%(title)s” is in the PDF version; the table below holds the same figures.")
                % {"title": block.title}
            )
            p.runs[0].font.color.rgb = MUTED
        elif isinstance(block, Panels):
            for title, text in block.items:
                doc.add_heading(title, 2)
                doc.add_paragraph(text or "–")
        elif isinstance(block, PaperQuestion):
            _paper_question(doc, block)
        elif isinstance(block, PageBreak):
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
