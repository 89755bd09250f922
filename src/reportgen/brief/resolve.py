"""Schema-valid input -> the resolved document model, with checks about meaning.

Parses every piece of prose once, numbers sources in first-cited order (``numbering``, in
``model.order``'s reading order), checks ids and links (``ids``), places the table, the quotes and
the figures (``placement``; a figure's files are read and checked by ``figures``), and reports
what is wrong or doubtful as Problems keyed by field path; ``load`` attaches the file positions.

A problem may carry ``find``, a regular expression for the offending text inside the field's
value (a citation key, a link target, a heading line), so that an error in a long ``body: |``
block points at the line that holds it rather than at the first line of the block.

``resolve`` also runs on a *salvaged* brief when the schema failed (see ``salvage``), so it must
not assume more than the types: ids may be empty, lists may be shorter than the schema allows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from ..errors import FieldPath, Problem
from ..labels import labels_for, prose_quotes
from ..model import (
    Block,
    BodyPart,
    Brief,
    Cite,
    ComparisonTable,
    Figure,
    Inlines,
    Meta,
    Quote,
    Section,
    Source,
    TableRow,
    blocks_text,
)
from ..model.citeparts import localize
from ..model.markdown import MarkupError, Quotes, parse_blocks, parse_inline, smarten
from ..model.walk import map_cites
from ..writing_systems import direction
from .figures import load_picture
from .ids import FIXED_ANCHORS, Anchors, section_depends, section_ids, source_ids
from .language import language_problems
from .numbering import Numbering
from .placement import figures_by_section, quotes_by_section, table_after
from .schema import BriefIn, FigureIn, QuoteIn, RowIn, SourceIn
from .xrefs import resolve_xrefs

SUMMARY_MAX_WORDS = 200


def _markup_problem(exc: MarkupError, path: FieldPath, hint: str | None = None) -> Problem:
    return Problem.at(path, str(exc), hint=exc.hint or hint,
                      find=re.escape(exc.snippet) if exc.snippet else None)


def _summary_words(summary: tuple[Block, ...]) -> int:
    """Words a reader sees, not counting citation numbers such as [1, 2]."""
    text = re.sub(r"\[\d[\d, ]*\]", "", blocks_text(summary))
    return len(re.findall(r"\w+(?:[\u2019'-]\w+)*", text))


WORD_PROPERTY_MAX = 255  # python-docx refuses longer core properties (Word's own limit)


def core_properties(raw: BriefIn) -> list[Problem]:
    """Title, subject, authors and keywords become the DOCX's core properties, which Word
    stores in at most 255 characters: checked here so that ``validate`` agrees with ``build``."""
    m = raw.meta
    values: dict[FieldPath, str] = {
        ("meta", "title"): m.title, ("meta", "subject"): m.subject,
        ("meta", "authors"): ", ".join(m.authors), ("meta", "keywords"): ", ".join(m.keywords)}
    return [Problem.at(path, f"is {len(value)} characters long; Word stores at most "
                       f"{WORD_PROPERTY_MAX} characters here (the document's {path[1]} "
                       "property)",
                       hint="shorten it" + (": the longer wording can go in the subtitle or "
                                            "summary" if path[1] in ("title", "subject") else ""))
            for path, value in values.items() if len(value) > WORD_PROPERTY_MAX]


class _Resolver:
    """Parses and checks every part of a brief, collecting Problems on the way."""

    def __init__(self, raw: BriefIn, from_files: Sequence[SourceIn] = (),
                 base: Path | None = None) -> None:
        self.raw = raw
        self.from_files = from_files
        self.base = base  # the brief's folder, where its figures' files are
        self.problems: list[Problem] = core_properties(raw)
        self.q: Quotes = prose_quotes(raw.meta.language or "en")
        self.sources = source_ids(raw, self.problems)
        if not raw.sources and not from_files:
            self.problems.append(Problem.at(
                ("sources",), "the brief has no sources",
                hint="add entries under 'sources:' or name a file in 'bibliography:'"))
        self.numbering = Numbering([*self.sources, *(s.id for s in from_files)], (("sources",), *(
            ("sources", i, "id") for i in range(len(raw.sources)))))
        self.ids = section_ids(raw, self.problems)
        depends = section_depends(raw)
        names = [*FIXED_ANCHORS, *self.ids, raw.comparison.id, *(f"src-{k}" for k in self.sources),
                 *(f"fig-{f.id}" for f in raw.figures if f.id)]
        self.figure_numbers = iter(range(1, len(raw.figures) + 1))
        self.anchors = Anchors(names, (*depends, ("comparison", "id"), *self.numbering.depends),
                               self.problems)
        self.section_depends = depends

    # Prose

    def blocks(self, text: str, path: FieldPath) -> tuple[Block, ...]:
        try:
            return parse_blocks(text, self.q)
        except MarkupError as exc:
            self.problems.append(_markup_problem(exc, path))
            return ()

    def inline(self, text: str, path: FieldPath) -> Inlines:
        """One paragraph of prose, numbered and link-checked."""
        try:
            parsed = parse_inline(text, self.q)
        except MarkupError as exc:
            self.problems.append(_markup_problem(exc, path, "write this as one paragraph"))
            parsed = ()
        inl = self.numbering.prose(parsed, path)
        self.anchors.check(inl, path)
        return inl

    # Parts, in reading order

    def summary(self) -> tuple[Block, ...]:
        summary = self.numbering.prose_blocks(self.blocks(self.raw.summary, ("summary",)),
                                              ("summary",))
        self.anchors.check_blocks(summary, ("summary",))
        return summary

    def summary_length(self, summary: tuple[Block, ...]) -> None:
        """Counted once numbered: a citation's numbers are not words."""
        words = _summary_words(summary)
        if words > SUMMARY_MAX_WORDS:
            self.problems.append(Problem.at(
                ("summary",), f"executive summary has {words} words",
                hint=f"keep it to at most {SUMMARY_MAX_WORDS} words; readers skim it",
                severity="warning"))

    def quotes(self, sid: str) -> tuple[Quote, ...]:
        q = self.q
        return tuple(
            Quote(smarten(qt.text, prose_quotes(qt.language or self.raw.meta.language or "en")),
                  smarten(qt.speaker, q), smarten(qt.affiliation, q),
                  self.numbering.cited(Cite((qt.source,)), ("quotes", i, "source")),
                  qt.language or self.raw.meta.language or "en",
                  smarten(qt.translation, q) if qt.translation else None, i)
            for i, qt in self.by_section.get(sid, [])
        )

    def prose_and_quotes(self, text: str, path: FieldPath,
                         sid: str) -> tuple[tuple[Block, ...], tuple[Quote, ...]]:
        """A section's blocks and quotes (where the quotes stand is ``model.order``'s rule)."""
        blocks = self.numbering.prose_blocks(self.blocks(text, path), path)
        self.anchors.check_blocks(blocks, path)
        return blocks, self.quotes(sid)

    def figures(self, sid: str) -> tuple[Figure, ...]:
        """The figures that end section ``sid``, numbered (and their citations) in reading
        order; their files are read and checked by ``figures.load_picture``."""
        return tuple(self.figure(i, fig) for i, fig in self.by_figure.get(sid, []))

    def figure(self, i: int, fig: FigureIn) -> Figure:
        path: FieldPath = ("figures", i)
        picture, found = load_picture(fig, i, self.base)
        self.problems.extend(found)
        caption = self.inline(fig.caption, (*path, "caption"))
        keys = tuple(k for k in fig.source if k)
        cite = self.numbering.cited(Cite(keys), (*path, "source"),
                                   [(*path, "source", k) for k in range(len(keys))]) \
            if keys else None
        return Figure(fig.id, next(self.figure_numbers), caption, fig.alt, cite, fig.width,
                      picture.media_type if picture else "image/svg+xml",
                      picture.data if picture else b"", picture.spec if picture else None)

    def row_cite(self, row: RowIn, base: FieldPath) -> Cite:
        keys = [k for k in row.sources if k]
        paths = [(*base, "sources", k) for k, key in enumerate(row.sources) if key]
        return self.numbering.cited(Cite(tuple(keys)), (*base, "sources"), paths)

    def row(self, r: int, row: RowIn, columns: list[str]) -> TableRow:
        base: FieldPath = ("comparison", "rows", r)
        if columns and len(row.cells) != len(columns):
            self.problems.append(Problem.at(
                (*base, "cells"),
                f"row has {len(row.cells)} cells but the table has {len(columns)} columns",
                expected=f"{len(columns)} cells, one per column ({', '.join(columns)})",
                hint="add or remove cells so each row matches 'columns'",
                depends=(("comparison", "columns"),),
            ))
        cells = []
        cite = Cite(())
        for c, cell in enumerate(row.cells):
            cells.append(self.inline(cell, (*base, "cells", c)))
            if c == 0:  # the row's sources are printed after the row name
                cite = self.row_cite(row, base)
        if not row.cells:
            cite = self.row_cite(row, base)
        return TableRow(tuple(cells), cite)

    def table(self) -> ComparisonTable:
        t, q = self.raw.comparison, self.q
        rows = [self.row(r, row, list(t.columns)) for r, row in enumerate(t.rows)]
        note = self.inline(t.note, ("comparison", "note")) if t.note else ()
        return ComparisonTable(t.id, smarten(t.heading, q), smarten(t.caption, q),
                               tuple(smarten(c, q) for c in t.columns), tuple(rows), note)

    def body(self, after: str | None) -> tuple[BodyPart, ...]:
        body: list[BodyPart] = []
        table_placed = False
        for i, sec in enumerate(self.raw.sections):
            blocks, quotes = self.prose_and_quotes(sec.body, ("sections", i, "body"), sec.id)
            subs = []
            for j, sub in enumerate(sec.subsections):
                sblocks, squotes = self.prose_and_quotes(
                    sub.body, ("sections", i, "subsections", j, "body"), sub.id)
                subs.append(Section(sub.id, smarten(sub.heading, self.q), sblocks, squotes,
                                    figures=self.figures(sub.id)))
            body.append(Section(sec.id, smarten(sec.heading, self.q), blocks, quotes,
                                tuple(subs), self.figures(sec.id)))
            if after and after == sec.id and not table_placed:
                body.append(self.table())
                table_placed = True
        if not table_placed:
            body.append(self.table())
        return tuple(body)

    def bibliography(self) -> tuple[Source, ...]:
        """Sources never cited: warn, and number them after the cited ones (in listed order)."""
        order, q = self.numbering.order, self.q
        sources = []
        for i, src in enumerate(self.raw.sources):
            if not src.id or self.sources.get(src.id) != i:
                continue  # a duplicate (reported above) or an entry without a usable id
            if src.id not in order:
                self.problems.append(Problem.at(
                    ("sources", i, "id"), f"source '{src.id}' is never cited",
                    hint=f"cite it with [@{src.id}] or remove it", severity="warning"))
                order[src.id] = len(order) + 1
            sources.append(Source(src.id, order[src.id], smarten(src.title, q),
                                  smarten(src.publisher, q), src.date, src.url,
                                  smarten(src.note, q) if src.note else None))
        for src in self.from_files:  # from bibliography files: printed only when cited
            if src.id in order and src.id not in self.sources:
                sources.append(Source(src.id, order[src.id], smarten(src.title, q),
                                      smarten(src.publisher, q), src.date, src.url,
                                      smarten(src.note, q) if src.note else None))
        return tuple(sorted(sources, key=lambda s: s.number))

    def meta(self) -> Meta:
        m, q = self.raw.meta, self.q
        return Meta(
            title=smarten(m.title, q), subtitle=smarten(m.subtitle, q),
            short_title=smarten(m.short_title or m.title, q), date=m.date,
            authors=tuple(m.authors), organization=m.organization, language=m.language,
            slug=m.slug, keywords=tuple(m.keywords), summary_line=smarten(m.subject, q),
            paper=m.paper, series=smarten(m.series, q) if m.series else None,
            direction=direction(m.language or "en", m.direction),
        )

    def run(self) -> Brief:
        """Every part parsed and checked, then the citations numbered in reading order
        (``model.order``), so sources are numbered in the order a reader first meets them.
        Uncited sources come last."""
        raw = self.raw
        summary = self.summary()
        takeaways = tuple(self.inline(t, ("takeaways", i)) for i, t in enumerate(raw.takeaways))
        self.by_section: dict[str, list[tuple[int, QuoteIn]]] = quotes_by_section(
            raw, self.ids, self.section_depends, self.problems)
        after = table_after(raw, self.ids, self.section_depends, self.problems)
        self.by_figure: dict[str, list[tuple[int, FigureIn]]] = figures_by_section(
            raw, self.ids, self.section_depends, self.problems)
        body = self.body(after)
        self.problems.extend(language_problems(raw))
        labels = {**labels_for(raw.meta.language or "en"),
                  **(raw.labels.model_dump(exclude_none=True) if raw.labels else {})}
        brief, found = resolve_xrefs(Brief(self.meta(), summary, takeaways, body, (), labels),
                                     labels, self.numbering.where)
        self.problems.extend(found)
        brief = self.numbering.number(brief)
        self.summary_length(brief.summary)
        self.problems.extend(self.numbering.problems)
        sources = self.bibliography()
        names = {s.id: s.publisher for s in sources}
        return replace(map_cites(localize(labels, lambda key: names.get(key, "")), brief),
                       sources=sources)


def resolve(raw: BriefIn, bibliography: Sequence[SourceIn] = (),
            base: Path | None = None) -> tuple[Brief, list[Problem]]:
    """Build the document model; return it with every error and warning found (by path).

    ``bibliography`` holds the entries read from the brief's bibliography files (keys already
    checked against ``sources``); they are printed only when cited. ``base`` is the brief's
    folder: figures read their files there (without it, not at all).
    """
    resolver = _Resolver(raw, bibliography, base)
    brief = resolver.run()
    return brief, resolver.problems
