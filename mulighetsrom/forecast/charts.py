"""Forecast charts as inline SVG markup (matplotlib, Agg), safe under a strict CSP.

Pure module: no Django. The caller passes translated titles and labels. Output is
deterministic (fixed hash salt, no date) and carries no <style> element and no style=""
attributes: matplotlib's inline CSS is rewritten into SVG presentation attributes, which a
Content Security Policy without 'unsafe-inline' does not block. Element ids are prefixed so
several charts can share one page.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)

RC: Any = {
    "svg.hashsalt": "mulighetsrom",
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
}
# Colour-blind-safe (Okabe–Ito) with enough contrast on white.
COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00", "#000000"]
PRESENTATION = {
    "fill",
    "fill-opacity",
    "fill-rule",
    "stroke",
    "stroke-width",
    "stroke-opacity",
    "stroke-linejoin",
    "stroke-linecap",
    "stroke-dasharray",
    "stroke-dashoffset",
    "stroke-miterlimit",
    "opacity",
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "text-anchor",
    "clip-path",
    "dominant-baseline",
}


def _number_format(value: float, _pos: Any = None) -> str:
    return f"{value:,.0f}".replace(",", "\u00a0")


def _figure(height: float = 3.6) -> tuple[Figure, Any]:
    fig = plt.figure(figsize=(7.2, height))
    ax = fig.add_subplot()
    ax.yaxis.set_major_formatter(_number_format)
    return fig, ax


def to_svg(fig: Figure, *, prefix: str, title: str) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    plt.close(fig)
    return sanitize(buffer.getvalue(), prefix=prefix, title=title)


def _style_to_attributes(element: ET.Element) -> None:
    style = element.attrib.pop("style", None)
    if not style:
        return
    for declaration in style.split(";"):
        if ":" not in declaration:
            continue
        name, value = (part.strip() for part in declaration.split(":", 1))
        if name == "font":
            # "font: 10px 'DejaVu Sans'" → size and family
            match = re.match(r"^(?:(bold|normal|italic)\s+)*([\d.]+)px\s+(.+)$", value)
            if match:
                element.set("font-size", match.group(2))
                element.set("font-family", match.group(3).replace("'", ""))
        elif name in PRESENTATION:
            element.set(name, value)


def sanitize(svg: str, *, prefix: str, title: str) -> str:
    """matplotlib SVG → markup for inline use: no CSS, unique ids, responsive width, a <title>."""
    root = ET.fromstring(svg)  # noqa: S314 (our own output, not user input)
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag == f"{{{SVG_NS}}}style" or child.tag == f"{{{SVG_NS}}}metadata":
                parent.remove(child)
    for element in root.iter():
        _style_to_attributes(element)
        if "id" in element.attrib:
            element.set("id", f"{prefix}-{element.attrib['id']}")
        for attr in ("clip-path", "mask"):
            if attr in element.attrib:
                element.set(attr, element.attrib[attr].replace("url(#", f"url(#{prefix}-"))
        for attr in (f"{{{XLINK_NS}}}href", "href"):
            if element.attrib.get(attr, "").startswith("#"):
                element.set(attr, f"#{prefix}-{element.attrib[attr][1:]}")
    root.set("stroke-linejoin", "round")
    root.set("stroke-linecap", "butt")
    root.attrib.pop("height", None)
    root.set("width", "100%")
    root.set("role", "img")
    root.set("aria-labelledby", f"{prefix}-title")
    title_el = ET.Element(f"{{{SVG_NS}}}title", {"id": f"{prefix}-title"})
    title_el.text = title
    root.insert(0, title_el)
    # The prefix map is process-global; other libraries (docx, openpyxl) may have remapped the
    # SVG namespace since import, which would serialise as <ns0:svg>. Claim it again here.
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    return ET.tostring(root, encoding="unicode")


def range_chart(
    *,
    years: Sequence[int],
    series: Mapping[str, Mapping[str, Sequence[float | None]]],
    labels: Mapping[str, str],
    title: str,
    ylabel: str,
    prefix: str,
    capacity: float | None = None,
    capacity_label: str = "",
    base: tuple[int, float] | None = None,
    base_label: str = "",
) -> str:
    """Lines for the main alternative of each series with the low–high range shaded.

    `series` maps a series label to {alternative: values}; `labels` names the alternatives
    ('MMMM', 'LLML', 'HHMH') and 'range'.
    """
    with plt.rc_context(RC):
        fig, ax = _figure()
        for i, (name, by_alt) in enumerate(series.items()):
            colour = COLOURS[i % len(COLOURS)]
            main = [_nan(v) for v in by_alt.get("MMMM", [])]
            if "LLML" in by_alt and "HHMH" in by_alt:
                low = [_nan(v) for v in by_alt["LLML"]]
                high = [_nan(v) for v in by_alt["HHMH"]]
                lower = [min(a, b) for a, b in zip(low, high, strict=True)]
                upper = [max(a, b) for a, b in zip(low, high, strict=True)]
                ax.fill_between(years, lower, upper, color=colour, alpha=0.18, linewidth=0)
            ax.plot(years, main, color=colour, linewidth=2, label=name if len(series) > 1 else labels["MMMM"])
        if capacity is not None:
            ax.axhline(capacity, color="#000000", linestyle="--", linewidth=1.2, label=capacity_label)
        if base is not None:
            ax.plot([base[0]], [base[1]], marker="o", color="#000000", linestyle="none", label=base_label)
        ax.set_ylabel(ylabel)
        ax.set_ylim(bottom=0)
        ax.plot([], [], color="#777777", alpha=0.3, linewidth=8, label=labels["range"])
        ax.legend(frameon=False, fontsize=9, loc="upper left")
        return to_svg(fig, prefix=prefix, title=title)


def pyramid_chart(
    *,
    groups: Sequence[str],
    men: Mapping[int, Sequence[float]],
    women: Mapping[int, Sequence[float]],
    title: str,
    men_label: str,
    women_label: str,
    prefix: str,
) -> str:
    """Men to the left, women to the right; the first year as bars, the second as an outline."""
    years = list(men)
    with plt.rc_context(RC):
        fig, ax = _figure(height=4.6)
        positions = list(range(len(groups)))
        for i, year in enumerate(years):
            style: dict[str, Any] = (
                {"color": COLOURS[0], "alpha": 0.6}
                if i == 0
                else {"fill": False, "edgecolor": COLOURS[1], "linewidth": 1.5}
            )
            ax.barh(positions, [-v for v in men[year]], height=0.85, label=f"{year}", **style)
            ax.barh(positions, list(women[year]), height=0.85, **style)
        ax.set_yticks(positions, list(groups))
        ax.xaxis.set_major_formatter(lambda v, _p: _number_format(abs(v)))
        ax.axvline(0, color="#000000", linewidth=0.8)
        ax.set_xlabel(f"← {men_label}   |   {women_label} →")
        ax.legend(frameon=False, fontsize=9, loc="upper right")
        return to_svg(fig, prefix=prefix, title=title)


def _nan(value: float | None) -> float:
    return float("nan") if value is None else float(value)
