"""Vega-Lite's own warnings about a chart (an unknown aggregate such as 'medain', a field it
cannot encode), at the figure's position.

Vega-Lite still draws such a chart, differently from what its author meant (the 'medain' bar
silently becomes a plain field), so its complaint must reach the user instead of vanishing.
They come from compiling the spec only (no drawing): vl-convert prints them to file
descriptor 2 when asked, and that output is read here.
"""

from __future__ import annotations

import json
import tempfile
from typing import TYPE_CHECKING

from ..errors import Problem
from .charts import stderr_to, vl_convert

if TYPE_CHECKING:
    from ..brief.load import Loaded
    from ..model.document import Figure


def spec_warnings(spec: str) -> list[str]:
    """Vega-Lite's warnings for one spec, in its words (without the 'WARN' tag)."""
    vlc = vl_convert()
    with tempfile.TemporaryFile() as log:
        with stderr_to(log):
            try:
                vlc.vegalite_to_vega(json.loads(spec), show_warnings=True)
            except ValueError:
                return []  # an error, which drawing the chart reports with its position
        log.seek(0)
        lines = log.read().decode("utf-8", "replace").splitlines()
    return list(dict.fromkeys(line.removeprefix("WARN").strip() for line in lines
                              if line.startswith("WARN")))


def figure_warnings(figure: Figure) -> list[Problem]:
    if figure.spec is None:
        return []
    where = figure.where
    return [Problem(where.file if where else "chart", f"Vega-Lite: {message}",
                    where.line if where else None, where.column if where else None,
                    where.field if where else f"figures.{figure.id}.chart",
                    hint="the chart is drawn, but not as written: check the spec against "
                    "https://vega.github.io/vega-lite/docs/", severity="warning")
            for message in spec_warnings(figure.spec)]


def chart_warnings(loaded: Loaded) -> list[Problem]:
    """Every chart's Vega-Lite warnings (vl-convert is imported only for briefs with charts)."""
    return [p for figure in loaded.brief.figures for p in figure_warnings(figure)]
