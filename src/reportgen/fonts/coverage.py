"""Does some font draw every character of a brief? Checked before rendering, never by a box.

WeasyPrint (Pango, fontconfig) draws a character no installed font has as an empty box, and
says so only in a log line. So before anything is rendered, every character the PDF and DOCX
will print (the brief's text, the fixed words of its language, the brand's name) is checked
against the installed fonts (fontconfig's charsets, ``fc-list``) and the brand's font files
(their cmaps, fontTools). A character none of them covers is a warning with the character, its
code point, where it first appears (file:line:column) and the fix.

fontconfig's charsets come in one ``fc-list`` call, about 60 ms, cached for the process.
"""

from __future__ import annotations

import bisect
import shutil
import subprocess
import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from ..errors import Problem

# Characters that draw nothing and need no glyph: controls, format characters (bidi marks,
# zero-width joiners, soft hyphens), spaces, line and paragraph separators.
_NO_GLYPH = {"Cc", "Cf", "Zs", "Zl", "Zp"}


@cache
def installed_ranges() -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Code point ranges some installed font covers, merged: (starts, ends), sorted.

    Empty when fontconfig's ``fc-list`` is missing (then every character is reported as
    unchecked, not as covered).
    """
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return (), ()
    out = subprocess.run([fc_list, "--format", "%{charset}\n"], capture_output=True,
                         text=True, check=False).stdout
    tokens = {tok for line in set(out.splitlines()) for tok in line.split()}
    ranges = sorted((int(a, 16), int(b or a, 16))
                    for a, _, b in (tok.partition("-") for tok in tokens))
    merged: list[list[int]] = []
    for start, end in ranges:
        if merged and start <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple(r[0] for r in merged), tuple(r[1] for r in merged)


@cache
def file_coverage(path: Path) -> frozenset[int]:
    """The code points a font file maps (its best cmap); empty for a file fontTools cannot read."""
    from fontTools.ttLib import TTFont, TTLibError  # WeasyPrint's dependency: always present

    try:
        with TTFont(str(path), lazy=True, fontNumber=0) as font:
            return frozenset(font.getBestCmap() or {})
    except (TTLibError, OSError, ValueError, KeyError, AssertionError):
        return frozenset()


def _installed(code: int) -> bool:
    starts, ends = installed_ranges()
    i = bisect.bisect_right(starts, code) - 1
    return i >= 0 and code <= ends[i]


def needs_glyph(char: str) -> bool:
    """False for what draws nothing: controls, spaces, bidi marks, variation selectors."""
    return unicodedata.category(char) not in _NO_GLYPH and not (
        0xFE00 <= ord(char) <= 0xFE0F or 0xE0100 <= ord(char) <= 0xE01EF)


def uncovered(chars: Iterable[str], font_files: Iterable[Path] = ()) -> list[str]:
    """The characters (in the order given, once each) that no installed font and no font file
    in ``font_files`` covers."""
    extra: set[int] = set()
    for path in font_files:
        extra |= file_coverage(path)
    return [c for c in dict.fromkeys(chars)
            if needs_glyph(c) and ord(c) not in extra and not _installed(ord(c))]


def fix_for(char: str) -> str:
    """How to get a font for ``char``: the Debian package for common scripts, else a brand font."""
    name = unicodedata.name(char, "")
    code = ord(char)
    packages = (
        (("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "BOPOMOFO", "IDEOGRAPHIC", "FULLWIDTH"),
         "fonts-noto-cjk"),
        (("ARABIC", "HEBREW", "SYRIAC", "THAANA", "DEVANAGARI", "BENGALI", "TAMIL", "THAI",
          "ARMENIAN", "GEORGIAN", "ETHIOPIC", "CYRILLIC", "GREEK"), "fonts-noto-core"),
    )
    for words, package in packages:
        if any(word in name for word in words):
            return f"install the Debian package {package} (scripts/system-deps.sh)"
    if unicodedata.category(char) == "So" and code >= 0x1F000:
        return ("install the Debian package fonts-noto-color-emoji, or write the symbol "
                "out in words")
    return ("add a font that has it to the brand (brand.yml typography.fonts, source: file), "
            "install one (Debian fonts-noto-extra covers many scripts), or remove the character")


def describe(char: str) -> str:
    """'"𐵐" (U+10D50 GARAY CAPITAL LETTER A)'; the name is left out when Python lacks it."""
    name = unicodedata.name(char, "")
    return f"'{char}' (U+{ord(char):04X}{' ' + name if name else ''})"


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _first_outside_comments(text: str, char: str) -> int:
    """Index of ``char``'s first use in a YAML file's values (a comment is never printed)."""
    start = 0
    while (i := text.find(char, start)) >= 0:
        line_start = text.rfind("\n", 0, i) + 1
        if not text[line_start:i].lstrip().startswith("#"):
            return i
        start = i + 1
    return text.find(char)


def problems(chars_by_origin: Iterable[tuple[str, str, str | None]],
             font_files: Iterable[Path] = ()) -> list[Problem]:
    """Warnings for the characters no font covers.

    ``chars_by_origin`` is (text, file, file_text): the characters of ``text`` are located in
    ``file_text`` (the file's contents) when given, else reported at ``file`` alone. Each
    character is reported once, at its first origin.
    """
    files = tuple(font_files)
    found: dict[str, tuple[str, int | None, int | None]] = {}
    for text, file, file_text in chars_by_origin:
        for char in uncovered(text, files):
            if char in found:
                continue
            line = col = None
            if file_text is not None and (i := _first_outside_comments(file_text, char)) >= 0:
                line, col = _line_col(file_text, i)
            found[char] = (file, line, col)
    if found and not installed_ranges()[0]:
        return [Problem("fontconfig", "fc-list was not found, so no character could be checked "
                        "against the installed fonts", severity="warning",
                        hint="install the Debian package fontconfig")]
    return [Problem(file, f"no font has the character {describe(char)}: it would print as an "
                    "empty box", line, col, severity="warning", hint=fix_for(char))
            for char, (file, line, col) in found.items()]

