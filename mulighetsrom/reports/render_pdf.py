"""Write a Report as PDF: an HTML template rendered server-side by WeasyPrint.

WeasyPrint needs Pango from the operating system (docs/deploy.md, "Documents"); it is imported
only here, so a server without it still serves pages and Word documents.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from mulighetsrom.reports.blocks import Chart, Report

HERE = Path(__file__).resolve().parent
CSS_FILE = HERE / "pdf.css"


class PdfUnavailable(Exception):
    """WeasyPrint (or the system libraries it needs) cannot be loaded on this server."""


@dataclass(frozen=True)
class Pdf:
    data: bytes
    pages: int


@lru_cache(maxsize=1)
def _weasyprint_problem() -> str:
    try:
        import weasyprint  # noqa: F401
    except Exception as exc:  # OSError when Pango is missing, ImportError when the package is
        return f"{type(exc).__name__}: {exc}"[:300]
    return ""


def pdf_problem() -> str:
    """Why PDF cannot be made here ("" when it can)."""
    return _weasyprint_problem()


def unavailable_message(problem: str) -> str:
    return _("PDF is not available on this server: %(reason)s") % {"reason": problem}


def _svg_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def stylesheet_files(report: Report) -> list[Path]:
    """The print stylesheets for a report: the shared one, then the report's own (which wins)."""
    files = [CSS_FILE]
    if report.stylesheet:
        extra = (HERE / report.stylesheet).resolve()
        if extra.parent != HERE or extra.suffix != ".css":
            raise ValueError(f"Not a stylesheet of the reports app: {report.stylesheet}")
        files.append(extra)
    return files


def report_html(report: Report) -> str:
    """The HTML that WeasyPrint lays out."""
    blocks = [
        {"kind": type(b).__name__.lower(), "b": b, "src": _svg_uri(b.svg) if isinstance(b, Chart) else ""}
        for b in report.blocks
    ]
    return render_to_string("reports/pdf.html", {"report": report, "blocks": blocks, "lang": get_language()})


def render_pdf(report: Report) -> Pdf:
    problem = pdf_problem()
    if problem:
        raise PdfUnavailable(problem)
    import weasyprint
    from weasyprint.urls import URLFetcher

    # The document is self-contained (charts are data: URIs): never let anything in it make the
    # server read a file or fetch a URL.
    fetcher = URLFetcher(allowed_protocols={"data"})
    stylesheets = [weasyprint.CSS(filename=str(path)) for path in stylesheet_files(report)]
    document = weasyprint.HTML(string=report_html(report), url_fetcher=fetcher).render(
        stylesheets=stylesheets, presentational_hints=True
    )
    return Pdf(data=document.write_pdf(), pages=len(document.pages))
