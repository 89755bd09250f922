"""Reviewed text back into the YAML, in place: only the changed words of the changed scalars.

Each changed paragraph is compared, as Markdown, with the same anchor in a fresh build of the
brief; the word-level differences are found again in the YAML (``locate``) and spliced in, with
the scalar's quoting. The result is built again and must give the reviewed text for every
changed paragraph and the old text for every other; otherwise nothing is written.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..errors import FieldPath, dotted
from ..source.located import Located
from .locate import flexible, span_of, tokens

CONTEXT = 6  # tokens either side that must match too, so a common word is found in its place


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    new: str
    field: str


@dataclass(frozen=True)
class Refused:
    field: str
    line: int | None
    column: int | None
    reason: str


def _quoted(style: str, text: str) -> str | None:
    if "\n" in text:
        return None
    if style == '"':
        return text.replace("\\", "\\\\").replace('"', '\\"')
    if style == "'":
        return text.replace("'", "''")
    return text


def edits(doc: Located, path: FieldPath, old: str,
          new: str) -> tuple[list[Edit], Refused | None]:
    """Splices turning the YAML text of ``path`` (rendered as ``old``) into ``new``."""
    field = dotted(path)
    bounds = span_of(doc, path)
    if bounds is None:
        return [], Refused(field, *doc.value(path), "the field has no text of its own here")
    start, end = bounds
    body = doc.text[start:end]
    style = body[:1] if body[:1] in "\"'" else ""
    t0, t1 = tokens(old), tokens(new)
    out: list[Edit] = []
    ops = difflib.SequenceMatcher(None, t0, t1, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            continue
        left, right = t0[max(0, i1 - CONTEXT):i1], t0[i2:i2 + CONTEXT]
        pattern = f"{flexible(left)}(?P<old>{flexible(t0[i1:i2])})(?={flexible(right)})"
        found = list(re.finditer(pattern, body))
        line, column = doc.value(path)
        if len(found) != 1:
            why = "not found" if not found else f"found {len(found)} times"
            return [], Refused(field, line, column,
                               f"the text around {''.join(t0[i1:i2]) or 'the insertion'!r} is "
                               f"{why} in the YAML")
        replacement = _quoted(style, "".join(t1[j1:j2]))
        if replacement is None:
            return [], Refused(field, line, column, "the change adds a line break")
        m = found[0]
        out.append(Edit(start + m.start("old"), start + m.end("old"), replacement, field))
    return out, None


def spliced(text: str, all_edits: list[Edit]) -> str:
    """``text`` with the edits made, from the last to the first (they never overlap)."""
    for e in sorted(all_edits, key=lambda e: e.start, reverse=True):
        text = text[:e.start] + e.new + text[e.end:]
    return text


def changed_paragraphs(fresh: Mapping[str, str], edited: Mapping[str, str]) -> dict[str, str]:
    """Anchor names whose Markdown differs from the fresh build's, with the reviewed text."""
    return {name: md for name, md in edited.items() if name in fresh and fresh[name] != md}
