"""BibTeX file -> ``Located``: entries parsed by bibtexparser 2, LaTeX turned into text.

``data`` is a list with one dict per entry, in file order: ``type`` (lower case), ``key``, and,
for the entries asked for, their fields as plain text (``author`` and ``editor`` as lists of
``{"given": ..., "family": ...}``, as CSL-JSON has them). Spans: ``(i,)`` is the entry's ``@``,
``(i, "key")`` its key, ``(i, field)`` the field's value.

Only the entries asked for are parsed: a reference manager's library of thousands would take
bibtexparser most of a second, so the blocks to parse (those entries, ``@string`` macros,
``@preamble`` and ``@comment``) are cut out first, keeping a map from their lines back to the
file's. LaTeX
(``{\\"u}``, ``---``, ``{AI}``) is decoded by pylatexenc only in fields that hold some:
bibtexparser's LatexDecodingMiddleware decodes every field at several milliseconds each.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..errors import Problem
from .located import LazySpans, Located, Mark, Span

# '@type{' or '@type(' at the start of a line: where each block (entry, @string...) begins.
_BLOCK = re.compile(r"(?m)^[ \t]*@[ \t]*(\w+)[ \t]*[{(][ \t]*")
_KEY = re.compile(r"([^\s,{}()]+)[ \t]*,")
_NOT_ENTRIES = {"comment", "string", "preamble"}
_LATEX = re.compile(r"[\\{}~$]|--")
_PEOPLE = ("author", "editor")


@cache
def _latex() -> Any:
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text()


def plain(value: str) -> str:
    """LaTeX as text: {AI} -> AI, M{\\"u}ller -> Müller, --- -> an em dash."""
    return _latex().latex_to_text(value).strip() if _LATEX.search(value) else value.strip()


class _Marks:
    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def at(self, index: int) -> Mark:
        line = bisect.bisect_right(self.starts, index) - 1
        return Mark(line, index - self.starts[line], index)

    def line_col(self, line: int, column: int) -> Mark:
        return Mark(line, column, self.starts[min(line, len(self.starts) - 1)] + column)


@dataclass(frozen=True)
class _Found:
    """An entry found by its '@type{key,' line, before any parsing."""

    kind: str
    key: str
    start: int  # index of the '@'
    key_start: int
    key_end: int


class _Reduced:
    """The blocks to parse (wanted entries, @string macros...) cut out of the file, and the map
    from a line of that text back to the file's."""

    def __init__(self, text: str, wanted: Collection[str]) -> None:
        self.found: list[_Found] = []
        blocks = list(_BLOCK.finditer(text))
        ends = [m.start() for m in blocks[1:]] + [len(text)]
        parts: list[str] = []
        self.lines: list[tuple[int, int]] = []  # (first line here, first line in the file)
        here, seen = 0, set()
        for m, end in zip(blocks, ends, strict=True):
            kind = m.group(1).lower()
            key = _KEY.match(text, m.end()) if kind not in _NOT_ENTRIES else None
            if key is not None:
                self.found.append(_Found(kind, key.group(1), text.index("@", m.start()),
                                         key.start(1), key.end(1)))
            # Macros, comments and blocks too malformed to name a key are parsed: the parser
            # reports the latter's syntax errors.
            keep = key is None or (key.group(1) in wanted and key.group(1) not in seen)
            if key is not None:
                seen.add(key.group(1))
            if keep:
                chunk = text[m.start():end]
                self.lines.append((here, text.count("\n", 0, m.start())))
                parts.append(chunk if chunk.endswith("\n") else chunk + "\n")
                here += parts[-1].count("\n")
        self.text = "".join(parts)
        self._firsts = [first for first, _ in self.lines]

    def line(self, reduced: int) -> int:
        """The file's line (0-based) of a line of the reduced text."""
        i = bisect.bisect_right(self._firsts, reduced) - 1
        if i < 0:
            return reduced
        first, original = self.lines[i]
        return original + reduced - first


def _people(value: Any) -> list[dict[str, str]]:
    return [{"given": plain(" ".join(p.first)), "family": plain(" ".join([*p.von, *p.last,
                                                                         *p.jr]))}
            for p in value]


def _fields(block: Any, lines: list[str], marks: _Marks, reduced: _Reduced, i: int,
            spans: dict[tuple[str | int, ...], Span]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in block.fields:
        name = f.key.lower()
        out[name] = _people(f.value) if name in _PEOPLE and isinstance(f.value, list) \
            else plain(str(f.value))
        line = reduced.line(f.start_line if f.start_line is not None else block.start_line or 0)
        text = lines[line] if line < len(lines) else ""
        m = re.search(rf"(?i)\b{re.escape(f.key)}\s*=\s*", text)
        start = marks.line_col(line, m.end() if m else 0)
        key = marks.line_col(line, m.start() if m else 0)
        spans[(i, name)] = Span(key, start, start.index, True, False)
    return out


def read_bibtex(file: str, text: str,
                wanted: Collection[str]) -> tuple[Located, list[Problem]]:
    """Every entry's type and key; the fields of the entries whose keys are ``wanted``."""
    import bibtexparser
    from bibtexparser import middlewares as mw
    from bibtexparser.model import Entry, ParsingFailedBlock

    reduced = _Reduced(text, wanted)
    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)  # its failures are ours to tell
    library = bibtexparser.parse_string(reduced.text, append_middleware=[
        mw.SeparateCoAuthors(), mw.SplitNameParts()])
    marks, lines = _Marks(text), text.split("\n")
    problems: list[Problem] = []
    parsed: dict[int, Any] = {}  # the file's line of the '@' -> the parsed entry
    for block in library.blocks:
        line = reduced.line(block.start_line or 0)
        if isinstance(block, ParsingFailedBlock):
            reason = str(block.error).split("\n")[0]
            problems.append(Problem(file, f"BibTeX syntax error: {reason}", line + 1, 1,
                                    hint="check the braces and commas of this entry"))
        elif isinstance(block, Entry):
            parsed[line] = block
    data: list[dict[str, Any]] = []
    fields: dict[tuple[str | int, ...], Span] = {}
    for i, found in enumerate(reduced.found):
        entry: dict[str, Any] = {"type": found.kind, "key": found.key}
        block = parsed.get(text.count("\n", 0, found.start)) if found.key in wanted else None
        if block is not None and block.key == found.key:
            entry.update(_fields(block, lines, marks, reduced, i, fields))
            entry["parsed"] = True
        data.append(entry)

    def spans() -> dict[tuple[str | int, ...], Span]:
        """Every entry's '@' and key (wanted only when a problem needs a position)."""
        out = dict(fields)
        for i, found in enumerate(reduced.found):
            at, key_at = marks.at(found.start), marks.at(found.key_start)
            out[(i,)] = Span(at, at, found.key_end, False, False)
            out[(i, "key")] = Span(key_at, key_at, found.key_end, True, False)
        return out

    return Located(file, text, data, LazySpans(spans), Mark(0, 0, 0)), problems
