"""Is a quote verbatim in its source, and is it given to the right person?

Pure functions over text. A quote matches when it occurs in the archived text after only these
normalizations, applied alike to both: Unicode NFC; whitespace and line breaks as one space; a
word hyphenated at a line end joined again (or kept with its hyphen, for compounds such as
"AI-powered" broken after the hyphen); curly and straight quotes and apostrophes as one; dash
variants as one; no space at a line break inside Chinese or Japanese text. Case, words and
other punctuation must match exactly.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from .attribution import attributed, latin_names, same_person
from .context import marked_sentence, qualifier

# Characters to zero-width: soft hyphen, zero-width space and joiners, byte-order mark.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
_FOLD = str.maketrans({
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc\uff07", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\uff02", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
    "\u2026": "...",
})
# A hyphen at a line end with the word going on on the next line.
_LINE_END_HYPHEN = re.compile(r"(?<=\w)-[ \t]*\r?\n\s*(?=\w)")
_SPACE = re.compile(r"\s+")
# A single quotation mark (not an apostrophe inside a word): a quote within a quote takes the
# other kind of marks, so among 'the most regulated' matches among "the most regulated".
_SINGLE_MARK = re.compile(r"(?<!\w)'|'(?!\w)")
# A comma or full stop inside a closing mark ('moment,”') is house style, not the speaker's.
_PUNCT_IN_MARKS = re.compile(r'[,.](?=")')
# A line break between two Chinese or Japanese characters is no space: the script uses none.
_CJK = "\u2e80-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_SPACE = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")
# '...', '…' or either in square brackets, as quotes mark left-out words.
_ELLIPSIS = re.compile(r"\s*\[?\s*\.\.\.\s*\]?\s*")
_WORD = re.compile(r"\S+")

ATTRIBUTION_WINDOW = 300  # characters either side of a quote where its speaker must be named
ELLIPSIS_GAP = 500  # at most this many characters may be left out at one ellipsis


def normalize(text: str, join_hyphens: bool = True) -> str:
    """The text with only the allowed differences taken out (see the module docstring)."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE).translate(_FOLD)
    text = _LINE_END_HYPHEN.sub("" if join_hyphens else "-", text)
    text = _PUNCT_IN_MARKS.sub("", _SINGLE_MARK.sub('"', text))
    return _CJK_SPACE.sub("", _SPACE.sub(" ", text)).strip()


@dataclass(frozen=True)
class SourceText:
    """An archived text, normalized twice: hyphens at line ends joined, and kept."""

    joined: str
    kept: str

    @classmethod
    def of(cls, text: str) -> SourceText:
        return cls(normalize(text, True), normalize(text, False))


@dataclass(frozen=True)
class Finding:
    severity: Literal["error", "warning"]
    message: str
    hint: str | None = None


def pieces(quote: str) -> list[str]:
    """The parts of a normalized quote between its ellipses."""
    return [p for p in _ELLIPSIS.split(quote) if p]


def _occurrences(text: str, piece: str, start: int = 0) -> list[int]:
    found, at = [], text.find(piece, start)
    while at != -1:
        found.append(at)
        at = text.find(piece, at + 1)
    return found


def find(text: str, parts: list[str]) -> list[tuple[int, int]]:
    """Spans where the parts occur in order, each within ELLIPSIS_GAP of the one before."""
    spans = []
    for first in _occurrences(text, parts[0]):
        end = first + len(parts[0])
        for part in parts[1:]:
            at = text.find(part, end)
            if at == -1 or at - end > ELLIPSIS_GAP:
                break
            end = at + len(part)
        else:
            spans.append((first, end))
    return spans


_PUNCT = ".,;:!?\"'()[]"


def _key(word: str) -> str:
    return word.strip(_PUNCT).lower()


def closest(text: str, quote: str) -> tuple[str, str]:
    """The passage of ``text`` most like ``quote``, and both with their differing words marked
    *like this*: (quote marked, passage marked)."""
    q = quote.split()
    words = _WORD.findall(text)
    if not words or not q:
        return quote, ""
    wanted = {_key(w) for w in q}
    hits = [0]
    for w in words:
        hits.append(hits[-1] + (_key(w) in wanted))
    n = len(q)
    # Compared without the punctuation around words (a closing quote mark after 'world'),
    # but with their case, which must match.
    qk = [w.strip(_PUNCT) for w in q]
    keys = [w.strip(_PUNCT) for w in words]
    starts = sorted(range(max(1, len(words) - n + 1)),
                    key=lambda i: hits[min(i + n, len(words))] - hits[i], reverse=True)[:12]
    best: tuple[int, int, int, int, int] = (-1, 0, 0, 0, 0)
    for i in starts:
        for a in range(max(0, i - 2), i + 3):
            for b in range(a + max(1, n - 3), min(len(words), a + n + 3) + 1):
                score = _alignment(qk, keys[a:b])
                if score > best[:3]:
                    best = (*score, a, b)
    passage = words[best[3]:best[4]]
    return _marked(q, passage)


def _alignment(quote: list[str], passage: list[str]) -> tuple[int, int, int]:
    """How well a passage lines up with a quote: most words in common, then the length nearest
    the quote's, then ends that line up (so a passage is never cut just before a changed last
    word, nor started a word early)."""
    blocks = [m for m in SequenceMatcher(None, quote, passage, autojunk=False)
              .get_matching_blocks() if m.size]
    if not blocks:
        return 0, -abs(len(passage) - len(quote)), 0
    head = abs(blocks[0].a - blocks[0].b)
    tail = abs((len(quote) - blocks[-1].a - blocks[-1].size)
               - (len(passage) - blocks[-1].b - blocks[-1].size))
    return sum(m.size for m in blocks), -abs(len(passage) - len(quote)), -(head + tail)


def _marked(q: list[str], passage: list[str]) -> tuple[str, str]:
    ops = SequenceMatcher(None, [w.strip(_PUNCT) for w in q],
                          [w.strip(_PUNCT) for w in passage], autojunk=False).get_opcodes()
    # Words only the source has at either end are context, not differences: drop them.
    while ops and ops[0][0] == "insert":
        ops.pop(0)
    while ops and ops[-1][0] == "insert":
        ops.pop()
    mine: list[str] = []
    theirs: list[str] = []
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            mine += q[i1:i2]
            theirs += passage[j1:j2]
            continue
        if i2 > i1:
            mine.append("*" + " ".join(q[i1:i2]).strip('"\',;:') + "*")
        if j2 > j1:
            theirs.append("*" + " ".join(passage[j1:j2]).strip('"\',;:') + "*")
    ends = "\"',;:"
    return " ".join(mine).strip(ends), " ".join(theirs).strip(ends)


def family_name(speaker: str) -> str:
    """The name a source most often uses for a speaker: the last word of the name (in Latin
    script where the brief gives both, as in '温迪·霍尔 (Wendy Hall)')."""
    latin = [w for w in latin_names(normalize(speaker))
             if w.lower() not in ("jr", "sr", "ii", "iii", "phd")]
    if latin:
        return latin[-1]
    words = [w.strip(".,") for w in normalize(speaker).split()]
    return words[-1] if words else speaker


def _named_near(text: str, spans: list[tuple[int, int]], speaker: str) -> bool:
    names = [re.escape(family_name(speaker)), re.escape(normalize(speaker))]
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(names) + r")(?!\w)")
    return any(pattern.search(text, max(0, s - ATTRIBUTION_WINDOW), e + ATTRIBUTION_WINDOW)
               for s, e in spans)


def _speaker_findings(text: str, spans: list[tuple[int, int]], speaker: str,
                      archive: str) -> list[Finding]:
    """Who the source gives the words to (the nearest attribution) against the brief's speaker."""
    start, end = spans[0]
    found = attributed(text, start, end)
    if found is not None:
        name, phrase = found
        if same_person(speaker, name):
            return []
        return [Finding(
            "warning", f"{archive} gives these words to {name} (“{phrase}”), not to {speaker}",
            "attribute the quote to the person the source names, or check the source")]
    if _named_near(text, spans, speaker):
        return []
    return [Finding(
        "warning", f"'{family_name(speaker)}' is not named within {ATTRIBUTION_WINDOW} "
        f"characters of this quote in {archive}",
        f"check that {speaker} said it: the source may give it to someone else")]


def _context_findings(text: str, spans: list[tuple[int, int]], archive: str) -> list[Finding]:
    start, end = spans[0]
    word = qualifier(text, start, end)
    if word is None:
        return []
    return [Finding(
        "warning", f"the quote leaves out '{word}' from its sentence in {archive}: "
        f"“{marked_sentence(text, start, end)}”",
        "check that the quote keeps the source's sense: quote the qualifier too (the "
        "speaker's own words inside single quotation marks), or say it in the prose")]


def check_quote(source: SourceText, quote: str, speaker: str, archive: str) -> list[Finding]:
    """Findings for one quote against its archived source; empty when all is well."""
    q = normalize(quote)
    parts = pieces(q)
    if not parts:
        return []
    for text in (source.joined, source.kept):
        spans = find(text, parts)
        if spans:
            return [*_speaker_findings(text, spans, speaker, archive),
                    *_context_findings(text, spans, archive)]
    return [_not_found(source.joined, parts, archive)]


def _not_found(text: str, parts: list[str], archive: str) -> Finding:
    missing = next((p for p in parts if p not in text), None)
    if missing is None:  # every part is there, but not in order or not close together
        return Finding(
            "error", f"the parts of this quote around '...' are not in {archive} in this order "
            f"within {ELLIPSIS_GAP} characters of each other",
            "an ellipsis may leave out a few words of one passage, not join distant passages")
    mine, theirs = closest(text, missing)
    if not theirs:
        return Finding("error", f"not found in {archive}", "check the archive's text")
    return Finding(
        "error", f"not verbatim in {archive}: the brief has “{mine}” — the source has “{theirs}”",
        "copy the words exactly as the source has them (differences marked *like this*)")
