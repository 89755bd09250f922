"""YAML file -> ``Located``: PyYAML's composer keeps every node's position, and duplicate keys
(which PyYAML would silently accept) are errors.

libyaml (``CSafeLoader``) composes the node tree where it is installed, about twenty times faster
than the pure-Python parser; on a syntax error the file is parsed again in pure Python, only for
its wording, which ``_SYNTAX`` rewrites in plain words. Scalars resolve as in YAML 1.2 (``yes``,
``on`` and ``010`` stay text or decimal, as in editors and in brand_yml's own reader), and an
impossible date such as 2025-02-30 stays text, so that the schema can name its field and line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import deque
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import FieldPath, InputError, Problem, dotted
from .limits import read_limited, yaml_problems
from .located import Located, Mark, Span, in_file_order
from .text import control_characters, decode

_NULL = "tag:yaml.org,2002:null"
_MERGE = "tag:yaml.org,2002:merge"
_FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _int(loader: yaml.SafeLoader, node: ScalarNode) -> int:
    """YAML 1.2 integers: 0b, 0o and 0x prefixes; a leading zero is just a zero."""
    text = str(loader.construct_scalar(node)).replace("_", "")
    sign = -1 if text.startswith("-") else 1
    text = text.lstrip("+-")
    for prefix, base in (("0b", 2), ("0o", 8), ("0x", 16)):
        if text.startswith(prefix):
            return sign * int(text[2:], base)
    return sign * int(text)


class TimestampWithT(dt.datetime):
    """A time stamp written as 2025-12-08T10:00:00: messages quote it as written."""

    def __str__(self) -> str:
        return self.isoformat("T")


def _timestamp(loader: yaml.SafeLoader, node: ScalarNode) -> Any:
    try:
        value = yaml.SafeLoader.construct_yaml_timestamp(loader, node)  # type: ignore[arg-type]
    except ValueError:
        return loader.construct_scalar(node)
    if isinstance(value, dt.datetime) and "t" in str(node.value).lower():
        return TimestampWithT.combine(value.date(), value.timetz())
    return value


_RESOLVERS = [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:float", r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""", "-+0123456789."),
    ("tag:yaml.org,2002:int", r"""^(?:[-+]?0b[0-1_]+
        |[-+]?0o?[0-7_]+
        |[-+]?[0-9_]+
        |[-+]?0x[0-9a-fA-F_]+)$""", "-+0123456789"),
    (_MERGE, r"^(?:<<)$", "<"),
    (_NULL, r"^(?: ~|null|Null|NULL| )$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:timestamp", r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
        |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
        (?:[Tt]|[ \t]+)[0-9][0-9]?
        :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
        (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""", "0123456789"),
]


def _loader(base: type[yaml.SafeLoader]) -> type[yaml.SafeLoader]:
    """``base`` with YAML 1.2 scalars and lenient timestamps."""
    cls = type(f"Located{base.__name__}", (base,), {"yaml_implicit_resolvers": {}})
    for tag, pattern, first in _RESOLVERS:
        cls.add_implicit_resolver(tag, re.compile(pattern, re.X), list(first))
    cls.add_constructor("tag:yaml.org,2002:int", _int)
    cls.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
    return cls


_Loader = _loader(_FAST)
_PureLoader = _loader(yaml.SafeLoader)


def _mark(mark: Any) -> Mark:
    return Mark(mark.line, mark.column, mark.index)


def compose(text: str) -> Node | None:
    """The YAML node tree, whose nodes know where they start and end; None if unparsable."""
    try:
        return yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return None


def _key_text(key: Node) -> str:
    return str(getattr(key, "value", ""))


def path_at(root: Node | None, index: int) -> FieldPath:
    """Field path of the key or value that holds the character at ``index``."""
    path: list[str | int] = []
    node = root
    while node is not None:
        children: list[tuple[str | int, Node | None, Node]] = []
        if isinstance(node, MappingNode):
            children = [(_key_text(k), k, v) for k, v in node.value]
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


def _field_at(text: str, index: int) -> FieldPath:
    return path_at(compose(text), index)


def _spans(root: Node) -> dict[FieldPath, Span]:
    """One Span per field path, for every key and list item of the tree (merged keys too)."""
    spans: dict[FieldPath, Span] = {}
    todo: deque[tuple[FieldPath, Node, bool]] = deque([((), root, False)])
    while todo:
        path, node, merged = todo.popleft()
        if isinstance(node, SequenceNode):
            for i, item in enumerate(node.value):
                spans[(*path, i)] = _span(_mark(item.start_mark), item, False, merged)
                todo.append(((*path, i), item, merged))
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                if key.tag == _MERGE:
                    continue
                spans[(*path, _key_text(key))] = _span(_mark(key.start_mark), value, True, merged)
                todo.append(((*path, _key_text(key)), value, merged))
            for key, value in _merged(node):
                if (*path, key) not in spans:
                    spans[(*path, key)] = _span(None, value, True, True)
                    todo.append(((*path, key), value, True))
    return spans


def _merged(node: MappingNode) -> list[tuple[str, Node]]:
    """Entries a mapping takes from '<<: *anchor' (its own keys win)."""
    out: list[tuple[str, Node]] = []
    for key, value in node.value:
        if key.tag != _MERGE:
            continue
        sources = value.value if isinstance(value, SequenceNode) else [value]
        for source in sources:
            if isinstance(source, MappingNode):
                out += [(_key_text(k), v) for k, v in source.value if k.tag != _MERGE]
    return out


def _span(at: Mark | None, value: Node, in_mapping: bool, merged: bool) -> Span:
    return Span(at, _mark(value.start_mark), value.end_mark.index, in_mapping,
                value.tag == _NULL, merged)


def _duplicate(file: str, root: Node) -> Problem | None:
    """The first key set twice in one mapping, named at its second place.

    Mappings are checked level by level, as a constructor meets them.
    """
    todo: deque[Node] = deque([root])
    visited: set[int] = set()  # an alias shares its node: each is checked once, and a
    while todo:                # recursive alias cannot loop
        node = todo.popleft()
        if id(node) in visited:
            continue
        visited.add(id(node))
        if isinstance(node, SequenceNode):
            todo.extend(node.value)
        elif isinstance(node, MappingNode):
            first: dict[tuple[str, str], Node] = {}
            for key, value in node.value:
                if isinstance(key, ScalarNode) and key.tag != _MERGE:
                    seen = first.setdefault((key.tag, key.value), key)
                    if seen is not key:
                        return _duplicate_problem(file, root, key, seen)
                todo.append(value)
    return None


def _duplicate_problem(file: str, root: Node, key: Node, first: Node) -> Problem:
    """Name the key, point at its second occurrence and say where the first one is."""
    field = dotted(path_at(root, key.start_mark.index))
    hint = "a key may appear only once in a group; merge the two entries or delete one"
    hint = f"'{key.value}' is already set on line {first.start_mark.line + 1}; " + hint.replace(
        "a key", "each key")
    return Problem(file, f"duplicate key '{key.value}'", key.start_mark.line + 1,
                   key.start_mark.column + 1, field or None, hint=hint)


# ---------------------------------------------------------------------------------------------
# Syntax errors

# The parser's wording -> (plain message, hint). Matched against the start of the problem text.
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


def _python_wording(text: str, exc: yaml.MarkedYAMLError) -> yaml.MarkedYAMLError:
    """The pure-Python parser's report of the same error: its wording is the one ``_SYNTAX``
    knows (libyaml words several errors differently)."""
    if _FAST is yaml.SafeLoader:
        return exc
    try:
        yaml.compose(text, Loader=_PureLoader)
    except yaml.MarkedYAMLError as pure:
        return pure
    return exc  # pragma: no cover - both parsers reject the same files


def _syntax_problem(file: str, text: str, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    problem = (exc.problem or exc.context or "invalid YAML").strip()
    line = mark.line + 1 if mark else None
    col = mark.column + 1 if mark else None
    message = problem
    hint = "check indentation and quote text that contains ': ' or starts with * [ { @ |"
    for start, plain_message, plain_hint in _SYNTAX:
        if problem.startswith(start):
            message, hint = plain_message, plain_hint
            break
    lines = text.split("\n")  # the parser counts only line feeds, not Python's splitlines() set
    line_text = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
    if "\t" in line_text[: len(line_text) - len(line_text.lstrip())] and "tab" not in message:
        hint = "YAML needs spaces for indentation; this line is indented with a tab"
    quote = _unclosed_quote(lines, mark.line) if mark is not None else None
    if quote and "tab" not in message and (quote[0] != line or "quote" in message):
        seen = f" (YAML noticed only on line {line})" if quote[0] != line else ""
        return Problem(file, "YAML syntax error: a quoted text is not closed on this line",
                       *quote, hint=f"add the closing double quote{seen}")
    return Problem(file, f"YAML syntax error: {message}", line, col, hint=hint)


# ---------------------------------------------------------------------------------------------
# Reading


def _is_blank(text: str) -> bool:
    return all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.split("\n"))


def empty_problem(file: str) -> Problem:
    return Problem(file, "the file is empty", 1, 1,
                   expected="a brief: meta, summary, takeaways, sections, comparison, sources",
                   hint="start from a copy of seeds/china-ai-governance.yaml")


def short(value: Any, limit: int = 40) -> str:
    """A value quoted for a message, cut to ``limit`` characters."""
    text = str(value)
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def plain(node: Any) -> Any:
    """Mappings with text keys all the way down (YAML allows ``1:`` or ``true:`` as keys)."""
    if isinstance(node, dict):
        return {str(k): plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    return node


def _read_text(path: Path) -> str:
    file = str(path)
    data = read_limited(path, what="file", not_found_hint="check the path; briefs live in seeds/")
    return decode(file, data, _field_at)


def _parse(file: str, text: str,
           problems: list[Problem]) -> tuple[Node | None, dict[FieldPath, Span], Any]:
    """The node tree, its spans and the data built from it; InputError for malformed YAML.

    The spans are taken before the data is built: building applies '<<' merges to the tree.
    """
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None, {}, None
        duplicate = _duplicate(file, root)
        if duplicate:
            raise InputError([*problems, duplicate])
        spans = _spans(root)
        return root, spans, loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:
        problem = _syntax_problem(file, text, _python_wording(text, exc))
        raise InputError(in_file_order([*problems, problem])) from None
    finally:
        loader.dispose()


def read_located(path: Path) -> tuple[Located, list[Problem]]:
    """Parse a YAML mapping keeping positions.

    Returns the document and the problems that did not stop the reading (forbidden
    characters, blanked out); raises InputError for the rest.
    """
    file = str(path)
    text = _read_text(path)
    if not text.strip() or _is_blank(text):
        raise InputError([empty_problem(file)])
    text, problems = control_characters(file, text, _field_at)
    bounds = yaml_problems(text, file)  # size, depth and aliases, before anything is built
    if bounds:
        raise InputError(in_file_order([*problems, *bounds]))
    root, spans, data = _parse(file, text, problems)
    if root is None or data is None:
        raise InputError([empty_problem(file)])
    if not isinstance(data, dict):
        found = "a list" if isinstance(data, list) else f"the single value {short(data)}"
        first = next((i for i, ln in enumerate(text.split("\n"), 1)
                      if ln.strip() and not ln.lstrip().startswith(("#", "---"))), 1)
        raise InputError([*problems, Problem(
            file, f"the top level is {found}, not a group of 'key: value' lines", first, 1,
            expected="'key: value' lines such as 'meta:' and 'summary:'",
            hint="a brief starts with 'meta:' at the left margin, with no '- ' in front",
        )])
    return Located(file, text, plain(data), spans, _mark(root.start_mark)), problems


def read_data(path: Path, file: str) -> Any:
    """A YAML file that is data, not a brief (a chart's ``.vl.yaml``), as plain values.

    It passes the brief's checks (size, forbidden characters, depth, aliases, duplicate keys) and
    a syntax error is worded and placed as in a brief; ``file`` is the name messages give it.
    """
    text = decode(file, read_limited(path), _field_at)
    text, problems = control_characters(file, text, _field_at)
    problems += yaml_problems(text, file)
    if problems:
        raise InputError(in_file_order(problems))
    _, _, data = _parse(file, text, problems)
    return plain(data)


def read_yaml(path: Path) -> Located:
    """Parse a YAML mapping keeping positions; raise InputError for unreadable or bad files."""
    located, problems = read_located(path)
    if problems:
        raise InputError(problems)
    return located

