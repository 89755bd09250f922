"""What reviewers did, each thing at its YAML position: comments and tracked changes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..errors import dotted
from ..render.docx.anchors import Anchor
from ..source.located import Located
from .locate import position
from .paragraphs import Comment, Para, Piece


@dataclass(frozen=True)
class Finding:
    """One comment or tracked change. ``field`` is None where no YAML field holds it."""

    author: str
    date: str
    what: str  # "comment", "insertion", "deletion", "formatting", "replacement"
    text: str  # the words changed, or the comment
    words: str  # a comment's anchored words; the new words of a replacement
    field: str | None
    line: int | None
    column: int | None
    where: str  # for a finding without a field: the part of the document it is in

    @property
    def mapped(self) -> bool:
        return self.field is not None


def _where(para: Para, last: Anchor | None) -> str:
    if any(b.startswith("src-") or b == "sources" for b in para.bookmarks):
        return "in generated text (Sources)"
    if para.anchor is None and last is not None:
        return f"in a paragraph that is no YAML field (after {dotted(last.path)})"
    return "in generated text (a heading, label or page furniture)"


def _changes(para: Para) -> Iterable[tuple[str, Piece, str, str]]:
    """(kind, piece, new words of a replacement, text before it) per tracked change; a deletion
    followed by an insertion of the same author is one replacement."""
    before, pieces, i = "", para.pieces, 0
    while i < len(pieces):
        p = pieces[i]
        if p.change is None:
            before += p.text
            i += 1
            continue
        nxt = pieces[i + 1] if i + 1 < len(pieces) else None
        if (p.change.kind == "deletion" and nxt is not None and nxt.change is not None
                and nxt.change.kind == "insertion" and nxt.change.author == p.change.author):
            yield "replacement", p, nxt.text, before
            before += p.text
            i += 2
            continue
        yield p.change.kind, p, "", before
        if p.change.kind != "insertion":
            before += p.text
        i += 1


def findings(paras: Iterable[Para], comments: Mapping[str, Comment],
             doc: Located) -> list[Finding]:
    out: list[Finding] = []
    last: Anchor | None = None
    for para in paras:
        anchor = para.anchor
        field = dotted(anchor.path) if anchor else None

        def at(text: str, before: str = "", anchor: Anchor | None = anchor) -> tuple[int, int]:
            return position(doc, anchor.path, text, before) if anchor else (None, None)  # type: ignore[return-value]

        where = "" if anchor else _where(para, last)
        for kind, piece, new, before in _changes(para):
            assert piece.change is not None
            line, col = at("" if kind == "insertion" else piece.text, before)
            out.append(Finding(piece.change.author, piece.change.date, kind, piece.text, new,
                               field, line, col, where))
        for cid in para.comment_starts:
            c = comments.get(cid)
            if c is None:
                continue
            words = "".join(p.text for p in para.pieces if cid in p.comments)
            line, col = at(words)
            out.append(Finding(c.author, c.date, "comment", c.text, words, field, line, col,
                               where))
        last = anchor or last
    return out
