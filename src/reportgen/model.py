"""The document model every writer walks.

This is the resolved brief: inline markup already parsed into trees, citations already numbered,
parts already in reading order. Nothing here knows about YAML (see ``load.py``) or about any output
format (see ``writers/``), so the PDF and the DOCX cannot say different things.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Literal

# ---------------------------------------------------------------------------------------------
# Inline tree


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Code:
    text: str


@dataclass(frozen=True)
class LineBreak:
    pass


@dataclass(frozen=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Emph:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Link:
    href: str
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Cite:
    """A citation of one or more sources; ``numbers`` match ``keys`` one to one."""

    keys: tuple[str, ...]
    numbers: tuple[int, ...] = ()


Inline = Text | Code | LineBreak | Strong | Emph | Link | Cite
Inlines = tuple[Inline, ...]

# ---------------------------------------------------------------------------------------------
# Blocks


@dataclass(frozen=True)
class Paragraph:
    inlines: Inlines


@dataclass(frozen=True)
class BulletList:
    items: tuple[Inlines, ...]


@dataclass(frozen=True)
class OrderedList:
    items: tuple[Inlines, ...]


Block = Paragraph | BulletList | OrderedList


@dataclass(frozen=True)
class Quote:
    """A short verbatim quote, attributed as the source gives it."""

    text: str
    speaker: str
    affiliation: str
    cite: Cite | None = None


@dataclass(frozen=True)
class Where:
    """A position in an input file, kept on nodes whose problems only show when rendered."""

    file: str
    line: int | None = None
    column: int | None = None
    field: str | None = None  # "figures[0].chart"


@dataclass(frozen=True)
class Figure:
    """An image or a chart, numbered in reading order ("Figure 1"), with its caption.

    ``data`` is the picture as ``media_type`` (image/png, image/jpeg, image/svg+xml). A chart
    holds its Vega-Lite ``spec`` (JSON, data inlined) and no picture until ``charts.py`` has
    rendered it with the brief's theme.
    """

    id: str
    number: int
    caption: Inlines
    alt: str
    cite: Cite | None = None  # the figure's sources: "Source: [n]"
    width: float = 1.0  # fraction of the text width
    media_type: str = "image/svg+xml"
    data: bytes = b""
    spec: str | None = None
    where: Where | None = None  # the 'chart:' or 'image:' value, for render errors

    @property
    def anchor(self) -> str:
        return f"fig-{self.id}"


@dataclass(frozen=True)
class Section:
    id: str  # anchor, unique in the brief
    heading: str
    blocks: tuple[Block, ...]
    quotes: tuple[Quote, ...] = ()
    subsections: tuple[Section, ...] = ()
    figures: tuple[Figure, ...] = ()  # printed at the end of the section, after subsections


@dataclass(frozen=True)
class TableRow:
    cells: tuple[Inlines, ...]  # one per column; the first names the row (jurisdiction)
    cite: Cite  # the row's sources, shown after the first cell


@dataclass(frozen=True)
class ComparisonTable:
    id: str
    heading: str
    caption: str
    columns: tuple[str, ...]
    rows: tuple[TableRow, ...]
    note: Inlines = ()


BodyPart = Section | ComparisonTable


@dataclass(frozen=True)
class Source:
    id: str
    number: int  # 1-based, in first-cited order
    title: str
    publisher: str
    date: str  # as written: YYYY, YYYY-MM or YYYY-MM-DD
    url: str | None = None
    note: str | None = None

    @property
    def anchor(self) -> str:
        return f"src-{self.id}"


@dataclass(frozen=True)
class Meta:
    title: str
    subtitle: str
    short_title: str
    date: dt.date
    authors: tuple[str, ...]
    organization: str
    language: str
    slug: str
    keywords: tuple[str, ...]
    summary_line: str  # one-sentence subject, used for PDF/DOCX "subject" metadata
    paper: Literal["A4", "Letter"] = "A4"
    series: str | None = None  # e.g. "Policy brief No. 1"

    @property
    def author_line(self) -> str:
        return ", ".join(self.authors)


@dataclass(frozen=True)
class Brief:
    """A validated, resolved brief: ready to write."""

    meta: Meta
    summary: tuple[Block, ...]
    takeaways: tuple[Inlines, ...]
    body: tuple[BodyPart, ...]  # sections and the comparison table, in reading order
    sources: tuple[Source, ...]  # sorted by number
    labels: dict[str, str] = field(default_factory=dict)  # localized fixed words

    @property
    def table(self) -> ComparisonTable:
        return next(p for p in self.body if isinstance(p, ComparisonTable))

    def source(self, key: str) -> Source:
        return next(s for s in self.sources if s.id == key)

    @property
    def figures(self) -> tuple[Figure, ...]:
        """Every figure in reading order (the order of their numbers)."""
        return tuple(f for part in self.body if isinstance(part, Section)
                     for f in section_figures(part))


def map_figures(brief: Brief, change: Callable[[Figure], Figure]) -> Brief:
    """The brief with every figure replaced by ``change(figure)`` (e.g. once rendered)."""
    if not brief.figures:
        return brief

    def section(s: Section) -> Section:
        return replace(s, subsections=tuple(section(sub) for sub in s.subsections),
                       figures=tuple(change(f) for f in s.figures))

    return replace(brief, body=tuple(section(p) if isinstance(p, Section) else p
                                     for p in brief.body))


def section_figures(section: Section) -> tuple[Figure, ...]:
    """A section's figures in reading order: its subsections' first, then its own."""
    return (*(f for sub in section.subsections for f in section_figures(sub)), *section.figures)


def plain_text(inlines: Inlines) -> str:
    """Flatten an inline tree to text, citations as bracketed numbers (for metadata, e-mail)."""
    out: list[str] = []
    for node in inlines:
        match node:
            case Text(text=t) | Code(text=t):
                out.append(t)
            case LineBreak():
                out.append("\n")
            case Strong(children=c) | Emph(children=c) | Link(children=c):
                out.append(plain_text(c))
            case Cite(numbers=n):
                out.append("[" + ", ".join(str(i) for i in n) + "]")
    return "".join(out)


def quote_at(section: Section) -> int:
    """How many of a section's blocks come before its pull quotes (the same in every format).

    After the first paragraph that is followed by another paragraph (or ends the section), so a
    quote never separates a lead-in sentence ("Three features stand out:") from its list.
    """
    blocks = section.blocks
    for i, block in enumerate(blocks):
        if not isinstance(block, Paragraph) or plain_text(block.inlines).rstrip().endswith(":"):
            continue
        if i + 1 == len(blocks) or isinstance(blocks[i + 1], Paragraph):
            return i + 1
    return len(blocks)


def blocks_text(blocks: tuple[Block, ...]) -> str:
    """Flatten blocks to paragraphs of plain text."""
    parts: list[str] = []
    for block in blocks:
        match block:
            case Paragraph(inlines=i):
                parts.append(plain_text(i))
            case BulletList(items=items) | OrderedList(items=items):
                parts.extend("- " + plain_text(i) for i in items)
    return "\n\n".join(parts)
