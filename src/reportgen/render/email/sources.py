"""The sources an e-mail's summary and takeaways cite, as compact lines under the takeaways.

A reader of a briefing e-mail sees citation numbers ([1, 4]); without a list they would point
nowhere, and a forwarded message may have lost its attachment. Only the sources cited in the
message are listed, with their numbers from the brief (so they match the attached PDF):
publisher, title, date and link, as in the brief's own list, without notes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ...labels import long_date
from ...model import Block, Brief, Cite, Inlines, Source
from ...model.walk import block_inlines, iter_inlines


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


def cited_sources(brief: Brief, summary: Sequence[Block],
                  takeaways: Sequence[Inlines]) -> tuple[Source, ...]:
    """The brief's sources cited in these parts, in number order."""
    keys = {key for part in (*block_inlines(summary), *takeaways)
            for node in iter_inlines(part) if isinstance(node, Cite) for key in node.keys}
    return tuple(s for s in brief.sources if s.id in keys)


def _stop(text: str) -> str:
    return text if text[-1:] in ".?!" else text + "."


def source_lines(sources: Iterable[Source], language: str,
                 labels: Mapping[str, Any] | None = None) -> list[SourceLine]:
    """One compact line per source: the brief's house format without the note."""
    return [SourceLine(s.number, _stop(s.publisher), _stop(s.title),
                       _stop(long_date(s.date, language, labels)), s.url) for s in sources]
