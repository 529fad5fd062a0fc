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

CSS_FILE = Path(__file__).resolve().parent / "pdf.css"


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


def render_pdf(report: Report) -> Pdf:
    problem = pdf_problem()
    if problem:
        raise PdfUnavailable(problem)
    import weasyprint
    from weasyprint.urls import URLFetcher

    # The document is self-contained (charts are data: URIs): never let anything in it make the
    # server read a file or fetch a URL.
    fetcher = URLFetcher(allowed_protocols={"data"})
    blocks = [
        {"kind": type(b).__name__.lower(), "b": b, "src": _svg_uri(b.svg) if isinstance(b, Chart) else ""}
        for b in report.blocks
    ]
    html = render_to_string("reports/pdf.html", {"report": report, "blocks": blocks, "lang": get_language()})
    document = weasyprint.HTML(string=html, url_fetcher=fetcher).render(
        stylesheets=[weasyprint.CSS(filename=str(CSS_FILE))], presentational_hints=True
    )
    return Pdf(data=document.write_pdf(), pages=len(document.pages))
