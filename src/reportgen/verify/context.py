"""Is a verbatim quote still faithful? A qualifier just outside it may change its sense.

'among “the most regulated in the world”' is not 'the most regulated in the world', and a
leading 'When it comes to transparency, …' narrows what follows. Such quotes get a warning with
the source's whole sentence and the quoted words marked, so the editor decides.
"""

from __future__ import annotations

import re

QUALIFIERS = ("among", "one of", "not", "no", "if", "may", "might", "could", "would",
              "almost", "some", "nearly", "perhaps", "possibly", "only", "except")
_BEFORE = re.compile(r"(?:^|[\s\"'(])(" + "|".join(q.replace(" ", r"\s+") for q in QUALIFIERS)
                     + r")[\s\"',]*$", re.IGNORECASE)
_AFTER = re.compile(r"^[\s\"',]*(if|unless|except|but only)\b", re.IGNORECASE)
_FRAME = re.compile(r"^[\s\"']*(when it comes to|in terms of|as far as|compared with|"
                    r"relative to)\b[^,]*,", re.IGNORECASE)
# On normalized text, where every quotation mark is straight.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"']?\s+(?=[\"'(]?[A-Z])|\n")


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence of ``text`` that holds text[start:end]."""
    first = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        first = m.end()
    m = _SENTENCE_END.search(text, end)
    return first, (m.start() if m else len(text))


def qualifier(text: str, start: int, end: int) -> str | None:
    """The qualifier just before, around or at the head of the sentence of text[start:end]
    that the quote leaves out; None when there is none."""
    first, last = sentence_around(text, start, end)
    head = text[first:start]
    m = _FRAME.match(head)
    if m:
        return m.group(1)
    words = head[-40:]
    m = _BEFORE.search(words)
    if m:
        return m.group(1)
    m = _AFTER.match(text[end:last])
    return m.group(1) if m else None


def marked_sentence(text: str, start: int, end: int) -> str:
    """The source's sentence with the quoted words marked »like this«."""
    first, last = sentence_around(text, start, end)
    return f"{text[first:start]}»{text[start:end]}«{text[end:last]}".strip()
