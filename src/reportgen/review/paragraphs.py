"""The anchored paragraphs of an edited DOCX: their text pieces, tracked changes and comments.

LibreOffice and Word write the same WordprocessingML for a review: ``w:ins``/``w:del`` around
runs, ``w:rPrChange`` inside a run's properties, ``w:commentRangeStart``/``End`` markers with the
comment text in ``word/comments.xml``. A piece keeps its state (kept, inserted, deleted) so both
readings of a paragraph exist: every pending change rejected, or every one accepted.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from ..render.docx.anchors import Anchor, parse
from .package import Package

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


@dataclass(frozen=True)
class Change:
    kind: str  # "insertion", "deletion", "formatting"
    author: str
    date: str


@dataclass(frozen=True)
class Piece:
    text: str
    bold: bool = False
    italic: bool = False
    link: str | None = None  # a URL, or "#anchor"
    change: Change | None = None
    comments: frozenset[str] = frozenset()  # ids of the comments whose range holds it
    generated: bool = False  # outside the anchor: a label, a row's citations, "Figure 1: "


@dataclass
class Para:
    anchor: Anchor | None
    bookmarks: list[str]
    pieces: list[Piece] = field(default_factory=list)
    comment_starts: list[str] = field(default_factory=list)

    def text(self, accepted: bool) -> str:
        return "".join(p.text for p in self.view(accepted))

    def view(self, accepted: bool) -> list[Piece]:
        """The pieces with every pending change accepted (or every one rejected)."""
        drop = "deletion" if accepted else "insertion"
        return [p for p in self.pieces
                if not p.generated and (p.change is None or p.change.kind != drop)]


@dataclass(frozen=True)
class Comment:
    id: str
    author: str
    date: str
    text: str


def _change(el: etree._Element, kind: str) -> Change:
    return Change(kind, el.get(f"{W}author") or "", el.get(f"{W}date") or "")


def _on(rpr: etree._Element | None, tag: str) -> bool:
    el = rpr.find(f"{W}{tag}") if rpr is not None else None
    return el is not None and el.get(f"{W}val") not in ("0", "false", "none")


class _Reader:
    def __init__(self, links: dict[str, str]) -> None:
        self.links = links
        self.open: set[str] = set()
        self.in_field = False
        self.inside: str | None = None  # the bookmark id of the anchor while inside it

    def paragraph(self, p: etree._Element) -> Para:
        starts = list(p.iter(f"{W}bookmarkStart"))
        marks = [b.get(f"{W}name") or "" for b in starts]
        anchor = next((a for a in map(parse, marks) if a is not None), None)
        para = Para(anchor, marks)
        self.inside = None
        self.anchor_id = next((b.get(f"{W}id") for b in starts
                               if parse(b.get(f"{W}name") or "") is not None), None)
        self.walk(p, para, None, None)
        return para

    def walk(self, el: etree._Element, para: Para, change: Change | None,
             link: str | None) -> None:
        for child in el:
            tag = child.tag
            if tag == f"{W}r":
                self.run(child, para, change, link)
            elif tag == f"{W}ins":
                self.walk(child, para, _change(child, "insertion"), link)
            elif tag == f"{W}del":
                self.walk(child, para, _change(child, "deletion"), link)
            elif tag == f"{W}hyperlink":
                target = child.get(f"{W}anchor")
                href = f"#{target}" if target else self.links.get(child.get(R_ID) or "")
                self.walk(child, para, change, href)
            elif tag == f"{W}commentRangeStart":
                self.open.add(child.get(f"{W}id") or "")
                para.comment_starts.append(child.get(f"{W}id") or "")
            elif tag == f"{W}bookmarkStart" and child.get(f"{W}id") == self.anchor_id:
                self.inside = self.anchor_id
            elif tag == f"{W}bookmarkEnd" and child.get(f"{W}id") == self.inside:
                self.inside = None
            elif tag == f"{W}commentRangeEnd":
                self.open.discard(child.get(f"{W}id") or "")
            elif tag in (f"{W}smartTag", f"{W}sdt", f"{W}sdtContent", f"{W}fldSimple"):
                self.walk(child, para, change, link)

    def run(self, r: etree._Element, para: Para, change: Change | None,
            link: str | None) -> None:
        rpr = r.find(f"{W}rPr")
        moved = rpr.find(f"{W}rPrChange") if rpr is not None else None
        if moved is not None and change is None:
            change = _change(moved, "formatting")
        text = []
        for node in r:
            if node.tag == f"{W}fldChar":
                kind = node.get(f"{W}fldCharType")
                self.in_field = kind == "begin" or (self.in_field and kind != "separate")
            elif self.in_field:
                continue
            elif node.tag in (f"{W}t", f"{W}delText"):
                text.append(node.text or "")
            elif node.tag == f"{W}tab":
                text.append("\t")
            elif node.tag in (f"{W}br", f"{W}cr"):
                text.append("\n")
            elif node.tag == f"{W}noBreakHyphen":
                text.append("\u2011")
        if text:
            para.pieces.append(Piece("".join(text), _on(rpr, "b"), _on(rpr, "i"), link, change,
                                     frozenset(self.open),
                                     para.anchor is not None and self.inside is None))


def paragraphs(pkg: Package) -> Iterator[Para]:
    """Every paragraph of the body, table cells included, in document order."""
    reader = _Reader(pkg.links)
    body = pkg.document.find(f"{W}body")
    for p in body.iter(f"{W}p") if body is not None else ():
        yield reader.paragraph(p)


def comments(pkg: Package) -> dict[str, Comment]:
    out: dict[str, Comment] = {}
    for c in pkg.comments.iter(f"{W}comment") if pkg.comments is not None else ():
        text = "\n".join("".join(t.text or "" for t in p.iter(f"{W}t"))
                         for p in c.iter(f"{W}p"))
        cid = c.get(f"{W}id") or ""
        out[cid] = Comment(cid, c.get(f"{W}author") or "", c.get(f"{W}date") or "", text)
    return out
