"""Text from the DOCX found again in the YAML: a pattern tolerant of what rendering changed.

Rendering turns straight quotes curly, folds a block's line breaks into spaces and keeps the
brief's Markdown markers as they are, so text is matched word by word with any white space
between words and any quotation mark for a quotation mark.
"""

from __future__ import annotations

import re

from ..errors import FieldPath
from ..source.located import Located, line_col

_QUOTES = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e"
_TOKENS = re.compile(r"\w+|\s+|[^\w\s]")


def tokens(text: str) -> list[str]:
    return _TOKENS.findall(text)


def flexible(parts: list[str]) -> str:
    """A regular expression for the tokens ``parts`` as they may stand in the YAML."""
    out = []
    for t in parts:
        if t.isspace():
            out.append(r"\s+")
        elif t in _QUOTES:
            out.append(f"[{re.escape(_QUOTES)}]")
        else:
            out.append(re.escape(t))
    return "".join(out)


def span_of(doc: Located, path: FieldPath) -> tuple[int, int] | None:
    span = doc.spans.get(path)
    if span is None or span.merged:
        return None
    return span.start.index, span.end


def position(doc: Located, path: FieldPath, text: str, before: str = "") -> tuple[int, int]:
    """Line and column of ``text`` (or of the end of ``before``, for an insertion) in the value
    at ``path``; the value's start when it cannot be found."""
    bounds = span_of(doc, path)
    if bounds is None:
        return doc.value(path)
    start, end = bounds
    body = doc.text[start:end]
    words = tokens(before)[-8:] if not text.strip() else tokens(text.strip())
    if words:
        found = re.search(flexible(words), body)
        if found:
            return line_col(doc.text, start + (found.end() if not text.strip()
                                               else found.start()))
    return doc.value(path)
