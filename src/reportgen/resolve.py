"""Schema-valid input -> the resolved document model, with checks about meaning.

Parses every piece of prose once, numbers sources in first-cited order, places the table and the
quotes, and reports what is wrong or doubtful as Problems keyed by field path. ``load.py`` attaches
file positions to those paths.

An issue may carry ``find``, a regular expression for the offending text inside the field's YAML
value (a citation key, a link target, a heading line), so that an error in a long ``body: |``
block points at the line that holds it rather than at the first line of the block.

``resolve`` also runs on a *salvaged* brief when the schema failed (see ``load.py``), so it must
not assume more than the types: ids may be empty, lists may be shorter than the schema allows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from .errors import did_you_mean
from .inline import MarkupError, Quotes, parse_blocks, parse_inline, smarten
from .labels import labels_for, prose_quotes
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
    quote_at,
)
from .schema import BriefIn, QuoteIn, RowIn

SUMMARY_MAX_WORDS = 200

FieldPath = tuple[str | int, ...]  # ("sources", 3, "url"): keys and list indexes


@dataclass(frozen=True)
class Issue:
    """A problem found at a field path (a tuple of keys and list indexes)."""

    path: FieldPath
    message: str
    hint: str | None = None
    severity: str = "error"
    expected: str | None = None
    find: str | None = None  # regex locating the offending text inside the field's value
    # Fields this check relied on: if the schema rejected one of them (or a list holding it),
    # the loader drops this issue rather than report a consequence of that error.
    depends: tuple[FieldPath, ...] = ()


def cite_pattern(key: str) -> str:
    """Where ``[@key]`` or ``@key`` in ``[@a; @key]`` is written (folded lines allowed)."""
    return rf"@{re.escape(key)}(?=\s*[;\]])"


class Numbering:
    """Assigns source numbers in first-cited order while the document is walked."""

    def __init__(self, known: Iterable[str], depends: tuple[FieldPath, ...] = ()) -> None:
        self.known = list(known)
        self.depends = depends
        self.order: dict[str, int] = {}
        self.issues: list[Issue] = []

    def cite(self, cite: Cite, path: FieldPath, item_paths: Sequence[FieldPath] | None = None,
             in_prose: bool = False) -> Cite:
        """Number each key of ``cite``; an unknown key is an issue at its own item, if listed."""
        numbers = []
        for k, key in enumerate(cite.keys):
            if key not in self.known:
                self.issues.append(Issue(
                    item_paths[k] if item_paths else path, f"cites unknown source '{key}'",
                    hint=did_you_mean(key, self.known) or "add it under 'sources' or fix the id",
                    expected="the id of an entry in 'sources'",
                    find=cite_pattern(key) if in_prose else None,
                    depends=self.depends,
                ))
                numbers.append(0)
                continue
            numbers.append(self.order.setdefault(key, len(self.order) + 1))
        # Numbers are assigned in written order, then shown ascending ([1, 4, 9]), as numeric
        # citation styles do; keys stay paired with their numbers.
        pairs = sorted(zip(numbers, cite.keys, strict=True))
        return replace(cite, keys=tuple(k for _, k in pairs), numbers=tuple(n for n, _ in pairs))

    def inlines(self, nodes: Inlines, path: FieldPath) -> Inlines:
        out: list[Inline] = []
        for node in nodes:
            if isinstance(node, Cite):
                out.append(self.cite(node, path, in_prose=True))
            elif isinstance(node, Strong | Emph | Link):
                out.append(replace(node, children=self.inlines(node.children, path)))
            else:
                out.append(node)
        return tuple(out)

    def blocks(self, blocks: tuple[Block, ...], path: FieldPath) -> tuple[Block, ...]:
        out: list[Block] = []
        for block in blocks:
            if isinstance(block, Paragraph):
                out.append(Paragraph(self.inlines(block.inlines, path)))
            elif isinstance(block, BulletList | OrderedList):
                out.append(type(block)(tuple(self.inlines(i, path) for i in block.items)))
        return tuple(out)


def _markup_issue(exc: MarkupError, path: FieldPath, hint: str | None = None) -> Issue:
    return Issue(path, str(exc), hint=exc.hint or hint,
                 find=re.escape(exc.snippet) if exc.snippet else None)


def _blocks(text: str, path: FieldPath, issues: list[Issue],
            quotes: Quotes) -> tuple[Block, ...]:
    try:
        return parse_blocks(text, quotes)
    except MarkupError as exc:
        issues.append(_markup_issue(exc, path))
        return ()


def _inline(text: str, path: FieldPath, issues: list[Issue], quotes: Quotes) -> Inlines:
    try:
        return parse_inline(text, quotes)
    except MarkupError as exc:
        issues.append(_markup_issue(exc, path, "write this as one paragraph"))
        return ()


def _links(nodes: Inlines) -> Iterable[str]:
    for node in nodes:
        if isinstance(node, Link):
            yield node.href
        if isinstance(node, Strong | Emph | Link):
            yield from _links(node.children)


_URL_OK = re.compile(r"^(https?://[^\s]+\.[^\s]+|mailto:[^\s@]+@[^\s@]+|#[\w.:-]+)$")


# Anchors every brief has, besides its section, subsection and table ids and src-<source id>.
FIXED_ANCHORS = ("executive-summary", "key-takeaways", "sources")


def _check_links(nodes: Inlines, path: FieldPath, issues: list[Issue],
                 anchors: Sequence[str] | None = None,
                 depends: tuple[FieldPath, ...] = ()) -> None:
    """Only web, mail and in-document links: a brief must not point readers at local files.

    With ``anchors``, a ``#name`` link must name one of them: a link to nothing is dead in
    both the PDF and the DOCX.
    """
    for href in _links(nodes):
        find = rf"(?<=\]\(){re.escape(href)}|(?<=\]\(<){re.escape(href)}"
        if not _URL_OK.match(href):
            issues.append(Issue(
                path, f"link target '{href}' is not a web address",
                expected="https://..., mailto:... or #section-id",
                hint="links may not point at local files" if not href.startswith(("http", "www"))
                else "a web address needs a host name such as example.org",
                find=find,
            ))
        elif anchors is not None and href.startswith("#") and href[1:] not in anchors:
            issues.append(Issue(
                path, f"link target '{href}' names no part of this brief",
                expected="#id of a section, a subsection or the table, or #src-<source id>",
                hint=did_you_mean(href[1:], anchors) or "ids: " + ", ".join(
                    a for a in anchors if not a.startswith("src-")),
                find=find, depends=depends,
            ))


def _all_inlines(blocks: tuple[Block, ...]) -> Iterable[Inlines]:
    for block in blocks:
        if isinstance(block, Paragraph):
            yield block.inlines
        else:
            yield from block.items


def _section_ids(raw: BriefIn, issues: list[Issue]) -> dict[str, FieldPath]:
    """Every section and subsection id (anchors must be unique, also against the table's id)."""
    ids: dict[str, FieldPath] = {}
    for i, sec in enumerate(raw.sections):
        found = [(sec.id, ("sections", i, "id"))] + [
            (sub.id, ("sections", i, "subsections", j, "id"))
            for j, sub in enumerate(sec.subsections)
        ]
        for sid, p in found:
            if not sid:  # missing or invalid: the schema has said so already
                continue
            if sid == raw.comparison.id:
                issues.append(Issue(p, f"duplicate section id '{sid}'",
                                    hint=f"the comparison table already uses the id '{sid}'; "
                                    "rename the section or set comparison.id"))
            elif sid in ids:
                issues.append(Issue(
                    p, f"duplicate section id '{sid}'",
                    hint=f"already used by {_dotted(ids[sid])}; ids must be unique"))
            ids.setdefault(sid, p)
    return ids


def _dotted(path: FieldPath) -> str:
    out = ""
    for part in path[:-1] if path and path[-1] == "id" else path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _summary_words(summary: tuple[Block, ...]) -> int:
    """Words a reader sees, not counting citation numbers such as [1, 2]."""
    text = re.sub(r"\[\d[\d, ]*\]", "", blocks_text(summary))
    return len(re.findall(r"\w+(?:[\u2019'-]\w+)*", text))


WORD_PROPERTY_MAX = 255  # python-docx refuses longer core properties (Word's own limit)


def _core_properties(raw: BriefIn) -> list[Issue]:
    """Title, subject, authors and keywords become the DOCX's core properties, which Word
    stores in at most 255 characters: checked here so that ``validate`` agrees with ``build``."""
    m = raw.meta
    values = {("meta", "title"): m.title, ("meta", "subject"): m.subject,
              ("meta", "authors"): ", ".join(m.authors),
              ("meta", "keywords"): ", ".join(m.keywords)}
    return [Issue(path, f"is {len(value)} characters long; Word stores at most "
                  f"{WORD_PROPERTY_MAX} characters here (the document's {path[1]} property)",
                  hint="shorten it" + (": the longer wording can go in the subtitle or summary"
                                       if path[1] in ("title", "subject") else ""))
            for path, value in values.items() if len(value) > WORD_PROPERTY_MAX]


def resolve(raw: BriefIn) -> tuple[Brief, list[Issue]]:
    """Build the document model; return it with every error and warning found.

    The document is walked in reading order (summary, takeaways, then the body parts as printed:
    each section's lead paragraphs, its quotes, the rest of its prose, its subsections; the table
    where ``after`` places it), so sources are numbered in the order a reader first meets them.
    Uncited sources come last.
    """
    issues: list[Issue] = _core_properties(raw)
    q = prose_quotes(raw.meta.language or "en")

    # Sources: unique ids. A duplicate is reported and dropped; the first entry wins.
    seen: dict[str, int] = {}
    for i, src in enumerate(raw.sources):
        if not src.id:
            continue
        if src.id in seen:
            first = seen[src.id]
            issues.append(Issue(
                ("sources", i, "id"), f"duplicate source id '{src.id}'",
                hint=f"already used by sources[{first}] ('{raw.sources[first].title}'); "
                "give each source its own id, or delete the repeated entry"))
        else:
            seen[src.id] = i
    numbering = Numbering(seen, (("sources",), *(("sources", i, "id")
                                                for i in range(len(raw.sources)))))
    section_ids = _section_ids(raw, issues)
    section_deps: tuple[FieldPath, ...] = (("sections",), *(
        p for i, sec in enumerate(raw.sections)
        for p in [("sections", i, "id"), ("sections", i, "subsections"),
                  *(("sections", i, "subsections", j, "id") for j in range(len(sec.subsections)))]
    ))
    anchors = [*FIXED_ANCHORS, *section_ids, raw.comparison.id, *(f"src-{k}" for k in seen)]
    anchor_deps = (*section_deps, ("comparison", "id"), *numbering.depends)

    def check_links(nodes: Inlines, path: FieldPath) -> None:
        _check_links(nodes, path, issues, anchors, anchor_deps)

    summary = numbering.blocks(_blocks(raw.summary, ("summary",), issues, q), ("summary",))
    for inl in _all_inlines(summary):
        check_links(inl, ("summary",))
    words = _summary_words(summary)
    if words > SUMMARY_MAX_WORDS:
        issues.append(Issue(("summary",), f"executive summary has {words} words",
                            hint=f"keep it to at most {SUMMARY_MAX_WORDS} words; readers skim it",
                            severity="warning"))

    takeaways = []
    for i, t in enumerate(raw.takeaways):
        inl = numbering.inlines(_inline(t, ("takeaways", i), issues, q), ("takeaways", i))
        check_links(inl, ("takeaways", i))
        takeaways.append(inl)

    quotes_by_section: dict[str, list[tuple[int, QuoteIn]]] = {}
    for i, qt in enumerate(raw.quotes):
        if qt.section and qt.section not in section_ids:
            issues.append(Issue(("quotes", i, "section"), f"no section has the id '{qt.section}'",
                                hint=did_you_mean(qt.section, section_ids),
                                expected="the id of a section or subsection",
                                depends=section_deps))
        quotes_by_section.setdefault(qt.section, []).append((i, qt))

    def make_quotes(sid: str) -> tuple[Quote, ...]:
        return tuple(
            Quote(smarten(qt.text, q), smarten(qt.speaker, q), smarten(qt.affiliation, q),
                  numbering.cite(Cite((qt.source,)), ("quotes", i, "source")))
            for i, qt in quotes_by_section.get(sid, [])
        )

    def make_table() -> ComparisonTable:
        t = raw.comparison
        rows = []
        for r, row in enumerate(t.rows):
            base: FieldPath = ("comparison", "rows", r)
            if t.columns and len(row.cells) != len(t.columns):
                issues.append(Issue(
                    (*base, "cells"),
                    f"row has {len(row.cells)} cells but the table has {len(t.columns)} columns",
                    expected=f"{len(t.columns)} cells, one per column ({', '.join(t.columns)})",
                    hint="add or remove cells so each row matches 'columns'",
                    depends=(("comparison", "columns"),),
                ))
            cells = []
            cite = Cite(())
            for c, cell in enumerate(row.cells):
                path: FieldPath = (*base, "cells", c)
                inl = numbering.inlines(_inline(cell, path, issues, q), path)
                check_links(inl, path)
                cells.append(inl)
                if c == 0:  # the row's sources are printed after the row name
                    cite = row_cite(row, base)
            if not row.cells:
                cite = row_cite(row, base)
            rows.append(TableRow(tuple(cells), cite))
        note: Inlines = ()
        if t.note:
            note = numbering.inlines(_inline(t.note, ("comparison", "note"), issues, q),
                                     ("comparison", "note"))
            check_links(note, ("comparison", "note"))
        return ComparisonTable(t.id, smarten(t.heading, q), smarten(t.caption, q),
                               tuple(smarten(c, q) for c in t.columns), tuple(rows), note)

    def row_cite(row: RowIn, base: FieldPath) -> Cite:
        keys = [k for k in row.sources if k]
        paths = [(*base, "sources", k) for k, key in enumerate(row.sources) if key]
        return numbering.cite(Cite(tuple(keys)), (*base, "sources"), paths)

    after = raw.comparison.after
    top_level = {sec.id for sec in raw.sections}
    if after and after not in top_level:
        in_sub = after in section_ids
        issues.append(Issue(
            ("comparison", "after"),
            f"'{after}' is a subsection; the table can only follow a top-level section" if in_sub
            else f"no section has the id '{after}'",
            hint=did_you_mean(after, top_level)
            or "leave 'after' out to place the table after all sections",
            expected="the id of a top-level section", depends=section_deps))

    def prose_and_quotes(text: str, path: FieldPath,
                         sid: str) -> tuple[tuple[Block, ...], tuple[Quote, ...]]:
        """A section's blocks and quotes, numbered in printed order: the quotes stand after
        the lead-in paragraphs (``quote_at``), before the rest of the section's text."""
        parsed = _blocks(text, path, issues, q)
        at = quote_at(Section(sid, "", parsed))
        lead = numbering.blocks(parsed[:at], path)
        quotes = make_quotes(sid)
        blocks = lead + numbering.blocks(parsed[at:], path)
        for inl in _all_inlines(blocks):
            check_links(inl, path)
        return blocks, quotes

    body: list[BodyPart] = []
    table_placed = False
    for i, sec in enumerate(raw.sections):
        blocks, quotes = prose_and_quotes(sec.body, ("sections", i, "body"), sec.id)
        subs = []
        for j, sub in enumerate(sec.subsections):
            sblocks, squotes = prose_and_quotes(
                sub.body, ("sections", i, "subsections", j, "body"), sub.id)
            subs.append(Section(sub.id, smarten(sub.heading, q), sblocks, squotes))
        body.append(Section(sec.id, smarten(sec.heading, q), blocks, quotes, tuple(subs)))
        if after and after == sec.id and not table_placed:
            body.append(make_table())
            table_placed = True
    if not table_placed:
        body.append(make_table())

    issues.extend(numbering.issues)

    # Sources never cited: warn, and number them after the cited ones (in the order listed).
    sources = []
    for i, src in enumerate(raw.sources):
        if not src.id or seen.get(src.id) != i:
            continue  # a duplicate (reported above) or an entry without a usable id
        if src.id not in numbering.order:
            issues.append(Issue(("sources", i, "id"), f"source '{src.id}' is never cited",
                                hint=f"cite it with [@{src.id}] or remove it",
                                severity="warning"))
            numbering.order[src.id] = len(numbering.order) + 1
        sources.append(Source(src.id, numbering.order[src.id], smarten(src.title, q),
                              smarten(src.publisher, q), src.date, src.url,
                              smarten(src.note, q) if src.note else None))
    sources.sort(key=lambda s: s.number)

    m = raw.meta
    meta = Meta(
        title=smarten(m.title, q), subtitle=smarten(m.subtitle, q),
        short_title=smarten(m.short_title or m.title, q), date=m.date,
        authors=tuple(m.authors), organization=m.organization, language=m.language,
        slug=m.slug, keywords=tuple(m.keywords), summary_line=smarten(m.subject, q),
        paper=m.paper, series=smarten(m.series, q) if m.series else None,
    )
    brief = Brief(meta, summary, tuple(takeaways), tuple(body), tuple(sources),
                  {**labels_for(m.language or "en"), **(raw.labels.model_dump(exclude_none=True)
                                                         if raw.labels else {})})
    return brief, issues
