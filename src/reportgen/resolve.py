"""Schema-valid input -> the resolved document model, with checks about meaning.

Parses every piece of prose once, numbers sources in first-cited order, places the table and the
quotes, and reports what is wrong or doubtful as Problems keyed by field path. ``load.py`` attaches
file positions to those paths.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from difflib import get_close_matches

from .inline import MarkupError, citations, parse_blocks, parse_inline
from .labels import labels_for
from .model import (
    Block,
    BodyPart,
    Brief,
    BulletList,
    Cite,
    ComparisonTable,
    Emph,
    Inline,
    Inlines,
    Link,
    Meta,
    OrderedList,
    Paragraph,
    Quote,
    Section,
    Source,
    Strong,
    TableRow,
    blocks_text,
)
from .schema import BriefIn

SUMMARY_MAX_WORDS = 200


@dataclass(frozen=True)
class Issue:
    """A problem found at a field path (a tuple of keys and list indexes)."""

    path: tuple[str | int, ...]
    message: str
    hint: str | None = None
    severity: str = "error"
    expected: str | None = None


class Numbering:
    """Assigns source numbers in first-cited order while the document is walked."""

    def __init__(self, known: Iterable[str]) -> None:
        self.known = list(known)
        self.order: dict[str, int] = {}
        self.issues: list[Issue] = []

    def cite(self, cite: Cite, path: tuple[str | int, ...]) -> Cite:
        numbers = []
        for key in cite.keys:
            if key not in self.known:
                close = get_close_matches(key, self.known, n=1)
                self.issues.append(Issue(
                    path, f"cites unknown source '{key}'",
                    hint=f"did you mean '{close[0]}'?" if close else
                    "add it under 'sources' or fix the id",
                    expected="the id of an entry in 'sources'",
                ))
                numbers.append(0)
                continue
            numbers.append(self.order.setdefault(key, len(self.order) + 1))
        return replace(cite, numbers=tuple(numbers))

    def inlines(self, nodes: Inlines, path: tuple[str | int, ...]) -> Inlines:
        out: list[Inline] = []
        for node in nodes:
            if isinstance(node, Cite):
                out.append(self.cite(node, path))
            elif isinstance(node, Strong | Emph | Link):
                out.append(replace(node, children=self.inlines(node.children, path)))
            else:
                out.append(node)
        return tuple(out)

    def blocks(self, blocks: tuple[Block, ...], path: tuple[str | int, ...]) -> tuple[Block, ...]:
        out: list[Block] = []
        for block in blocks:
            if isinstance(block, Paragraph):
                out.append(Paragraph(self.inlines(block.inlines, path)))
            elif isinstance(block, BulletList | OrderedList):
                out.append(type(block)(tuple(self.inlines(i, path) for i in block.items)))
        return tuple(out)


def _blocks(text: str, path: tuple[str | int, ...], issues: list[Issue]) -> tuple[Block, ...]:
    try:
        return parse_blocks(text)
    except MarkupError as exc:
        issues.append(Issue(path, str(exc)))
        return ()


def _inline(text: str, path: tuple[str | int, ...], issues: list[Issue]) -> Inlines:
    try:
        return parse_inline(text)
    except MarkupError as exc:
        issues.append(Issue(path, str(exc), hint="write this as one paragraph"))
        return ()


def _links(nodes: Inlines) -> Iterable[str]:
    for node in nodes:
        if isinstance(node, Link):
            yield node.href
        if isinstance(node, Strong | Emph | Link):
            yield from _links(node.children)


_URL_OK = re.compile(r"^(https?://[^\s]+\.[^\s]+|mailto:[^\s@]+@[^\s@]+|#[\w.:-]+)$")


def _check_links(nodes: Inlines, path: tuple[str | int, ...], issues: list[Issue]) -> None:
    for href in _links(nodes):
        if not _URL_OK.match(href):
            issues.append(Issue(
                path, f"link target '{href}' is not a web address",
                expected="https://..., mailto:... or #section-id",
                hint="links may not point at local files",
            ))


def _all_inlines(blocks: tuple[Block, ...]) -> Iterable[Inlines]:
    for block in blocks:
        if isinstance(block, Paragraph):
            yield block.inlines
        else:
            yield from block.items


def resolve(raw: BriefIn) -> tuple[Brief, list[Issue]]:
    """Build the document model; return it with every error and warning found."""
    issues: list[Issue] = []

    # Sources: unique ids.
    seen: dict[str, int] = {}
    for i, src in enumerate(raw.sources):
        if src.id in seen:
            issues.append(Issue(("sources", i, "id"), f"duplicate source id '{src.id}'",
                                hint=f"already used by sources[{seen[src.id]}]; ids must be unique"))
        else:
            seen[src.id] = i
    numbering = Numbering(seen)

    section_ids: dict[str, tuple[str | int, ...]] = {}
    for i, sec in enumerate(raw.sections):
        for sid, p in [(sec.id, ("sections", i, "id"))] + [
            (sub.id, ("sections", i, "subsections", j, "id")) for j, sub in enumerate(sec.subsections)
        ]:
            if sid in section_ids or sid == raw.comparison.id:
                issues.append(Issue(p, f"duplicate section id '{sid}'", hint="ids must be unique"))
            section_ids.setdefault(sid, p)

    # Walk in reading order so numbers follow first citation.
    summary = numbering.blocks(_blocks(raw.summary, ("summary",), issues), ("summary",))
    words = len(re.findall(r"\w+(?:[’'-]\w+)*", re.sub(r"\[\d[\d, ]*\]", "", blocks_text(summary))))
    if words > SUMMARY_MAX_WORDS:
        issues.append(Issue(("summary",), f"executive summary has {words} words",
                            hint=f"keep it to at most {SUMMARY_MAX_WORDS} words; readers skim it",
                            severity="warning"))
    takeaways = tuple(
        numbering.inlines(_inline(t, ("takeaways", i), issues), ("takeaways", i))
        for i, t in enumerate(raw.takeaways)
    )

    quotes_by_section: dict[str, list[tuple[int, Quote]]] = {}
    for i, q in enumerate(raw.quotes):
        if q.section not in section_ids:
            close = get_close_matches(q.section, list(section_ids), n=1)
            issues.append(Issue(("quotes", i, "section"), f"no section has the id '{q.section}'",
                                hint=f"did you mean '{close[0]}'?" if close else None,
                                expected="the id of a section"))
        quotes_by_section.setdefault(q.section, []).append((i, q))

    def make_quotes(sid: str) -> tuple[Quote, ...]:
        return tuple(
            Quote(q.text, q.speaker, q.affiliation,
                  numbering.cite(Cite((q.source,)), ("quotes", i, "source")))
            for i, q in quotes_by_section.get(sid, [])
        )

    def make_table() -> ComparisonTable:
        t = raw.comparison
        rows = []
        for r, row in enumerate(t.rows):
            base = ("comparison", "rows", r)
            if len(row.cells) != len(t.columns):
                issues.append(Issue(
                    (*base, "cells"),
                    f"row has {len(row.cells)} cells but the table has {len(t.columns)} columns",
                    expected=f"{len(t.columns)} cells, one per column ({', '.join(t.columns)})",
                    hint="add or remove cells so each row matches 'columns'",
                ))
            cells = []
            for c, cell in enumerate(row.cells):
                inl = _inline(cell, (*base, "cells", c), issues)
                if c == 0:  # the row's sources follow the row name
                    cite = numbering.cite(Cite(tuple(row.sources)), (*base, "sources"))
                inl = numbering.inlines(inl, (*base, "cells", c))
                _check_links(inl, (*base, "cells", c), issues)
                cells.append(inl)
            rows.append(TableRow(tuple(cells), cite))
        note = ()
        if t.note:
            note = numbering.inlines(_inline(t.note, ("comparison", "note"), issues),
                                     ("comparison", "note"))
        return ComparisonTable(t.id, t.heading, t.caption, tuple(t.columns), tuple(rows), note)

    if raw.comparison.after and raw.comparison.after not in section_ids:
        close = get_close_matches(raw.comparison.after, list(section_ids), n=1)
        issues.append(Issue(("comparison", "after"),
                            f"no section has the id '{raw.comparison.after}'",
                            hint=f"did you mean '{close[0]}'?" if close else
                            "leave 'after' out to place the table after all sections",
                            expected="the id of a top-level section"))

    body: list[BodyPart] = []
    table_placed = False
    for i, sec in enumerate(raw.sections):
        path = ("sections", i, "body")
        blocks = numbering.blocks(_blocks(sec.body, path, issues), path)
        for inl in _all_inlines(blocks):
            _check_links(inl, path, issues)
        quotes = make_quotes(sec.id)
        subs = []
        for j, sub in enumerate(sec.subsections):
            spath = ("sections", i, "subsections", j, "body")
            sblocks = numbering.blocks(_blocks(sub.body, spath, issues), spath)
            for inl in _all_inlines(sblocks):
                _check_links(inl, spath, issues)
            subs.append(Section(sub.id, sub.heading, sblocks, make_quotes(sub.id)))
        body.append(Section(sec.id, sec.heading, blocks, quotes, tuple(subs)))
        if raw.comparison.after == sec.id:
            body.append(make_table())
            table_placed = True
    if not table_placed:
        body.append(make_table())

    for inl in _all_inlines(summary):
        _check_links(inl, ("summary",), issues)
    for i, inl in enumerate(takeaways):
        _check_links(inl, ("takeaways", i), issues)

    issues.extend(numbering.issues)

    # Sources never cited: warn, and number them after the cited ones.
    sources = []
    for i, src in enumerate(raw.sources):
        if src.id not in numbering.order:
            if seen.get(src.id) == i:
                issues.append(Issue(("sources", i, "id"), f"source '{src.id}' is never cited",
                                    hint=f"cite it with [@{src.id}] or remove it",
                                    severity="warning"))
                numbering.order[src.id] = len(numbering.order) + 1
            else:
                continue
        if seen.get(src.id) != i:
            continue
        sources.append(Source(src.id, numbering.order[src.id], src.title, src.publisher,
                              src.date, src.url, src.note))
    sources.sort(key=lambda s: s.number)

    m = raw.meta
    meta = Meta(
        title=m.title, subtitle=m.subtitle, short_title=m.short_title or m.title, date=m.date,
        authors=tuple(m.authors), organization=m.organization, language=m.language,
        slug=m.slug, keywords=tuple(m.keywords), summary_line=m.subject, paper=m.paper,
        series=m.series,
    )
    brief = Brief(meta, summary, takeaways, tuple(body), tuple(sources), labels_for(m.language))
    return brief, issues
