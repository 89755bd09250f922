"""Pydantic's validation errors -> positioned Problems, in words the person who wrote the file
uses, never pydantic's own wording.

One ``Explainer`` per schema: it knows the root model, where each kind of mapping lives (for
"'title' belongs under 'meta:'"), what each regex pattern means, and hints for list lengths.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from difflib import get_close_matches
from typing import Any, get_args

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from ..errors import FieldPath, Problem, dotted
from .located import Located
from .yaml import short

Explained = tuple[str, str | None, str | None]  # message, expected, hint


def inner_model(annotation: Any) -> type[BaseModel] | None:
    """``MetaIn``, ``list[SectionIn]`` or ``ComparisonIn | None`` -> the model class."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = inner_model(arg)
        if found is not None:
            return found
    return None


def describe(value: Any) -> str:
    """What the file gave, in words: 'the number 2025', 'a list of 2 items', 'nothing'."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the yes/no value {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, str):
        return f"the text {short(value)}"
    if isinstance(value, list):
        return f"a list of {items(len(value))}"
    if isinstance(value, dict):
        return "a group of 'key: value' lines"
    return f"{type(value).__name__} {short(value)}"  # pragma: no cover - YAML makes no others


def items(n: int) -> str:
    return f"{n} item{'s' * (n != 1)}"


def escape_pattern(char: str) -> str:
    """How a control character may be written in YAML double quotes: \\v, \\x0b, \\u000b..."""
    code = ord(char)
    abbreviation = {0: "0", 7: "a", 8: "b", 0x0B: "v", 0x0C: "f", 0x1B: "e"}.get(code)
    options = [rf"\\x{code:02x}", rf"\\u{code:04x}", rf"\\U{code:08x}"]
    if abbreviation:
        options.insert(0, rf"\\{abbreviation}")
    return "(?i:" + "|".join(options) + ")"


_EXPECTED_TYPE = {
    "string_type": "text",
    "list_type": "a list (lines starting with '- ')",
    "dict_type": "a group of indented 'key: value' lines",
    "model_type": "a group of indented 'key: value' lines",
    "model_attributes_type": "a group of indented 'key: value' lines",
}
_DATE_ERRORS = ("date_type", "date_parsing", "date_from_datetime_parsing",
                "date_from_datetime_inexact")
_QUOTE_HINT = "put it in double quotes so it is read as text"


def _wrong_type(kind: str, value: Any, path: FieldPath) -> Explained:
    expected = _EXPECTED_TYPE[kind]
    if value is None or value == "":
        return "is empty", expected, None
    hint = _QUOTE_HINT if kind == "string_type" and not isinstance(value, list | dict) else None
    if kind == "list_type" and isinstance(value, str | int | float):
        hint = "write each item on its own line starting with '- '"
    last = path[-1] if path else ""
    if expected.startswith("a group") and isinstance(last, str):
        expected += f" under '{last}:'"
    return f"found {describe(value)}", expected, hint


def _and(names: list[str]) -> str:
    quoted = [f"'{n}'" for n in names]
    return ", ".join(quoted[:-1]) + f" and {quoted[-1]}" if len(quoted) > 1 else quoted[0]


def _under(parent: FieldPath) -> str:
    """Where a missing key goes, in words: 'under meta:', 'to this entry', 'at the top level'."""
    if not parent:
        return "at the top level"
    return "to this entry" if isinstance(parent[-1], int) else f"under '{parent[-1]}:'"


def _misspelt(errors: list[ErrorDetails]) -> set[FieldPath]:
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


@dataclass(frozen=True)
class Phrase:
    """A schema's own words for one kind of pydantic error, where the general wording below would
    not fit its readers. ``{shown}`` is the value as given ('text' quoted, others as Python
    writes them), ``{expected}`` pydantic's list of allowed values; ``at`` limits the phrase to
    fields with that key on their path, ``msg`` to errors whose message contains it."""

    message: str
    expected: str | None = None
    hint: str | None = None
    at: str | None = None
    msg: str | None = None

    def fits(self, err: ErrorDetails, path: FieldPath) -> bool:
        return ((self.at is None or self.at in path)
                and (self.msg is None or self.msg in str(err["msg"])))

    def words(self, err: ErrorDetails, path: FieldPath = (),
              fill: Mapping[str, str] | None = None) -> Explained:
        """The phrase filled in; ``fill`` adds the caller's own names (a bibliography entry's
        key), ``{field}`` is the field's key, ``{msg}`` and ``{hint}`` our validators' words."""
        given, ctx = err.get("input"), err.get("ctx") or {}
        values = {"shown": f"'{given}'" if isinstance(given, str) else repr(given),
                  "expected": str(ctx.get("expected") or ""), "hint": str(ctx.get("hint") or ""),
                  "msg": str(err["msg"]).removeprefix("Value error, "),
                  "field": str(path[-1]) if path else "None", **(fill or {})}
        return (self.message.format(**values),
                self.expected.format(**values) or None if self.expected else None,
                self.hint.format(**values) or None if self.hint else None)


def _phrase_keys(kind: str) -> tuple[str, ...]:
    """Where a phrase for ``kind`` may be filed: under the type, its family ('url*'), or '*'."""
    return (kind, kind.split("_")[0] + "*", "*")


@dataclass(frozen=True)
class Explainer:
    """Turns one schema's validation errors into Problems located in the file."""

    root: type[BaseModel]
    where: Mapping[type[BaseModel], str] = field(default_factory=dict)
    patterns: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # regex: what, hint
    list_hints: Mapping[str, str] = field(default_factory=dict)  # by the list's key
    long_hints: Mapping[str, str] = field(default_factory=dict)  # by any key on the path
    # A schema whose readers need other words: its phrases by error type (or family 'url*', or
    # '*' for any), first fitting one wins; with ``plain_rest`` any other error keeps pydantic's
    # message (brand_yml's own validators speak plainly) instead of the general wording.
    phrases: Mapping[str, tuple[Phrase, ...]] = field(default_factory=dict)
    plain_rest: bool = False

    def model_at(self, path: FieldPath) -> type[BaseModel] | None:
        """The model describing the mapping at ``path``, for did-you-mean on unknown keys."""
        model: type[BaseModel] | None = self.root
        for part in path:
            if isinstance(part, int):
                continue
            info = model.model_fields.get(str(part)) if model else None
            if info is None:
                return None
            model = inner_model(info.annotation)
        return model

    def field_info(self, path: FieldPath) -> FieldInfo | None:
        """The schema's description of the field at ``path`` (None for list items)."""
        if not path or isinstance(path[-1], int):
            return None
        model = self.model_at(path[:-1])
        return model.model_fields.get(str(path[-1])) if model else None

    def unknown_key_hint(self, key: str, model: type[BaseModel] | None) -> str | None:
        known = list(model.model_fields) if model else []
        close = get_close_matches(key, known, n=1, cutoff=0.7) or [
            k for k in known if k.lower() == key.lower().replace(" ", "_")]
        if close:
            return f"did you mean '{close[0]}'?"
        elsewhere = [where for m, where in self.where.items()
                     if m is not model and key in m.model_fields]
        if elsewhere:
            return f"'{key}' belongs {' or '.join(elsewhere[:2])}; check the indentation"
        close = get_close_matches(key, known, n=1)
        if close:
            return f"did you mean '{close[0]}'?"
        return f"allowed keys here: {', '.join(known)}" if known else None

    def suggest_id(self, value: str, pattern: str) -> str | None:
        """A corrected id, slug or language tag, when the fix is obvious."""
        if pattern in self.patterns and "language" in self.patterns[pattern][0]:
            main, _, region = value.replace("_", "-").partition("-")
            fix = main.lower() + (f"-{region.upper()}" if region else "")
        else:
            fix = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
        return fix if fix and fix != value and re.match(pattern, fix) else None

    def phrase(self, err: ErrorDetails, path: FieldPath) -> Phrase | None:
        """The schema's own phrase for this error, if it has one."""
        fitting = (phrase for key in _phrase_keys(err["type"])
                   for phrase in self.phrases.get(key, ()) if phrase.fits(err, path))
        return next(fitting, None)

    def explain(self, err: ErrorDetails, path: FieldPath,
                fill: Mapping[str, str] | None = None) -> Explained:
        """Pydantic's error -> (message, expected, hint) in plain words: the schema's own
        phrase if it has one, else the general wording."""
        phrase = self.phrase(err, path)
        if phrase is not None:
            return phrase.words(err, path, fill)
        if self.plain_rest:
            return str(err["msg"]).removeprefix("Value error, "), None, None
        return self.general(err, path)

    def general(self, err: ErrorDetails, path: FieldPath) -> Explained:
        kind, value = err["type"], err.get("input")
        ctx: dict[str, Any] = dict(err.get("ctx") or {})
        if kind in _EXPECTED_TYPE:
            return _wrong_type(kind, value, path)
        if kind == "string_too_short":
            return "is empty", "text", None
        if kind == "string_too_long":
            hint = next((h for key, h in self.long_hints.items() if key in path), None)
            return (f"is too long: {len(str(value))} characters",
                    f"at most {ctx.get('max_length')} characters", hint)
        if kind in ("too_short", "too_long"):
            hint = self.list_hints.get(str(path[-1])) if path else None
            if kind == "too_short":
                need, found = ctx.get("min_length", 0), ctx.get("actual_length", 0)
                return f"needs at least {items(need)}, found {found or 'none'}", None, hint
            limit, found = ctx.get("max_length", 0), ctx.get("actual_length", 0)
            return f"allows at most {items(limit)}, found {found}", None, hint
        if kind == "literal_error":
            allowed = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
            close = [a for a in allowed if a.lower() == str(value).lower()] or \
                get_close_matches(str(value), allowed, n=1)
            return (f"{short(value)} is not one of the allowed values",
                    f"one of: {', '.join(allowed)}",
                    f"did you mean '{close[0]}'?" if close else None)
        if kind == "string_pattern_mismatch":
            what, hint = self.patterns.get(str(ctx.get("pattern")), ("valid", None))
            fix = self.suggest_id(str(value), str(ctx.get("pattern")))
            if fix and hint:
                hint += f"; here perhaps '{fix}'"
            return f"{short(value)} is not {what}", None, hint
        if kind in _DATE_ERRORS:
            return f"{short(value)} is not a date", "a date as YYYY-MM-DD, e.g. 2025-12-01", None
        # Our own validators already speak plainly and pass expected/hint in ctx.
        return err["msg"].removeprefix("Value error, "), ctx.get("expected"), ctx.get("hint")

    def problems(self, doc: Located, exc: ValidationError,
                 fill: Mapping[str, str] | None = None) -> list[Problem]:
        """Every error of ``exc`` as a Problem; one typo or one empty entry reads as one
        (unless the schema words missing fields itself). ``fill``: see ``Phrase.words``."""
        errors = exc.errors(include_url=False)
        misspelt = _misspelt(errors)
        missing: dict[FieldPath, list[str]] = {}
        for err in errors:
            loc = tuple(err["loc"])
            if err["type"] == "missing" and loc not in misspelt and "missing" not in self.phrases:
                missing.setdefault(loc[:-1], []).append(str(loc[-1]))
        problems = [  # an empty or half-written entry: one problem, not one per field
            Problem(doc.file, f"required fields {_and(names)} are missing", *doc.key(parent),
                    dotted(parent) or None,
                    hint=f"add {', '.join(n + ':' for n in names)} {_under(parent)}")
            for parent, names in missing.items() if len(names) > 1]
        for err in errors:
            loc: FieldPath = tuple(err["loc"])
            kind = err["type"]
            if loc in misspelt or (kind == "missing" and len(missing.get(loc[:-1], ())) > 1):
                continue
            problems.append(self._problem(doc, err, loc, fill))
        return problems

    def _problem(self, doc: Located, err: ErrorDetails, loc: FieldPath,
                 fill: Mapping[str, str] | None) -> Problem:
        kind = err["type"]
        if kind == "missing" and self.phrase(err, loc) is not None:
            message, expected, hint = self.explain(err, loc, fill)
            return Problem(doc.file, message, *doc.key(loc[:-1]), dotted(loc), expected, hint)
        if kind == "extra_forbidden":
            key = str(loc[-1])
            return Problem(doc.file, f"unknown key '{key}'", *doc.key(loc), dotted(loc),
                           hint=self.unknown_key_hint(key, self.model_at(loc[:-1])))
        info = self.field_info(loc)
        if kind == "missing":
            name = str(loc[-1])
            desc = info.description if info else None
            hint = f"add '{name}:' {_under(loc[:-1])}" + (f". {desc}" if desc else "")
            return Problem(doc.file, f"required field '{name}' is missing", *doc.key(loc[:-1]),
                           dotted(loc), hint=hint)
        message, expected, hint = self.explain(err, loc, fill)
        if kind in ("too_short", "too_long") and info is not None and not hint:
            hint = info.description
        if message == "is empty" and info is not None and not hint:
            hint = "write the text" + ("" if info.is_required() else ", or delete the line")
            hint += f". {info.description}" if info.description else ""
        char = (err.get("ctx") or {}).get("char")
        line, col = doc.find(loc, escape_pattern(char)) if char else doc.value(loc)
        return Problem(doc.file, message, line, col, dotted(loc), expected, hint)
