"""The words around a citation's numbers, shared by every writer so that the PDF, the DOCX and
the e-mail say the same: ``[see 1, p. 3; also 2]``, ``Nature [1]`` (Pandoc's Writers/Shared).

A writer prints ``before``, then the number (a link where it can), then ``after``; a group
joins its pieces with ``separator``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from .inlines import Cite, CiteItem

_RANGE = re.compile(r"(?<=\w)\s*-\s*(?=\w)")  # "33-35" prints with an en dash, as CSL styles do


@dataclass(frozen=True)
class Piece:
    key: str
    number: int
    before: str
    after: str


def locator_text(item: CiteItem, labels: Mapping[str, str]) -> str:
    """"p. 3" in the brief's language (``locator_page`` in translations, English underneath)."""
    if not item.term:
        return ""
    pattern = labels.get(f"locator_{item.term}{'_plural' if item.plural else ''}", "{}")
    return pattern.replace("{}", _RANGE.sub("\u2013", item.locator))


def localize(labels: Mapping[str, str], author_of: Callable[[str], str]) -> Callable[[Cite], Cite]:
    """A ``map_cites`` function filling in the printed locators and, for ``@key`` in running
    text, the source's name."""
    def fill(cite: Cite) -> Cite:
        items = tuple(replace(i, printed=locator_text(i, labels)) for i in cite.items)
        author = author_of(cite.keys[0]) if cite.in_text and cite.keys else ""
        return replace(cite, items=items, author=author)
    return fill


def pieces(cite: Cite) -> list[Piece]:
    """One piece per source, in the group's order, with its prefix, locator and suffix."""
    numbers = cite.numbers or (0,) * len(cite.keys)
    if not cite.items:
        return [Piece(k, n, "", "") for k, n in zip(cite.keys, numbers, strict=True)]
    out = []
    for item, number in zip(cite.items, numbers, strict=True):
        after = ", ".join(part for part in (item.printed, item.suffix) if part)
        out.append(Piece(item.key, number, f"{item.prefix} " if item.prefix else "",
                         f", {after}" if after else ""))
    return out


def separator(cite: Cite) -> str:
    """Bare numbers are a list ("1, 2"); with locators or prefixes, Pandoc's ";" ("1, p. 3; 2")."""
    return "; " if cite.items and not cite.in_text else ", "
