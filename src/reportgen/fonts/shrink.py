"""Smaller PDFs in Chinese, Japanese, Korean: CJK font subsets without 60,000 empty glyphs.

WeasyPrint subsets every font with HarfBuzz keeping glyph ids (``RETAIN_GIDS``), so that the
ids in the page content stay valid, and inlining subroutines. For a Latin font that costs
nothing. A Noto CJK face has 65,535 glyphs: its subset keeps offsets and charset entries for
some 63,000 empty ones (150 KB compressed per face, even for the four characters of a heading),
and every glyph's strokes written out in full.

Noto CJK's CFF is CID-keyed, and a PDF selects the glyphs of a bare CID-keyed CFF program
(``FontFile3 /CIDFontType0C``) by CID through the program's charset, not by glyph position.
So this finisher subsets WeasyPrint's subset again with fontTools, without keeping glyph ids,
and embeds the bare CFF: the glyphs keep their CIDs (in Noto CJK, CID = glyph id, which the page
content uses; checked, else the font is left alone). Poppler ignores the charset of an OpenType
wrapper, hence the bare CFF.
A font that is not CID-keyed (Latin CFF such as Inter, every TrueType font) is left as it is.
"""

from __future__ import annotations

import io
import logging
import struct
from collections.abc import Iterable
from typing import Any

LOGGER = logging.getLogger("reportgen")
_MIN_BYTES = 100_000  # WeasyPrint's subset of a smaller font has little to lose


def used_glyphs(fonts: Iterable[Any]) -> dict[int, tuple[Any, set[int]]]:
    """For each embedded font file (by ``id()`` of its bytes): a WeasyPrint Font that uses it
    (its ``hb_face`` is the whole original font) and the glyph ids the document uses."""
    used: dict[int, tuple[Any, set[int]]] = {}
    for font in fonts:
        content = getattr(font, "file_content", None)
        if content is None or getattr(font, "hb_face", None) is None:
            continue
        _, ids = used.setdefault(id(content), (font, set()))
        ids.update(getattr(font, "to_unicode", {}) or {})
        ids.update(getattr(font, "widths", {}) or {})
    return used


def _hb_subset(hb_face: Any, glyph_ids: set[int]) -> bytes | None:
    """HarfBuzz's subset of the original font to ``glyph_ids``: glyphs renumbered (CIDs kept),
    subroutines inlined (smaller for Noto CJK: 120 KB against 138 KB for 621 glyphs)."""
    from weasyprint.text.ffi import ffi, harfbuzz, harfbuzz_subset
    from weasyprint.text.fonts import get_hb_object_data

    if not harfbuzz_subset:
        return None

    def add(hb_set: Any, values: list[int]) -> None:  # WeasyPrint's bindings: arrays only
        harfbuzz.hb_set_add_sorted_array(hb_set, ffi.new(f"hb_codepoint_t[{len(values)}]",
                                                         values), len(values))

    plan = ffi.gc(harfbuzz_subset.hb_subset_input_create_or_fail(),
                  harfbuzz_subset.hb_subset_input_destroy)
    add(harfbuzz_subset.hb_subset_input_glyph_set(plan), sorted(glyph_ids | {0}))
    harfbuzz_subset.hb_subset_input_set_flags(
        plan, harfbuzz_subset.HB_SUBSET_FLAGS_NO_HINTING
        | harfbuzz_subset.HB_SUBSET_FLAGS_DESUBROUTINIZE
        | harfbuzz_subset.HB_SUBSET_FLAGS_NOTDEF_OUTLINE)
    drop = harfbuzz_subset.hb_subset_input_set(plan,
                                               harfbuzz_subset.HB_SUBSET_SETS_DROP_TABLE_TAG)
    add(drop, sorted(harfbuzz.hb_tag_from_string(tag, -1) for tag in (
        b"GSUB", b"GPOS", b"BASE", b"VORG", b"vhea", b"vmtx", b"DSIG", b"JSTF")))
    face = harfbuzz_subset.hb_subset_or_fail(hb_face, plan)
    if face == ffi.NULL:
        return None
    return bytes(get_hb_object_data(ffi.gc(face, harfbuzz.hb_face_destroy)))


def sfnt_table(data: bytes, tag: bytes) -> bytes | None:
    """One table of an OpenType font file, read from its table directory."""
    if len(data) < 12:
        return None
    (count,) = struct.unpack(">H", data[4:6])
    for i in range(count):
        name, _, offset, length = struct.unpack(">4sIII", data[12 + 16 * i: 28 + 16 * i])
        if name == tag:
            return data[offset: offset + length]
    return None


def _cids(cff: bytes) -> set[int] | None:
    """The CIDs of a bare CID-keyed CFF program (None when it is not CID-keyed)."""
    from fontTools.cffLib import CFFFontSet  # WeasyPrint's dependency

    fonts = CFFFontSet()
    fonts.decompile(io.BytesIO(cff), None)
    top = fonts.topDictIndex[0]
    if not hasattr(top, "ROS"):
        return None
    return {int(name[3:]) for name in top.charset if name.startswith("cid")}


def shrink_cid_font(data: bytes, hb_face: Any, glyph_ids: set[int]) -> bytes | None:
    """The bare CFF program (for a ``CIDFontType0C`` stream) of a CID-keyed OpenType font with
    only ``glyph_ids``; their CIDs stay the glyph ids the page content uses.

    ``data`` is WeasyPrint's subset (to tell a CID-keyed CFF font from others cheaply). None
    when the font is not CID-keyed, too small to gain, or a used glyph id is not its CID.
    """
    if not data.startswith(b"OTTO") or len(data) < _MIN_BYTES:
        return None
    subset = _hb_subset(hb_face, glyph_ids)
    cff = sfnt_table(subset, b"CFF ") if subset else None
    if cff is None:
        return None
    cids = _cids(cff)
    if cids is None or not {g for g in glyph_ids if g} <= cids:
        return None  # (HarfBuzz may add a few glyphs its layout closure reaches: harmless)
    return cff


def finisher(document: Any, pdf: Any) -> None:
    """A WeasyPrint finisher: every CID-keyed CFF font stream re-subset in place.

    A font it cannot re-subset stays as WeasyPrint wrote it (larger, never broken), and a
    warning says so.
    """
    used = used_glyphs(getattr(document, "fonts", {}).values())
    for obj in pdf.objects:
        stream = getattr(obj, "stream", None)
        extra = getattr(obj, "extra", None)
        if not isinstance(stream, list) or len(stream) != 1 or extra is None:
            continue
        if str(extra.get("Subtype", "")) != "/OpenType" or id(stream[0]) not in used:
            continue
        font, glyph_ids = used[id(stream[0])]
        try:
            smaller = shrink_cid_font(stream[0], font.hb_face, glyph_ids)
        except Exception as exc:  # fontTools on an unusual font: keep WeasyPrint's subset
            LOGGER.warning("could not shrink an embedded font (%s: %s); the PDF is larger "
                           "but complete", type(exc).__name__, exc)
            continue
        if smaller is not None and len(smaller) < len(stream[0]):
            obj.stream = [smaller]
            extra["Subtype"] = "/CIDFontType0C"
