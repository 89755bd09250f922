"""What a BCP 47 language tag implies for layout: writing direction, script, translation file.

One place answers "is this brief right to left?", "Simplified or Traditional Chinese?" and
"which translation file?", so the PDF, the DOCX and the font checks never disagree. Pure data and
functions: no I/O, no imports of writers.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

Direction = Literal["ltr", "rtl"]

# Languages written right to left (their usual script). A brief's meta.direction overrides.
RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur", "ps", "yi", "ckb", "sd", "ug", "dv"})

# Chinese regions whose default script is Traditional (CLDR likely subtags).
HANT_REGIONS = frozenset({"TW", "HK", "MO"})

# The default script of a language without a script subtag (CLDR likely subtags), for the
# languages whose fonts or layout differ from Latin.
_DEFAULT_SCRIPT = {
    "ar": "Arab", "fa": "Arab", "ur": "Arab", "ps": "Arab", "ckb": "Arab", "sd": "Arab",
    "ug": "Arab", "he": "Hebr", "yi": "Hebr", "dv": "Thaa", "ja": "Jpan", "ko": "Kore",
    "ru": "Cyrl", "uk": "Cyrl", "bg": "Cyrl", "el": "Grek", "th": "Thai", "hi": "Deva",
}


def parts(tag: str) -> tuple[str, str | None, str | None]:
    """('zh', 'Hant', 'TW') from 'zh-Hant-TW'; case is normalized ('ZH-tw' -> zh, TW)."""
    pieces = [p for p in tag.strip().replace("_", "-").split("-") if p]
    lang = pieces[0].lower() if pieces else ""
    script = region = None
    for piece in pieces[1:]:
        if len(piece) == 4 and piece.isalpha():
            script = piece.title()
        elif (len(piece) == 2 and piece.isalpha()) or (len(piece) == 3 and piece.isdigit()):
            region = piece.upper()
    return lang, script, region


def primary(tag: str) -> str:
    return parts(tag)[0]


def script(tag: str) -> str:
    """The ISO 15924 script a tag is written in: 'Hans', 'Hant', 'Arab', ... or 'Latn'.

    Chinese without a script subtag is Simplified, except for Taiwan, Hong Kong and Macao.
    """
    lang, explicit, region = parts(tag)
    if explicit:
        return explicit
    if lang == "zh":
        return "Hant" if region in HANT_REGIONS else "Hans"
    return _DEFAULT_SCRIPT.get(lang, "Latn")


def direction(tag: str, override: str | None = None) -> Direction:
    """'rtl' for Arabic, Hebrew, Persian, Urdu ...; ``override`` (meta.direction) wins."""
    if override in ("ltr", "rtl"):
        return override  # type: ignore[return-value]
    if parts(tag)[1] in ("Arab", "Hebr", "Thaa", "Syrc", "Nkoo", "Adlm"):
        return "rtl"
    return "rtl" if primary(tag) in RTL_LANGUAGES else "ltr"


def is_cjk(tag: str) -> bool:
    return script(tag) in ("Hans", "Hant", "Jpan", "Kore")


def translation_stem(tag: str) -> str:
    """The translation file a tag reads: 'zh-Hans' / 'zh-Hant' for Chinese, else the primary
    subtag ('fr-CA' -> 'fr')."""
    lang = primary(tag)
    if lang == "zh":
        return f"zh-{script(tag)}" if script(tag) in ("Hans", "Hant") else "zh-Hans"
    return lang


def docx_language_slots(tag: str) -> dict[str, str]:
    """Word's three language slots (``w:lang``): Latin text, East Asian text, complex scripts.

    Word picks the slot by character, so a Chinese brief puts its tag in ``eastAsia`` and an
    Arabic one in ``bidi``; Latin runs inside them (titles, URLs) keep a sensible ``val``.
    """
    if is_cjk(tag):
        return {"val": "en-US", "eastAsia": _word_tag(tag)}
    if script(tag) in ("Arab", "Hebr", "Thaa", "Syrc"):
        return {"val": "en-US", "bidi": _word_tag(tag)}
    return {"val": tag}


def _word_tag(tag: str) -> str:
    """Word expects a region: zh-CN, zh-TW, ar-SA ... (it ignores a script subtag)."""
    lang, scr, region = parts(tag)
    if region and not region.isdigit():
        return f"{lang}-{region}"
    defaults = {"Hans": "zh-CN", "Hant": "zh-TW"}
    if lang == "zh":
        return defaults.get(scr or script(tag), "zh-CN")
    return {"ar": "ar-SA", "he": "he-IL", "fa": "fa-IR", "ur": "ur-PK", "ja": "ja-JP",
            "ko": "ko-KR"}.get(lang, lang)


def char_direction(char: str) -> Direction | None:
    """'ltr' or 'rtl' for a strong character (Unicode bidi class L, or R/AL), else None."""
    kind = unicodedata.bidirectional(char)
    if kind == "L":
        return "ltr"
    if kind in ("R", "AL"):
        return "rtl"
    return None


def text_direction(text: str) -> Direction | None:
    """The direction of a text's first strong character (HTML's dir="auto" rule); None for
    text with none (numbers, punctuation)."""
    for char in text:
        found = char_direction(char)
        if found:
            return found
    return None


# Scripts with no italic: emphasis there must not be a synthetic slant. Han and kana (dots
# under the characters), Hangul, Arabic and Hebrew (another weight).
_NO_ITALIC = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\u1100-\u11ff\u2e80-\u9fff"
                        "\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff]")
_CJK = re.compile("[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
                  "\U00020000-\U0003ffff]")


def emphasis_kind(text: str) -> Literal["slant", "dots", "weight"]:
    """How to emphasize ``text``: italic for Latin, Greek, Cyrillic; emphasis dots for CJK;
    a heavier weight for Arabic and Hebrew."""
    if not _NO_ITALIC.search(text):
        return "slant"
    return "dots" if _CJK.search(text) else "weight"


def needs_tie(char: str) -> bool:
    """True for a character a line may break after without a space (Chinese, Japanese): a
    citation after it must be tied to it."""
    return bool(char) and bool(_CJK.match(char))
