"""YAML file -> resolved Brief, with every problem located at file:line:column.

ruamel.yaml keeps the position of every key and item (and rejects duplicate keys, which PyYAML
silently accepts); pydantic checks the schema; ``resolve.py`` checks meaning. All problems of one
file are reported together.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from difflib import get_close_matches
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError

from .errors import InputError, Problem
from .model import Brief
from .resolve import Issue, resolve
from .schema import BriefIn

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Loaded:
    """A brief ready to write, plus what the user should hear about it."""

    path: Path
    raw: BriefIn
    brief: Brief
    warnings: list[Problem]

    @property
    def brand_dir(self) -> Path | None:
        return (self.path.parent / self.raw.brand) if self.raw.brand else None


def field_name(path: Path_) -> str:
    """('sources', 3, 'url') -> 'sources[3].url'."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _position(doc: Any, path: Path_) -> tuple[int | None, int | None]:
    """Line and column (1-based) of the deepest node of ``path`` that exists in the YAML."""
    node, line, col = doc, None, None
    for part in path:
        if isinstance(node, CommentedMap) and part in node:
            line, col = node.lc.key(part)
            node = node[part]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
            line, col = node.lc.item(part)
            node = node[part]
        else:
            break
    if line is None and hasattr(doc, "lc"):
        line, col = doc.lc.line, doc.lc.col
    return (line + 1 if line is not None else None, col + 1 if col is not None else None)


def _value_position(doc: Any, path: Path_) -> tuple[int | None, int | None]:
    """Position of a value (rather than its key) when the YAML holds one there."""
    *parent_path, last = path or ("",)
    parent = doc
    for part in parent_path:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return _position(doc, path)
    if isinstance(parent, CommentedMap) and last in parent:
        line, col = parent.lc.value(last)
        return line + 1, col + 1
    return _position(doc, path)


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
    model: Any = BriefIn
    for part in path:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part) if model else None
        if field is None:
            return None
        ann = field.annotation
        args = getattr(ann, "__args__", ()) or (ann,)
        model = next((a for a in args if isinstance(a, type) and issubclass(a, BaseModel)), None)
        if model is None:  # list[Model]
            inner = [getattr(a, "__args__", ()) for a in args]
            model = next((x for xs in inner for x in xs
                          if isinstance(x, type) and issubclass(x, BaseModel)), None)
    return model


_EXPECTED = {
    "missing": "this field",
    "string_type": "text",
    "list_type": "a list (lines starting with '- ')",
    "dict_type": "a mapping of 'key: value' lines",
    "model_type": "a mapping of 'key: value' lines",
    "date_type": "a date as YYYY-MM-DD",
    "date_from_datetime_parsing": "a date as YYYY-MM-DD",
    "date_parsing": "a date as YYYY-MM-DD",
    "literal_error": None,
    "string_pattern_mismatch": None,
    "too_short": None,
    "too_long": None,
}


def _schema_problems(file: str, doc: Any, exc: ValidationError) -> list[Problem]:
    problems = []
    for err in exc.errors(include_url=False):
        loc: Path_ = tuple(err["loc"])
        kind = err["type"]
        msg = err["msg"]
        hint = None
        expected = _EXPECTED.get(kind)
        if kind == "extra_forbidden":
            key = str(loc[-1])
            model = _model_at(loc[:-1])
            known = list(model.model_fields) if model else []
            close = get_close_matches(key, known, n=1)
            msg = f"unknown key '{key}'"
            hint = f"did you mean '{close[0]}'?" if close else (
                f"allowed keys here: {', '.join(known)}" if known else None)
            line, col = _position(doc, loc)
        elif kind == "missing":
            msg = f"required field '{loc[-1]}' is missing"
            model = _model_at(loc[:-1])
            desc = model.model_fields[str(loc[-1])].description if model else None
            hint = f"add '{loc[-1]}:'" + (f" ({desc})" if desc else "")
            expected = None
            line, col = _position(doc, loc[:-1])
        else:
            if msg.startswith("Value error, "):
                msg = msg.removeprefix("Value error, ")
            if kind == "string_pattern_mismatch":
                pattern = err.get("ctx", {}).get("pattern", "")
                hint = {
                    r"^[a-z0-9][a-z0-9_.:-]*$": "ids use lower-case letters, digits, - _ . : "
                    "(e.g. eu-ai-act)",
                    r"^[a-z0-9]+(?:-[a-z0-9]+)*$": "a slug is lower-case words joined by "
                    "hyphens (e.g. china-ai-governance)",
                }.get(pattern)
            line, col = _value_position(doc, loc)
        problems.append(Problem(file, msg, line, col, field_name(loc), expected, hint))
    return problems


def read_yaml(path: Path) -> Any:
    """Parse a YAML file keeping positions; raise InputError for unreadable or malformed files."""
    file = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError([Problem(file, "file not found",
                                  hint="check the path; briefs live in seeds/")]) from None
    except OSError as exc:
        raise InputError([Problem(file, f"cannot read file: {exc.strerror}")]) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError([Problem(file, f"not valid UTF-8 (byte 0x{data[exc.start]:02x})", line,
                                  col, hint="save the file as UTF-8 in your editor")]) from None
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise InputError([Problem(file, "the file is empty", 1, 1,
                                  expected="a brief: meta, summary, takeaways, sections, ...",
                                  hint="start from seeds/china-ai-governance.yaml")])
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    try:
        doc = yaml.load(text)
    except DuplicateKeyError as exc:
        mark = exc.problem_mark
        key = (exc.problem or "").split('"')[1] if '"' in (exc.problem or "") else None
        raise InputError([Problem(
            file, f"duplicate key{f' {key!r}' if key else ''}", mark.line + 1, mark.column + 1,
            hint="a key may appear only once per mapping; merge the two entries",
        )]) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = (exc.problem or "invalid YAML").strip()
        raise InputError([Problem(
            file, f"YAML syntax error: {what}",
            mark.line + 1 if mark else None, mark.column + 1 if mark else None,
            hint="check indentation and quote text that contains ': ' or starts with * [ { @ |",
        )]) from None
    if not isinstance(doc, CommentedMap):
        raise InputError([Problem(file, "the top level is not a mapping", 1, 1,
                                  expected="'key: value' lines such as 'meta:' and 'summary:'",
                                  hint="a brief starts with 'meta:' at the left margin")])
    return doc


def _issue_problem(file: str, doc: Any, issue: Issue) -> Problem:
    line, col = _value_position(doc, issue.path)
    return Problem(file, issue.message, line, col, field_name(issue.path), issue.expected,
                   issue.hint, "warning" if issue.severity == "warning" else "error")


def load_brief(path: Path) -> Loaded:
    """Read, validate and resolve one brief; raise InputError listing every error found."""
    file = str(path)
    doc = read_yaml(path)
    try:
        raw = BriefIn.model_validate(_to_plain(doc))
    except ValidationError as exc:
        raise InputError(_schema_problems(file, doc, exc)) from None
    brief, issues = resolve(raw)
    problems = [_issue_problem(file, doc, i) for i in issues]
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InputError(problems)
    return Loaded(path, raw, brief, problems)


def today() -> dt.date:  # kept at the edge; the model itself never reads the clock
    return dt.date.today()
