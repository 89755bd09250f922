"""Pandoc's footnote syntax, read from one prose field: a reference ``text[^label]`` with its
definition on a line of its own (``[^label]: the note``, continued on indented lines), or an
inline note ``^[the note]``.

A definition belongs to the field it is written in (one section's ``body``). A reference
without a definition is an error, and so is a definition never referred to: neither is dropped
or printed raw.
"""

from __future__ import annotations

import re
from typing import Any

from .markup import MarkupError

_LABEL = r"[^\s\]\[^]+"
_DEFINITION = re.compile(rf" {{0,3}}\[\^(?P<label>{_LABEL})\]:[ \t]*(?P<text>.*)")
_REFERENCE = re.compile(rf"\[\^(?P<label>{_LABEL})\]")


def definitions(text: str) -> tuple[str, dict[str, Any]]:
    """The text with each note definition replaced by blank lines (so line numbers still
    point into the YAML), and the parser's env: ``notes`` (label -> text) and ``used``."""
    if "[^" not in text:
        return text, {"notes": {}, "used": set()}
    lines = text.split("\n")
    notes: dict[str, str] = {}
    i = 0
    while i < len(lines):
        match = _DEFINITION.fullmatch(lines[i])
        if match is None:
            i += 1
            continue
        label, body = match.group("label"), [match.group("text")]
        if label in notes:
            raise MarkupError(f"note [^{label}] is defined twice", lines[i].strip(),
                              "give each note its own label")
        lines[i] = ""
        i += 1
        while i < len(lines) and lines[i][:1] in (" ", "\t") and lines[i].strip():
            body.append(lines[i].strip())
            lines[i] = ""
            i += 1
        notes[label] = " ".join(part for part in body if part)
        if not notes[label]:
            raise MarkupError(f"note [^{label}] is empty", f"[^{label}]:",
                              "write the note's text after the colon")
    return "\n".join(lines), {"notes": notes, "used": set()}


def _closing(src: str, start: int) -> int:
    """Where the ``]`` that closes an inline note opened before ``start`` is (-1: nowhere)."""
    depth = 1
    for i in range(start, len(src)):
        if src[i] == "\\":
            continue
        depth += {"[": 1, "]": -1}.get(src[i], 0)
        if depth == 0:
            return i
    return -1


def note_ref(src: str, pos: int, env: dict[str, Any]) -> tuple[str, int] | None:
    """The text of the note referred to at ``pos`` (``[^label]`` or ``^[...]``) and where the
    reference ends; None when none starts there."""
    if src.startswith("^[", pos):
        end = _closing(src, pos + 2)
        if end < 0:
            raise MarkupError("inline note is not closed", src[pos:].split("\n", 1)[0],
                              "end the note with ']': ^[the note's text]")
        text = " ".join(src[pos + 2:end].split())
        if not text:
            raise MarkupError("inline note is empty", src[pos:end + 1],
                              "write the note's text between ^[ and ]")
        return text, end + 1
    match = _REFERENCE.match(src, pos)
    if match is None:
        return None
    label = match.group("label")
    notes: dict[str, str] = env.get("notes", {})
    if label not in notes:
        raise MarkupError(f"note [^{label}] has no definition", match.group(),
                          f"add a line '[^{label}]: the note's text' to the same field "
                          "(after the paragraph), or write the note inline: ^[the note's text]")
    if label in env["used"]:
        raise MarkupError(f"note [^{label}] is referred to twice", match.group(),
                          "a note is printed once: give the second reference its own note")
    env["used"].add(label)
    return notes[label], match.end()
