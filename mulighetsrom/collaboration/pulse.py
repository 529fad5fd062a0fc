"""Team pulse results: averages per statement and round, hidden below a minimum of respondents; SVG trend."""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

MIN_RESPONDENTS = 3


@dataclass(frozen=True)
class Point:
    label: str
    respondents: int
    mean: float | None  # None when hidden (fewer than MIN_RESPONDENTS)


def trend(
    rounds: list[tuple[str, int]], sums: dict[tuple[int, str], tuple[int, int]], statement_id: int
) -> list[Point]:
    """`rounds` is [(label, respondents)], `sums` maps (statement, round label) → (sum, n)."""
    points = []
    for label, respondents in rounds:
        total, n = sums.get((statement_id, label), (0, 0))
        visible = respondents >= MIN_RESPONDENTS and n > 0
        points.append(Point(label, respondents, round(total / n, 2) if visible else None))
    return points


def svg_line(points: list[Point], title: str, width: int = 360, height: int = 140) -> str:
    """A small line chart (scale 1–5); hidden points are gaps. Decorative: the table beside it carries the data."""
    pad = 28
    n = max(len(points) - 1, 1)
    x = [pad + i * (width - 2 * pad) / n for i in range(len(points))]

    def y(v: float) -> float:
        return height - pad - (v - 1) / 4 * (height - 2 * pad)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" class="pulse-chart">'
        f"<title>{escape(title)}</title>"
    ]
    for v in (1, 3, 5):
        parts.append(
            f'<line x1="{pad}" x2="{width - pad}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#ccc"/>'
            f'<text x="4" y="{y(v) + 4:.1f}" font-size="11">{v}</text>'
        )
    coords = [(x[i], y(p.mean)) for i, p in enumerate(points) if p.mean is not None]
    if len(coords) > 1:
        d = " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy in coords)
        parts.append(f'<polyline points="{d}" fill="none" stroke="#1e5aa8" stroke-width="2"/>')
    for cx, cy in coords:
        parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="3.5" fill="#1e5aa8"/>')
    for i, p in enumerate(points):
        parts.append(
            f'<text x="{x[i]:.1f}" y="{height - 6}" font-size="11" text-anchor="middle">{escape(p.label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
