"""JSON file -> ``Located``: the standard library parses, a walk of the text finds positions.

``json.loads`` is fast and exact but keeps no positions; walking the text again with its own
decoder (``raw_decode`` for scalars, ``scanstring`` for keys) gives each key and value its line
and column. The walk costs more than the parse, so it runs only when a position is first asked
for: a bibliography of thousands of entries is read in milliseconds and walked only if one of
its entries has a problem.
"""

from __future__ import annotations

import json
import re
from json.decoder import scanstring  # type: ignore[attr-defined]

from ..errors import FieldPath, Problem
from .limits import json_depth_problem
from .located import LazySpans, Located, Mark, Span

_WS = re.compile(r"[ \t\n\r]*")


class _Walk:
    """Spans of every key and value of a JSON text that json.loads accepted."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.decoder = json.JSONDecoder()
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.spans: dict[FieldPath, Span] = {}

    def mark(self, index: int) -> Mark:
        import bisect

        line = bisect.bisect_right(self.starts, index) - 1
        return Mark(line, index - self.starts[line], index)

    def skip(self, i: int) -> int:
        return _WS.match(self.text, i).end()  # type: ignore[union-attr]

    def value(self, i: int, path: FieldPath) -> int:
        """Walk the value starting at ``i``; return the index just after it."""
        text = self.text
        if text[i] == "{":
            i = self.skip(i + 1)
            while text[i] == '"':
                at = i
                key, i = scanstring(text, i + 1)
                i = self.skip(self.skip(i) + 1)  # past ':'
                start, end = i, self.value(i, (*path, key))
                self.spans.setdefault((*path, key), Span(self.mark(at), self.mark(start), end,
                                                         True, text[start] == "n"))
                i = self.skip(end)
                if text[i] == ",":
                    i = self.skip(i + 1)
            return i + 1
        if text[i] == "[":
            i, n = self.skip(i + 1), 0
            while text[i] != "]":
                start, end = i, self.value(i, (*path, n))
                self.spans[(*path, n)] = Span(self.mark(start), self.mark(start), end, False,
                                              False)
                i, n = self.skip(end), n + 1
                if text[i] == ",":
                    i = self.skip(i + 1)
            return i + 1
        return self.decoder.raw_decode(text, i)[1]


def _spans(text: str) -> dict[FieldPath, Span]:
    walk = _Walk(text)
    walk.value(walk.skip(0), ())
    return walk.spans


def read_json(file: str, text: str) -> tuple[Located | None, list[Problem]]:
    """The located document, or None and the syntax error at its line and column."""
    too_deep = json_depth_problem(text, file)
    if too_deep is not None:
        return None, [too_deep]
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, [Problem(file, f"JSON syntax error: {exc.msg}", exc.lineno, exc.colno)]
    return Located(file, text, data, LazySpans(lambda: _spans(text)), Mark(0, 0, 0)), []
