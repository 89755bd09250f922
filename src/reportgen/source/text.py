"""Bytes -> text, for any input format: UTF-8 decoding and characters no format may hold.

Both problems are located precisely and, when the file can still be parsed that far, name their
field; ``field_at`` (supplied by the format's reader) maps a character index to a field path.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..errors import FieldPath, InputError, Problem, dotted
from .located import line_col

FieldAt = Callable[[str, int], FieldPath]  # (text, index) -> the field holding that character

# DEL and the C1 controls (U+0080-U+009F): YAML allows U+0085, but terminals and Word misread
# all of them, so they are refused like the C0 controls.
C1_CONTROL = re.compile(r"[\x7f-\x9f]")
FORBIDDEN = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# XML 1.0 forbids these code points; Word cannot store them in a .docx.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def decode(file: str, data: bytes, field_at: FieldAt) -> str:
    """The file's text; a byte-order mark, as some editors write, is fine."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start].decode("utf-8-sig", "replace")
        after = data[exc.end:].decode("utf-8", "replace")
        line, col = line_col(before, len(before))
        field = dotted(field_at(before + "\ufffd" + after, len(before)))
        raise InputError([Problem(
            file, f"the file is not valid UTF-8 text (byte 0x{data[exc.start]:02x})", line, col,
            field or None, expected="UTF-8 text",
            hint="save the file as UTF-8 in your editor (it may be in Latin-1 or Windows-1252)",
        )]) from None


def control_characters(file: str, text: str, field_at: FieldAt) -> tuple[str, list[Problem]]:
    """Report each forbidden character (U+000B, pasted from a PDF...) and blank it out.

    A parser would stop at the first one with a bare character offset; replacing them with
    U+FFFD keeps every column in place, so the rest of the file is still checked in this run
    and each report can name its field.
    """
    found = list(FORBIDDEN.finditer(text))
    if not found:
        return text, []
    clean = FORBIDDEN.sub("\ufffd", text)
    problems = []
    for match in found:
        char = match.group()
        message = f"contains the invisible character U+{ord(char):04X}, which YAML does not allow"
        if C1_CONTROL.match(char):
            message = (f"contains the control character U+{ord(char):04X}, which prints as "
                       "nothing or garbles a terminal")
        elif XML_ILLEGAL.match(char):
            message += " and Word cannot store"
        problems.append(Problem(
            file, message, *line_col(text, match.start()),
            dotted(field_at(clean, match.start())) or None,
            hint="delete it (it is often pasted in invisibly from PDFs)"))
    return clean, problems
