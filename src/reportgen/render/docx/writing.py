"""A built .docx made right for its language: fonts and language per script, right to left.

python-docx names only the Latin font of a style (``w:ascii``/``w:hAnsi``): Word then draws
Chinese in its East Asian default (MS Mincho, a Japanese face; python-docx#154, #1601) and
Arabic in whatever its complex-script default is. It has no API for paragraph direction
(``w:bidi``; python-docx#307) either. This pass runs on the finished document, before it is
saved, so the writer itself stays script-agnostic:

* styles: ``w:rFonts w:eastAsia`` (Noto CJK SC or TC) or ``w:cs`` (Noto Naskh Arabic) beside the
  Latin font, the complex-script size and bold (``w:szCs``, ``w:bCs``) beside the Latin ones,
  and all three language slots (``w:lang w:val/w:eastAsia/w:bidi``) in the defaults;
* right to left: ``w:bidi`` on every paragraph (body, headers, footers), ``w:bidiVisual`` on
  tables, ``w:rtl`` on runs of Arabic or Hebrew text, and Latin runs (titles, URLs, citation
  groups) wrapped in left-to-right marks so Word's bidi algorithm keeps "[1, 2]" and "Title."
  in their order;
* emphasis in scripts with no italic: emphasis dots (``w:em w:val="dot"``) for Chinese, bold
  for Arabic, instead of a synthetic slant.

Pure lxml on python-docx's tree; nothing here knows about briefs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from docx.document import Document as DocumentObject

from ...fonts.stacks import SCRIPT_FONTS
from ...writing_systems import docx_language_slots, emphasis_kind, script, text_direction
from .oxml import Element, doc_defaults_rpr, w

# The schema's order of the children this module adds (Word rejects them out of order).
RPR_ORDER = (
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
    "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden",
    "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr",
    "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish",
    "oMath",
)
PPR_ORDER = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
    "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle",
    "rPr", "sectPr", "pPrChange",
)


def set_in_order(parent: Element, tag: str, attrib: dict[str, str],
                 order: tuple[str, ...] = RPR_ORDER) -> None:
    """Replace or add child ``tag`` where the schema's sequence ``order`` wants it."""
    old = parent.find(w(tag))
    if old is not None:
        parent.remove(old)
    new = parent.makeelement(w(tag), attrib)
    later = {w(t) for t in order[order.index(tag) + 1:]}
    for i, child in enumerate(parent):
        if child.tag in later:
            parent.insert(i, new)
            return
    parent.append(new)


LRM = "\u200e"  # left-to-right mark
RLM = "\u200f"  # right-to-left mark
_HEADING_STYLES = ("Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Series",
                   "Caption")


def localize(doc: DocumentObject, language: str, direction: str,
             families: dict[str, str] | None = None) -> None:
    """Apply every script and direction fix for a brief in ``language``.

    ``families`` may name the body and heading family for the script (a brand's choice);
    by default the house ones from ``fonts/stacks.py``.
    """
    styles = doc.styles.element
    set_languages(styles, language)
    set_script_fonts(doc, language, families or {})
    complex_script_sizes(styles)
    if emphasis_kind(_SAMPLE.get(script(language), "a")) != "slant":
        upright_styles(styles)
    parts = [doc.element.body]
    for section in doc.sections:
        for part in (section.header, section.footer, section.first_page_header,
                     section.first_page_footer):
            parts.append(part._element)
    for part in parts:
        emphasis(part)
        if direction == "rtl":
            right_to_left(part)


def set_languages(styles: Element, language: str) -> None:
    """``w:lang`` in the document defaults: the brief's tag in the slot Word uses for its
    script (eastAsia for CJK, bidi for Arabic), so spelling and fonts follow the language."""
    attrib = {w(k): v for k, v in docx_language_slots(language).items()}
    set_in_order(doc_defaults_rpr(styles), "lang", attrib)


def set_script_fonts(doc: DocumentObject, language: str, families: dict[str, str]) -> None:
    """The script's font beside the Latin one in the defaults and in the heading styles."""
    fonts = SCRIPT_FONTS.get(script(language))
    if fonts is None:
        return
    slot = "cs" if script(language) in ("Arab", "Hebr") else "eastAsia"
    body = families.get("body") or fonts.serif
    heading = families.get("heading") or fonts.sans
    _rfonts(doc_defaults_rpr(doc.styles.element), slot, body)
    for style in doc.styles:
        if style.name in _HEADING_STYLES or style.name == "Normal":
            rpr = style.element.get_or_add_rPr()
            _rfonts(rpr, slot, heading if style.name in _HEADING_STYLES else body)


def _rfonts(rpr: Element, slot: str, family: str) -> None:
    rfonts = rpr.find(w("rFonts"))
    if rfonts is None:
        set_in_order(rpr, "rFonts", {}, RPR_ORDER)
        rfonts = rpr.find(w("rFonts"))
    rfonts.set(w(slot), family)
    rfonts.attrib.pop(w(f"{slot}Theme" if slot == "eastAsia" else "cstheme"), None)
    if slot == "eastAsia":
        rfonts.set(w("hint"), "eastAsia")


# A letter of each script with no italic, to ask ``emphasis_kind`` about a language.
_SAMPLE = {"Hans": "\u4e2d", "Hant": "\u4e2d", "Jpan": "\u4e2d", "Kore": "\ud55c",
           "Arab": "\u0639", "Hebr": "\u05e2"}


def upright_styles(styles: Element) -> None:
    """No italic and no letter spacing in any style (python-docx's Subtitle and Quote are
    italic, its Title spaced): Chinese and Arabic have no italic, so Word would slant them
    synthetically, and spaced Arabic letters no longer join."""
    for rpr in styles.iter(w("rPr")):
        for tag in ("i", "iCs", "spacing"):
            for found in rpr.findall(w(tag)):
                rpr.remove(found)


def complex_script_sizes(styles: Element) -> None:
    """Word sizes and bolds Arabic with ``w:szCs`` and ``w:bCs``: copy the Latin values."""
    for rpr in styles.iter(w("rPr")):
        sz = rpr.find(w("sz"))
        if sz is not None and rpr.find(w("szCs")) is None:
            set_in_order(rpr, "szCs", {w("val"): sz.get(w("val"))})
        if rpr.find(w("b")) is not None and rpr.find(w("bCs")) is None:
            set_in_order(rpr, "bCs", dict(rpr.find(w("b")).attrib))


def _runs(part: Element) -> Iterator[tuple[Element, str]]:
    for r in part.iter(w("r")):
        text = "".join(t.text or "" for t in r.iter(w("t")))
        if text:
            yield r, text


def emphasis(part: Element) -> None:
    """Italic runs in Chinese become emphasis dots; in Arabic or Hebrew, bold."""
    for r, text in _runs(part):
        rpr = r.find(w("rPr"))
        if rpr is None or rpr.find(w("i")) is None:
            continue
        kind = emphasis_kind(text)
        if kind == "slant":
            continue
        rpr.remove(rpr.find(w("i")))
        if kind == "dots":
            set_in_order(rpr, "em", {w("val"): "dot"})
        else:
            set_in_order(rpr, "b", {})
            set_in_order(rpr, "bCs", {})


def right_to_left(part: Element) -> None:
    """Paragraphs and tables right to left; Arabic runs marked, Latin runs kept in order."""
    for p in part.iter(w("p")):
        ppr = p.find(w("pPr"))
        if ppr is None:
            ppr = p.makeelement(w("pPr"), {})
            p.insert(0, ppr)
        set_in_order(ppr, "bidi", {}, PPR_ORDER)
    for tbl in part.iter(w("tbl")):
        tblpr = tbl.find(w("tblPr"))
        if tblpr is not None and tblpr.find(w("bidiVisual")) is None:
            _insert_bidi_visual(tblpr)
    for r, text in _runs(part):
        direction = text_direction(text)
        if direction == "rtl":
            rpr = r.find(w("rPr"))
            if rpr is None:
                rpr = r.makeelement(w("rPr"), {})
                r.insert(0, rpr)
            set_in_order(rpr, "rtl", {})
            if rpr.find(w("b")) is not None:
                set_in_order(rpr, "bCs", {})
        elif direction == "ltr":
            _wrap_ltr(r.findall(w("t")))


def _wrap_ltr(texts: Iterable[Element]) -> None:
    """Left-to-right marks around a Latin run: its trailing full stop or bracket stays with it
    instead of jumping to the other end (Unicode bidi rule N1)."""
    texts = list(texts)
    if texts:
        texts[0].text = LRM + (texts[0].text or "")
        texts[-1].text = (texts[-1].text or "") + LRM


_TBLPR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
                "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders",
                "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription")


def _insert_bidi_visual(tblpr: Element) -> None:
    set_in_order(tblpr, "bidiVisual", {}, _TBLPR_ORDER)


def set_run_language(runs: Iterable[Element], language: str) -> None:
    """``w:lang`` on runs in another language than the brief (an English quote in a Chinese
    brief), so Word checks their spelling, and picks their fonts, as that language."""
    attrib = {w(k): v for k, v in docx_language_slots(language).items()}
    for r in runs:
        rpr = r.find(w("rPr"))
        if rpr is None:
            rpr = r.makeelement(w("rPr"), {})
            r.insert(0, rpr)
        set_in_order(rpr, "lang", attrib)
