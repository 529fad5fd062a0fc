"""Hand-built SVG bar charts and QR codes. Charts are decorative beside a data table with the same numbers."""

from __future__ import annotations

import io
from collections.abc import Sequence
from xml.sax.saxutils import escape

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 220
BAR_WIDTH = 300


def bar_chart_svg(labels: Sequence[str], values: Sequence[int], title: str) -> str:
    """Horizontal bars with the count at the end of each bar; `title` is the accessible name."""
    top = max(values, default=0) or 1
    height = len(labels) * (BAR_HEIGHT + GAP) + GAP
    width = LABEL_WIDTH + BAR_WIDTH + 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(title, {chr(34): "&quot;"})}" class="bar-chart">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = GAP + i * (BAR_HEIGHT + GAP)
        w = round(BAR_WIDTH * value / top)
        short = label if len(label) <= 32 else label[:31] + "…"
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 16}" text-anchor="end" font-size="13" fill="#1e2b3c">{escape(short)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{w}" height="{BAR_HEIGHT}" fill="#0062ba"/>'
            f'<text x="{LABEL_WIDTH + w + 6}" y="{y + 16}" font-size="13" fill="#1e2b3c">{value}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def qr_code(url: str, fmt: str) -> tuple[bytes, str]:
    """The QR code for `url` as SVG or PNG bytes, with its content type."""
    import qrcode  # imported lazily: only the poster pages need it
    from qrcode.image.svg import SvgPathImage

    buffer = io.BytesIO()
    if fmt == "png":
        qrcode.make(url, box_size=12, border=4).save(buffer)
        return buffer.getvalue(), "image/png"
    qrcode.make(url, image_factory=SvgPathImage, box_size=12, border=4).save(buffer)
    return buffer.getvalue(), "image/svg+xml"
