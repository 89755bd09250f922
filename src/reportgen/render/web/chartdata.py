"""A chart's numbers as a table, for readers who cannot see the picture.

``brief/figures.py`` has already inlined the chart's data into its Vega-Lite spec
(``data.values``); the table shows the fields the chart encodes (x, y, colour ...) in the
spec's order, or every field when the encoding names none. Values are data from the brief's
folder and are escaped by the template like any text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ...model import Figure

MAX_ROWS = 500  # a table longer than this helps no one: the first rows, and a count


@dataclass(frozen=True)
class ChartTable:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    total: int  # rows in the data; more than ``rows`` when cut at MAX_ROWS


def _values(spec: Any) -> Iterator[list[dict[str, Any]]]:
    """Every inline ``values`` list in a spec, the top level first, then its layers."""
    if isinstance(spec, dict):
        data = spec.get("data")
        if isinstance(data, dict) and isinstance(data.get("values"), list):
            yield data["values"]
        for key in ("layer", "concat", "hconcat", "vconcat"):
            for part in spec.get(key) or ():
                yield from _values(part)
        if isinstance(spec.get("spec"), dict):
            yield from _values(spec["spec"])


def _fields(spec: Any) -> Iterator[str]:
    if isinstance(spec, dict):
        for channel in (spec.get("encoding") or {}).values():
            if isinstance(channel, dict) and isinstance(channel.get("field"), str):
                yield channel["field"]
        for key in ("layer", "concat", "hconcat", "vconcat"):
            for part in spec.get(key) or ():
                yield from _fields(part)


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def chart_table(figure: Figure) -> ChartTable | None:
    """The table of a chart's data, or None for a picture (no spec) or a chart without rows."""
    if figure.spec is None:
        return None
    spec = json.loads(figure.spec)
    values = [row for rows in _values(spec) for row in rows if isinstance(row, dict)]
    if not values:
        return None
    columns = tuple(dict.fromkeys(f for f in _fields(spec) if any(f in r for r in values)))
    if not columns:
        columns = tuple(dict.fromkeys(k for r in values for k in r))
    rows = tuple(tuple(_cell(r.get(c)) for c in columns) for r in values[:MAX_ROWS])
    return ChartTable(columns, rows, len(values))
