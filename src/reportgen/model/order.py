"""Where things go: the order in which a reader meets the parts of a brief.

Every format prints a brief in this order, and sources are numbered by it (first cited, first
numbered), so the rule lives here once: the executive summary, the key takeaways, then the body
parts as printed (each section's lead-in paragraphs, its pull quotes, the rest of its prose, its
subsections, its figures; the comparison table where it was placed), then the sources.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import assert_never

from .blocks import Block, BulletList, OrderedList, Paragraph
from .document import (
    BodyItem,
    BodyPart,
    Brief,
    ComparisonTable,
    Figure,
    Quote,
    Section,
    SectionItem,
    Source,
)
from .inlines import Cite, Inlines
from .text import plain_text
from .walk import block_inlines, iter_inlines

Part = Block | Quote | Section | ComparisonTable | Figure | Source


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


def section_order(section: Section) -> Iterator[SectionItem]:
    """A section's own content as printed: lead-in blocks, pull quotes, the other blocks, its
    subsections (not descended into), then its figures, which end it."""
    at = quote_at(section)
    yield from section.blocks[:at]
    yield from section.quotes
    yield from section.blocks[at:]
    yield from section.subsections
    yield from section.figures


def body_order(parts: Sequence[BodyPart],
               level: int = 1) -> Iterator[tuple[int, BodyItem]]:
    """The body as printed, depth first, each item with the level of the part that holds it
    (1 for a top-level section or the table, 2 for a subsection)."""
    for part in parts:
        yield level, part
        if isinstance(part, Section):
            for item in section_order(part):
                if isinstance(item, Section):
                    yield from body_order((item,), level + 1)
                else:
                    yield level, item


def reading_order(brief: Brief) -> Iterator[Part]:
    """Everything a reader meets, in order; the takeaways come as the numbered list they are."""
    yield from brief.summary
    yield OrderedList(brief.takeaways)
    for _, item in body_order(brief.body):
        yield item
    yield from brief.sources


def _part_inlines(part: Part) -> Iterator[Inlines | Cite]:
    """The inline trees and stand-alone citations of one part, as printed."""
    match part:
        case Quote(cite=cite):
            if cite is not None:
                yield cite
        case ComparisonTable(rows=rows, note=note):
            for row in rows:
                yield from row.cells[:1]
                yield row.cite  # printed after the row's name
                yield from row.cells[1:]
            yield note
        case Figure(caption=caption, cite=cite):
            yield caption
            if cite is not None:
                yield cite  # "Source: [n]" under the caption
        case Section() | Source():
            return
        case Paragraph() | BulletList() | OrderedList():
            yield from block_inlines((part,))
        case _:
            assert_never(part)


def citations(brief: Brief) -> Iterator[Cite]:
    """Every citation in reading order: first cited, first numbered."""
    for part in reading_order(brief):
        for found in _part_inlines(part):
            if isinstance(found, Cite):
                yield found
            else:
                yield from (n for n in iter_inlines(found) if isinstance(n, Cite))
