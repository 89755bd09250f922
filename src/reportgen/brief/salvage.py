"""Resolve what validated, so meaning checks run alongside schema errors.

When the schema fails, the parts that did validate are still resolved (a *salvaged* brief), so
an unknown citation is reported in the same run as a bad date; problems that merely follow from
a schema error are dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from typing import Annotated, Any, cast, get_origin

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from ..errors import FieldPath, Problem
from ..source.explain import inner_model
from .resolve import resolve
from .schema import BriefIn, SourceIn


@cache
def _field_adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    info = model.model_fields[name]
    ann = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
    return TypeAdapter(ann, config=ConfigDict(str_strip_whitespace=True))


def salvage(model: type[BaseModel], data: Any) -> BaseModel:
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
    inner = inner_model(annotation)
    if inner is not None and annotation is inner:
        return salvage(inner, value)
    try:
        return _field_adapter(model, name).validate_python(value)
    except ValidationError:
        pass
    if get_origin(annotation) is list:
        items = value if isinstance(value, list) else []
        if inner is not None:
            return [salvage(inner, v) for v in items]
        return [v.strip() if isinstance(v, str) else "" for v in items]
    if inner is not None:
        return salvage(inner, value)
    return value.strip() if isinstance(value, str) else ""


def salvaged_errors(data: Any, bibliography: Sequence[SourceIn] = ()) -> list[Problem]:
    """Meaning errors in a brief whose schema failed, or none when too little survived.

    Without a list of sources or of sections every citation or placement would look wrong, so
    then only the schema errors are reported. Warnings wait until the errors are fixed.
    ``bibliography`` holds the sources read from the brief's bibliography files.
    """
    if not (isinstance(data.get("sources", []), list) and isinstance(data.get("sections"), list)):
        return []
    raw = cast(BriefIn, salvage(BriefIn, data))
    try:
        _, problems = resolve(raw, bibliography)
    except Exception:  # a stand-in resolve did not expect: the schema errors still stand
        return []
    return [p for p in problems if p.severity == "error"]


_LENGTH_ERRORS = {"too_short", "too_long"}


def already_reported(problem: Problem, errors: Iterable[tuple[FieldPath, str]]) -> bool:
    """True if a schema error covers the problem's field or a field the check relied on.

    A problem inside, or containing, a rejected field repeats that error; a problem whose check
    used a rejected value (the columns, for a row's width; a source's id, for a citation) may
    be a mere consequence of it. A list rejected only for its length (too few takeaways) still
    holds good items, so problems inside it stand.
    """
    path, depends = problem.path, problem.depends
    for loc, kind in errors:
        if kind in _LENGTH_ERRORS:
            if path == loc or loc in depends:
                return True
        elif (path[: len(loc)] == loc or loc[: len(path)] == path
              or any(d[: len(loc)] == loc for d in depends)):
            return True
    return False
