"""The document: a resolved brief, ready for every writer.

Inline markup is already parsed into trees, citations already numbered, parts already in reading
order. Nothing here knows about YAML (see ``load.py``) or about any output format (see
``render/``), so the PDF and the DOCX cannot say different things.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from .blocks import Block
from .inlines import Cite, Inlines


@dataclass(frozen=True)
class Quote:
    """A short verbatim quote, attributed as the source gives it."""

    text: str  # verbatim, in ``language``
    speaker: str
    affiliation: str
    cite: Cite | None = None
    language: str = "en"  # the quote's own language (the brief's unless the brief says)
    translation: str | None = None  # in the brief's language, for a quote in another one
    index: int | None = None  # its place in the brief's list of quotes (the DOCX anchors)


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
    holds its Vega-Lite ``spec`` (JSON, data inlined) and no picture until ``render/charts.py``
    has drawn it with the brief's theme.
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
"""What ``Brief.body`` holds: the top-level parts, in reading order."""
SectionItem = Block | Quote | Section | Figure
"""What a section holds, as ``model.order.section_order`` yields it."""
BodyItem = Block | Quote | Figure | BodyPart
"""What ``model.order.body_order`` yields: every part of the body, subsections included."""


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
    direction: Literal["ltr", "rtl"] = "ltr"  # from the language, or meta.direction

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
        """Every figure in reading order (the order of their numbers): a section's figures come
        after its subsections' (they end the section)."""
        def of(section: Section) -> tuple[Figure, ...]:
            return (*(f for sub in section.subsections for f in of(sub)), *section.figures)

        return tuple(f for part in self.body if isinstance(part, Section) for f in of(part))
