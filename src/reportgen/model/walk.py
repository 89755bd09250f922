"""The one traversal of the document tree, as Pandoc's ``Text.Pandoc.Walk`` is for its AST.

Writers and checks do not descend into inline children or block items by hand: they iterate
(``iter_inlines``, ``block_inlines``), transform (``map_inlines``, ``map_blocks``) or ask the
layout rule that keeps a citation on its word's line (``glue``). A new container node is taught
to this module only. The order in which a reader meets the parts of a brief is ``model.order``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import assert_never

from .blocks import Block, BulletList, OrderedList, Paragraph
from .document import BodyPart, Brief, ComparisonTable, Figure, Quote, Section, TableRow
from .inlines import Cite, Container, Inline, Inlines, Text

InlinesFn = Callable[[Inlines], Inlines]


def iter_inlines(nodes: Inlines) -> Iterator[Inline]:
    """Every node of an inline tree, depth first, each container before its children."""
    for node in nodes:
        yield node
        if isinstance(node, Container):
            yield from iter_inlines(node.children)


def map_inlines(fn: InlinesFn, nodes: Inlines) -> Inlines:
    """Apply ``fn`` to every run of sibling nodes, innermost first (Pandoc's ``walk`` on
    ``[Inline]``): ``fn`` sees whole runs, so it may drop, merge or look at neighbours."""
    return fn(tuple(_map_children(fn, node) for node in nodes))


def _map_children(fn: InlinesFn, node: Inline) -> Inline:
    if isinstance(node, Container):
        return replace(node, children=map_inlines(fn, node.children))
    return node


def block_inlines(blocks: Iterable[Block]) -> Iterator[Inlines]:
    """The inline tree of each paragraph and of each list item, in order."""
    for block in blocks:
        match block:
            case Paragraph(inlines=inlines):
                yield inlines
            case BulletList(items=items) | OrderedList(items=items):
                yield from items
            case _:
                assert_never(block)


def map_blocks(fn: InlinesFn, blocks: Iterable[Block]) -> tuple[Block, ...]:
    """The blocks with ``fn`` applied to each paragraph's and each list item's inline tree."""
    out: list[Block] = []
    for block in blocks:
        match block:
            case Paragraph(inlines=inlines):
                out.append(Paragraph(fn(inlines)))
            case BulletList(items=items) | OrderedList(items=items):
                out.append(type(block)(tuple(fn(item) for item in items)))
            case _:
                assert_never(block)
    return tuple(out)


def map_cites(fn: Callable[[Cite], Cite], brief: Brief) -> Brief:
    """The brief with ``fn`` applied to every citation: in prose, after a quote, in a table row,
    under a figure. (Which one comes first is ``model.order.citations``.)"""
    def run(nodes: Inlines) -> Inlines:
        return tuple(fn(n) if isinstance(n, Cite) else n for n in nodes)

    return map_prose(run, brief, fn)


def map_prose(run: InlinesFn, brief: Brief,
              cite: Callable[[Cite], Cite] = lambda c: c) -> Brief:
    """The brief with ``run`` applied to every run of inline siblings in its prose (summary,
    takeaways, sections, captions, table cells and notes) and ``cite`` to the citations
    outside prose (a quote's, a table row's, a figure's sources)."""
    fn = cite

    def inlines(nodes: Inlines) -> Inlines:
        return map_inlines(run, nodes)

    def quote(q: Quote) -> Quote:
        return replace(q, cite=fn(q.cite)) if q.cite is not None else q

    def figure(f: Figure) -> Figure:
        return replace(f, caption=inlines(f.caption),
                       cite=fn(f.cite) if f.cite is not None else None)

    def section(sec: Section) -> Section:
        return replace(sec, blocks=map_blocks(inlines, sec.blocks),
                       quotes=tuple(quote(q) for q in sec.quotes),
                       subsections=tuple(section(s) for s in sec.subsections),
                       figures=tuple(figure(f) for f in sec.figures))

    def part(p: BodyPart) -> BodyPart:
        match p:
            case Section():
                return section(p)
            case ComparisonTable():
                rows = tuple(TableRow(tuple(inlines(c) for c in row.cells), fn(row.cite))
                             for row in p.rows)
                return replace(p, rows=rows, note=inlines(p.note))
            case _:
                assert_never(p)

    return replace(brief, summary=map_blocks(inlines, brief.summary),
                   takeaways=tuple(inlines(t) for t in brief.takeaways),
                   body=tuple(part(p) for p in brief.body))


def map_figures(fn: Callable[[Figure], Figure], brief: Brief) -> Brief:
    """The brief with every figure replaced by ``fn(figure)`` (e.g. once its chart is drawn)."""
    if not brief.figures:
        return brief

    def section(s: Section) -> Section:
        return replace(s, subsections=tuple(section(sub) for sub in s.subsections),
                       figures=tuple(fn(f) for f in s.figures))

    return replace(brief, body=tuple(section(p) if isinstance(p, Section) else p
                                     for p in brief.body))


def glue(nodes: Inlines) -> Iterator[tuple[Inline, bool]]:
    """Each node with whether it is glued to its neighbour, so a citation stays on its word's
    line in every format ("claim [3]" never leaves "[3]" alone at the start of a line).

    Text followed by a citation after white space comes without that space, flagged True; the
    citation after it is flagged True too. Each writer then joins the two with its own
    unbreakable space (a no-break space in HTML and Word, a placeholder in wrapped plain text).
    An author-in-text citation ("as @key says") is running text and is not glued.
    """
    glued = False
    for i, node in enumerate(nodes):
        if isinstance(node, Text):
            after = nodes[i + 1] if i + 1 < len(nodes) else None
            glued = (isinstance(after, Cite) and not after.in_text
                     and node.text[-1:].isspace())
            yield (Text(node.text.rstrip()), True) if glued else (node, False)
            continue
        yield node, glued and isinstance(node, Cite)
        glued = False
