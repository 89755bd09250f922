"""BibTeX file -> ``Located``: entries parsed by bibtexparser 2, LaTeX turned into text.

``data`` is a list with one dict per entry, in file order: ``type`` (lower case), ``key``, and,
for the entries asked for, their fields as plain text (``author`` and ``editor`` as lists of
``{"given": ..., "family": ...}``, as CSL-JSON has them). Spans: ``(i,)`` is the entry's ``@``,
``(i, "key")`` its key, ``(i, field)`` the field's value.

Only the entries asked for are parsed: a reference manager's library of thousands would take
bibtexparser most of a second, so the others are blanked out line for line first (the parser's
line numbers stay those of the file); ``@string`` macros and comments are kept. LaTeX
(``{\\"u}``, ``---``, ``{AI}``) is decoded by pylatexenc only in fields that hold some:
bibtexparser's LatexDecodingMiddleware decodes every field at several milliseconds each.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Collection
from functools import cache
from typing import Any

from ..errors import Problem
from .located import Located, Mark, Span

# '@type{key,' at the start of a line: where each entry begins.
_START = re.compile(r"(?m)^[ \t]*@[ \t]*(\w+)[ \t]*[{(][ \t]*([^\s,{}()]+)[ \t]*,")
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
        import bisect

        line = bisect.bisect_right(self.starts, index) - 1
        return Mark(line, index - self.starts[line], index)

    def line_col(self, line: int, column: int) -> Mark:
        return Mark(line, column, self.starts[min(line, len(self.starts) - 1)] + column)


def _blank_unwanted(text: str, wanted: Collection[str]) -> tuple[str, list[re.Match[str]]]:
    """The text with every entry not wanted (and every repeat of a key) blanked line for line;
    and the start of every entry."""
    found = [m for m in _START.finditer(text) if m.group(1).lower() not in _NOT_ENTRIES]
    ends = [m.start() for m in found[1:]] + [len(text)]
    parts, pos, seen = [], 0, set()
    for m, end in zip(found, ends, strict=True):
        parts.append(text[pos:m.start()])
        chunk = text[m.start():end]
        keep = m.group(2) in wanted and m.group(2) not in seen
        parts.append(chunk if keep else "\n" * chunk.count("\n"))
        seen.add(m.group(2))
        pos = end
    parts.append(text[pos:])
    return "".join(parts), found


def _people(value: Any) -> list[dict[str, str]]:
    return [{"given": plain(" ".join(p.first)), "family": plain(" ".join([*p.von, *p.last,
                                                                         *p.jr]))}
            for p in value]


def _fields(block: Any, lines: list[str], marks: _Marks, i: int,
            spans: dict[tuple[str | int, ...], Span]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in block.fields:
        name = f.key.lower()
        out[name] = _people(f.value) if name in _PEOPLE and isinstance(f.value, list) \
            else plain(str(f.value))
        line = f.start_line if f.start_line is not None else block.start_line or 0
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

    reduced, found = _blank_unwanted(text, wanted)
    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)  # its failures are ours to tell
    library = bibtexparser.parse_string(reduced, append_middleware=[
        mw.SeparateCoAuthors(), mw.SplitNameParts()])
    marks, lines = _Marks(text), text.split("\n")
    problems: list[Problem] = []
    parsed: dict[int, Any] = {}  # line of the '@' -> the parsed entry
    for block in library.blocks:
        if isinstance(block, ParsingFailedBlock):
            reason = str(block.error).split("\n")[0]
            problems.append(Problem(file, f"BibTeX syntax error: {reason}",
                                    (block.start_line or 0) + 1, 1,
                                    hint="check the braces and commas of this entry"))
        elif isinstance(block, Entry):
            parsed[block.start_line or 0] = block
    data: list[dict[str, Any]] = []
    spans: dict[tuple[str | int, ...], Span] = {}
    for i, m in enumerate(found):
        at = marks.at(m.start() + len(m.group()) - len(m.group().lstrip()))
        key_at = marks.at(m.start(2))
        spans[(i,)] = Span(at, at, m.end(), False, False)
        spans[(i, "key")] = Span(key_at, key_at, m.end(2), True, False)
        entry: dict[str, Any] = {"type": m.group(1).lower(), "key": m.group(2)}
        block = parsed.get(at.line)
        if block is not None and block.key == m.group(2):
            entry.update(_fields(block, lines, marks, i, spans))
            entry["parsed"] = True
        data.append(entry)
    return Located(file, text, data, spans, Mark(0, 0, 0)), problems
