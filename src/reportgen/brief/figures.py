"""A brief's ``figures:`` entries -> the picture or chart each one shows, checked.

Everything a figure names is user input from the brief's folder, and is treated as untrusted:

* image and data files must lie inside the brief's folder (``files.confined``), as brand assets
  must lie inside the brand folder;
* nothing is fetched: a Vega-Lite ``data.url`` that is a web address is refused, a local one is
  read here and inlined into the specification, so the renderer never opens a file itself;
* an SVG with a DOCTYPE (entities) or with references to other files or the web is refused;
* file size and pixel count are limited, so a decompression bomb fails here, with a message.

Problems are ``Problem.at`` records at field paths; ``load`` gives them file positions. Drawing a
chart (and the renderer's own complaints) is ``render/charts.py``'s job, once the theme is known.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..errors import FieldPath, InputError, Problem
from ..files import confined
from ..model import Brief, Where
from ..model.walk import map_figures
from ..source.images import Refused, check_raster, check_svg
from ..source.suggest import did_you_mean
from ..source.yaml import read_data
from .chartdata import data_json, data_text
from .charttext import check_chart_text
from .schema import BriefIn, FigureIn

IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".svg": "image/svg+xml"}
DATA_TYPES = (".csv", ".json")
SPEC_TYPES = (".vl.json", ".vl.yaml", ".vl.yml")
MAX_FILE_BYTES = 20 * 1024 * 1024



@dataclass(frozen=True)
class Picture:
    """What a figure shows: image bytes, or a chart's Vega-Lite spec as JSON (data inlined)."""

    media_type: str
    data: bytes = b""
    spec: str | None = None


def load_picture(fig: FigureIn, index: int, base: Path | None) -> tuple[Picture | None,
                                                                         list[Problem]]:
    """The figure's picture, or None with the issues that prevent showing it.

    ``base`` is the brief's folder; without one (a brief checked from memory) files are not read.
    """
    path: FieldPath = ("figures", index)
    if (fig.image is None) == (fig.chart is None):
        both = fig.image is not None
        return None, [Problem.at(path, "has both 'image' and 'chart'" if both
                            else "needs 'image' or 'chart'",
                            expected="exactly one of 'image:' (a file) or 'chart:' (Vega-Lite)",
                            hint="a figure shows one picture; make a second figure for the other"
                            if both else "add 'image: file.png' or a 'chart:' specification")]
    key = "image" if fig.image is not None else "chart"
    try:
        if base is None:
            return None, []
        if fig.image is not None:
            return _image(fig.image, base), []
        picture = _chart(fig.chart, base)
        title = [Problem.at((*path, "chart", "title"), "the chart's own title is not drawn",
                            hint="the caption is the figure's title; delete the chart's 'title'",
                            severity="warning")] \
            if "title" in json.loads(picture.spec or "{}") else []
        return picture, title
    except Refused as exc:
        return None, [Problem.at((*path, key, *exc.at), str(exc), hint=exc.hint,
                                 expected=exc.expected)]
    except InputError as exc:  # a chart file's own mistakes, already placed in that file
        return None, exc.problems


def figure_positions(brief: Brief, raw: BriefIn,
                     locate: Callable[[int, str], Where]) -> Brief:
    """The brief with each figure's ``where`` set to its 'chart:' or 'image:' value, for
    errors that only rendering finds (``locate(index in figures:, key)``)."""
    index = {fig.id: i for i, fig in reversed(list(enumerate(raw.figures)))}
    return map_figures(lambda f: replace(
        f, where=locate(index[f.id], "chart" if f.spec is not None else "image")), brief)


def figure_files(raw: BriefIn, base: Path) -> list[Path]:
    """Every file the brief's figures read (images, chart specs, data), for staleness checks;
    files that are missing or unreadable are left out (loading has reported them)."""
    found: list[Path] = []
    for fig in raw.figures:
        names = [fig.image] if fig.image else []
        spec: Any = fig.chart
        if isinstance(fig.chart, str):
            names.append(fig.chart)
            try:
                spec = _read_spec(base / fig.chart, fig.chart, base)
            except (OSError, Refused, InputError):
                spec = None
        names += [str(data["url"]) for _, data in _data_blocks(spec, ()) if "url" in data]
        found += [p for p in (confined(base / n, base) for n in names) if p and p.is_file()]
    return found


# ---------------------------------------------------------------------------------------------
# Files


def _file(name: str, base: Path, what: str, allowed: tuple[str, ...]) -> Path:
    """The real path of a file the brief names, inside the brief's folder, or Refused."""
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", name):
        raise Refused(f"{what} '{name}' is a web address; nothing is downloaded",
                       expected=f"a file inside the brief's folder ({', '.join(allowed)})",
                       hint="save the file beside the brief and give its name")
    target = confined(base / name, base)
    if target is None:
        raise Refused(f"{what} '{name}' is outside the brief's folder",
                       expected="a path relative to the brief, inside its folder",
                       hint="copy the file into the brief's folder (no '../', no absolute path, "
                       "no link that leads out)")
    if not target.is_file():
        siblings = sorted(p.name for p in target.parent.iterdir()) if target.parent.is_dir() \
            else []
        raise Refused(f"{what} '{name}' not found",
                       hint=did_you_mean(target.name, siblings)
                       or "paths are relative to the brief's folder")
    if not target.name.lower().endswith(allowed):
        raise Refused(f"'{name}' is not a supported {what} type",
                       expected=" or ".join(allowed) + " file",
                       hint="export it as PNG or SVG" if what == "image" else None)
    if target.stat().st_size > MAX_FILE_BYTES:
        raise Refused(f"{what} '{name}' is {target.stat().st_size // (1024 * 1024)} MB",
                       expected=f"at most {MAX_FILE_BYTES // (1024 * 1024)} MB",
                       hint="export it at print size (about 2000 pixels wide is plenty)")
    return target


def _image(name: str, base: Path) -> Picture:
    path = _file(name, base, "image", tuple(IMAGE_TYPES))
    media_type = IMAGE_TYPES[path.suffix.lower()]
    data = path.read_bytes()
    if media_type == "image/svg+xml":
        check_svg(data, name)
    else:
        check_raster(data, media_type, name)
    return Picture(media_type, data)


# ---------------------------------------------------------------------------------------------
# Charts


def _chart(chart: str | dict[str, Any] | None, base: Path) -> Picture:
    if isinstance(chart, str):
        path = _file(chart, base, "chart", SPEC_TYPES)
        spec = _read_spec(path, chart, base)
    else:
        spec = dict(chart or {})
    if not isinstance(spec, dict) or not ({"mark", "layer", "hconcat", "vconcat", "concat",
                                           "facet", "repeat"} & set(spec)):
        raise Refused("is not a Vega-Lite chart: it has no 'mark' (or 'layer', 'concat' ...)",
                       expected="a Vega-Lite specification, e.g. mark: bar, encoding: ..., "
                       "data: {values: [...]}",
                       hint="export it from Altair with chart.to_dict(), or see "
                       "https://vega.github.io/vega-lite/docs/")
    spec.pop("$schema", None)
    try:
        columns_at: dict[FieldPath, set[str]] = {}
        files: dict[FieldPath, str] = {}
        for at, data in _data_blocks(spec, ()):
            if "url" in data:
                files[at] = str(data["url"])
            columns_at[at] = _inline_data(data, base, at)
        check_chart_text(spec, (), files)
        _check_fields(spec, (), None, columns_at)
        _check_words(spec, ())
    except Refused as exc:
        if not isinstance(chart, str):
            raise
        # A problem inside a spec file: placed at 'chart:', naming the file and the field.
        inner = ".".join(str(p) for p in exc.at)
        raise Refused(f"{chart}{f' ({inner})' if inner else ''}: {exc}", hint=exc.hint,
                      expected=exc.expected) from None
    return Picture("image/svg+xml", spec=json.dumps(spec, sort_keys=True, ensure_ascii=False))


def _read_spec(path: Path, name: str, base: Path) -> Any:
    """The spec's data; a YAML spec is read like a brief, so its mistakes are placed in it
    (InputError in the spec file, named as the brief names it)."""
    if not path.name.lower().endswith(".vl.json"):
        return read_data(path, str(base / name))
    try:
        return json.loads(path.read_text(encoding="utf-8", errors="replace"))
    except ValueError as exc:
        raise Refused(f"'{name}' cannot be read: {str(exc).splitlines()[0]}",
                       hint="check the file's syntax") from None


def _data_blocks(spec: Any, at: FieldPath) -> Iterator[tuple[FieldPath, dict[str, Any]]]:
    """Every ``data:`` mapping in a spec (top level, layers, concatenations), with its path."""
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key == "data" and isinstance(value, dict):
                yield (*at, "data"), value
            elif isinstance(value, dict | list) and key not in ("encoding", "transform"):
                yield from _data_blocks(value, (*at, key))
    elif isinstance(spec, list):
        for i, item in enumerate(spec):
            yield from _data_blocks(item, (*at, i))


def _inline_data(data: dict[str, Any], base: Path, at: FieldPath) -> set[str]:
    """Replace a local ``url`` with its content (CSV as text, JSON as values); the columns."""
    if "url" in data:
        url = str(data["url"])
        try:
            path = _file(url, base, "data file", DATA_TYPES)
        except Refused as exc:
            exc.at = exc.at or (*at, "url")
            raise
        kind = "csv" if path.suffix.lower() == ".csv" else "json"
        text = data_text(path, url, at)
        del data["url"]
        if kind == "csv":
            rows = _csv_rows(text, url, at)
            data["values"] = text
            data["format"] = {**data.get("format", {}), "type": "csv"}
            return set(rows[0]) if rows else set()
        data["values"] = data_json(text, url, at)
        data.get("format", {}).pop("type", None)
        return _record_keys(data["values"])
    values = data.get("values")
    if isinstance(values, list):
        return _record_keys(values)
    return set()


def _csv_rows(text: str, name: str, at: FieldPath) -> list[list[str]]:
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise Refused(f"data file '{name}' is not valid CSV: {exc}", at=(*at, "url")) from None
    if not rows or not any(rows[0]):
        raise Refused(f"data file '{name}' is empty", at=(*at, "url"),
                       hint="the first line names the columns")
    width = len(rows[0])
    for n, row in enumerate(rows[1:], 2):
        if row and len(row) != width:
            raise Refused(f"data file '{name}', line {n}: {len(row)} values, but the first "
                           f"line names {width} columns", at=(*at, "url"),
                           hint="quote values that contain commas")
    return rows


def _record_keys(values: Any) -> set[str]:
    keys: set[str] = set()
    if isinstance(values, list):
        for item in values:
            if isinstance(item, dict):
                keys.update(str(k) for k in item)
    return keys


_DERIVED_KEYS = ("as", "groupby")
# Vega-Lite's words that its renderer reports badly ("Cannot read properties of undefined"):
# checked here so the error names the word and its place.
MARKS = ("arc", "area", "bar", "boxplot", "circle", "errorband", "errorbar", "geoshape",
         "image", "line", "point", "rect", "rule", "square", "text", "tick", "trail")
FIELD_TYPES = ("quantitative", "temporal", "ordinal", "nominal", "geojson")


def _check_words(spec: Any, at: FieldPath) -> None:
    """Mark names and encoding types, in every layer and concatenated view."""
    if isinstance(spec, list):
        for i, item in enumerate(spec):
            _check_words(item, (*at, i))
        return
    if not isinstance(spec, dict):
        return
    mark = spec.get("mark")
    name, where = (mark.get("type"), (*at, "mark", "type")) if isinstance(mark, dict) \
        else (mark, (*at, "mark"))
    if mark is not None and name not in MARKS:
        raise Refused(f"'{name}' is not a Vega-Lite mark", expected="one of: " + ", ".join(MARKS),
                      hint=did_you_mean(str(name), MARKS), at=where)
    for channel, enc in (spec.get("encoding") or {}).items():
        kind = enc.get("type") if isinstance(enc, dict) else None
        if kind is not None and kind not in FIELD_TYPES:
            raise Refused(f"'{kind}' is not a Vega-Lite field type",
                          expected="one of: " + ", ".join(FIELD_TYPES),
                          hint=did_you_mean(str(kind), FIELD_TYPES),
                          at=(*at, "encoding", channel, "type"))
    for key, value in spec.items():
        if key not in ("encoding", "data", "transform", "mark") and isinstance(value, dict | list):
            _check_words(value, (*at, key))


def _check_fields(spec: Any, at: FieldPath, columns: set[str] | None,
                  columns_at: dict[FieldPath, set[str]]) -> None:
    """Every ``encoding`` field must be a column of the data (or made by a transform)."""
    if not isinstance(spec, dict):
        if isinstance(spec, list):
            for i, item in enumerate(spec):
                _check_fields(item, (*at, i), columns, columns_at)
        return
    if (*at, "data") in columns_at:
        columns = set(columns_at[(*at, "data")])
    if columns is not None:
        columns |= set(_derived(spec.get("transform")))
    for channel, enc in (spec.get("encoding") or {}).items():
        for i, item in enumerate(enc if isinstance(enc, list) else [enc]):
            field = item.get("field") if isinstance(item, dict) else None
            if not isinstance(field, str) or not columns or field in columns \
                    or field.split(".")[0] in columns:
                continue
            where = (*at, "encoding", channel, *((i,) if isinstance(enc, list) else ()),
                     "field")
            raise Refused(f"the chart's {channel} field '{field}' is not a column of its data",
                           expected="one of: " + ", ".join(sorted(columns)),
                           hint=did_you_mean(field, columns), at=where)
    for key, value in spec.items():
        if key not in ("encoding", "data", "transform") and isinstance(value, dict | list):
            _check_fields(value, (*at, key), columns, columns_at)


def _derived(transforms: Any) -> Iterator[str]:
    """Names a transform list adds (calculate/aggregate/fold 'as' ...)."""
    for step in transforms if isinstance(transforms, list) else []:
        if not isinstance(step, dict):
            continue
        yield from _walk_values(step)


def _walk_values(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in _DERIVED_KEYS:
                yield from ([value] if isinstance(value, str) else
                            [v for v in value if isinstance(v, str)]
                            if isinstance(value, list) else [])
            else:
                yield from _walk_values(value)
    elif isinstance(node, list):
        for item in node:
            yield from _walk_values(item)
