"""A parsed document with the position of every key and value: any check can say file:line:col.

``Located`` is format-neutral: a reader (``yaml.py`` today; JSON later) parses the file and
records one ``Span`` per field path. Checks then ask by field path, never by parser node.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..errors import FieldPath, Problem, dotted

Position = tuple[int | None, int | None]  # 1-based line and column; None when unknown


@dataclass(frozen=True)
class Mark:
    """A place in the text, 0-based, as parsers count."""

    line: int
    column: int
    index: int


@dataclass(frozen=True)
class Span:
    """Where one field sits: its key (or list item), and the extent of its value."""

    at: Mark | None  # the key of a mapping entry, the start of a list item; None if merged in
    start: Mark  # start of the value
    end: int  # index just after the value
    in_mapping: bool  # a mapping entry (else a list item)
    null: bool  # the value is empty ('key:' with nothing after it)
    merged: bool = False  # reached through a '<<: *anchor' merge: no text of its own here


class LazySpans(dict[FieldPath, Span]):
    """Spans computed on the first look-up, for readers whose positions cost more than the
    parse (``Located`` looks spans up with ``get`` only)."""

    def __init__(self, build: Callable[[], dict[FieldPath, Span]]) -> None:
        super().__init__()
        self._build: Callable[[], dict[FieldPath, Span]] | None = build

    def _fill(self) -> None:
        if self._build is not None:
            build, self._build = self._build, None
            self.update(build())

    def get(self, key: FieldPath, default: Any = None) -> Any:  # type: ignore[override]
        self._fill()
        return super().get(key, default)

    def __getitem__(self, key: FieldPath) -> Span:
        self._fill()
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        self._fill()
        return super().__contains__(key)


def line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character index."""
    line = text.count("\n", 0, index)
    return line + 1, index - (text.rfind("\n", 0, index) + 1) + 1


@dataclass
class Located:
    """One file's data plus the positions of its fields."""

    file: str
    text: str
    data: Any
    spans: dict[FieldPath, Span]
    root: Mark
    _nth: dict[tuple[FieldPath, str], int] = field(default_factory=dict, repr=False)

    def key(self, path: FieldPath) -> Position:
        """Line and column of the deepest part of ``path`` present in the file."""
        at: Mark | None = None
        for i in range(1, len(path) + 1):
            span = self.spans.get(path[:i])
            if span is None:
                break
            if span.at is not None:
                at = span.at
        at = at or self.root
        return at.line + 1, at.column + 1

    def value(self, path: FieldPath) -> Position:
        """Position of a value (rather than its key) when the file holds one there."""
        span = self.spans.get(path) if path else None
        if span is not None and span.in_mapping and span.at is not None and not span.null:
            return span.start.line + 1, span.start.column + 1
        return self.key(path)

    def find(self, path: FieldPath, pattern: str) -> Position:
        """Position of ``pattern`` inside the value at ``path``; the value's start if absent.

        Successive calls with the same path and pattern find successive occurrences, so two
        identical mistakes in one block point at two different lines.
        """
        span = self.spans.get(path)
        if span is None or span.merged:
            return self.value(path)
        start = span.start.index
        matches = list(re.finditer(pattern, self.text[start:span.end]))
        if not matches:
            return self.value(path)
        nth = self._nth.get((path, pattern), 0)
        self._nth[(path, pattern)] = nth + 1
        return line_col(self.text, start + matches[min(nth, len(matches) - 1)].start())

    def line_text(self, path: FieldPath) -> str:
        """The whole line that holds the value at ``path`` (to spot a '#' read as a comment)."""
        line, _ = self.value(path)
        lines = self.text.split("\n")
        return lines[line - 1] if line and line <= len(lines) else ""

    def problem(self, path: FieldPath, message: str, *, expected: str | None = None,
                hint: str | None = None, at_key: bool = False,
                severity: str = "error") -> Problem:
        """A Problem at the value (or key) of ``path``."""
        line, col = (self.key if at_key else self.value)(path)
        return Problem(self.file, message, line, col, dotted(path) or None, expected, hint,
                       "warning" if severity == "warning" else "error")


def in_file_order(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.line is None, p.line or 0, p.column or 0))
