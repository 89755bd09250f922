"""Vega-Lite charts -> SVG, and SVG -> PNG, with vl-convert; themed from the brief's Theme.

vl-convert (BSD-3) bundles Vega, Vega-Lite and the resvg renderer: it works offline, needs no
browser, and turns an SVG into a PNG in milliseconds. It is imported only when a brief has a
chart or Word needs a raster version of an SVG, so other builds do not pay its start-up.

Every chart gets the brand's look through a Vega-Lite ``config`` made from the Theme (fonts,
colours, a palette, axis and grid colours) and is sized to the width it is printed at, so its
text prints at the size the config names. It has no title: the figure's caption is its title.
Rendering never reads a file or the network (``allowed_base_urls=[]``): ``figures.py`` has
already inlined local data.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import IO, Any

from ..errors import InputError, Problem
from ..fonts.stacks import chart_fonts
from ..model import Brief, Figure
from ..model.walk import map_figures
from ..source.images import MAX_PIXELS, Refused, check_svg
from ..theme import Theme
from .chartcache import cache_key, cached, fonts_fingerprint
from .chartengine import ChartError, EngineError, engine

# The printed text width (page minus the 2 cm margins of brief.css), in CSS pixels (96 per inch).
TEXT_WIDTH_MM = {"A4": 210 - 40, "Letter": 215.9 - 40}
PX_PER_MM = 96 / 25.4
RASTER_DPI = 200  # Word's PNG fallback: at least 200 dpi, and at least twice the CSS pixels
_LOCALES = {"en": "en-US", "fr": "fr-FR", "de": "de-DE", "es": "es-ES"}
_registered: set[Path] = set()


def text_width_px(paper: str) -> float:
    return TEXT_WIDTH_MM.get(paper, TEXT_WIDTH_MM["A4"]) * PX_PER_MM


def font_folders(theme: Theme | None = None) -> set[Path]:
    """The font folders charts may use: the theme's are registered with the chart engine."""
    for face in theme.font_faces if theme else ():
        _registered.add(face.path.parent.resolve())
    return _registered


def vl_convert() -> ModuleType:
    """vl-convert in this process: only for compiling a spec to read Vega-Lite's warnings
    (no drawing, so no unbounded work); charts are drawn by the bounded child engine."""
    import vl_convert as vlc

    return vlc


def _theme_fonts(theme: Theme) -> str:
    """What of the theme's font files decides a drawn chart's bytes."""
    return fonts_fingerprint(sorted({face.path.parent.resolve() for face in theme.font_faces}))


def chart_config(theme: Theme, language: str = "en") -> dict[str, Any]:
    """The Theme as a Vega-Lite config: what every chart of the brief looks like, in the
    same font stacks as the brief's text (a Chinese chart in the SC faces, not fontconfig's
    first CJK font)."""
    fonts = chart_fonts(theme, language)
    body, heading = fonts["body"], fonts["heading"]
    px = theme.base_size_pt * 4 / 3  # the body text size in CSS pixels
    grid = _mix(theme.secondary, theme.background, 0.78)
    axis = {
        "labelFont": body, "titleFont": heading, "labelFontSize": round(px * 0.85, 1),
        "titleFontSize": round(px * 0.9, 1), "titleFontWeight": theme.heading_font.weight,
        "labelColor": theme.foreground, "titleColor": theme.foreground,
        "domainColor": theme.secondary, "tickColor": theme.secondary, "gridColor": grid,
    }
    return {
        "font": body,
        "background": theme.background,
        "padding": 4,
        "view": {"stroke": None},
        "axis": axis,
        "legend": {"labelFont": body, "titleFont": heading, "labelColor": theme.foreground,
                   "titleColor": theme.foreground, "labelFontSize": round(px * 0.85, 1),
                   "titleFontSize": round(px * 0.9, 1)},
        "header": {"labelFont": heading, "titleFont": heading, "labelColor": theme.foreground},
        "text": {"font": body, "fontSize": round(px * 0.85, 1), "color": theme.foreground},
        "mark": {"color": theme.primary},
        "range": {"category": list(palette(theme))},
        "title": {"font": heading, "color": theme.heading_color},
    }


def palette(theme: Theme, size: int = 6) -> tuple[str, ...]:
    """Category colours: the primary, the brand's palette and secondary colour, then tints of
    them; a colour too close to one already chosen (teal and dark teal) is left out, so each
    category stays distinguishable."""
    base = [theme.primary, *theme.palette, theme.secondary, theme.heading_color]
    candidates = base + [_mix(c, theme.background, 0.55) for c in base]
    chosen: list[str] = []
    for colour in candidates:
        if all(_distance(colour, other) >= MIN_COLOUR_DISTANCE
               for other in (*chosen, theme.background, theme.foreground)):
            chosen.append(colour)
    return tuple(chosen[:size])


MIN_COLOUR_DISTANCE = 60  # in RGB units: teal #0b5563 and dark teal #073640 are 47 apart


def _rgb(colour: str) -> tuple[int, ...]:
    return tuple(int(colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))


def _distance(one: str, two: str) -> float:
    return float(sum((a - b) ** 2 for a, b in zip(_rgb(one), _rgb(two), strict=True)) ** 0.5)


def _mix(colour: str, other: str, amount: float) -> str:
    a, b = _rgb(colour), _rgb(other)
    return "#" + "".join(f"{round(x + (y - x) * amount):02x}" for x, y in zip(a, b, strict=True))


def sized_spec(spec: str, width_px: float) -> dict[str, Any]:
    """The spec at the printed width (unless it sets its own), without a title inside."""
    chart = json.loads(spec)
    chart.pop("title", None)
    if not {"hconcat", "vconcat", "concat", "facet", "repeat"} & set(chart):
        chart.setdefault("width", round(width_px))
        chart.setdefault("autosize", {"type": "fit-x", "contains": "padding"})
    return chart


def draw_svg(spec: str, config: str, width_px: float, locale: str | None) -> str:
    """Vega-Lite (JSON) with a config (JSON) -> SVG, uncached (``render_chart`` caches).

    Vega-Lite -> SVG. Vega reports errors in its dataflow (a bad time unit ...) only by
    logging them, and draws an empty chart: its log is read, and an ERROR line raises."""
    fonts = sorted(str(folder) for folder in font_folders())
    try:
        svg, errors = engine().svg(sized_spec(spec, width_px), json.loads(config), locale, fonts)
    except ChartError as exc:
        raise ValueError(str(exc)) from None
    if errors:
        raise ValueError(errors[0])
    return svg


@cache  # PDF and DOCX of one build draw each chart once; rebuilds find it on disk
def _render(spec: str, config: str, width_px: float, locale: str | None, fonts: str) -> str:
    # Keyed on the theme's own font files, not on every folder this process has registered,
    # so that another process (a later build, a batch worker) finds the same key.
    key = cache_key("svg", spec, config, repr(width_px), str(locale), fonts)
    return cached(key, ".svg", lambda: draw_svg(spec, config, width_px, locale).encode()
                  ).decode("utf-8")


@contextmanager
def stderr_to(file: IO[bytes]) -> Iterator[None]:
    """Send file descriptor 2 (where vl-convert's engine logs) to ``file`` for a while."""
    saved = os.dup(2)
    sys.stderr.flush()
    os.dup2(file.fileno(), 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def render_chart(figure: Figure, theme: Theme, paper: str = "A4", language: str = "en") -> str:
    """The chart as SVG text; InputError at the figure's 'chart:' if Vega-Lite rejects it."""
    assert figure.spec is not None
    font_folders(theme)
    locale = _LOCALES.get(language.split("-")[0].lower())
    try:
        return _render(figure.spec, json.dumps(chart_config(theme, language), sort_keys=True),
                       text_width_px(paper) * figure.width, locale, _theme_fonts(theme))
    except ValueError as exc:
        raise _at_figure(figure, f"the chart cannot be drawn: {_reason(exc)}",
                         "check the mark, encoding and data against "
                         "https://vega.github.io/vega-lite/docs/") from None
    except EngineError as exc:
        raise _at_figure(figure, f"the chart cannot be drawn: {exc.reason}", exc.hint) from None


def _at_figure(figure: Figure, message: str, hint: str) -> InputError:
    where = figure.where
    return InputError([Problem(
        where.file if where else "chart", message, where.line if where else None,
        where.column if where else None, where.field if where else f"figures.{figure.id}.chart",
        hint=hint)])


def _reason(exc: Exception) -> str:
    """The renderer's own message, without its 'conversion failed' preamble and JS stack."""
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    lines = [ln for ln in lines if not ln.startswith("at ") and "conversion failed" not in ln]
    return re.sub(r"^(ERROR\s+)?(\w*Error:\s*)?", "", lines[0] if lines else str(exc))


def render_figures(brief: Brief, theme: Theme) -> Brief:
    """The brief with every chart drawn as SVG in the theme's look (idempotent).

    Called once per build before any writer runs, so a chart error stops the build before a
    file is written, and the PDF worker receives the drawn charts instead of drawing them again.
    """
    def draw(figure: Figure) -> Figure:
        if figure.spec is None or figure.data:
            return figure
        svg = render_chart(figure, theme, brief.meta.paper, brief.meta.language)
        try:  # what Word's PNG of it would cost (a chart 'width: 1e7' ...), refused here
            check_svg(svg.encode(), "the chart")
        except Refused as exc:
            raise _at_figure(figure, f"the chart cannot be drawn: {exc}"
                             + (f" (expected {exc.expected})" if exc.expected else ""),
                             "leave out 'width' and 'height' (a chart is sized to the page), "
                             "or give sizes in pixels of a printed page") from None
        return replace(figure, data=svg.encode(), media_type="image/svg+xml")

    return map_figures(draw, brief)


def raster_scale_limit(svg: bytes) -> float:
    """The largest scale at which Word's PNG of the SVG stays within MAX_PIXELS: a very tall
    picture gets fewer pixels rather than gigabytes (Word 365 draws the SVG itself)."""
    width, height = check_svg(svg, "picture")
    return float((MAX_PIXELS / max(width * height, 1.0)) ** 0.5)


def svg_to_png(svg: bytes, width_px: float, printed_inches: float,
               name: str = "picture") -> bytes:
    """A PNG of an SVG for Word: twice its CSS pixels and at least RASTER_DPI when printed."""
    # vl-convert rounds the pixel size down: ask for half a pixel more than the minimum.
    scale = max(2.0, (RASTER_DPI * printed_inches + 0.5) / max(width_px, 1.0))
    scale = min(scale, raster_scale_limit(svg))
    fonts = sorted(_registered)
    key = cache_key("png", hashlib.sha256(svg).hexdigest(), repr(scale), fonts_fingerprint(fonts))

    def draw() -> bytes:
        try:
            return engine().png(svg.decode("utf-8"), scale, [str(f) for f in fonts])
        except (ChartError, EngineError) as exc:
            reason = exc.reason if isinstance(exc, EngineError) else str(exc)
            raise InputError([Problem(name, f"the picture cannot be made for Word: {reason}",
                                      hint=getattr(exc, "hint", None))]) from None

    return cached(key, ".png", draw)
