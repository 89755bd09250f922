"""Raw WordprocessingML for what python-docx has no API for.

python-docx keeps its proxy objects apart from an ``oxml`` layer; this module is our small
``oxml`` layer, so ``docx.py`` reads as python-docx calls plus a few named helpers. Everything here
builds or edits lxml elements and knows nothing about briefs or themes.

The run and table builders are also the fast path: python-docx spends its time in per-call proxy
and XPath work (over a second for a 1000-row table through ``cell.add_paragraph``), so rows are
built here from copied prototype elements, in about a tenth of that.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from docx.oxml.parser import oxml_parser
from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

Element = etree._Element


def w(tag: str) -> str:
    """Clark name of a ``w:`` tag or attribute (computed once per call site, not per element)."""
    return f"{{{W_NS}}}{tag}"


# Clark names used on the hot path, so building a 1000-row table does no string formatting.
_R, _T, _RPR, _RSTYLE, _B, _I = w("r"), w("t"), w("rPr"), w("rStyle"), w("b"), w("i")
_P, _PPR, _PSTYLE, _BR, _TAB = w("p"), w("pPr"), w("pStyle"), w("br"), w("tab")
_TR, _TRPR, _TC, _VAL = w("tr"), w("trPr"), w("tc"), w("val")
_PRESERVE = {XML_SPACE: "preserve"}
_make = oxml_parser.makeelement  # elements get python-docx's classes, so its proxies still work


def _sub(parent: Element, tag: str, attrib: dict[str, str] | None = None) -> Element:
    return etree.SubElement(parent, tag, attrib or {})


# ---------------------------------------------------------------------------------------------
# Runs, paragraphs, links


@dataclass(frozen=True)
class RunFormat:
    """Direct run formatting an inline tree can ask for; anything else belongs in a style."""

    bold: bool = False
    italic: bool = False
    style_id: str | None = None  # a character style, e.g. Hyperlink or Verbatim Char


PLAIN = RunFormat()


class _Templates(threading.local):
    """Prototype runs and paragraphs, one per format or style, copied instead of rebuilt.

    Copying a small subtree is one C call; building it is several Python-level calls, and a long
    table holds tens of thousands of runs. Per thread, because lxml documents are not meant to be
    shared between threads.
    """

    def __init__(self) -> None:
        self.runs: dict[tuple[RunFormat, bool], Element] = {}
        self.paragraphs: dict[str | None, Element] = {}
        self.links: dict[tuple[str | None, str | None, str | None], Element] = {}

    def run(self, fmt: RunFormat, *, text: bool) -> Element:
        """A run in ``fmt``; with ``text``, ending in an empty ``w:t`` ready to fill."""
        r = self.runs.get((fmt, text))
        if r is None:
            r = self.runs[(fmt, text)] = _make(_R, {})
            if fmt != PLAIN:
                rpr = _sub(r, _RPR)  # schema order: rStyle, rFonts, b, bCs, i, iCs, ...
                if fmt.style_id:
                    _sub(rpr, _RSTYLE, {_VAL: fmt.style_id})
                if fmt.bold:
                    _sub(rpr, _B)
                if fmt.italic:
                    _sub(rpr, _I)
            if text:  # like Pandoc, always preserve: cheaper than testing for edge spaces
                _sub(r, _T, _PRESERVE)
        return r.__copy__()  # lxml copies are deep

    def link(self, r_id: str | None, anchor: str | None, tooltip: str | None) -> Element:
        key = (r_id, anchor, tooltip)
        link = self.links.get(key)
        if link is None:
            attrib: dict[str, str] = {}
            if r_id is not None:
                attrib[f"{{{R_NS}}}id"] = r_id
            if anchor is not None:
                attrib[w("anchor")] = anchor
            if tooltip:
                attrib[w("tooltip")] = tooltip
            attrib[w("history")] = "1"
            link = self.links[key] = _make(w("hyperlink"), attrib)
        return link.__copy__()

    def paragraph(self, style_id: str | None) -> Element:
        p = self.paragraphs.get(style_id)
        if p is None:
            p = self.paragraphs[style_id] = _make(_P, {})
            if style_id:
                _sub(_sub(p, _PPR), _PSTYLE, {_VAL: style_id})
        return p.__copy__()


_templates = _Templates()


def runs(text: str, fmt: RunFormat = PLAIN) -> list[Element]:
    """One ``w:r`` holding ``text``; tabs and newlines become ``w:tab``/``w:br`` as Word expects."""
    if not text:
        return []
    if "\t" not in text and "\n" not in text:
        r = _templates.run(fmt, text=True)
        r[-1].text = text
        return [r]
    r = _templates.run(fmt, text=False)
    for i, line in enumerate(text.split("\n")):
        if i:
            _sub(r, _BR)
        for j, part in enumerate(line.split("\t")):
            if j:
                _sub(r, _TAB)
            if part:
                _text(r, part)
    return [r]


def _text(r: Element, text: str) -> None:
    _sub(r, _T, _PRESERVE).text = text


def line_break() -> Element:
    r = _make(_R, {})
    _sub(r, _BR)
    return r


def hyperlink(
    children: Iterable[Element],
    *,
    r_id: str | None = None,
    anchor: str | None = None,
    tooltip: str | None = None,
) -> Element:
    """A ``w:hyperlink``: external through a relationship id, internal through a bookmark name."""
    link = _templates.link(r_id, anchor, tooltip)
    link.extend(children)
    return link


def paragraph(style_id: str | None, children: Iterable[Element]) -> Element:
    p = _templates.paragraph(style_id)
    p.extend(children)
    return p


def append(p: Element, children: Iterable[Element]) -> None:
    """Append run-level content to a paragraph (python-docx's ``Paragraph._p``)."""
    p.extend(children)


def bookmark(p: Element, name: str, bookmark_id: int) -> None:
    """Wrap a paragraph's content in a bookmark, the target of internal hyperlinks."""
    start = _make(w("bookmarkStart"), {w("id"): str(bookmark_id), w("name"): name})
    end = _make(w("bookmarkEnd"), {w("id"): str(bookmark_id)})
    ppr = p.find(_PPR)
    if ppr is not None:
        ppr.addnext(start)
    else:
        p.insert(0, start)
    p.append(end)


def field(instruction: str, placeholder: str, fmt: RunFormat = PLAIN) -> list[Element]:
    """A complex field (begin, instruction, separate, cached result, end), e.g. ``PAGE``.

    Word and LibreOffice recompute PAGE and NUMPAGES when they lay the page out; the placeholder
    is what a reader that does not evaluate fields shows, so it should already be right where it
    can be (a caption's SEQ number).
    """
    out: list[Element] = []
    for kind in ("begin", "instr", "separate", "result", "end"):
        r = _templates.run(fmt, text=False)
        if kind == "instr":
            instr = _sub(r, w("instrText"))
            instr.text = f" {instruction} "
            instr.set(XML_SPACE, "preserve")
        elif kind == "result":
            _text(r, placeholder)
        else:
            _sub(r, w("fldChar"), {w("fldCharType"): kind})
        out.append(r)
    return out


# ---------------------------------------------------------------------------------------------
# Tables


def table_row(
    cells: Sequence[Sequence[Element]], style_id: str | None, *, header: bool = False
) -> Element:
    """A ``w:tr`` that never splits across pages; a header row repeats on every page."""
    tr = _make(_TR, {})
    trpr = _sub(tr, _TRPR)
    _sub(trpr, w("cantSplit"))
    if header:
        _sub(trpr, w("tblHeader"))
    for content in cells:
        tc = _sub(tr, _TC)
        tc.append(paragraph(style_id, content))  # a cell must hold at least one paragraph
    return tr


def append_rows(tbl: Element, rows: Iterable[Element]) -> None:
    """Add rows to a python-docx table element (``Table._tbl``), after its grid."""
    tbl.extend(rows)


def table_style_parts(
    style: Element,
    *,
    header_fill: str,
    header_color: str,
    stripe_fill: str | None,
    border_color: str,
    padding_twips: tuple[int, int] = (57, 85),
) -> None:
    """Give a table style its look: header row, bold first column, striped rows, cell padding.

    All of it lives in the style (``w:tblStylePr`` conditional formatting), so a user restyles
    every table at once in Word instead of fighting direct formatting in thousands of cells.
    """

    def shd(parent: Element, fill: str) -> None:
        _sub(parent, w("shd"), {_VAL: "clear", w("color"): "auto", w("fill"): fill})

    tblpr = _sub(style, w("tblPr"))
    _sub(tblpr, w("tblStyleRowBandSize"), {_VAL: "1"})  # schema order matters in tblPr
    borders = _sub(tblpr, w("tblBorders"))
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        _sub(borders, w(edge), {_VAL: "single", w("sz"): "4", w("space"): "0",
                                w("color"): border_color})
    mar = _sub(tblpr, w("tblCellMar"))  # (top and bottom, left and right)
    for side in ("top", "left", "bottom", "right"):
        pad = padding_twips[0] if side in ("top", "bottom") else padding_twips[1]
        _sub(mar, w(side), {w("w"): str(pad), w("type"): "dxa"})

    first_row = _sub(style, w("tblStylePr"), {w("type"): "firstRow"})
    rpr = _sub(first_row, _RPR)
    _sub(rpr, _B)
    _sub(rpr, w("color"), {_VAL: header_color})
    tcpr = _sub(first_row, w("tcPr"))
    shd(tcpr, header_fill)

    first_col = _sub(style, w("tblStylePr"), {w("type"): "firstCol"})
    _sub(_sub(first_col, _RPR), _B)

    if stripe_fill:
        band = _sub(style, w("tblStylePr"), {w("type"): "band2Horz"})
        shd(_sub(band, w("tcPr")), stripe_fill)


# ---------------------------------------------------------------------------------------------
# Styles, numbering, document-wide settings


_THEME_FONT_ATTRS = tuple(w(a) for a in ("asciiTheme", "hAnsiTheme", "cstheme"))


def drop_theme_fonts(rpr: Element | None) -> None:
    """Remove theme-font references that would win over an explicit ``w:ascii`` font name.

    East Asian theme fonts stay: the brand's Latin font has no CJK glyphs.
    """
    if rpr is None:
        return
    rfonts = rpr.find(w("rFonts"))
    if rfonts is not None:
        for attr in _THEME_FONT_ATTRS:
            rfonts.attrib.pop(attr, None)


def has_font(rpr: Element | None) -> bool:
    """Whether a style names a Latin font itself, directly or through the document theme."""
    rfonts = rpr.find(w("rFonts")) if rpr is not None else None
    return rfonts is not None and any(
        rfonts.get(w(a)) is not None for a in ("ascii", "asciiTheme", "hAnsi", "hAnsiTheme")
    )


def recolor_borders(ppr: Element | None, color: str) -> None:
    """Paragraph borders (the rule under Title) in the brand colour instead of a theme colour."""
    if ppr is None:
        return
    for edge in ppr.iterfind(f"{w('pBdr')}/*"):
        edge.set(w("color"), color)
        edge.attrib.pop(w("themeColor"), None)
        edge.attrib.pop(w("themeShade"), None)


def doc_defaults_rpr(styles: Element) -> Element:
    defaults = styles.find(w("docDefaults"))
    if defaults is None:
        defaults = _make(w("docDefaults"), {})
        styles.insert(0, defaults)
    rpr_default = defaults.find(w("rPrDefault"))
    if rpr_default is None:
        rpr_default = _make(w("rPrDefault"), {})
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(_RPR)
    if rpr is None:
        rpr = _sub(rpr_default, _RPR)
    return rpr


# Where python-docx has no property for a child, ``insert_element_before`` needs the names that
# may follow it in the schema's sequence (CT_PPr after w:pBdr, CT_RPr after w:lang).
_AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)


def _replace_child(parent: Element, new: Element, successors: Sequence[str]) -> None:
    """Put ``new`` where the schema wants it, instead of a child with the same tag."""
    old = parent.find(new.tag)
    if old is not None:
        parent.remove(old)
    parent.insert_element_before(new, *successors)  # type: ignore[attr-defined]


def shade_paragraph(ppr: Element, fill: str, rule: str) -> Element:
    """A shaded box with a thick rule on its left (the executive summary), as paragraph
    properties, so a style carries it and the user can restyle it in Word."""
    border = _make(w("pBdr"), {})
    for edge, size, color in (("top", "4", fill), ("left", "24", rule), ("bottom", "4", fill),
                              ("right", "4", fill)):
        _sub(border, w(edge), {_VAL: "single", w("sz"): size, w("space"): "6",
                               w("color"): color})
    _replace_child(ppr, border, _AFTER_PBDR)
    shd = _make(w("shd"), {_VAL: "clear", w("color"): "auto", w("fill"): fill})
    _replace_child(ppr, shd, _AFTER_PBDR[1:])
    return ppr


def set_default_color(styles: Element, color: str) -> None:
    """Text colour at the docDefaults level, *below* table styles in Word's precedence.

    On the Normal paragraph style it would beat the table style's white header text.
    """
    element = doc_defaults_rpr(styles).get_or_add_color()  # type: ignore[attr-defined]
    element.attrib.clear()  # a theme colour would win over the value
    element.set(_VAL, color)


def list_numbering(numbering: Element, style: Element, *, ordered: bool) -> int:
    """A fresh ``w:num`` for one list, so each numbered list in the brief restarts at 1.

    It reuses the list style's abstract definition when the style has one (python-docx's
    template and most reference documents); otherwise it adds a simple one.
    """
    num_id = style.find(f"{_PPR}/{w('numPr')}/{w('numId')}")
    abstract_id: int | None = None
    if num_id is not None:
        for num in numbering.iterfind(w("num")):
            if num.get(w("numId")) == num_id.get(_VAL):
                ref = num.find(w("abstractNumId"))
                abstract_id = int(ref.get(_VAL)) if ref is not None else None
    if abstract_id is None:
        abstract_id = _add_abstract_num(numbering, ordered=ordered)
    num = numbering.add_num(abstract_id)  # type: ignore[attr-defined]  # python-docx CT_Numbering
    if ordered:
        num.add_lvlOverride(ilvl=0).add_startOverride(1)
    return int(num.numId)


def _add_abstract_num(numbering: Element, *, ordered: bool) -> int:
    """A one-level list definition, added once per kind and found again by its name."""
    name = "reportgen-decimal" if ordered else "reportgen-bullet"
    for abstract in numbering.iterfind(w("abstractNum")):
        found = abstract.find(w("name"))
        if found is not None and found.get(_VAL) == name:
            return int(abstract.get(w("abstractNumId"), "0"))
    ids = [int(a.get(w("abstractNumId"), "0")) for a in numbering.iterfind(w("abstractNum"))]
    new_id = max(ids, default=-1) + 1
    abstract = _make(w("abstractNum"), {w("abstractNumId"): str(new_id)})
    _sub(abstract, w("multiLevelType"), {_VAL: "singleLevel"})
    _sub(abstract, w("name"), {_VAL: name})
    lvl = _sub(abstract, w("lvl"), {w("ilvl"): "0"})
    _sub(lvl, w("start"), {_VAL: "1"})
    _sub(lvl, w("numFmt"), {_VAL: "decimal" if ordered else "bullet"})
    _sub(lvl, w("lvlText"), {_VAL: "%1." if ordered else "\u2022"})
    _sub(lvl, w("lvlJc"), {_VAL: "left"})
    _sub(_sub(lvl, _PPR), w("ind"), {w("left"): "360", w("hanging"): "360"})
    first_num = numbering.find(w("num"))  # abstractNum elements precede every num
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    return new_id


def set_numbering(p: Element, num_id: int) -> None:
    """Point a list paragraph (python-docx's ``CT_P``) at its list instance."""
    numpr = p.get_or_add_pPr().get_or_add_numPr()  # type: ignore[attr-defined]
    numpr.get_or_add_ilvl().val = 0
    numpr.get_or_add_numId().val = num_id


def clear_body(body: Element) -> None:
    """Drop a reference document's sample content; only its styles and page setup are wanted."""
    for child in list(body):
        if child.tag != w("sectPr"):
            body.remove(child)


def clear(element: Element) -> None:
    for child in list(element):
        element.remove(child)


def describe_picture(inline: Element, shape_id: int, alt: str) -> None:
    """An inline picture's drawing id and alternative text (``wp:docPr``).

    The id must be unique among the document's drawings, headers included; the text is what
    screen readers say.
    """
    for doc_pr in inline.iter("{http://schemas.openxmlformats.org/drawingml/2006/"
                              "wordprocessingDrawing}docPr"):
        doc_pr.set("id", str(shape_id))
        doc_pr.set("descr", alt)


_A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
ASVG_NS = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
SVG_BLIP_EXT = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"  # Office's id of the SVG extension


def svg_blip(inline: Element, svg_r_id: str) -> None:
    """Attach an SVG to an inline picture: Word 2016+ (365) shows the vector, older readers
    and LibreOffice the PNG the picture already has (``a:blip/a:extLst/a:ext/asvg:svgBlip``)."""
    for blip in inline.iter(f"{{{_A_NS}}}blip"):
        ext_lst = blip.find(f"{{{_A_NS}}}extLst")
        if ext_lst is None:
            ext_lst = _sub(blip, f"{{{_A_NS}}}extLst")
        ext = _sub(ext_lst, f"{{{_A_NS}}}ext", {"uri": SVG_BLIP_EXT})
        svg = etree.SubElement(ext, f"{{{ASVG_NS}}}svgBlip", nsmap={"asvg": ASVG_NS})
        svg.set(f"{{{R_NS}}}embed", svg_r_id)


_EP = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"


def app_properties(xml: bytes, application: str) -> bytes:
    """``docProps/app.xml`` naming ``application`` as the program that wrote the file.

    ``AppVersion`` goes: it is the version of the application named before (Word 14 in
    python-docx's template). The rest (template name, statistics Word recomputes) stays.
    Serialization is deterministic: the same input gives the same bytes.
    """
    root = etree.fromstring(xml)
    app = root.find(f"{_EP}Application")
    if app is None:  # the schema's elements come in any order (xsd:all)
        app = _sub(root, f"{_EP}Application")
    app.text = application
    version = root.find(f"{_EP}AppVersion")
    if version is not None:
        before = version.getprevious()
        if before is not None:  # keep the indentation the template had
            before.tail = version.tail
        root.remove(version)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


