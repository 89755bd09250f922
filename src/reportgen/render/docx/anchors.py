"""Field-path anchors: each DOCX paragraph that comes from a YAML field says which one.

The anchor is a hidden bookmark (a name starting with ``_``, which Word hides from its bookmark
list) wrapping the paragraph's content. Bookmarks were measured against content controls with a
real edit-and-save in LibreOffice (``tests/review``): bookmarks survive tracked edits, comments
and a save as DOCX; block content controls do not. Names are short because Word allows 40
characters: ``_rg`` then the path in one-letter codes, e.g. ``_rg_s2b_1_3`` for item 3 of block 1
of ``sections[2].body``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace

from docx.oxml.parser import oxml_parser
from lxml.etree import _Element as Element

from ...errors import FieldPath
from ...model import Brief, Section
from ...model.walk import map_figures

PREFIX = "_rg_"
_CODES = {"summary": "S", "takeaways": "T", "sections": "s", "subsections": "u", "body": "b",
          "heading": "h", "comparison": "c", "rows": "r", "cells": "k", "caption": "p",
          "note": "n", "quotes": "q", "figures": "f", "meta": "m", "title": "t",
          "subtitle": "v", "series": "e", "columns": "o"}
_NAMES = {code: name for name, code in _CODES.items()}
_TOKEN = re.compile(r"([A-Za-z])(\d*)")


@dataclass(frozen=True)
class Anchor:
    """A field, and where in its Markdown the paragraph is (block, list item), if it has any."""

    path: FieldPath
    block: int | None = None
    item: int | None = None

    @property
    def name(self) -> str:
        code = "".join(f"{_CODES[p]}" if isinstance(p, str) else str(p) for p in self.path)
        rest = "".join(f"_{n}" for n in (self.block, self.item) if n is not None)
        if self.block is None and self.item is not None:
            rest = f"__{self.item}"
        return f"{PREFIX}{code}{rest}"


def parse(name: str) -> Anchor | None:
    """The anchor a bookmark name stands for; None for any other bookmark."""
    if not name.startswith(PREFIX):
        return None
    code, _, rest = name[len(PREFIX):].partition("_")
    path: list[str | int] = []
    for letter, digits in _TOKEN.findall(code):
        if letter not in _NAMES:
            return None
        path.append(_NAMES[letter])
        if digits:
            path.append(int(digits))
    if "".join(f"{a}{b}" for a, b in _TOKEN.findall(code)) != code:
        return None
    parts = rest.split("_") if rest else []
    try:
        numbers = [int(p) if p else None for p in parts]
    except ValueError:
        return None
    block = numbers[0] if numbers else None
    item = numbers[1] if len(numbers) > 1 else None
    return Anchor(tuple(path), block, item)


def _blocks(out: dict[int, Anchor], blocks: tuple[object, ...], path: FieldPath) -> None:
    for b, block in enumerate(blocks):
        out[id(block)] = Anchor(path, b)
        for i, item in enumerate(getattr(block, "items", ())):
            out[id(item)] = Anchor(path, b, i)


def _section(out: dict[int, Anchor], section: Section, path: FieldPath) -> None:
    out[id(section)] = Anchor((*path, "heading"))
    _blocks(out, section.blocks, (*path, "body"))
    for quote in section.quotes:
        if quote.index is not None:
            out[id(quote)] = Anchor(("quotes", quote.index))
    for j, sub in enumerate(section.subsections):
        _section(out, sub, (*path, "subsections", j))
    for figure in section.figures:
        field = figure.where.field if figure.where else None
        found = re.match(r"figures\[(\d+)\]", field or "")
        if found:
            out[id(figure)] = Anchor(("figures", int(found[1]), "caption"))


def anchor_map(brief: Brief) -> dict[int, Anchor]:
    """Every printed part of ``brief`` that comes from one YAML field, by object identity
    (blocks, list items, takeaways, sections' headings, quotes, figures, table rows)."""
    out: dict[int, Anchor] = {}
    _blocks(out, brief.summary, ("summary",))
    for i, takeaway in enumerate(brief.takeaways):
        out[id(takeaway)] = Anchor(("takeaways", i))
    sections = [part for part in brief.body if isinstance(part, Section)]
    for i, section in enumerate(sections):
        _section(out, section, ("sections", i))
    table = brief.table
    out[id(table)] = Anchor(("comparison", "caption"))
    for r, row in enumerate(table.rows):
        out[id(row)] = Anchor(("comparison", "rows", r))
    return out


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def around(content: list[Element], anchor: Anchor, bookmark_id: int) -> list[Element]:
    """``content`` (a paragraph's runs) inside the anchor's bookmark; nothing shows."""
    ident = {f"{_W}id": str(bookmark_id)}
    start = oxml_parser.makeelement(f"{_W}bookmarkStart", {**ident, f"{_W}name": anchor.name})
    return [start, *content, oxml_parser.makeelement(f"{_W}bookmarkEnd", ident)]


def content_digest(brief: Brief) -> str:
    """A short digest of what the brief says (not of its YAML's layout or comments), stored in
    the DOCX so ``review --apply`` can tell that the brief changed since the build: applying
    then would undo those edits."""
    # Not the folder, nor the picture (drawn before or after this, depending on the caller).
    placed = map_figures(lambda f: replace(f, where=None, data=b"", media_type=""), brief)
    return hashlib.sha256(repr(placed).encode("utf-8")).hexdigest()[:16]


def identifier(slug: str, digest: str) -> str:
    """The DOCX's ``dc:identifier``, which LibreOffice and Word keep: the slug and the digest."""
    return f"{slug};rg={digest}"


def parse_identifier(value: str) -> tuple[str, str | None]:
    slug, _, digest = value.partition(";rg=")
    return slug, digest or None


def anchor_names(brief: Brief) -> set[str]:
    """Every anchor name a DOCX of ``brief`` carries (a table row's stand for its cells)."""
    rows = {id(row): len(row.cells) for row in brief.table.rows}
    names: set[str] = set()
    for key, anchor in anchor_map(brief).items():
        if key in rows:
            names.update(Anchor((*anchor.path, "cells", c)).name for c in range(rows[key]))
        else:
            names.add(anchor.name)
    return names
