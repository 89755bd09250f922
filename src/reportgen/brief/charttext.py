"""Characters the chart engine cannot draw, found in a chart's text before it is drawn.

A NUL, U+0001 or U+FFFE in a chart's values, labels or data makes Vega build an SVG that resvg
cannot parse, and the engine aborts: such a chart is refused at ``validate``, at the value (or
the data file's line and column) that holds the character.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import FieldPath
from ..source.images import Refused
from ..source.located import line_col

# The C0 controls but tab, line feed and carriage return; DEL and the C1 controls; the
# non-characters and lone surrogates: none can be written in an SVG (XML 1.0) or a DOCX.
UNDRAWABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff"
                        "\ud800-\udfff]")


def check_chart_text(spec: Any, at: FieldPath = (), files: dict[FieldPath, str] | None = None
                     ) -> None:
    """Refused at the first undrawable character in any key or string of the spec.

    ``files`` names the data file inlined at a ``data`` path, so a character from it is
    reported in that file (at its line and column for CSV text) and placed at its ``url``."""
    if isinstance(spec, dict):
        for key, value in spec.items():
            _check_string(str(key), (*at, str(key)), files or {})
            check_chart_text(value, (*at, key), files)
    elif isinstance(spec, list):
        for i, item in enumerate(spec):
            check_chart_text(item, (*at, i), files)
    elif isinstance(spec, str):
        _check_string(spec, at, files or {})


def _check_string(text: str, at: FieldPath, files: dict[FieldPath, str]) -> None:
    match = UNDRAWABLE.search(text)
    if match is None:
        return
    code = f"U+{ord(match.group()):04X}"
    data = next((p for p in files if at[:len(p)] == p), None)
    if data is not None and at == (*data, "values"):
        line, column = line_col(text, match.start())
        where = f"data file '{files[data]}', line {line}, column {column}: "
        at = (*data, "url")
    elif data is not None:
        inner = ".".join(str(p) for p in at[len(data) + 1:])
        where = f"data file '{files[data]}' ({inner}): "
        at = (*data, "url")
    else:
        where = f"character {match.start() + 1} of the text: " if len(text) > 1 else ""
    raise Refused(f"{where}contains the control character {code}, which a chart cannot draw",
                  expected="printable text", at=at,
                  hint="delete it (it is often pasted in invisibly from PDFs or spreadsheets)")
