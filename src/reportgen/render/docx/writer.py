"""Brief -> editable Word document (.docx), with python-docx.

The DOCX says what the PDF says, in the same order, but it is meant to be *edited*: every look is a
named style (Pandoc's reference-doc names where Pandoc has one, Word's built-in names otherwise), so
an organization restyles a brief in Word, or passes its own reference .docx, instead of fighting
direct formatting. The styles are made in ``styles.py``; what python-docx has no API for
(hyperlinks, bookmarks, fields, repeated table headers, bulk table rows) is in ``oxml.py``.

Builds are reproducible: the same brief and theme give the same bytes (dates come from the brief,
never from the clock; zip member timestamps are fixed).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import assert_never

from docx import Document
from docx.blkcntnr import BlockItemContainer
from docx.document import Document as DocumentObject
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.image.exceptions import UnrecognizedImageError
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.part import Part
from docx.section import Section as DocxSection
from docx.shared import Cm, Length, Twips
from docx.text.paragraph import Paragraph as DocxParagraph

from ...errors import InputError, Problem
from ...fonts.stacks import script_families_for
from ...labels import long_date, quote_marks  # the same words and dates as the PDF
from ...model import (
    Block,
    Brief,
    BulletList,
    Cite,
    Code,
    ComparisonTable,
    Emph,
    Figure,
    Inlines,
    LineBreak,
    Link,
    Note,
    OrderedList,
    Paragraph,
    Quote,
    Section,
    Source,
    Strong,
    TableRow,
    Text,
    plain_text,
)
from ...model.citeparts import pieces, separator
from ...model.order import body_order
from ...model.walk import glue
from ...source.images import Refused
from ...theme import Logo, Theme
from ...writing_systems import primary
from . import anchors, oxml
from .a11y import describe_table
from .measure import HEADER_DISTANCE, MARGINS
from .notes import Footnotes
from .oxml import Element, RunFormat
from .pictures import SVG, add_picture
from .reference import checked_reference
from .styles import (
    ABSTRACT,
    AUTHOR,
    BIBLIOGRAPHY,
    BODY_TEXT,
    CAPTION,
    COMPACT,
    FIGURE,
    FIGURE_SOURCE,
    FIRST_PARAGRAPH,
    HYPERLINK,
    LIST_BULLET,
    LIST_NUMBER,
    QUOTE,
    SERIES,
    TABLE_NOTE,
    TABLE_STYLE,
    VERBATIM,
    Styles,
)
from .writing import LRM, RLM, localize, set_run_language

__all__ = ["render_docx"]

LOGGER = logging.getLogger("reportgen")
PAPER = {"A4": (Twips(11906), Twips(16838)), "Letter": (Twips(12240), Twips(15840))}
LOGO_HEIGHT = Cm(1.2)  # as the PDF title block (12 mm)
HEADER_LOGO_HEIGHT = Cm(0.4)  # as the PDF running header (4 mm)
LOGO_SPACE_AFTER = Cm(0.6)  # between the page-1 logo and the title block, as the PDF
FIRST_COLUMN_SHARE = 0.14  # the row names are short; their citations wrap under them
NBSP = "\u00a0"
APPLICATION = "reportgen"  # docProps/app.xml (python-docx's template: "Microsoft Macintosh Word")
_TOOLTIP_MAX = 250  # Word truncates hyperlink tooltips at 255 characters


def render_docx(brief: Brief, theme: Theme) -> bytes:
    """The brief as a .docx file's bytes; identical input gives identical bytes."""
    digest = anchors.content_digest(brief)
    if any(f.spec is not None and not f.data for f in brief.figures):
        from ..charts import render_figures  # vl-convert only for briefs with charts

        brief = render_figures(brief, theme)
    return _Writer(brief, theme, digest).render()


# ---------------------------------------------------------------------------------------------
# Small pure helpers


SENTENCE_ENDS = (".", "?", "!", "\u3002", "\uff1f", "\uff01")  # and the Chinese full-width ones


def _stop(text: str) -> str:
    """End a bibliography piece with a full stop unless it already ends a sentence (as the PDF)."""
    return text if text.rstrip().endswith(SENTENCE_ENDS) else f"{text}."


def _open_reference(path: Path) -> DocumentObject:
    """The reference document, reduced to the parts the writer uses (``docxref``: external
    links, customXml and even-page headers removed, with a warning) and emptied of its sample
    content: only styles and page setup count."""
    checked = checked_reference(path)
    if checked.problems:
        raise InputError(checked.problems)
    for removed in checked.removed:
        LOGGER.warning(f"{path}: {removed}")
    try:
        doc = Document(io.BytesIO(checked.data))
    except (PackageNotFoundError, ValueError, KeyError) as exc:
        raise InputError([Problem(
            str(path), f"cannot use this reference document: {exc}",
            hint="save it from Word as a .docx document (not .dotx or .doc), or remove "
                 "reference_docx from the brand",
        )]) from None
    oxml.clear_body(doc.element.body)
    return doc


APP_PROPERTIES = "docProps/app.xml"


def _normalize_zip(data: bytes, when: dt.date) -> bytes:
    """Rewrite the package with fixed member timestamps (python-docx stamps the current time),
    naming reportgen as the application in ``docProps/app.xml``."""
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():  # keeps [Content_Types].xml first, as readers expect
            member = zipfile.ZipInfo(info.filename, date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.create_system = 0  # otherwise the host OS leaks into the bytes
            member.external_attr = 0
            content = src.read(info)
            if info.filename == APP_PROPERTIES:
                content = oxml.app_properties(content, APPLICATION)
            dst.writestr(member, content)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# The writer


class _Writer:
    def __init__(self, brief: Brief, theme: Theme, digest: str = "") -> None:
        self.brief = brief
        self.digest = digest
        self.meta = brief.meta
        self.theme = theme
        self.labels = brief.labels
        ref = theme.reference_docx
        self.doc: DocumentObject = _open_reference(ref) if ref else Document()
        self.styles = Styles(self.doc, theme, from_reference=ref is not None,
                             language=brief.meta.language)
        self.sources = {s.id: s for s in brief.sources}
        self._bookmark_id = 0
        self.anchors = anchors.anchor_map(brief)  # field paths, for `reportgen review`
        self._shape_id = 0
        self._style_ids: dict[str, str] = {}
        self.footnotes = Footnotes(self.doc, theme.base_size_pt - 1)
        self._link_part: Part = self.doc.part  # where a link's r:id goes (a note: its part)

    def label(self, key: str, default: str) -> str:
        return self.labels.get(key) or default

    @property
    def colon(self) -> str:
        """After a label ("Figure 1: ", "Source: "): full-width in Chinese."""
        return self.label("label_colon", ": ")

    # -- whole document ------------------------------------------------------------------------

    def render(self) -> bytes:
        section = self.doc.sections[0]
        self._page(section)
        self.styles.setup()
        # Before the body exists: python-docx finds a section's headers by scanning the body.
        self._header_footer(section)

        self._title_block()
        # Bookmark names are the PDF's element ids, so "#executive-summary" links work in both.
        self._heading(self.label("executive_summary", "Executive summary"), 1,
                      "executive-summary")
        self._blocks(self.brief.summary, style=ABSTRACT)
        self._heading(self.label("key_takeaways", "Key takeaways"), 1, "key-takeaways")
        self._list(self.brief.takeaways, ordered=True)
        self._body()
        self._sources()
        self._properties()
        localize(self.doc, self.meta.language, self.meta.direction,
                 script_families_for(self.theme, self.meta.language))

        buffer = io.BytesIO()
        self.doc.save(buffer)
        return _normalize_zip(buffer.getvalue(), self.meta.date)

    def _page(self, section: DocxSection) -> None:
        section.page_width, section.page_height = PAPER.get(self.meta.paper, PAPER["A4"])
        for side, margin in MARGINS.items():
            setattr(section, side, margin)
        section.header_distance = section.footer_distance = HEADER_DISTANCE

    @property
    def text_width(self) -> Length:
        s = self.doc.sections[0]
        return Length((s.page_width or 0) - (s.left_margin or 0) - (s.right_margin or 0))

    def _properties(self) -> None:
        m = self.meta
        cp = self.doc.core_properties
        stamp = dt.datetime(m.date.year, m.date.month, m.date.day, tzinfo=dt.UTC)
        cp.title = m.title
        cp.author = m.author_line
        cp.subject = m.summary_line
        cp.keywords = ", ".join(m.keywords)
        cp.category = m.series or ""
        cp.comments = ""  # python-docx's template says "generated by python-docx"
        cp.language = m.language
        cp.identifier = anchors.identifier(m.slug, self.digest)  # for `reportgen review`
        cp.created = cp.modified = stamp
        cp.last_modified_by = m.author_line
        cp.revision = 1
        # The template's thumbnail shows an empty page; file browsers would preview that.
        rels = self.doc.part.package.rels
        for r_id, rel in list(rels.items()):
            if rel.reltype == RT.THUMBNAIL:
                rels.pop(r_id)

    # -- paragraphs ----------------------------------------------------------------------------

    def _para(self, style: str, content: Iterable[Element] = ()) -> DocxParagraph:
        """A body paragraph in a named style.

        The style id is looked up once per name: python-docx resolves ``style=`` names by scanning
        every style in the document, which costs more than a whole 1000-row table.
        """
        p = self.doc.add_paragraph()
        p._p.style = self.style_id(style)
        oxml.append(p._p, content)
        return p

    def style_id(self, name: str) -> str:
        style_id = self._style_ids.get(name)
        if style_id is None:
            style_id = self._style_ids[name] = self.styles.id(name)
        return style_id

    def _bookmark(self, p: DocxParagraph, name: str) -> None:
        self._bookmark_id += 1
        oxml.bookmark(p._p, name, self._bookmark_id)

    def _anchored(self, key: object, content: list[Element], *more: str | int) -> list[Element]:
        """``content`` in a hidden bookmark naming the YAML field it comes from."""
        found = self.anchors.get(id(key))
        if found is None:
            return content
        self._bookmark_id += 1
        anchor = replace(found, path=(*found.path, *more)) if more else found
        return anchors.around(content, anchor, self._bookmark_id)

    def _heading(self, text: str, level: int, anchor: str | None = None,
                 key: object = None) -> None:
        p = self._para(f"Heading {level}", self._anchored(key, oxml.runs(text)))
        if anchor:
            self._bookmark(p, anchor)

    def _title_block(self) -> None:
        """Series, title, subtitle, byline; the logo is above it, in the first-page header."""
        m = self.meta
        if m.series:
            self._para(SERIES, oxml.runs(m.series))
        self._para("Title", oxml.runs(m.title))
        self._para("Subtitle", oxml.runs(m.subtitle))
        date = long_date(m.date, m.language, self.labels)
        # Right to left, a mark after each part keeps it whole: without it Word's bidi
        # algorithm moves the "8" of "8 ديسمبر" to the English organization name before it.
        end = RLM if m.direction == "rtl" else ""
        self._para(AUTHOR, oxml.runs(" · ".join(f"{part}{end}" for part in
                                                (m.author_line, m.organization, date))))

    def _blocks(self, blocks: Sequence[Block], style: str) -> None:
        for block in blocks:
            self._block(block, style)

    def _block(self, block: Block, style: str) -> None:
        match block:
            case Paragraph(inlines=inlines):
                self._para(style, self._anchored(block, self.inlines(inlines)))
            case BulletList(items=items) | OrderedList(items=items):
                self._list(items, ordered=isinstance(block, OrderedList))
            case _:
                assert_never(block)

    def _list(self, items: Sequence[Inlines], *, ordered: bool) -> None:
        name = LIST_NUMBER if ordered else LIST_BULLET
        num_id = oxml.list_numbering(self.doc.part.numbering_part.element,
                                     self.doc.styles[name].element, ordered=ordered)
        for item in items:
            p = self._para(name, self._anchored(item, self.inlines(item)))
            oxml.set_numbering(p._p, num_id)

    def _body(self) -> None:
        """Sections, quotes and the table in reading order (``model.order``). The first block
        after a heading is Pandoc's First Paragraph, the others Body Text; quotes do not count."""
        first = False
        for level, item in body_order(self.brief.body):
            match item:
                case Section():
                    self._heading(item.heading, min(level, 2), item.id, item)
                    first = True
                case ComparisonTable():
                    self._table(item)
                    first = True
                case Quote():
                    self._quote(item)
                case Figure():
                    self._figure(item)
                case Paragraph() | BulletList() | OrderedList():
                    self._block(item, FIRST_PARAGRAPH if first else BODY_TEXT)
                    first = False
                case _:
                    assert_never(item)

    def _figure(self, figure: Figure) -> None:
        """The picture, then a Word caption ("Figure {SEQ}: ...") Word can number and list in
        a table of figures, then "Source: [n]"; kept together on one page."""
        picture = self._para(FIGURE, [])
        picture.paragraph_format.keep_with_next = True
        self._bookmark(picture, figure.anchor)
        self._shape_id += 1
        add_picture(picture.add_run(), figure.data, figure.media_type, figure.alt,
                    self._shape_id, width=Length(int(int(self.text_width) * figure.width)),
                    name=f"figure '{figure.id}'")
        label = self.label("figure", "Figure")
        caption = self._para(CAPTION, [
            *oxml.runs(f"{label} "),
            *oxml.field(f"SEQ {label.replace(' ', '_')} \\* ARABIC", str(figure.number)),
            *oxml.runs(self.colon), *self._anchored(figure, self.inlines(figure.caption)),
        ])
        if figure.cite is not None:
            caption.paragraph_format.keep_with_next = True
            lead = f"{self.label('source', 'Source')}{self.colon}"
            self._para(FIGURE_SOURCE, [*oxml.runs(lead),
                                       *self.cite(figure.cite, oxml.PLAIN)])

    def _quote(self, quote: Quote) -> None:
        """The quote, or for one in another language its translation, marked, and the original
        (in its own quotation marks and language) on the next line, as the PDF prints it."""
        content = [
            *self._quote_text(quote),
            oxml.line_break(),
            *oxml.runs(self.labels["attribution"].format(speaker=quote.speaker,
                                                         affiliation=quote.affiliation)),
        ]
        if quote.cite is not None:
            content += [*oxml.runs(NBSP), *self.cite(quote.cite, oxml.PLAIN)]
        self._para(QUOTE, self._anchored(quote, content))

    def _quote_text(self, quote: Quote) -> list[Element]:
        opening, closing = quote_marks(self.meta.language, self.labels)
        if primary(quote.language) == primary(self.meta.language):
            return oxml.runs(f"{opening}{quote.text}{closing}")
        first, last = quote_marks(quote.language)
        original = oxml.runs(f"{first}{quote.text}{last}")
        set_run_language(original, quote.language)
        if not quote.translation:
            return original
        return [
            *oxml.runs(f"{opening}{quote.translation}{closing} {self.labels['translated']}"),
            oxml.line_break(), *oxml.runs(self.labels["original"]), *original,
        ]

    # -- inline --------------------------------------------------------------------------------

    def inlines(self, nodes: Inlines, fmt: RunFormat = oxml.PLAIN,
                in_link: bool = False) -> list[Element]:
        """Inline tree -> run-level elements, shared by body paragraphs and table cells.

        A citation is glued to the word before it with a no-break space (``model.walk.glue``),
        as in the PDF, so "[3]" never starts a line on its own.
        """
        out: list[Element] = []
        for node, glued in glue(nodes):
            match node:
                case Text(text=text):
                    out += oxml.runs(text + NBSP if glued else text, fmt)
                case Code(text=text):
                    out += oxml.runs(text, replace(fmt, style_id=fmt.style_id
                                                   or self.style_id(VERBATIM)))
                case LineBreak():
                    out.append(oxml.line_break())
                case Strong(children=children):
                    out += self.inlines(children, replace(fmt, bold=True), in_link)
                case Emph(children=children):
                    out += self.inlines(children, replace(fmt, italic=True), in_link)
                case Link():
                    out += self._link(node, fmt, in_link)
                case Cite():
                    out += self.cite(node, fmt, in_link)
                case Note():
                    out.append(self._note(node))
                case _:
                    assert_never(node)
        return out

    def _note(self, note: Note) -> Element:
        """A Word footnote: its text in the footnotes part, its call here (``notes``)."""
        outer, self._link_part = self._link_part, self.footnotes.part
        try:
            return self.footnotes.add(self.inlines(note.children))
        finally:
            self._link_part = outer

    def _link(self, link: Link, fmt: RunFormat, in_link: bool) -> list[Element]:
        if in_link:  # Word cannot nest hyperlinks; keep the text
            return self.inlines(link.children, fmt, True)
        kids = self.inlines(link.children, replace(fmt, style_id=self.style_id(HYPERLINK)), True)
        if link.href.startswith("#"):
            return [oxml.hyperlink(kids, anchor=link.href[1:])]
        r_id = self._link_part.relate_to(link.href, RT.HYPERLINK, is_external=True)
        return [oxml.hyperlink(kids, r_id=r_id)]

    def cite(self, cite: Cite, fmt: RunFormat, in_link: bool = False,
             sep: str = "," + NBSP) -> list[Element]:
        """'[1, 3]' with each number an internal link to its entry under Sources.

        One number links with its brackets ("[1]"), as in the PDF; in prose a group never
        breaks (``sep`` holds a no-break space).
        """
        if cite.items:
            return self._detailed_cite(cite, fmt, in_link)
        pairs = list(zip(cite.keys, cite.numbers, strict=False))
        if len(pairs) == 1:
            return self._cite_link(pairs[0][0], f"[{pairs[0][1]}]", fmt, in_link)
        # Right to left, marks keep the group in reading order: "[1, 2]", never "[2 ,1]".
        mark = LRM if self.meta.direction == "rtl" else ""
        out = oxml.runs(mark + "[", fmt)
        for i, (key, number) in enumerate(pairs):
            if i:
                out += oxml.runs(sep, fmt)
            out += self._cite_link(key, str(number), fmt, in_link)
        return out + oxml.runs("]" + mark, fmt)

    def _detailed_cite(self, cite: Cite, fmt: RunFormat, in_link: bool) -> list[Element]:
        """'[see 1, p. 3; also 2]' or 'Nature [1]', worded by ``model.citeparts`` as in the PDF."""
        mark = LRM if self.meta.direction == "rtl" else ""
        lead = f"{cite.author}{NBSP}" if cite.in_text and cite.author else ""
        out = oxml.runs(f"{lead}{mark}[", fmt)
        for i, piece in enumerate(pieces(cite)):
            out += oxml.runs((separator(cite) if i else "") + piece.before, fmt)
            out += self._cite_link(piece.key, str(piece.number or "?"), fmt, in_link)
            out += oxml.runs(piece.after, fmt)
        return out + oxml.runs("]" + mark, fmt)

    def _cite_link(self, key: str, text: str, fmt: RunFormat, in_link: bool) -> list[Element]:
        source = self.sources.get(key)
        if in_link or source is None:  # Word cannot nest hyperlinks
            return oxml.runs(text, fmt)
        return [oxml.hyperlink(oxml.runs(text, fmt), anchor=source.anchor,
                               tooltip=source.title[:_TOOLTIP_MAX])]

    # -- table ---------------------------------------------------------------------------------

    def _table(self, table: ComparisonTable) -> None:
        self._heading(table.heading, 1, table.id)
        label = self.label("table", "Table")
        caption = self._para(CAPTION, [
            *oxml.runs(f"{label} "),
            *oxml.field(f"SEQ {label.replace(' ', '_')} \\* ARABIC", "1"),
            *oxml.runs(self.colon), *self._anchored(table, oxml.runs(table.caption)),
        ])
        caption.paragraph_format.keep_with_next = True

        n = len(table.columns)
        grid = self.doc.add_table(rows=0, cols=n)
        grid.style = self.doc.styles[TABLE_STYLE]
        grid.autofit = False  # fixed layout: Word need not measure 1000 rows to open the file
        width = int(self.text_width)
        first = int(width * FIRST_COLUMN_SHARE) if n > 1 else width
        for i, column in enumerate(grid.columns):
            column.width = Length(first if i == 0 else (width - first) // (n - 1))

        cell_style = self.style_id(COMPACT)
        header = oxml.table_row([oxml.runs(c) for c in table.columns], cell_style, header=True)
        rows = [oxml.table_row(self._row_cells(row, n), cell_style) for row in table.rows]
        oxml.append_rows(grid._tbl, [header, *rows])
        describe_table(grid._tbl, f"{label} 1: {table.caption}", _stop(table.caption) + (
            " " + plain_text(table.note) if table.note else ""))

        if table.note:
            self._para(TABLE_NOTE, self.inlines(table.note))

    def _row_cells(self, row: TableRow, n: int) -> list[list[Element]]:
        cells = [self._anchored(row, self.inlines(c), "cells", i)
                 for i, c in enumerate(row.cells[:n])]
        if cells and row.cite.numbers:  # under the row name, as in the PDF
            # On a line of their own in a narrow column, a long group may wrap after a comma;
            # held together by no-break spaces, Word would split a number instead.
            cells[0] += [oxml.line_break(), *self.cite(row.cite, oxml.PLAIN, sep=", ")]
        cells += [[] for _ in range(n - len(cells))]
        return cells

    # -- sources -------------------------------------------------------------------------------

    def _sources(self) -> None:
        self._heading(self.label("sources", "Sources"), 1, "sources")
        for source in self.brief.sources:
            p = self._para(BIBLIOGRAPHY, self._source_entry(source))
            self._bookmark(p, source.anchor)

    def _source_entry(self, s: Source) -> list[Element]:
        """'[n]  Publisher. *Title.* Date. Note. URL', as the PDF prints it.

        The number is text, not Word list numbering: citations in the body print these exact
        numbers, and an automatic list would silently drift from them when someone edits it.
        """
        out = [
            *oxml.runs(f"[{s.number}]\t{_stop(s.publisher)} "),
            *oxml.runs(_stop(s.title), RunFormat(italic=True)),
            *oxml.runs(f" {long_date(s.date, self.meta.language, self.labels)}."),
        ]
        if s.note:
            out += oxml.runs(" " + _stop(s.note))  # as written: "arXiv:..." stays lower-case
        if s.url:
            link = oxml.runs(s.url, RunFormat(style_id=self.style_id(HYPERLINK)))
            r_id = self.doc.part.relate_to(s.url, RT.HYPERLINK, is_external=True)
            out += [*oxml.runs(" "), oxml.hyperlink(link, r_id=r_id)]
        return out

    # -- header and footer ---------------------------------------------------------------------

    def _header_footer(self, section: DocxSection) -> None:
        """Page headers with the brand logo, and 'Page n of m' footers.

        The title page has its own header: the logo alone, top left, where the PDF's title block
        shows it (the body does not repeat it). From page 2 on, the running header is the PDF's:
        short title | series (or organization), with a small logo before the title when the
        brand asks for one (``logo_in_header``).
        """
        m, theme = self.meta, self.theme
        organization = theme.organization or m.organization
        section.different_first_page_header_footer = True

        first = self._fresh(section.first_page_header, "Header")
        if self._logo(first, LOGO_HEIGHT):
            first.paragraph_format.space_after = LOGO_SPACE_AFTER

        header = self._fresh(section.header, "Header")
        if theme.logo_in_header and self._logo(header, HEADER_LOGO_HEIGHT):
            header.add_run(" ")
        header.add_run(m.short_title)
        header.add_run("\t")
        header.add_run(m.series or organization)

        page, of = self.label("page", "Page"), self.label("page_of", "of")
        for footer in (section.footer, section.first_page_footer):
            p = self._fresh(footer, "Footer")
            oxml.append(p._p, [
                *oxml.runs(f"{organization}\t{page} "),
                *oxml.field("PAGE", "1"),
                *oxml.runs(f" {of} "),
                *oxml.field("NUMPAGES", "1"),
                *oxml.runs(self.label("page_suffix", "")),
            ])

    def _fresh(self, part: BlockItemContainer, style: str) -> DocxParagraph:
        """The single paragraph of a header or footer, emptied (a reference doc may have text)."""
        oxml.clear(part._element)
        p = part.add_paragraph(style=style)
        tabs = p.paragraph_format.tab_stops
        for inherited in self.doc.styles[style].paragraph_format.tab_stops:  # type: ignore[attr-defined]
            tabs.add_tab_stop(inherited.position, WD_TAB_ALIGNMENT.CLEAR)
        tabs.add_tab_stop(self.text_width, WD_TAB_ALIGNMENT.RIGHT)
        return p

    def _logo(self, p: DocxParagraph, height: Length) -> bool:
        """Place the theme's logo; an SVG logo without a PNG beside it is rasterized (with the
        SVG attached for Word 365), so no brand loses its logo in Word.

        Each picture gets its own drawing id: python-docx numbers them per part, so the logo in
        two headers would otherwise share id 1, which Word may report as damage.
        """
        logo: Logo | None = self.theme.logo_raster or self.theme.logo
        if logo is None:
            return False
        try:
            data = logo.path.read_bytes()
        except OSError as exc:
            raise InputError([Problem(str(logo.path), f"cannot read the logo: {exc.strerror}",
                                      hint="check the logo path in brand.yml")]) from None
        svg = logo.path.suffix.lower() == ".svg"
        self._shape_id += 1
        try:
            add_picture(p.add_run(), data, SVG if svg else "image/png", logo.alt,
                        self._shape_id, height=height, name=logo.path.name)
        except (UnrecognizedImageError, Refused) as exc:
            raise InputError([Problem(str(logo.path), f"the logo cannot be placed in Word: "
                                      f"{exc or 'unrecognized image'}",
                                      hint="export the logo again as SVG or PNG")]) from None
        return True
