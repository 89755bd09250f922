"""A chart's data file -> text or values, under the same decoding and limits as a brief.

A CSV or JSON file a figure names is untrusted input like the brief itself: it must be UTF-8
(a Latin-1 export is reported at its line and column, not as a traceback), and JSON is checked
for nesting depth before Python's parser could overflow its stack, and for numbers too long
for Python to convert.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import FieldPath, InputError
from ..source.images import Refused
from ..source.limits import json_depth_problem
from ..source.text import decode


def data_text(path: Path, url: str, at: FieldPath) -> str:
    """The file's text, or Refused at the figure's ``url`` with the byte's line and column."""
    try:
        return decode(url, path.read_bytes(), lambda _text, _index: ())
    except InputError as exc:
        problem = exc.problems[0]
        raise Refused(f"data file '{url}', line {problem.line}, column {problem.column}: "
                      f"{problem.message}", expected=problem.expected, hint=problem.hint,
                      at=(*at, "url")) from None


def data_json(text: str, url: str, at: FieldPath) -> Any:
    """The file's JSON values, or Refused at the figure's ``url``."""
    hint = "check the file; it should hold a list of records"
    too_deep = json_depth_problem(text, url)
    if too_deep is not None:
        raise Refused(f"data file '{url}', line {too_deep.line}, column {too_deep.column}: "
                      f"{too_deep.message}", hint=hint, at=(*at, "url"))
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise Refused(f"data file '{url}' is not valid JSON: {exc}", at=(*at, "url"),
                      hint=hint) from None
    except ValueError as exc:  # a number of thousands of digits (int_max_str_digits)
        raise Refused(f"data file '{url}' holds a number too long to read: "
                      f"{str(exc).split(';')[0]}", at=(*at, "url"),
                      expected="numbers of at most a few dozen digits", hint=hint) from None
