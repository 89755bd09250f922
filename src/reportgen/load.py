"""YAML file -> resolved Brief, with every problem located at file:line:column.

ruamel.yaml keeps the position of every key and item (and rejects duplicate keys, which PyYAML
silently accepts); pydantic checks the schema; ``resolve.py`` checks meaning. All problems of one
file are reported together, in file order:

* pydantic lists every schema error of the whole document in one go;
* when the schema fails, the parts that did validate are still resolved (a *salvaged* brief,
  see ``_salvage``), so an unknown citation is reported in the same run as a bad date;
* each message is rewritten in plain words for the analyst who wrote the brief (``_explain``),
  never pydantic's own wording.

Positions point at the value that is wrong, not at its key, and inside a multi-line block
(``body: |``) at the line that holds the offending citation, link or heading. Problems in the
file itself (not UTF-8, YAML syntax, duplicate keys, characters YAML forbids) are located just
as precisely, with the field they sit in when the file can still be parsed that far.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import get_close_matches
from functools import cache
from pathlib import Path
from typing import Annotated, Any, cast, get_args, get_origin

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, SequenceNode

from .errors import InputError, Problem
from .files import confined, repository_root
from .limits import read_limited, yaml_problems
from .model import Brief
from .resolve import Issue, resolve
from .schema import (
    C1_CONTROL,
    PATTERN_HELP,
    XML_ILLEGAL,
    BriefIn,
    ComparisonIn,
    MetaIn,
    QuoteIn,
    RowIn,
    SectionIn,
    SourceIn,
    SubsectionIn,
)

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Loaded:
    """A brief ready to write, plus what the user should hear about it."""

    path: Path
    raw: BriefIn
    brief: Brief
    warnings: list[Problem]
    brand_at: tuple[int | None, int | None] = (None, None)  # line, column of 'brand:' value

    @property
    def brand_dir(self) -> Path | None:
        return (self.path.parent / self.raw.brand) if self.raw.brand else None


def field_name(path: Path_) -> str:
    """('sources', 3, 'url') -> 'sources[3].url'."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


# ---------------------------------------------------------------------------------------------
# Reading YAML


class _Constructor(RoundTripConstructor):
    """Round-trip constructor that keeps an impossible date such as 2025-02-30 as text.

    ruamel.yaml otherwise raises a bare ValueError with no position; as text, the value reaches
    the schema, which names the field, the line and what is wrong with the date.
    """

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except ValueError:
            return self.construct_scalar(node)


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.allow_duplicate_keys = False
    return yaml


def _line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character index."""
    line = text.count("\n", 0, index)
    return line + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def _compose(text: str) -> Node | None:
    """The YAML node tree, whose nodes know where they start and end in the text."""
    try:
        return YAML(typ="rt").compose(text)
    except YAMLError:
        return None


def _path_at(root: Node | None, index: int) -> Path_:
    """Field path of the key or value that holds the character at ``index``."""
    path: list[str | int] = []
    node = root
    while node is not None:
        children: list[tuple[str | int, Node | None, Node]] = []
        if isinstance(node, MappingNode):
            children = [(str(getattr(k, "value", "")), k, v) for k, v in node.value]
        elif isinstance(node, SequenceNode):
            children = [(i, None, v) for i, v in enumerate(node.value)]
        node = None
        for part, key, value in children:
            if key is not None and key.start_mark.index <= index < key.end_mark.index:
                return (*path, part)
            if value.start_mark.index <= index < max(value.end_mark.index,
                                                     value.start_mark.index + 1):
                path.append(part)
                node = value
                break
    return tuple(path)


# ruamel's wording -> (plain message, hint). Matched against the start of the problem text.
_SYNTAX = [
    ("found character '\\t'", "a tab is used for indentation",
     "YAML needs spaces for indentation; replace the tab with spaces"),
    ("found a tab character", "a tab is used for indentation",
     "YAML needs spaces for indentation; replace the tab with spaces"),
    ("expected <block end>", "this line is indented differently from the lines above it",
     "keys of the same group must start in the same column; check the spaces before this line"),
    ("mapping values are not allowed", "unexpected ': ' (a colon followed by a space)",
     "put text that contains ': ' in double quotes"),
    ("found unexpected end of stream", "a quoted text is never closed",
     "add the closing quote"),
    ("could not find expected ':'", "a line is missing its ':'",
     "write 'key: value'; quote text that contains a quote character"),
    ("found unknown escape character", "unknown escape sequence in double-quoted text",
     "write \\\\ for a backslash, or use single quotes"),
]

# A value that opens a double quote: 'key: "...' or '- "...'.
_OPENS_QUOTE = re.compile(r'^\s*(?:-\s+)*(?:[^\s"#][^"#]*?:\s+)?"')


def _unclosed_quote(lines: list[str], error_line: int) -> tuple[int, int] | None:
    """The line above a syntax error that opens a double quote and never closes it.

    YAML reads on past an unclosed quote and trips over a later line; the fix is at the
    quote. Scanning back, the nearest line with an odd number of (unescaped) double quotes
    decides: if it opens a value, that is the culprit; if it closes one, the quotes are fine.
    """
    for i in range(min(error_line, len(lines) - 1), max(-1, error_line - 20), -1):
        line = lines[i]
        if line.lstrip().startswith("#"):
            continue
        if len(re.findall(r'(?<!\\)"', line)) % 2 == 1:
            opener = _OPENS_QUOTE.match(line)
            return (i + 1, opener.end()) if opener else None
    return None


def _syntax_problem(file: str, text: str, exc: MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    problem = (exc.problem or exc.context or "invalid YAML").strip()
    line = mark.line + 1 if mark else None
    col = mark.column + 1 if mark else None
    message = problem
    hint = "check indentation and quote text that contains ': ' or starts with * [ { @ |"
    for start, plain, plain_hint in _SYNTAX:
        if problem.startswith(start):
            message, hint = plain, plain_hint
            break
    lines = text.split("\n")  # ruamel counts only line feeds, not Python's splitlines() set
    line_text = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
    if "\t" in line_text[: len(line_text) - len(line_text.lstrip())] and "tab" not in message:
        hint = "YAML needs spaces for indentation; this line is indented with a tab"
    quote = _unclosed_quote(lines, mark.line) if mark is not None else None
    if quote and "tab" not in message and (quote[0] != line or "quote" in message):
        seen = f" (YAML noticed only on line {line})" if quote[0] != line else ""
        return Problem(file, "YAML syntax error: a quoted text is not closed on this line",
                       *quote, hint=f"add the closing double quote{seen}")
    return Problem(file, f"YAML syntax error: {message}", line, col, hint=hint)


def _duplicate_problem(file: str, text: str, exc: DuplicateKeyError) -> Problem:
    """Name the key, point at its second occurrence and say where the first one is."""
    mark = exc.problem_mark
    match = re.search(r'duplicate key "(.*?)" with value', exc.problem or "")
    key = match.group(1) if match else None
    root = _compose(text)
    field = field_name(_path_at(root, mark.index)) if mark is not None else ""
    hint = "a key may appear only once in a group; merge the two entries or delete one"
    first = _first_occurrence(root, exc.context_mark, key) if key and exc.context_mark else None
    if first:
        hint = f"'{key}' is already set on line {first}; " + hint.replace("a key", "each key")
    return Problem(file, f"duplicate key '{key}'" if key else "duplicate key",
                   mark.line + 1 if mark else None, mark.column + 1 if mark else None,
                   field or None, hint=hint)


def _first_occurrence(root: Node | None, mapping_mark: Any, key: str) -> int | None:
    """Line of the first ``key`` in the mapping starting at ``mapping_mark``."""
    stack: list[Node] = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, MappingNode):
            if node.start_mark.index == mapping_mark.index:
                for k, _ in node.value:
                    if getattr(k, "value", None) == key:
                        return int(k.start_mark.line) + 1
            stack.extend(v for pair in node.value for v in pair)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
    return None


def _decode(file: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")  # a byte-order mark, as some editors write, is fine
    except UnicodeDecodeError as exc:
        before = data[: exc.start].decode("utf-8-sig", "replace")
        after = data[exc.end:].decode("utf-8", "replace")
        line, col = _line_col(before, len(before))
        field = field_name(_path_at(_compose(before + "\ufffd" + after), len(before)))
        raise InputError([Problem(
            file, f"the file is not valid UTF-8 text (byte 0x{data[exc.start]:02x})", line, col,
            field or None, expected="UTF-8 text",
            hint="save the file as UTF-8 in your editor (it may be in Latin-1 or Windows-1252)",
        )]) from None


# What YAML forbids (ruamel's NON_PRINTABLE), plus U+0085: the C1 controls are refused like C0.
_FORBIDDEN = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _control_characters(file: str, text: str) -> tuple[str, list[Problem]]:
    """Report each character YAML forbids (U+000B, pasted from a PDF...) and blank it out.

    ruamel.yaml would stop at the first one with a bare character offset; replacing them with
    U+FFFD keeps every column in place, so the rest of the file is still checked in this run
    and each report can name its field.
    """
    found = list(_FORBIDDEN.finditer(text))
    if not found:
        return text, []
    clean = _FORBIDDEN.sub("\ufffd", text)
    root = _compose(clean)
    problems = []
    for match in found:
        char = match.group()
        message = f"contains the invisible character U+{ord(char):04X}, which YAML does not allow"
        if C1_CONTROL.match(char):  # YAML allows U+0085; terminals and Word misread it
            message = (f"contains the control character U+{ord(char):04X}, which prints as "
                       "nothing or garbles a terminal")
        elif XML_ILLEGAL.match(char):
            message += " and Word cannot store"
        problems.append(Problem(
            file, message, *_line_col(text, match.start()),
            field_name(_path_at(root, match.start())) or None,
            hint="delete it (it is often pasted in invisibly from PDFs)"))
    return clean, problems


def _read(path: Path) -> tuple[str, CommentedMap, list[Problem]]:
    """Parse a YAML file keeping positions.

    Returns the text (for locating errors inside blocks), the document and the problems that
    did not stop the reading (forbidden characters); raises InputError for the rest.
    """
    file = str(path)
    data = read_limited(path, what="file", not_found_hint="check the path; briefs live in seeds/")
    text = _decode(file, data)
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.split("\n")
    ):
        raise InputError([_empty_problem(file)])
    text, problems = _control_characters(file, text)
    bounds = yaml_problems(text, file)  # before anything is built from the text
    if bounds:
        raise InputError(_in_file_order([*problems, *bounds]))
    try:
        doc = _yaml().load(text)
    except DuplicateKeyError as exc:
        raise InputError([*problems, _duplicate_problem(file, text, exc)]) from None
    except MarkedYAMLError as exc:
        raise InputError(_in_file_order([*problems, _syntax_problem(file, text, exc)])) from None
    if doc is None:
        raise InputError([_empty_problem(file)])
    if not isinstance(doc, CommentedMap):
        found = "a list" if isinstance(doc, list) else f"the single value {_short(doc)}"
        first = next((i for i, ln in enumerate(text.split("\n"), 1)
                      if ln.strip() and not ln.lstrip().startswith(("#", "---"))), 1)
        raise InputError([*problems, Problem(
            file, f"the top level is {found}, not a group of 'key: value' lines", first, 1,
            expected="'key: value' lines such as 'meta:' and 'summary:'",
            hint="a brief starts with 'meta:' at the left margin, with no '- ' in front",
        )])
    return text, doc, problems


def _empty_problem(file: str) -> Problem:
    return Problem(file, "the file is empty", 1, 1,
                   expected="a brief: meta, summary, takeaways, sections, comparison, sources",
                   hint="start from a copy of seeds/china-ai-governance.yaml")


def read_yaml(path: Path) -> CommentedMap:
    """Parse a YAML file keeping positions; raise InputError for unreadable or malformed files."""
    _, doc, problems = _read(path)
    if problems:
        raise InputError(problems)
    return doc


# ---------------------------------------------------------------------------------------------
# Positions


class _Locator:
    """Turns field paths into file positions, using ruamel's line/column records."""

    def __init__(self, text: str, doc: CommentedMap) -> None:
        self.text = text
        self.doc = doc
        self._root: Node | None = None
        self._nth: dict[tuple[Path_, str], int] = {}

    def key(self, path: Path_) -> tuple[int | None, int | None]:
        """Line and column of the deepest node of ``path`` that exists in the YAML."""
        node: Any = self.doc
        line, col = None, None
        for part in path:
            if isinstance(node, CommentedMap) and part in node:
                if part in node.lc.data:  # not for keys merged in with '<<: *anchor'
                    line, col = node.lc.key(part)
                node = node[part]
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
                line, col = node.lc.item(part)
                node = node[part]
            else:
                break
        if line is None:
            line, col = self.doc.lc.line, self.doc.lc.col
        return line + 1, col + 1

    def value(self, path: Path_) -> tuple[int | None, int | None]:
        """Position of a value (rather than its key) when the YAML holds one there."""
        if not path:
            return self.key(path)
        parent: Any = self.doc
        for part in path[:-1]:
            try:
                parent = parent[part]
            except (KeyError, IndexError, TypeError):
                return self.key(path)
        if isinstance(parent, CommentedMap) and path[-1] in parent.lc.data \
                and parent[path[-1]] is not None:  # an empty value has no position of its own
            line, col = parent.lc.value(path[-1])
            return line + 1, col + 1
        return self.key(path)

    def find(self, path: Path_, pattern: str) -> tuple[int | None, int | None]:
        """Position of ``pattern`` inside the value at ``path``; the value's start if absent.

        Successive calls with the same path and pattern find successive occurrences, so two
        identical mistakes in one block point at two different lines.
        """
        node = self._node(path)
        if node is None:
            return self.value(path)
        start, end = node.start_mark.index, node.end_mark.index
        matches = list(re.finditer(pattern, self.text[start:end]))
        if not matches:
            return self.value(path)
        nth = self._nth.get((path, pattern), 0)
        self._nth[(path, pattern)] = nth + 1
        return _line_col(self.text, start + matches[min(nth, len(matches) - 1)].start())

    def _node(self, path: Path_) -> Node | None:
        if self._root is None:
            self._root = _compose(self.text)
        node: Node | None = self._root
        for part in path:
            if isinstance(node, MappingNode):
                node = next((v for k, v in node.value if getattr(k, "value", None) == part),
                            None)
            elif isinstance(node, SequenceNode) and isinstance(part, int) \
                    and part < len(node.value):
                node = node.value[part]
            else:
                return None
        return node


# ---------------------------------------------------------------------------------------------
# Schema errors in plain words


def _to_plain(node: Any) -> Any:
    if isinstance(node, dict):
        return {str(k): _to_plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_to_plain(v) for v in node]
    if isinstance(node, str):
        return str(node)
    return node


def _model_at(path: Path_) -> type[BaseModel] | None:
    """The schema model describing the mapping at ``path``, for did-you-mean on unknown keys."""
    model: type[BaseModel] | None = BriefIn
    for part in path:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(str(part)) if model else None
        if field is None:
            return None
        model = _inner_model(field.annotation)
    return model


def _field_info(path: Path_) -> FieldInfo | None:
    """The schema's description of the field at ``path`` (None for list items)."""
    if not path or isinstance(path[-1], int):
        return None
    model = _model_at(path[:-1])
    return model.model_fields.get(str(path[-1])) if model else None


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    """``MetaIn``, ``list[SectionIn]`` or ``ComparisonIn | None`` -> the model class."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


# Where each kind of mapping lives, for "'title' belongs under 'meta:'" hints.
_WHERE = {
    BriefIn: "at the top level",
    MetaIn: "under 'meta:'",
    SectionIn: "in an entry of 'sections:'",
    SubsectionIn: "in an entry of 'subsections:'",
    ComparisonIn: "under 'comparison:'",
    RowIn: "in an entry of 'comparison: rows:'",
    QuoteIn: "in an entry of 'quotes:'",
    SourceIn: "in an entry of 'sources:'",
}


def _unknown_key_hint(key: str, model: type[BaseModel] | None) -> str | None:
    known = list(model.model_fields) if model else []
    close = get_close_matches(key, known, n=1, cutoff=0.7) or [
        k for k in known if k.lower() == key.lower().replace(" ", "_")]
    if close:
        return f"did you mean '{close[0]}'?"
    elsewhere = [where for m, where in _WHERE.items() if m is not model and key in m.model_fields]
    if elsewhere:
        return f"'{key}' belongs {' or '.join(elsewhere[:2])}; check the indentation"
    close = get_close_matches(key, known, n=1)
    if close:
        return f"did you mean '{close[0]}'?"
    return f"allowed keys here: {', '.join(known)}" if known else None


def _short(value: Any, limit: int = 40) -> str:
    text = str(value)
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _describe(value: Any) -> str:
    """What the YAML gave, in words: 'the number 2025', 'a list of 2 items', 'nothing'."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the yes/no value {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, str):
        return f"the text {_short(value)}"
    if isinstance(value, list):
        return f"a list of {len(value)} item{'s' * (len(value) != 1)}"
    if isinstance(value, dict):
        return "a group of 'key: value' lines"
    return f"{type(value).__name__} {_short(value)}"  # pragma: no cover - YAML makes no others


def _items(n: int) -> str:
    return f"{n} item{'s' * (n != 1)}"


_EXPECTED_TYPE = {
    "string_type": "text",
    "list_type": "a list (lines starting with '- ')",
    "dict_type": "a group of indented 'key: value' lines",
    "model_type": "a group of indented 'key: value' lines",
    "model_attributes_type": "a group of indented 'key: value' lines",
}

_QUOTE_HINT = "put it in double quotes so it is read as text"


def _explain(err: ErrorDetails, path: Path_) -> tuple[str, str | None, str | None]:
    """Pydantic's error -> (message, expected, hint) in words a policy analyst uses."""
    kind, value = err["type"], err.get("input")
    ctx: dict[str, Any] = dict(err.get("ctx") or {})
    last = path[-1] if path else ""
    if kind in _EXPECTED_TYPE:
        expected = _EXPECTED_TYPE[kind]
        if value is None or value == "":
            return "is empty", expected, None
        hint = _QUOTE_HINT if kind == "string_type" and not isinstance(value, list | dict) \
            else None
        if kind == "list_type" and isinstance(value, str | int | float):
            hint = "write each item on its own line starting with '- '"
        if expected.startswith("a group") and isinstance(last, str):
            expected += f" under '{last}:'"
        return f"found {_describe(value)}", expected, hint
    if kind == "string_too_short":
        return "is empty", "text", None
    if kind == "string_too_long":
        limit = ctx.get("max_length")
        hint = "keep quotes short; paraphrase the rest in the body" if "quotes" in path else None
        return f"is too long: {len(str(value))} characters", f"at most {limit} characters", hint
    if kind == "too_short":
        need, found = ctx.get("min_length", 0), ctx.get("actual_length", 0)
        return (f"needs at least {_items(need)}, found {found or 'none'}",
                None, _list_hint(path))
    if kind == "too_long":
        limit, found = ctx.get("max_length", 0), ctx.get("actual_length", 0)
        return f"allows at most {_items(limit)}, found {found}", None, _list_hint(path)
    if kind == "literal_error":
        allowed = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        close = [a for a in allowed if a.lower() == str(value).lower()] or \
            get_close_matches(str(value), allowed, n=1)
        return (f"{_short(value)} is not one of the allowed values",
                f"one of: {', '.join(allowed)}", f"did you mean '{close[0]}'?" if close else None)
    if kind == "string_pattern_mismatch":
        what, hint = PATTERN_HELP.get(str(ctx.get("pattern")), ("valid", None))
        fix = _suggest_id(str(value), str(ctx.get("pattern")))
        if fix and hint:
            hint += f"; here perhaps '{fix}'"
        return f"{_short(value)} is not {what}", None, hint
    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing",
                "date_from_datetime_inexact"):
        return f"{_short(value)} is not a date", "a date as YYYY-MM-DD, e.g. 2025-12-01", None
    # Our own validators (schema.py) already speak plainly and pass expected/hint in ctx.
    message = err["msg"].removeprefix("Value error, ")
    return message, ctx.get("expected"), ctx.get("hint")


_LIST_HINTS = {
    "takeaways": "a brief has 3 to 5 key takeaways",
    "quotes": "a brief prints at most 6 quotes",
    "columns": "a comparison needs a first column naming the rows and at least one more",
}


def _list_hint(path: Path_) -> str | None:
    return _LIST_HINTS.get(str(path[-1])) if path else None


def _suggest_id(value: str, pattern: str) -> str | None:
    """A corrected id, slug or language tag, when the fix is obvious."""
    if pattern in PATTERN_HELP and "language" in PATTERN_HELP[pattern][0]:
        main, _, region = value.replace("_", "-").partition("-")
        fix = main.lower() + (f"-{region.upper()}" if region else "")
    else:
        fix = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
    return fix if fix and fix != value and re.match(pattern, fix) else None


def _escape_pattern(char: str) -> str:
    """How a control character may be written in YAML double quotes: \\v, \\x0b, \\u000b..."""
    code = ord(char)
    short = {0: "0", 7: "a", 8: "b", 0x0B: "v", 0x0C: "f", 0x1B: "e"}.get(code)
    options = [rf"\\x{code:02x}", rf"\\u{code:04x}", rf"\\U{code:08x}"]
    if short:
        options.insert(0, rf"\\{short}")
    return "(?i:" + "|".join(options) + ")"


def _misspelt(errors: list[ErrorDetails]) -> set[Path_]:
    """Missing fields explained by a misspelt key next to them ('pubisher' for 'publisher').

    One typo should read as one problem, so these "missing" errors are left out: the unknown
    key's did-you-mean says it all.
    """
    unknown = [(tuple(e["loc"][:-1]), str(e["loc"][-1]))
               for e in errors if e["type"] == "extra_forbidden"]
    out = set()
    for e in errors:
        loc = tuple(e["loc"])
        if e["type"] == "missing" and any(
            parent == loc[:-1] and get_close_matches(key, [str(loc[-1])], n=1, cutoff=0.7)
            for parent, key in unknown
        ):
            out.add(loc)
    return out


def _under(parent: Path_) -> str:
    """Where a missing key goes, in words: 'under meta:', 'to this entry', 'at the top level'."""
    if not parent:
        return "at the top level"
    return "to this entry" if isinstance(parent[-1], int) else f"under '{parent[-1]}:'"


def _and(names: list[str]) -> str:
    quoted = [f"'{n}'" for n in names]
    return ", ".join(quoted[:-1]) + f" and {quoted[-1]}" if len(quoted) > 1 else quoted[0]


def _schema_problems(file: str, where: _Locator, exc: ValidationError) -> list[Problem]:
    problems = []
    errors = exc.errors(include_url=False)
    misspelt = _misspelt(errors)
    missing: dict[Path_, list[str]] = {}
    for err in errors:
        loc = tuple(err["loc"])
        if err["type"] == "missing" and loc not in misspelt:
            missing.setdefault(loc[:-1], []).append(str(loc[-1]))
    for parent, names in missing.items():
        if len(names) > 1:  # an empty or half-written entry: one problem, not one per field
            problems.append(Problem(
                file, f"required fields {_and(names)} are missing", *where.key(parent),
                field_name(parent) or None,
                hint=f"add {', '.join(n + ':' for n in names)} {_under(parent)}"))
    for err in errors:
        loc: Path_ = tuple(err["loc"])
        kind = err["type"]
        if loc in misspelt or (kind == "missing" and len(missing[loc[:-1]]) > 1):
            continue
        if kind == "extra_forbidden":
            key = str(loc[-1])
            message, expected = f"unknown key '{key}'", None
            hint = _unknown_key_hint(key, _model_at(loc[:-1]))
            line, col = where.key(loc)
        elif kind == "missing":
            name = str(loc[-1])
            info = _field_info(loc)
            desc = info.description if info else None
            message, expected = f"required field '{name}' is missing", None
            hint = f"add '{name}:' {_under(loc[:-1])}" + (f". {desc}" if desc else "")
            line, col = where.key(loc[:-1])
        else:
            message, expected, hint = _explain(err, loc)
            info = _field_info(loc)
            if kind in ("too_short", "too_long") and info is not None and not hint:
                hint = info.description
            if message == "is empty" and info is not None and not hint:
                hint = "write the text" + ("" if info.is_required() else ", or delete the line")
                hint += f". {info.description}" if info.description else ""
            char = (err.get("ctx") or {}).get("char")
            line, col = where.find(loc, _escape_pattern(char)) if char else where.value(loc)
        problems.append(Problem(file, message, line, col, field_name(loc), expected, hint))
    return problems


# ---------------------------------------------------------------------------------------------
# Salvage: resolve what validated, so meaning checks run alongside schema errors


@cache
def _field_adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    info = model.model_fields[name]
    ann = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
    return TypeAdapter(ann, config=ConfigDict(str_strip_whitespace=True))


def _salvage(model: type[BaseModel], data: Any) -> BaseModel:
    """The model built from ``data`` with every invalid value replaced by a harmless stand-in.

    Stand-ins keep what meaning checks need: a source with a bad URL keeps its id (so citing it
    is not also reported as unknown), a list with too few items keeps the items it has.
    Invalid text becomes empty text, which ``resolve`` skips. Never validated: only for checks.
    """
    if not isinstance(data, dict):
        data = {}
    try:
        return model.model_validate(data)
    except ValidationError:
        pass
    values: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name in data:
            values[name] = _salvage_value(model, name, data[name])
        elif not info.is_required():
            values[name] = info.get_default(call_default_factory=True)
        else:
            values[name] = _salvage_value(model, name, None)
    return model.model_construct(**values)


def _salvage_value(model: type[BaseModel], name: str, value: Any) -> Any:
    annotation = model.model_fields[name].annotation
    inner = _inner_model(annotation)
    if inner is not None and annotation is inner:
        return _salvage(inner, value)
    try:
        return _field_adapter(model, name).validate_python(value)
    except ValidationError:
        pass
    if get_origin(annotation) is list:
        items = value if isinstance(value, list) else []
        if inner is not None:
            return [_salvage(inner, v) for v in items]
        return [v.strip() if isinstance(v, str) else "" for v in items]
    if inner is not None:
        return _salvage(inner, value)
    return value.strip() if isinstance(value, str) else ""


def _salvaged_issues(plain: Any) -> list[Issue]:
    """Meaning errors in a brief whose schema failed, or none when too little survived.

    Without a list of sources or of sections every citation or placement would look wrong, so
    then only the schema errors are reported. Warnings wait until the errors are fixed.
    """
    if not (isinstance(plain.get("sources"), list) and isinstance(plain.get("sections"), list)):
        return []
    raw = cast(BriefIn, _salvage(BriefIn, plain))
    try:
        _, issues = resolve(raw)
    except Exception:  # a stand-in resolve did not expect: the schema errors still stand
        return []
    return [i for i in issues if i.severity == "error"]


_LENGTH_ERRORS = {"too_short", "too_long"}


def _already_reported(issue: Issue, errors: Iterable[tuple[Path_, str]]) -> bool:
    """True if a schema error covers the issue's field or a field the check relied on.

    An issue inside, or containing, a rejected field repeats that error; an issue whose check
    used a rejected value (the columns, for a row's width; a source's id, for a citation) may
    be a mere consequence of it. A list rejected only for its length (too few takeaways) still
    holds good items, so issues inside it stand.
    """
    for loc, kind in errors:
        if kind in _LENGTH_ERRORS:
            if issue.path == loc or loc in issue.depends:
                return True
        elif (issue.path[: len(loc)] == loc or loc[: len(issue.path)] == issue.path
              or any(d[: len(loc)] == loc for d in issue.depends)):
            return True
    return False


# ---------------------------------------------------------------------------------------------


def _issue_problem(file: str, where: _Locator, issue: Issue) -> Problem:
    line, col = where.find(issue.path, issue.find) if issue.find else where.value(issue.path)
    return Problem(file, issue.message, line, col, field_name(issue.path), issue.expected,
                   issue.hint, "warning" if issue.severity == "warning" else "error")


def _in_file_order(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.line is None, p.line or 0, p.column or 0))


def _brand_problems(path: Path, value: str, at: tuple[int | None, int | None]) -> list[Problem]:
    """A brief may name a brand only inside its own folder or its git repository.

    A brief travels (e-mailed, downloaded, shared in a repository); what it names must travel
    with it. ``--brand`` on the command line may point anywhere: the user typed it.
    """
    folder = path.parent
    hint = ("keep the brand beside the brief or in the same git repository (the seeds use "
            "'../brands/NAME'), or pass --brand DIR on the command line")
    if Path(value).is_absolute() or value.startswith("~"):
        return [Problem(str(path), f"'{value}' is an absolute path", *at, field="brand",
                        expected="a folder relative to this brief, such as ../brands/acme",
                        hint=hint)]
    repo = repository_root(folder)
    if confined(folder / value, folder, *([repo] if repo else [])) is None:
        outside = "this brief's folder" + (" and its git repository" if repo else "")
        return [Problem(str(path), f"'{value}' leads outside {outside}", *at, field="brand",
                        expected="a folder inside " + outside, hint=hint)]
    return []


def load_brief(path: Path) -> Loaded:
    """Read, validate and resolve one brief; raise InputError listing every error found."""
    file = str(path)
    text, doc, problems = _read(path)
    where = _Locator(text, doc)
    plain = _to_plain(doc)
    try:
        raw = BriefIn.model_validate(plain)
    except ValidationError as exc:
        problems += _schema_problems(file, where, exc)
        reported = [(tuple(e["loc"]), e["type"]) for e in exc.errors(include_url=False)]
        problems += [_issue_problem(file, where, i) for i in _salvaged_issues(plain)
                     if not _already_reported(i, reported)]
        raise InputError(_in_file_order(problems)) from None
    brief, issues = resolve(raw)
    problems = problems + [_issue_problem(file, where, i) for i in issues]
    if raw.brand:
        problems += _brand_problems(path, raw.brand, where.value(("brand",)))
    problems = _in_file_order(problems)
    if any(p.severity == "error" for p in problems):
        raise InputError(problems)
    return Loaded(path, raw, brief, problems,
                  where.value(("brand",)) if raw.brand else (None, None))
