"""The sources an e-mail's summary and takeaways cite, as compact lines under the takeaways.

A reader of a briefing e-mail sees citation numbers ([1, 4]); without the list they would
point nowhere. Only the sources cited in the message are listed, with their numbers from the
brief (so they match the attached PDF): publisher, title, date and link, as in the brief's own
list, without notes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .labels import long_date
from .model import (
    Block,
    Brief,
    BulletList,
    Cite,
    Emph,
    Inlines,
    Link,
    OrderedList,
    Paragraph,
    Source,
    Strong,
)


@dataclass(frozen=True)
class SourceLine:
    number: int
    publisher: str  # each part ends with a full stop
    title: str
    date: str  # "1 December 2025."
    url: str | None

    @property
    def text(self) -> str:
        return f"{self.publisher} {self.title} {self.date}"


def _keys(nodes: Inlines) -> Iterable[str]:
    for node in nodes:
        if isinstance(node, Cite):
            yield from node.keys
        elif isinstance(node, Strong | Emph | Link):
            yield from _keys(node.children)


def _inlines(blocks: Sequence[Block]) -> Iterable[Inlines]:
    for block in blocks:
        if isinstance(block, Paragraph):
            yield block.inlines
        elif isinstance(block, BulletList | OrderedList):
            yield from block.items


def cited_sources(brief: Brief, summary: Sequence[Block],
                  takeaways: Sequence[Inlines]) -> tuple[Source, ...]:
    """The brief's sources cited in these parts, in number order."""
    keys = {k for part in (*_inlines(summary), *takeaways) for k in _keys(part)}
    return tuple(s for s in brief.sources if s.id in keys)


def _stop(text: str) -> str:
    return text if text[-1:] in ".?!" else text + "."


def source_lines(sources: Iterable[Source], language: str,
                 labels: Mapping[str, Any] | None = None) -> list[SourceLine]:
    """One compact line per source: the brief's house format without the note."""
    return [SourceLine(s.number, _stop(s.publisher), _stop(s.title),
                       _stop(long_date(s.date, language, labels)), s.url) for s in sources]
