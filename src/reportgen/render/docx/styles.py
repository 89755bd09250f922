"""The DOCX's named styles, themed: every look is a style the user can change in Word.

Pandoc's reference-doc names where Pandoc has one, Word's built-in names otherwise, so an
organization's existing reference document works unchanged. With a reference document its
styles win: a property is filled in only where the reference leaves it open.
"""

from __future__ import annotations

import contextlib

from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import BaseStyle

from ...theme import Theme
from . import oxml
from .measure import apply_spacing, measures

BIBLIOGRAPHY_INDENT = Cm(1)  # room for "[22]"
QUOTE_INDENT = Cm(1)
# Table cell padding in twips, near the PDF's: 1 mm above and below, 1.5 mm at the sides. Together
# with the table type size, six columns then hold words such as "Intergovernmental" unbroken.
CELL_PADDING = (57, 85)

# Style names. Pandoc's reference.docx names where Pandoc has the concept, so an organization's
# existing reference document works unchanged; Word built-ins otherwise.
BODY_TEXT = "Body Text"
ABSTRACT = "Abstract"  # the executive summary (Pandoc's name for an abstract)
FIRST_PARAGRAPH = "First Paragraph"
COMPACT = "Compact"  # table cells
AUTHOR = "Author"  # the byline
SERIES = "Series"
LIST_BULLET = "List Bullet"
LIST_NUMBER = "List Number"
QUOTE = "Quote"
CAPTION = "Caption"
FIGURE = "Captioned Figure"  # Pandoc's name for the paragraph holding a figure's picture
FIGURE_SOURCE = "Figure Source"  # "Source: [n]" under a figure's caption
TABLE_NOTE = "Table Note"
BIBLIOGRAPHY = "Bibliography"
HYPERLINK = "Hyperlink"
VERBATIM = "Verbatim Char"
TABLE_STYLE = "Comparison Table"
_WORD_BUILTIN = {HYPERLINK, BIBLIOGRAPHY, BODY_TEXT, LIST_BULLET, LIST_NUMBER, QUOTE, CAPTION}


def rgb(color: str) -> RGBColor:
    value = color.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    return RGBColor.from_string(value.upper())


def hex_colour(color: str) -> str:
    return str(rgb(color))


class Styles:
    """Creates and themes the styles the writer uses.

    With python-docx's default template every style is ours to theme. With a reference document
    its styles win: a property is filled in only where the reference leaves it open, and missing
    styles are created from the theme.
    """

    def __init__(self, doc: DocumentObject, theme: Theme, *, from_reference: bool,
                 language: str = "en") -> None:
        self.doc = doc
        self.language = language
        self.theme = theme
        self.from_reference = from_reference
        self.created: set[str] = set()

    def get(self, name: str, kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH,
            base: str | None = None) -> BaseStyle:
        styles = self.doc.styles
        try:
            return styles[name]
        except KeyError:
            pass
        style = styles.add_style(name, kind, builtin=name in _WORD_BUILTIN)
        if base is not None:
            with contextlib.suppress(KeyError):  # e.g. a reference doc without "Table Grid"
                style.base_style = styles[base]
        style.hidden = False
        style.quick_style = kind != WD_STYLE_TYPE.TABLE
        self.created.add(name)
        return style

    def owns(self, style: BaseStyle) -> bool:
        return not self.from_reference or style.name in self.created

    def fill(self, style: BaseStyle, *, font: str | None = None, size: float | None = None,
             color: str | None = None, bold: bool | None = None,
             underline: bool | None = None) -> None:
        owned = self.owns(style)
        f = style.font  # type: ignore[attr-defined]
        rpr = style.element.rPr
        if font is not None and (owned or not oxml.has_font(rpr)):
            f.name = font
            oxml.drop_theme_fonts(style.element.rPr)
        if size is not None and (owned or f.size is None):
            f.size = Pt(size)
        if color is not None and (owned or f.color.type is None):
            f.color.rgb = rgb(color)
        if bold is not None and (owned or f.bold is None):
            f.bold = bold
        if underline is not None and (owned or f.underline is None):
            f.underline = underline

    def setup(self) -> None:
        t = self.theme
        body, heading = t.body_font.family, t.heading_font.family
        size = t.base_size_pt
        small = t.base_size_pt

        if not self.from_reference:
            oxml.set_default_color(self.doc.styles.element, hex_colour(t.foreground))
        normal = self.get("Normal")
        self.fill(normal, font=body, size=size)
        for name, base in ((BODY_TEXT, "Normal"), (FIRST_PARAGRAPH, BODY_TEXT),
                           (COMPACT, BODY_TEXT)):
            self.get(name, base=base)
        # No colour or bold on Compact: it would override the table style's header row; its
        # size and spacing are the PDF's table type (measure.py).
        self.get(COMPACT)
        self.get(FIRST_PARAGRAPH).next_paragraph_style = self.get(BODY_TEXT)  # type: ignore[attr-defined]

        title = self.get("Title")
        self.fill(title, font=heading, color=t.heading_color)
        if self.owns(title):
            oxml.recolor_borders(title.element.pPr, hex_colour(t.primary))
        self.fill(self.get("Subtitle"), font=heading, color=t.secondary)
        self.fill(self.get(AUTHOR, base="Normal"), color=t.secondary)
        self.fill(self.get(SERIES, base="Normal"), font=heading, color=t.primary, bold=True)
        for level in (1, 2):
            self.fill(self.get(f"Heading {level}"), font=heading, color=t.heading_color,
                      bold=True)
        self.get(LIST_BULLET, base="Normal")
        self.get(LIST_NUMBER, base="Normal")
        quote = self.get(QUOTE, base="Normal")
        self.fill(quote, color=t.secondary)
        if self.owns(quote):
            quote.paragraph_format.left_indent = QUOTE_INDENT  # type: ignore[attr-defined]
            quote.paragraph_format.right_indent = QUOTE_INDENT  # type: ignore[attr-defined]
        self.fill(self.get(CAPTION, base="Normal"), color=t.secondary, size=small, bold=True)
        self.fill(self.get(TABLE_NOTE, base="Normal"), color=t.secondary, size=small)
        self.fill(self.get(FIGURE_SOURCE, base="Normal"), color=t.secondary, size=small)
        self.get(FIGURE, base="Normal")
        for name in ("Header", "Footer"):
            self.fill(self.get(name, base="Normal"), color=t.secondary, size=small)

        abstract = self.get(ABSTRACT, base=BODY_TEXT)
        if self.owns(abstract):  # set apart as in the PDF: a tinted box with an accent rule
            pf = abstract.paragraph_format  # type: ignore[attr-defined]
            pf.left_indent = pf.right_indent = Pt(8)
            oxml.shade_paragraph(abstract.element.get_or_add_pPr(), hex_colour(t.light),
                                 hex_colour(t.primary))

        bib = self.get(BIBLIOGRAPHY, base=BODY_TEXT)
        if self.owns(bib):
            pf = bib.paragraph_format  # type: ignore[attr-defined]
            pf.left_indent = BIBLIOGRAPHY_INDENT
            pf.first_line_indent = -BIBLIOGRAPHY_INDENT
            pf.tab_stops.add_tab_stop(BIBLIOGRAPHY_INDENT)

        self.fill(self.get(HYPERLINK, WD_STYLE_TYPE.CHARACTER), color=t.link, underline=True)
        self.fill(self.get(VERBATIM, WD_STYLE_TYPE.CHARACTER), font=t.mono_font.family)

        table = self.get(TABLE_STYLE, WD_STYLE_TYPE.TABLE, base="Table Grid")
        if self.owns(table):
            oxml.table_style_parts(
                table.element, header_fill=hex_colour(t.table_header_bg),
                header_color=hex_colour(t.table_header_fg), stripe_fill=hex_colour(t.table_stripe),
                border_color=hex_colour(t.secondary), padding_twips=CELL_PADDING,
            )

        self.measure()

    def measure(self) -> None:
        """The PDF's sizes and spacing (``measure.py``), where the style is ours to set."""
        t = self.theme
        for name, m in measures(t.base_size_pt, t.line_height, self.language).items():
            style = self.get(name)
            if not self.owns(style):
                continue
            if m.size is not None:
                style.font.size = Pt(m.size)  # type: ignore[attr-defined]
            size = style.font.size  # type: ignore[attr-defined]
            apply_spacing(style.paragraph_format,  # type: ignore[attr-defined]
                          m, size.pt if size is not None else t.base_size_pt)

    def id(self, name: str) -> str:
        return str(self.doc.styles[name].style_id)
