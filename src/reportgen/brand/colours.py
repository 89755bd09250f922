"""brand.yml's ``color`` section (and typography colours): resolved to ``#rrggbb`` here.

brand_yml does not validate colours at all, leaves a palette reference to nothing as the literal
string (``primary: tael`` becomes the "colour" ``tael``) and raises an uncaught, unlocated
``CircularReferenceError`` for ``a: b, b: a``. Names resolve as in brand_yml: a palette entry may
name another palette entry; a theme or typography colour may name a theme colour (which wins) or
a palette entry. Values are parsed as CSS by tinycss2, which WeasyPrint ships.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import FieldPath
from ..source.suggest import did_you_mean
from .report import Report

THEME_COLOURS = ("foreground", "background", "primary", "secondary", "tertiary", "success",
                 "info", "warning", "danger", "light", "dark", "link")
TYPOGRAPHY_COLOURED = ("headings", "link", "monospace", "monospace-inline", "monospace-block")
COLOUR_EXPECTED = "a colour (#rrggbb, #rgb, rgb(...), a CSS colour name) or a color.palette name"
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_PENDING = object()


def parse_colour(text: str) -> tuple[str | None, str | None]:
    """A CSS colour as ('#rrggbb', None), or (None, why) when it is translucent or not a colour."""
    import tinycss2.color4  # WeasyPrint's CSS parser: exactly the colours the PDF accepts

    colour = tinycss2.color4.parse_color(text)
    if colour is None or isinstance(colour, str):  # None, or 'currentcolor'
        return None, None
    if colour.alpha is not None and colour.alpha < 1:
        return None, "it is (partly) transparent; print and Word need an opaque colour"
    if colour.space not in ("srgb", "hsl", "hwb"):  # lab(), oklch(), color(display-p3 ...)
        return None, "only sRGB colours can be used (Word knows no other colour space)"
    channels = [min(255, max(0, round(c * 255))) for c in colour.to("srgb").coordinates]
    return "#{:02x}{:02x}{:02x}".format(*channels), None


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    return tuple(int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


def mix(colour: str, other: str, amount: float) -> str:
    """``amount`` of ``colour`` over ``other`` (a tint when ``other`` is white)."""
    a, b = _rgb(colour), _rgb(other)
    return "#" + "".join(f"{round(255 * (x * amount + y * (1 - amount))):02x}"
                         for x, y in zip(a, b, strict=True))


def contrast(one: str, two: str) -> float:
    """WCAG 2 contrast ratio (1 to 21): 4.5 is the minimum for body-size text."""
    def luminance(hex_colour: str) -> float:
        lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
               for c in _rgb(hex_colour)]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((luminance(one), luminance(two)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


class _Colours:
    """Resolves names to colours once each, reporting cycles and names of nothing."""

    def __init__(self, report: Report, color: dict[str, Any]) -> None:
        self.report = report
        palette = color.get("palette")
        self.palette: dict[str, Any] = palette if isinstance(palette, dict) else {}
        self.theme = {k: color[k] for k in THEME_COLOURS if k in color}
        self.memo: dict[tuple[str, str], Any] = {}

    def entry(self, scope: str, name: str, trail: tuple[str, ...]) -> str | None:
        key = (scope, name)
        path: FieldPath = ("color", "palette", name) if scope == "palette" else ("color", name)
        if self.memo.get(key) is _PENDING:
            start = trail.index(name) if name in trail else 0
            cycle = [*trail[start:], name]
            self.report.add(path, "circular colour reference: " + " -> ".join(cycle),
                            hint="one of these must be an actual colour such as '#0b5563'")
            self.memo[key] = None
            return None
        if key not in self.memo:
            self.memo[key] = _PENDING
            raw = self.palette[name] if scope == "palette" else self.theme[name]
            result = self.value(raw, path, scope == "theme", (*trail, name))
            if self.memo.get(key) is _PENDING:
                self.memo[key] = result
        return self.memo[key]

    def value(self, raw: Any, path: FieldPath, theme_names: bool,
              trail: tuple[str, ...]) -> str | None:
        if raw is None:
            quote = "#" in self.report.doc.line_text(path)
            self.report.add(path, "no colour given", expected=COLOUR_EXPECTED,
                            hint="'#' starts a YAML comment: put colours in quotes, e.g. "
                            "primary: \"#0b5563\"" if quote else "give a colour or remove the line")
            return None
        if not isinstance(raw, str):
            self.report.add(path, f"{raw!r} is not a colour", expected=COLOUR_EXPECTED,
                            hint="put hex colours in quotes, e.g. \"#0b5563\"")
            return None
        text = raw.strip()
        if theme_names and text in self.theme:
            return self.entry("theme", text, trail)
        if text in self.palette:
            return self.entry("palette", text, trail)
        hex_colour, why = parse_colour(text)
        if hex_colour is None:
            self.not_a_colour(text, why, path, theme_names)
        return hex_colour

    def not_a_colour(self, text: str, why: str | None, path: FieldPath,
                     theme_names: bool) -> None:
        if why:
            self.report.add(path, f"'{text}' cannot be used: {why}",
                            expected="an opaque sRGB colour such as '#0b5563'",
                            hint="drop the alpha part (e.g. '#0b5563' for '#0b556380')"
                            if "transparent" in why else "convert it to #rrggbb")
        elif theme_names and text in THEME_COLOURS:
            self.report.add(path, f"refers to color.{text}, which is not set",
                            expected=COLOUR_EXPECTED,
                            hint=f"set color.{text}, or give a colour such as '#0b5563'")
        elif _NAME.match(text):
            names = list(self.palette) + (list(self.theme) if theme_names else [])
            self.report.add(path, f"'{text}' is neither a colour nor a name in color.palette",
                            expected=COLOUR_EXPECTED,
                            hint=did_you_mean(text, names) or (
                                "palette names: " + ", ".join(self.palette) if self.palette
                                else "define it under color.palette, or use a colour like "
                                "'#0b5563'"))
        else:
            self.report.add(path, f"'{text}' is not a colour", expected=COLOUR_EXPECTED,
                            hint="hex colours have 3 or 6 digits, e.g. '#0b5563'")


def resolve_colours(report: Report, data: dict[str, Any]) -> dict[str, str]:
    """Every colour in brand.yml as #rrggbb, keyed 'primary', 'palette.teal', 'headings.color'."""
    color = data.get("color") if isinstance(data.get("color"), dict) else {}
    colours = _Colours(report, color)
    out: dict[str, str] = {}
    for name in colours.palette:
        if (hex_colour := colours.entry("palette", name, ())) is not None:
            out[f"palette.{name}"] = hex_colour
    for name in colours.theme:
        if (hex_colour := colours.entry("theme", name, ())) is not None:
            out[name] = hex_colour
    typography = data.get("typography")
    for part in TYPOGRAPHY_COLOURED:
        node = typography.get(part) if isinstance(typography, dict) else None
        for attr in ("color", "background-color") if isinstance(node, dict) else ():
            if attr in node:
                resolved = colours.value(node[attr], ("typography", part, attr), True, ())
                if resolved is not None:
                    out[f"{part}.{attr}"] = resolved
    return out
