"""Citations with ids, so every source can link back to each place that cites it.

The PDF's citations only point forward ([1] -> source 1). On the web a reader who followed a
link wants the way back, as Wikipedia gives it; each citation link gets an id (``cite-3``) and
the collector remembers, per source, the ids that point at it, in reading order. Jinja renders
a template top to bottom, so by the time the source list is rendered every citation is known.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field

from markupsafe import Markup

from ...model import Cite


@dataclass
class Citations:
    """The citation links of one rendering, per source id, in reading order."""

    by_key: dict[str, list[str]] = field(default_factory=dict)
    count: int = 0

    def link(self, key: str, number: int, text: str) -> Markup:
        self.count += 1
        anchor = f"cite-{self.count}"
        self.by_key.setdefault(key, []).append(anchor)
        return Markup('<a class="cite" id="{}" href="#src-{}">{}</a>').format(anchor, key, text)

    def render(self, cite: Cite, glued: bool = False) -> Markup:
        """``[1]`` or ``[1, 3]``, each number its own link, as in the PDF."""
        numbers = cite.numbers or (0,) * len(cite.keys)
        lead = Markup("\u00a0") if glued else Markup("")
        if len(cite.keys) == 1 and numbers[0]:
            return lead + self.link(cite.keys[0], numbers[0], f"[{numbers[0]}]")
        links = [self.link(key, number, str(number)) if number
                 else Markup('<span class="cite cite-unknown">?</span>')
                 for key, number in zip(cite.keys, numbers, strict=True)]
        # A plain space after each comma: a long group may wrap on a narrow screen.
        return Markup('{}<span class="cite-group">[{}]</span>').format(
            lead, Markup(", ").join(links))

    def back(self, key: str) -> list[str]:
        return self.by_key.get(key, [])


current: ContextVar[Citations] = ContextVar("current_citations")


def render_cite(cite: Cite, glued: bool = False) -> Markup:
    return current.get().render(cite, glued)
