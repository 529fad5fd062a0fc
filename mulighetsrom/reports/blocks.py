"""A small document model that both renderers read: built once, written as DOCX or PDF (no Django).

A report is a flat list of blocks. Builders (`insight_report.py`, `needs_report.py`) produce it
from the ORM; `render_docx.py` and `render_pdf.py` turn it into bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1 = chapter, 2 = section, 3 = sub-section


@dataclass(frozen=True)
class Paragraph:
    text: str
    muted: bool = False  # meta text: sources, notes


@dataclass(frozen=True)
class Quote:
    text: str
    source: str = ""


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]
    caption: str = ""
    footer: list[str] | None = None  # a totals row, set in bold
    numeric: frozenset[int] = frozenset()  # column indexes aligned right
    # Relative column widths. Fixed widths let the PDF skip measuring every cell's text first,
    # which is most of the layout time for long tables. Empty: the first column gets a double share.
    widths: tuple[int, ...] = ()

    def percentages(self) -> list[float]:
        widths = self.widths or (2, *([1] * (len(self.headers) - 1)))
        total = sum(widths)
        return [round(100 * w / total, 2) for w in widths]


@dataclass(frozen=True)
class Chart:
    """A server-side SVG chart; always followed by a Table with the same figures."""

    svg: str
    title: str


@dataclass(frozen=True)
class Panels:
    """Titled boxes of text side by side (the team canvas); a heading and a paragraph each in Word."""

    items: list[tuple[str, str]]  # (title, text)


@dataclass(frozen=True)
class PaperQuestion:
    """One question of a paper form: boxes to tick, boxes to write a rank in, or lines to write on."""

    number: int
    text: str
    help_text: str = ""
    instruction: str = ""  # "Tick one.", "Tick up to 3.", "Write 1 in the box of the most important …"
    options: tuple[str, ...] = ()
    boxes: str = "tick"  # "tick" (□ to tick) or "rank" (a wider box for a number)
    lines: int = 0  # free text: the number of lines to write on
    note: str = ""  # e.g. "(required)"

    @property
    def line_slots(self) -> range:
        return range(self.lines)


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Paragraph | Quote | Table | Chart | Panels | PaperQuestion | PageBreak


@dataclass
class Report:
    title: str
    subtitle: str
    meta: list[tuple[str, str]] = field(default_factory=list)  # (label, value) under the title
    blocks: list[Block] = field(default_factory=list)
    # An extra print stylesheet in this folder for the PDF (page size, layout), e.g. "pdf-canvas.css".
    stylesheet: str = ""

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)

    def headings(self) -> list[str]:
        return [b.text for b in self.blocks if isinstance(b, Heading)]
