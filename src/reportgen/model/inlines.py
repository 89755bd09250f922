"""Inline nodes: the runs of text, emphasis, links and citations inside a paragraph.

Strong, Emph, Link and Note hold ``children``; every other node is a leaf. ``model.walk`` is the one
place that descends into children, so a new container node is taught to it there.
"""

from __future__ import annotations

from dataclasses import dataclass


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
class Note:
    """A footnote as written in prose (``text[^1]`` with ``[^1]: ...``, or ``^[...]``): each
    writer puts it where its medium keeps notes (a PDF footnote, Word's footnotes part)."""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class CiteItem:
    """One source of a citation with what Pandoc lets a writer add around it:
    ``[see @key, pp. 3-5, emphasis added]`` or ``[-@key]``.

    ``term`` is the locator's normalized kind ("page", "chapter"... see ``model.locators``)
    and ``locator`` its value as written; ``printed`` is both in the brief's language ("S. 3"),
    filled in by the resolver (``model.citeparts.localize``).
    """

    key: str
    prefix: str = ""
    term: str = ""
    locator: str = ""
    plural: bool = False
    suffix: str = ""
    suppress_author: bool = False
    printed: str = ""

    @property
    def bare(self) -> bool:
        """Nothing but the key: such items may be sorted into number order."""
        return not (self.prefix or self.locator or self.suffix)


@dataclass(frozen=True)
class Cite:
    """A citation of one or more sources; ``numbers`` match ``keys`` one to one.

    ``items`` is empty for a bare ``[@a; @b]``, else one per key (same order). ``in_text``
    marks Pandoc's author-in-text form ``@key``, whose ``author`` (the source's name) the
    resolver fills in so that every writer prints the same words.
    """

    keys: tuple[str, ...]
    numbers: tuple[int, ...] = ()
    items: tuple[CiteItem, ...] = ()
    in_text: bool = False
    author: str = ""


Inline = Text | Code | LineBreak | Strong | Emph | Link | Cite | Note
Inlines = tuple[Inline, ...]
Container = Strong | Emph | Link | Note  # the nodes with children
