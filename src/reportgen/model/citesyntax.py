"""Pandoc's citation syntax, read from prose: ``[@a]``, ``[@a; @b]``, ``[see @a, pp. 3-5;
also @b]``, ``[-@a]`` and the author-in-text ``@a`` (with an optional ``@a [p. 3]``).

Text that looks like a citation but does not parse (``[@ministry-2025.``, ``[@a; b]``) raises
``MarkupError`` with the broken text as its snippet, so ``validate`` points at its line and
column instead of the PDF printing it raw. (Pandoc's manual, "Citation syntax", is the spec.)
"""

from __future__ import annotations

import re

from .inlines import Cite, CiteItem
from .locators import split_locator
from .markup import MarkupError

# Pandoc's keys: start with a letter, digit or _, internal punctuation (.:/-) only between
# word characters, so "see @smith." cites "smith".
KEY = r"[A-Za-z0-9_](?:[A-Za-z0-9_]|[.:/-](?=[A-Za-z0-9_]))*"
_ITEM = re.compile(rf"(?P<prefix>.*?)(?<!\S)(?P<minus>-)?@(?P<key>{KEY})(?P<rest>.*)", re.S)
_HAS_KEY = re.compile(rf"(?<![^\s;\[])-?@{KEY}")  # an @key not inside a word (not an e-mail)
_STARTS = re.compile(r"\[\s*-?@")
_IN_TEXT = re.compile(rf"@(?P<key>{KEY})(?:[ \t]?\[(?P<loc>[^\[\]@]*)\](?![(\[]))?")
_HINT = ("write [@id], [@a; @b] or [see @id, p. 3] (Pandoc's citation syntax); "
         "for a literal '@' or '[' write \\@ or \\[")


def _snippet(src: str, start: int, end: int) -> str:
    """The broken text on its first line, as the loader searches for it in the field."""
    return src[start:end].split("\n", 1)[0]


def _item(part: str, whole: str) -> CiteItem:
    match = _ITEM.fullmatch(part.strip())
    if match is None:
        raise MarkupError(f"'{part.strip()}' in citation '{whole}' names no source",
                          _snippet(whole, 0, len(whole)), _HINT)
    rest = match.group("rest")
    if rest and rest[0] not in ", \t\n":
        raise MarkupError(f"unexpected '{rest.strip()}' after @{match.group('key')} in "
                          f"citation '{whole}'", _snippet(whole, 0, len(whole)),
                          "put a comma and a space before a locator or a suffix: "
                          "[@id, p. 3]")
    term, locator, plural, suffix = split_locator(" ".join(rest.strip(" ,").split()))
    return CiteItem(match.group("key"), " ".join(match.group("prefix").split()), term, locator,
                    plural, suffix, bool(match.group("minus")))


def bracketed(src: str, pos: int) -> tuple[Cite, int] | None:
    """The citation group opening at ``src[pos] == '['`` and where it ends, or None when the
    brackets hold no citation (a link's text, a bracketed aside)."""
    looks = _STARTS.match(src, pos) is not None
    end = src.find("]", pos + 1)
    inner = src.find("[", pos + 1)
    if end < 0 or 0 <= inner < end:
        line = src[pos + 1:].split("\n", 1)[0]
        if looks or (end < 0 and _HAS_KEY.search(line)):
            stop = end + 1 if end >= 0 else len(src)
            raise MarkupError("citation is not closed", _snippet(src, pos, stop),
                              "end the citation with ']': " + _HINT)
        return None
    content = src[pos + 1:end]
    if src.startswith(("(", "["), end + 1) or not _HAS_KEY.search(content):
        if looks and not src.startswith(("(", "["), end + 1):
            raise MarkupError(f"'{src[pos:end + 1]}' is not a citation",
                              _snippet(src, pos, end + 1), _HINT)
        return None  # a link such as [see @x](url) stays a link
    whole = src[pos:end + 1]
    items = tuple(_item(part, whole) for part in content.split(";"))
    keys = tuple(item.key for item in items)
    detailed = () if all(i.bare and not i.suppress_author for i in items) else items
    return Cite(keys, items=detailed), end + 1


def in_text(src: str, pos: int) -> tuple[Cite, int] | None:
    """An author-in-text citation ``@key`` at ``src[pos] == '@'``; None inside a word (an
    e-mail address) or when no key follows."""
    if pos and (src[pos - 1].isalnum() or src[pos - 1] in "_@.["):  # "\\[@x]" stays text
        return None
    match = _IN_TEXT.match(src, pos)
    if match is None:
        return None
    key, loc = match.group("key"), match.group("loc")
    term, locator, plural, suffix = split_locator(" ".join(loc.split())) if loc else \
        ("", "", False, "")
    return Cite((key,), items=(CiteItem(key, "", term, locator, plural, suffix),),
                in_text=True), match.end()
