"""Brand fonts inside the page: each file subset to the characters the page prints, as WOFF2.

A web page that names a brand font the reader does not have falls back without a word; the
file travels inside the HTML instead (``font-src data:``, no request). Subsetting keeps the seed
page small: only the code points of its text, with every OpenType feature the text may use.
Weight and style come from brand.yml (``theme.font_faces``) or, for a file listed without them,
from the font's own OS/2 table, not from its name.
"""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup

from ...theme import Theme

_CSS_UNSAFE = re.compile(r"[<>{};\\\n\r\"]")


@lru_cache(maxsize=64)
def _subset(path: Path, stamp: tuple[int, int], chars: frozenset[int]) -> bytes:
    """The font cut down to ``chars``, as WOFF2 (cached: a warm rebuild pays nothing).
    fontTools is imported here: the house style ships no font file and never pays for it."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = TTFont(str(path), lazy=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=chars)
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff2"
    font.save(out)
    return out.getvalue()


@lru_cache(maxsize=64)
def _own_face(path: Path, stamp: tuple[int, int]) -> tuple[str, str]:
    """(font-weight, font-style) as the file itself declares them."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), lazy=True)
    os2 = font.get("OS/2", None)
    weight = str(os2.usWeightClass if os2 is not None else 400)
    if "fvar" in font:
        for axis in font["fvar"].axes:
            if axis.axisTag == "wght":
                weight = f"{int(axis.minValue)} {int(axis.maxValue)}"
    italic = bool(os2 is not None and os2.fsSelection & 1)
    return weight, "italic" if italic else "normal"


def _stamp(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_mtime_ns, info.st_size


def faces(theme: Theme) -> Iterator[tuple[str, Path, str, str]]:
    """(family, file, weight, style) of every brand font file, each file once."""
    seen: set[Path] = set()
    for face in theme.font_faces:
        if face.path not in seen:
            seen.add(face.path)
            yield face.family, face.path, face.css_weight, face.style
    for font in (theme.body_font, theme.heading_font, theme.mono_font):
        for path in font.files:
            if path not in seen:
                seen.add(path)
                yield (font.family, path, *_own_face(path, _stamp(path)))


def font_faces(theme: Theme, text: str) -> Markup:
    """``@font-face`` rules with the subset fonts as ``data:`` URLs, for the page's ``text``."""
    chars = frozenset(ord(c) for c in text if not c.isspace()) | {0x20, 0xA0}
    rules = []
    for family, path, weight, style in faces(theme):
        data = base64.b64encode(_subset(path, _stamp(path), chars)).decode("ascii")
        rules.append(
            f'@font-face {{ font-family: "{_CSS_UNSAFE.sub("", family)}"; '
            f'src: url("data:font/woff2;base64,{data}") format("woff2"); '
            f"font-weight: {_CSS_UNSAFE.sub('', weight)}; "
            f"font-style: {'italic' if style == 'italic' else 'normal'}; font-display: swap; }}")
    return Markup("\n".join(rules))
