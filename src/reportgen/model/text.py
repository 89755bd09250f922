"""Plain text of the model: for metadata (PDF and DOCX subject), word counts and checks."""

from __future__ import annotations

from collections.abc import Iterable
from typing import assert_never

from .blocks import Block, BulletList, OrderedList, Paragraph
from .citeparts import pieces, separator
from .inlines import Cite, Code, Emph, Inline, Inlines, LineBreak, Link, Note, Strong, Text
from .walk import iter_inlines


def cite_text(cite: Cite) -> str:
    """A citation as the reader sees it in numeric style: "[1, 2]", "[see 1, p. 3; 2]",
    "Nature [1]"."""
    group = separator(cite).join(f"{p.before}{p.number or '?'}{p.after}" for p in pieces(cite))
    return f"{cite.author}\u00a0[{group}]" if cite.in_text and cite.author else f"[{group}]"


def _leaf_text(node: Inline) -> str:
    match node:
        case Text(text=t) | Code(text=t):
            return t
        case LineBreak():
            return "\n"
        case Cite():
            return cite_text(node)
        case Strong() | Emph() | Link() | Note():
            return ""  # a container: its children follow
        case _:
            assert_never(node)


def plain_text(inlines: Inlines) -> str:
    """An inline tree as text, citations as bracketed numbers."""
    return "".join(_leaf_text(node) for node in iter_inlines(inlines))


def blocks_text(blocks: Iterable[Block]) -> str:
    """Blocks as paragraphs of plain text; list items start with '- '."""
    parts: list[str] = []
    for block in blocks:
        match block:
            case Paragraph(inlines=inlines):
                parts.append(plain_text(inlines))
            case BulletList(items=items) | OrderedList(items=items):
                parts.extend("- " + plain_text(i) for i in items)
            case _:
                assert_never(block)
    return "\n\n".join(parts)
