"""A brand folder (brand.yml, logo, fonts, optional templates/ and reference.docx) -> Theme.

brand.yml is the format Quarto and Posit use, so an organization keeps one brand file for all its
tools. Posit's reference implementation, ``brand_yml``, checks the file's *structure*: it knows
every section and key, rejects unknown keys, normalizes font weights and ``meta``, and resolves
logo image names. It is unfit for the rest, so reportgen does that itself:

* its errors carry no positions, and union types add noise (``logo.BrandLogo.medium.resource...``):
  we read the file with ruamel.yaml (as ``load.py`` reads briefs), strip union tags from pydantic's
  ``loc`` paths, keep the most plausible union branch, and point at file:line:column;
* it does not validate colours at all, leaves a palette reference to nothing as the literal string
  (``primary: tael`` becomes the "colour" ``tael``) and raises an uncaught, unlocated
  ``CircularReferenceError`` for ``a: b, b: a``: colours are resolved here, parsed as CSS
  (tinycss2, which WeasyPrint ships) and normalized to ``#rrggbb``;
* version 0.2.0 lags the spec Quarto validates against: it rejects ``color.link``, font ``files``
  given as plain paths, a font without ``source``, ``monospace.color`` and ``style: oblique``.
  Those are normalized before validation so that a brand.yml Quarto accepts is accepted here;
* it never looks at files: missing or escaping assets, and font files that are not fonts, are
  caught here.

Assets load only from inside the brand folder (real paths, so ``../`` and symlinks cannot escape),
and nothing is downloaded: remote logos and fonts are refused. Every problem in the folder is
reported at once as one InputError (exit code 2) before anything is rendered or written.

reportgen's own options live where brand.yml puts tool-specific settings, under ``defaults``::

    defaults:
      reportgen:
        logo_in_header: true   # also show the logo in the running header of every page
        pdf_variant: pdf/ua-1  # every PDF tagged and accessible (PDF/UA-1); pdf/a-3b ... archival
"""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from .docxref import load_reference
from .errors import InputError, Problem, did_you_mean
from .images import raster_problem
from .load import _Locator, _to_plain, field_name, read_yaml
from .theme import HOUSE, Font, FontFace, Logo, Theme

Loc = tuple[str | int, ...]

BRAND_FILES = ("brand.yml", "_brand.yml")  # ours first; Quarto's name also works
THEME_COLOURS = ("foreground", "background", "primary", "secondary", "tertiary", "success",
                 "info", "warning", "danger", "light", "dark", "link")
LOGO_SIZES = ("medium", "large", "small")  # the order we prefer them in
RASTER_TYPES = (".png", ".jpg", ".jpeg")
LOGO_TYPES = (".svg", *RASTER_TYPES)
FONT_TYPES = (".ttf", ".otf", ".woff", ".woff2")
REPORTGEN_OPTIONS = {"logo_in_header": "true or false",
                     "pdf_variant": "a PDF variant such as pdf/ua-1 or pdf/a-3b"}
TEMPLATE_TYPES = (".j2", ".html", ".jinja", ".jinja2")
SIZE_RANGE_PT = (6.0, 24.0)

_COLOUR_EXPECTED = "a colour (#rrggbb, #rgb, rgb(...), a CSS colour name) or a color.palette name"
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?|\.\d+)\s*(pt|px|rem|em|%|pc|in|cm|mm)\s*$", re.IGNORECASE)
# CSS absolute sizes; rem/em/% are relative to the browser default of 16px = 12pt, as in HTML.
_PT_PER = {"pt": 1.0, "px": 0.75, "rem": 12.0, "em": 12.0, "%": 0.12, "pc": 12.0, "in": 72.0,
           "cm": 72 / 2.54, "mm": 72 / 25.4}
_WEIGHT_NAMES = {"normal": 400, "bold": 700}

# Keys each mapping may hold, for did-you-mean hints ("*" any key, "#" any list index).
_KEYS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    ((), ("meta", "logo", "color", "typography", "defaults")),
    (("meta", "name"), ("full", "short")),
    (("logo",), ("images", "small", "medium", "large")),
    (("logo", "images", "*"), ("path", "alt")),
    (("logo", "*", "*"), ("path", "alt")),
    (("logo", "*"), ("path", "alt", "light", "dark")),
    (("color",), ("palette", *THEME_COLOURS)),
    (("typography",), ("fonts", "base", "headings", "monospace", "monospace-inline",
                       "monospace-block", "link")),
    (("typography", "fonts", "#", "files", "#"), ("path", "weight", "style")),
    (("typography", "fonts", "#"), ("family", "source", "files", "weight", "style", "display")),
    (("typography", "base"), ("family", "size", "weight", "line-height")),
    (("typography", "headings"), ("family", "weight", "style", "color", "line-height")),
    (("typography", "monospace"), ("family", "size", "weight", "color", "background-color")),
    (("typography", "monospace-inline"),
     ("family", "size", "weight", "color", "background-color")),
    (("typography", "monospace-block"),
     ("family", "size", "weight", "color", "background-color", "line-height")),
    (("typography", "link"), ("weight", "color", "background-color", "decoration")),
    (("defaults", "reportgen"), tuple(REPORTGEN_OPTIONS)),
)


# ---------------------------------------------------------------------------------------------
# Problems


@dataclass
class _Report:
    """Collects every problem of one brand folder, so the user can fix them in one pass."""

    file: str
    where: _Locator  # load.py's: ruamel positions of keys and values
    problems: list[Problem] = field(default_factory=list)
    locs: list[Loc] = field(default_factory=list)

    def add(self, loc: Loc, message: str, *, expected: str | None = None,
            hint: str | None = None, at_key: bool = False) -> None:
        line, col = (self.where.key if at_key else self.where.value)(loc)
        self.problems.append(Problem(self.file, message, line, col, field_name(loc) or None,
                                     expected, hint))
        self.locs.append(loc)

    def covers(self, loc: Loc) -> bool:
        """True when a problem was already reported at ``loc`` or around it."""
        return any(loc[: len(seen)] == seen for seen in self.locs)

    def line_text(self, loc: Loc) -> str:
        line, _ = self.where.value(loc)
        lines = self.where.text.split("\n")
        return lines[line - 1] if line and line <= len(lines) else ""

    def raise_if_any(self) -> None:
        if self.problems:  # brand.yml's in file order, then those of other files
            raise InputError(sorted(self.problems, key=lambda p: (
                p.file != self.file, p.file, p.line or 0, p.column or 0)))


def _folder_problem(path: Path, message: str, hint: str, expected: str | None = None) -> InputError:
    return InputError([Problem(str(path), message, expected=expected, hint=hint)])


def _known_keys(parent: Loc) -> tuple[str, ...]:
    for pattern, keys in _KEYS:
        if len(pattern) == len(parent) and all(
            (p == "*" and isinstance(x, str)) or (p == "#" and isinstance(x, int)) or p == x
            for p, x in zip(pattern, parent, strict=True)
        ):
            return keys
    return ()


# ---------------------------------------------------------------------------------------------
# Entry point


def load_brand(brand_dir: Path) -> Theme:
    """Read and check a brand folder; raise one InputError listing every problem found."""
    root_dir, brand_file = _locate(Path(brand_dir))
    root = Path(os.path.realpath(root_dir))
    text, doc = _read(brand_file)
    plain = _to_plain(doc)
    report = _Report(str(brand_file), _Locator(text, doc))

    drops = _malformed(report, plain)
    assets = _check_assets(report, plain, root)
    colours = _resolve_colours(report, plain)
    options = _reportgen_options(report, plain)
    data = _quarto_compat(plain, assets, drops)
    brand = _validate(report, data)
    templates = _check_templates(report, root_dir, root)
    reference = _check_reference_docx(report, root_dir, root)
    size = _base_size(report, plain)
    report.raise_if_any()
    if brand is None:  # cannot happen: a rejected file always leaves a problem in the report
        raise InputError([Problem(str(brand_file), "brand_yml rejected this file")])
    return _theme(root_dir, root, plain, brand, assets, colours, options, size, templates,
                  reference)


def _locate(brand_dir: Path) -> tuple[Path, Path]:
    """The brand folder and its brand.yml; a path to the brand.yml itself is accepted too."""
    if brand_dir.is_file() and brand_dir.name in BRAND_FILES:
        return brand_dir.parent, brand_dir
    if not brand_dir.exists():
        raise _folder_problem(brand_dir, "brand folder not found",
                              "pass the folder that holds brand.yml, e.g. "
                              "--brand brands/example-policy-institute; "
                              "'reportgen brand init DIR' creates a new one")
    if not brand_dir.is_dir():
        raise _folder_problem(brand_dir, "not a folder", "a brand is a folder holding brand.yml, "
                              "the logo and font files", expected="a brand folder")
    for name in BRAND_FILES:
        if (brand_dir / name).is_file():
            return brand_dir, brand_dir / name
    raise _folder_problem(brand_dir / BRAND_FILES[0], "brand.yml not found in the brand folder",
                          "create it with 'reportgen brand init DIR', or copy "
                          "brands/example-policy-institute/brand.yml")


def _read(path: Path) -> tuple[str, Any]:
    """brand.yml's text and ruamel's round-trip tree (positions kept).

    load.py reads and reports like for a brief; the two messages that talk about briefs are
    reworded for a brand.
    """
    try:
        text = path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        text = "x"  # let read_yaml report it, with a position
    if all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise InputError([Problem(str(path), "brand.yml is empty", 1, 1,
                                  expected="sections such as meta, logo, color and typography",
                                  hint="'reportgen brand init DIR' writes a commented example")])
    try:
        return text, read_yaml(path)
    except InputError as exc:
        raise InputError([
            replace(p, expected="'key: value' lines such as 'color:' and 'logo:'",
                    hint="brand.yml starts with sections such as 'meta:' or 'color:' at the "
                    "left margin, with no '- ' in front")
            if p.message.startswith("the top level is") else p
            for p in exc.problems
        ]) from None


# ---------------------------------------------------------------------------------------------
# Assets: logo and font files


@dataclass(frozen=True)
class _Asset:
    """A checked file the brand refers to; ``font`` facts come from the file itself."""

    path: Path  # real path, inside the brand folder
    relative: str  # as brand_yml should see it
    weight: int | tuple[int, int] | None = None
    italic: bool = False


def _asset_refs(report: _Report, plain: dict[str, Any]) -> list[tuple[Loc, str, str]]:
    """(loc, text, kind) for every file path in brand.yml; image names are checked here too."""
    refs: list[tuple[Loc, str, str]] = []
    logo = plain.get("logo")
    if isinstance(logo, str):
        refs.append((("logo",), logo, "logo"))
    elif isinstance(logo, dict):
        images = logo.get("images") if isinstance(logo.get("images"), dict) else {}
        for name, image in images.items():
            if isinstance(image, str):
                refs.append((("logo", "images", name), image, "logo"))
            elif isinstance(image, dict) and isinstance(image.get("path"), str):
                refs.append((("logo", "images", name, "path"), image["path"], "logo"))
        if isinstance(logo.get("path"), str):
            refs.append((("logo", "path"), logo["path"], "logo"))
        for size in ("small", "medium", "large"):
            value = logo.get(size)
            variants = ([((size, v), value[v]) for v in ("light", "dark") if v in value]
                        if isinstance(value, dict) and "path" not in value else [((size,), value)])
            for loc, item in variants:
                if isinstance(item, dict) and isinstance(item.get("path"), str):
                    refs.append((("logo", *loc, "path"), item["path"], "logo"))
                elif isinstance(item, str) and item not in images:
                    if Path(item).suffix or _SCHEME.match(item) or "/" in item:
                        refs.append((("logo", *loc), item, "logo"))
                    else:
                        report.add(("logo", *loc),
                                   f"'{item}' is neither an image in logo.images nor a file",
                                   expected="a name from logo.images or a path such as logo.svg",
                                   hint=did_you_mean(item, list(images)) or (
                                       "image names: " + ", ".join(images) if images else None))
    typography = plain.get("typography")
    fonts = typography.get("fonts") if isinstance(typography, dict) else None
    for i, font in enumerate(fonts if isinstance(fonts, list) else []):
        if not isinstance(font, dict) or font.get("source", "file") != "file":
            continue
        files = font.get("files")
        many = files if isinstance(files, list) else [files] if files is not None else []
        for j, item in enumerate(many):
            at: Loc = ("typography", "fonts", i, "files", j) if isinstance(files, list) else (
                "typography", "fonts", i, "files")
            if isinstance(item, str):
                refs.append((at, item, "font"))
            elif isinstance(item, dict) and isinstance(item.get("path"), str):
                refs.append(((*at, "path"), item["path"], "font"))
    return refs


def _check_assets(report: _Report, plain: dict[str, Any], root: Path) -> dict[Loc, _Asset]:
    assets = {}
    for loc, text, kind in _asset_refs(report, plain):
        asset = _check_asset(report, loc, text.strip(), kind, root)
        if asset is not None:
            assets[loc] = asset
    return assets


def _check_asset(report: _Report, loc: Loc, text: str, kind: str, root: Path) -> _Asset | None:
    what = "logo" if kind == "logo" else "font file"
    if _SCHEME.match(text) and not text.lower().startswith("file://"):
        report.add(loc, f"remote {what} '{text}' is not downloaded",
                   expected="a file inside the brand folder",
                   hint="download it into the brand folder and give its path relative to "
                   "brand.yml; builds never use the network")
        return None
    path = Path(url2pathname(unquote(urlsplit(text).path))) if _SCHEME.match(text) else Path(
        text).expanduser()
    candidate = path if path.is_absolute() else root / path
    real = Path(os.path.realpath(candidate))
    if not real.is_relative_to(root):
        if path.is_absolute():
            hint = "copy the file into the brand folder and give its path relative to brand.yml"
        elif ".." in path.parts:
            hint = "'../' leads out of the brand folder; copy the file into the brand folder"
        else:
            hint = (f"it is a symbolic link to {real}; copy the file into the brand folder "
                    "instead of linking to it")
        report.add(loc, f"'{text}' is outside the brand folder: brand assets must be inside "
                   "the brand folder", expected=f"a path relative to brand.yml, inside {root}",
                   hint=hint)
        return None
    if not real.exists():
        siblings = sorted(p.name for p in real.parent.iterdir()) if real.parent.is_dir() else []
        hint = did_you_mean(real.name, siblings) or f"paths are relative to brand.yml ({root})"
        report.add(loc, f"{what} '{text}' not found", hint=hint)
        return None
    if not real.is_file():
        report.add(loc, f"{what} '{text}' is a folder, not a file")
        return None
    suffix = real.suffix.lower()
    allowed = LOGO_TYPES if kind == "logo" else FONT_TYPES
    if suffix not in allowed:
        report.add(loc, f"'{text}' is not a supported {what} type",
                   expected=", ".join(allowed) + " file",
                   hint="PDF and Word both show PNG and JPEG; SVG reaches the PDF only"
                   if kind == "logo" else "convert it to .ttf or .otf (e.g. with fontTools)")
        return None
    relative = real.relative_to(root).as_posix()
    if kind == "logo":
        if not _looks_like_image(real):
            report.add(loc, f"'{text}' is not a {suffix[1:].upper()} image",
                       hint="export the logo again from your design tool")
            return None
        problem = raster_problem(real) if suffix in RASTER_TYPES else None
        if problem:
            report.add(loc, f"logo '{text}' {problem}",
                       hint="export the logo again from your design tool")
            return None
        return _Asset(real, relative)
    facts = _font_facts(real)
    if isinstance(facts, str):
        report.add(loc, f"'{text}' is not a font file ({facts})",
                   expected="a TrueType/OpenType font (.ttf, .otf, .woff, .woff2)",
                   hint="download the font again from its foundry; fonts come as .ttf or .otf")
        return None
    weight, italic = facts
    return _Asset(real, relative, weight, italic)


def _looks_like_image(path: Path) -> bool:
    """Magic bytes, so a renamed or truncated file fails here rather than inside a writer."""
    with path.open("rb") as fh:
        head = fh.read(4096)
    suffix = path.suffix.lower()
    if suffix == ".png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if suffix in (".jpg", ".jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    return b"<svg" in head


def _font_facts(path: Path) -> tuple[int | tuple[int, int] | None, bool] | str:
    """(weight, italic) read from the font, or why fontTools could not read it as a font."""
    from fontTools.ttLib import TTFont  # WeasyPrint's own font library; only brands pay for it

    try:
        with TTFont(str(path), lazy=True) as font:
            if "cmap" not in font or "name" not in font:
                return "it has no character map"
            weight: int | tuple[int, int] | None = None
            italic = False
            if "OS/2" in font:
                os2 = font["OS/2"]
                weight = min(900, max(100, round(os2.usWeightClass / 100) * 100))
                italic = bool(os2.fsSelection & 1)
            elif "head" in font:
                italic = bool(font["head"].macStyle & 2)
            if "fvar" in font:
                axes = [a for a in font["fvar"].axes if a.axisTag == "wght"]
                if axes:
                    weight = (round(axes[0].minValue), round(axes[0].maxValue))
            font["cmap"].getBestCmap()  # forces a real parse of the table
            return weight, italic
    except ImportError:  # a WOFF2 font needs brotli; without it we cannot look inside
        return None, False
    except Exception as exc:  # fontTools raises many types on garbage; any of them means "no"
        return str(exc).strip() or type(exc).__name__


# ---------------------------------------------------------------------------------------------
# Colours


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


_PENDING = object()


def _resolve_colours(report: _Report, plain: dict[str, Any]) -> dict[str, str]:
    """Every colour in brand.yml as #rrggbb, keyed 'primary', 'palette.teal', 'headings.color'.

    Names resolve as in brand_yml: a palette entry may name another palette entry; a theme colour
    or typography colour may name a theme colour (which wins) or a palette entry.
    """
    color = plain.get("color") if isinstance(plain.get("color"), dict) else {}
    palette_raw = color.get("palette") if isinstance(color.get("palette"), dict) else {}
    theme_raw = {k: color[k] for k in THEME_COLOURS if k in color}
    memo: dict[tuple[str, str], Any] = {}

    def entry(scope: str, name: str, trail: tuple[str, ...]) -> str | None:
        key = (scope, name)
        if memo.get(key) is _PENDING:
            start = trail.index(name) if name in trail else 0
            cycle = [*trail[start:], name]
            loc: Loc = ("color", "palette", name) if scope == "palette" else ("color", name)
            report.add(loc, "circular colour reference: " + " -> ".join(cycle),
                       hint="one of these must be an actual colour such as '#0b5563'")
            memo[key] = None
            return None
        if key not in memo:
            memo[key] = _PENDING
            raw = palette_raw[name] if scope == "palette" else theme_raw[name]
            loc = ("color", "palette", name) if scope == "palette" else ("color", name)
            result = value(raw, loc, scope == "theme" or scope == "typography",
                           (*trail, name))
            if memo.get(key) is _PENDING:
                memo[key] = result
        return memo[key]

    def value(raw: Any, loc: Loc, theme_names: bool, trail: tuple[str, ...]) -> str | None:
        if raw is None:
            quote = "#" in report.line_text(loc)
            report.add(loc, "no colour given",
                       expected=_COLOUR_EXPECTED,
                       hint="'#' starts a YAML comment: put colours in quotes, e.g. "
                       "primary: \"#0b5563\"" if quote else "give a colour or remove the line")
            return None
        if not isinstance(raw, str):
            report.add(loc, f"{raw!r} is not a colour", expected=_COLOUR_EXPECTED,
                       hint="put hex colours in quotes, e.g. \"#0b5563\"")
            return None
        text = raw.strip()
        if theme_names and text in theme_raw:
            return entry("theme", text, trail)
        if text in palette_raw:
            return entry("palette", text, trail)
        hex_colour, why = parse_colour(text)
        if hex_colour:
            return hex_colour
        if why:
            report.add(loc, f"'{text}' cannot be used: {why}",
                       expected="an opaque sRGB colour such as '#0b5563'",
                       hint="drop the alpha part (e.g. '#0b5563' for '#0b556380')"
                       if "transparent" in why else "convert it to #rrggbb")
        elif theme_names and text in THEME_COLOURS:
            report.add(loc, f"refers to color.{text}, which is not set",
                       expected=_COLOUR_EXPECTED,
                       hint=f"set color.{text}, or give a colour such as '#0b5563'")
        elif _NAME.match(text):
            names = list(palette_raw) + (list(theme_raw) if theme_names else [])
            report.add(loc, f"'{text}' is neither a colour nor a name in color.palette",
                       expected=_COLOUR_EXPECTED,
                       hint=did_you_mean(text, names) or (
                           "palette names: " + ", ".join(palette_raw) if palette_raw
                           else "define it under color.palette, or use a colour like '#0b5563'"))
        else:
            report.add(loc, f"'{text}' is not a colour", expected=_COLOUR_EXPECTED,
                       hint="hex colours have 3 or 6 digits, e.g. '#0b5563'")
        return None

    out: dict[str, str] = {}
    for name in palette_raw:
        if (hex_colour := entry("palette", name, ())) is not None:
            out[f"palette.{name}"] = hex_colour
    for name in theme_raw:
        if (hex_colour := entry("theme", name, ())) is not None:
            out[name] = hex_colour
    typography = plain.get("typography")
    for part in ("headings", "link", "monospace", "monospace-inline", "monospace-block"):
        node = typography.get(part) if isinstance(typography, dict) else None
        for attr in ("color", "background-color") if isinstance(node, dict) else ():
            if attr in node:
                resolved = value(node[attr], ("typography", part, attr), True, ())
                if resolved is not None:
                    out[f"{part}.{attr}"] = resolved
    return out


# ---------------------------------------------------------------------------------------------
# Structure, via brand_yml


_DROPPED_LOGO = "reportgen-dropped.svg"  # stands in for a reported logo; keeps image names valid


def _malformed(report: _Report, plain: dict[str, Any]) -> dict[Loc, Any]:
    """Shapes brand_yml crashes on (KeyError, TypeError) or silently drops.

    They are reported here and replaced by harmless stand-ins (``None`` = remove) before
    brand_yml sees the file, so that its checks of everything else still run.
    """
    drops: dict[Loc, Any] = {}

    def bad(loc: Loc, message: str, expected: str, replace: Loc | None = None,
            by: Any = None) -> None:
        report.add(loc, message, expected=expected)
        drops[replace or loc] = by

    logo = plain.get("logo")
    if isinstance(logo, dict):
        images = logo.get("images")
        if images is not None and not isinstance(images, dict):
            bad(("logo", "images"), f"{images!r} is not a mapping",
                "image names with their files, e.g. 'full: logo.svg'")
        for name, image in images.items() if isinstance(images, dict) else ():
            loc: Loc = ("logo", "images", name)
            if not isinstance(image, (str, dict)):
                bad(loc, f"{image!r} is not an image",
                    "a file path such as logo.svg, or 'path:' and 'alt:' lines",
                    by=_DROPPED_LOGO)
            elif isinstance(image, dict) and not isinstance(image.get("path"), str):
                bad((*loc, "path"), f"{image.get('path')!r} is not a file path",
                    "a path such as logo.svg", replace=loc, by=_DROPPED_LOGO)
        for size in ("small", "medium", "large"):
            value = logo.get(size)
            if isinstance(value, dict) and not {"path", "light", "dark"} & set(value):
                bad(("logo", size), "the logo has neither 'path' nor 'light'/'dark'",
                    "a file path, or 'path:' and 'alt:' lines, or 'light:' and 'dark:' lines",
                    by=_DROPPED_LOGO)
                continue
            variants = [((size, v), value[v]) for v in ("light", "dark") if v in value] \
                if isinstance(value, dict) and "path" not in value else [((size,), value)]
            for at, item in variants:
                if item is not None and not isinstance(item, (str, dict)):
                    bad(("logo", *at), f"{item!r} is not a logo",
                        "an image name from logo.images or a file path such as logo.svg",
                        replace=("logo", size), by=_DROPPED_LOGO)
                elif isinstance(item, dict) and not isinstance(item.get("path"), str):
                    bad(("logo", *at, "path"), f"{item.get('path')!r} is not a file path",
                        "a path such as logo.svg", replace=("logo", size), by=_DROPPED_LOGO)
    typography = plain.get("typography")
    fonts = typography.get("fonts") if isinstance(typography, dict) else None
    if fonts is not None and not isinstance(fonts, list):  # brand_yml silently drops it
        bad(("typography", "fonts"), f"{fonts!r} is not a list",
            "a list of fonts, each starting with '- family:'")
    stand_in = {"family": "reportgen-dropped", "source": "system"}  # keeps list indices
    for i, font in enumerate(fonts if isinstance(fonts, list) else ()):
        if not isinstance(font, dict):
            bad(("typography", "fonts", i), f"{font!r} is not a font",
                "'family:' and 'source:' lines after the '- '", by=stand_in)
        elif not isinstance(font.get("family"), str):
            report.add(("typography", "fonts", i), "the font has no 'family'",
                       expected="a 'family:' line naming the font", at_key=True)
            drops[("typography", "fonts", i)] = stand_in
        elif _family_problem(font["family"]):
            bad(("typography", "fonts", i, "family"), _family_problem(font["family"]) or "",
                _FAMILY_EXPECTED, replace=("typography", "fonts", i), by=stand_in)
    _malformed_families(typography, bad)
    return drops


def _malformed_families(typography: Any, bad: Callable[..., None]) -> None:
    """typography.base/headings/...: ``family`` must be one usable name."""
    for section in ("base", "headings", "monospace", "monospace-inline", "monospace-block",
                    "link"):
        value = typography.get(section) if isinstance(typography, dict) else None
        if not isinstance(value, dict) or "family" not in value:
            continue
        family, at = value["family"], ("typography", section, "family")
        if not isinstance(family, str):  # brand_yml fails on a list with a TypeError
            bad(at, f"{family!r} is not a font family name", _FAMILY_EXPECTED)
        elif _family_problem(family):
            bad(at, _family_problem(family) or "", _FAMILY_EXPECTED)


_FAMILY_EXPECTED = "one family name, such as Source Serif 4 (reportgen adds the fallbacks)"
_FAMILY_UNSAFE = re.compile(r"[\"'\\;:{}<>()\x00-\x1f\x7f-\x9f]")


def _family_problem(family: str) -> str | None:
    """Why a family name cannot go into CSS (where it is quoted) and Word, or None.

    Stripping the character instead would name a different font, silently not applied.
    """
    bad = _FAMILY_UNSAFE.search(family)
    if bad is None:
        return None
    char = bad.group()
    shown = f"'{char}'" if char.isprintable() else f"U+{ord(char):04X}"
    return f"font family {family!r} contains {shown}, which a font name cannot hold"


def _quarto_compat(plain: dict[str, Any], assets: dict[Loc, _Asset],
                   drops: dict[Loc, Any]) -> dict[str, Any]:
    """What brand_yml 0.2.0 should validate: spec forms it lacks normalized, checked parts out.

    Colour values are replaced (they are checked above; brand_yml crashes on cycles),
    asset paths become relative to the brand folder (brand_yml refuses absolute ones even
    inside it), and the spec forms listed in the module docstring are rewritten.
    """
    data = copy.deepcopy(plain)
    for loc, stand_in in drops.items():
        node = data
        for part in loc[:-1]:
            node = node[part]
        if stand_in is None:
            del node[loc[-1]]
        else:
            node[loc[-1]] = copy.deepcopy(stand_in)
    for loc, asset in assets.items():
        node = data
        for part in loc[:-1]:
            node = node[part]
        if isinstance(node, (dict, list)):
            node[loc[-1]] = asset.relative  # type: ignore[index]
    color = data.get("color")
    if isinstance(color, dict):
        for key in list(color):
            if key == "link":
                del color[key]
            elif key == "palette" and isinstance(color[key], dict):
                color[key] = {name: "#000000" for name in color[key]}
            elif key in THEME_COLOURS:
                color[key] = None
    typography = data.get("typography")
    if isinstance(typography, dict):
        fonts = typography.get("fonts")
        for font in fonts if isinstance(fonts, list) else ():
            if not isinstance(font, dict):
                continue
            font.setdefault("source", "file" if "files" in font else "system")
            files = font.get("files")
            if isinstance(files, (str, dict)):
                files = [files]
            if isinstance(files, list):
                font["files"] = [{"path": f} if isinstance(f, str) else f for f in files]
                for item in font["files"]:
                    if isinstance(item, dict) and item.get("style") == "oblique":
                        item["style"] = "italic"
        for part in ("headings", "link", "monospace", "monospace-inline", "monospace-block"):
            node = typography.get(part)
            if isinstance(node, dict):
                node.pop("color", None)
                node.pop("background-color", None)
                if node.get("style") == "oblique":
                    node["style"] = "italic"
    return data


def _validate(report: _Report, data: dict[str, Any]) -> Any:
    """brand_yml's Brand, or None with its complaints added to the report."""
    from brand_yml import Brand  # ~80 ms on top of pydantic: only brands pay for it
    from pydantic import ValidationError

    try:
        return Brand.model_validate(copy.deepcopy(data))  # its validators edit their input
    except ValidationError as exc:
        for err in _pick_branches(exc.errors(include_url=False), data):
            _schema_problem(report, err, data)
        return None
    except Exception as exc:  # brand_yml's validators crash on shapes not foreseen above
        report.add((), f"brand_yml could not read this file: {type(exc).__name__}: {exc}",
                   hint="compare it with brands/example-policy-institute/brand.yml")
        return None


def _walk(data: Any, loc: tuple[Any, ...], *, missing: bool) -> list[bool]:
    """For each part of a pydantic ``loc``: is it a real key/index of the YAML (else a tag)?"""
    node, real = data, []
    for i, part in enumerate(loc):
        in_map = isinstance(node, dict) and isinstance(part, str) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_map or in_list:
            real.append(True)
            node = node[part]
        else:  # a union tag (BrandLogo, file, FileLocationLocal), or the key that is missing
            real.append(missing and i == len(loc) - 1)
    return real


def _pick_branches(errors: list[Any], data: Any) -> list[Any]:
    """Of the errors pydantic reports for every member of a union, keep the likely member's.

    The member the user meant is the one whose errors are not about the shape (unknown or
    missing keys), that got deepest into the YAML, and that explains itself (value_error).
    """
    def real_parts(err: Any) -> list[bool]:
        return _walk(data, tuple(err["loc"]), missing=err["type"] == "missing")

    def pick(errs: list[Any], start: int) -> list[Any]:
        keep: list[Any] = []
        groups: dict[tuple[Any, ...], dict[Any, list[Any]]] = {}
        for err in errs:
            loc, real = tuple(err["loc"]), real_parts(err)
            tag = next((i for i in range(start, len(loc)) if not real[i]), None)
            if tag is None:
                keep.append(err)
            else:
                groups.setdefault(loc[:tag], {}).setdefault(loc[tag], []).append(err)
        for prefix, branches in groups.items():
            t = len(prefix)

            def score(es: list[Any], t: int = t) -> tuple[int, int, bool, int]:
                shape = sum(e["type"] in ("extra_forbidden", "missing") for e in es)
                depth = max(sum(real_parts(e)[t + 1:]) for e in es)
                return (-shape, depth, any(e["type"] == "value_error" for e in es), -len(es))

            keep += pick(max(branches.values(), key=score), t + 1)
        return keep

    return pick(errors, 0)


def _schema_problem(report: _Report, err: Any, data: Any) -> None:
    raw = tuple(err["loc"])
    kind = err["type"]
    real = _walk(data, raw, missing=kind == "missing")
    loc: Loc = tuple(p for p, r in zip(raw, real, strict=True) if r)
    if report.covers(loc):
        return  # already explained by a file or colour check
    node: Any = data
    for part in loc:
        node = node[part]
    logo = data.get("logo")
    images = logo.get("images") if isinstance(logo, dict) else None
    if loc[:1] == ("logo",) and isinstance(images, dict) and isinstance(node, str) \
            and node in images:
        return  # brand_yml copies an image into every size naming it: reported at the image
    given = err.get("input")
    shown = f"'{given}'" if isinstance(given, str) else repr(given)
    if kind == "extra_forbidden":
        known = _known_keys(loc[:-1])
        key = str(loc[-1])
        hint = did_you_mean(key, known) or (
            "allowed keys here: " + ", ".join(known) if known else None)
        report.add(loc, f"unknown key '{key}'", hint=hint, at_key=True)
    elif kind == "missing":
        report.add(loc, f"'{raw[-1]}' is missing", expected=f"a '{raw[-1]}:' entry here",
                   at_key=True)
    elif kind == "union_tag_invalid":
        tag = err.get("ctx", {}).get("tag")
        report.add((*loc, "source"), f"unknown font source '{tag}'",
                   expected="file, system, google or bunny",
                   hint="use 'file' for font files in the brand folder, 'system' for installed "
                   "fonts")
    elif kind == "model_type" and "files" in loc:
        report.add(loc, f"{shown} is not a font file",
                   expected="a path such as fonts/MyFont-Regular.ttf, or 'path:' and 'weight:' "
                   "lines")
    elif kind == "string_type" and loc[-1:] == ("size",):
        report.add(loc, f"{shown} is not a font size", expected="a size such as 11pt or 15px",
                   hint="give the unit: 11pt, not 11")
    elif kind in ("model_type", "dict_type", "model_attributes_type"):
        report.add(loc, f"{shown} is not a mapping", expected="'key: value' lines below this key")
    elif kind == "string_type":
        report.add(loc, f"{shown} is not text", expected="text",
                   hint="put the value in quotes")
    elif kind == "list_type":
        report.add(loc, f"{shown} is not a list", expected="a list (lines starting with '- ')")
    elif kind == "literal_error":
        report.add(loc, f"{shown} is not allowed here",
                   expected=str(err.get("ctx", {}).get("expected", "")) or None)
    elif kind.startswith("url"):
        report.add(loc, f"{shown} is not a web address",
                   expected="a full address such as https://example.org")
    elif kind in ("float_parsing", "float_type", "int_parsing", "int_type"):
        report.add(loc, f"{shown} is not a number", expected="a number such as 1.4")
    elif "must be a dictionary" in str(err["msg"]):
        report.add(loc, f"{shown} is not a mapping", expected="'key: value' lines below this key")
    else:
        report.add(loc, str(err["msg"]).removeprefix("Value error, "))


# ---------------------------------------------------------------------------------------------
# reportgen's own settings, templates, reference.docx


def _reportgen_options(report: _Report, plain: dict[str, Any]) -> dict[str, Any]:
    defaults = plain.get("defaults")
    options = defaults.get("reportgen") if isinstance(defaults, dict) else None
    if options is None:
        return {}
    loc: Loc = ("defaults", "reportgen")
    if not isinstance(options, dict):
        report.add(loc, "reportgen settings must be a mapping",
                   hint="e.g.  reportgen: {logo_in_header: true}")
        return {}
    checked = dict(options)
    for key, value in options.items():
        if key not in REPORTGEN_OPTIONS:
            report.add((*loc, key), f"unknown reportgen setting '{key}'",
                       hint=did_you_mean(key, tuple(REPORTGEN_OPTIONS))
                       or "known settings: " + ", ".join(REPORTGEN_OPTIONS), at_key=True)
        elif key == "pdf_variant":
            checked[key] = _pdf_variant(report, (*loc, key), value)
        elif not isinstance(value, bool):
            report.add((*loc, key), f"{value!r} is not true or false",
                       expected=REPORTGEN_OPTIONS[key])
    return checked


def _pdf_variant(report: _Report, loc: Loc, value: Any) -> str | None:
    """``pdf_variant: pdf/ua-1`` -> 'pdf/ua-1'; ``none`` (or no value) -> None."""
    from .writers.pdf import pdf_variant, pdf_variants_expected  # no WeasyPrint import

    if value is None:
        return None
    try:
        if not isinstance(value, str):
            raise ValueError("")
        return pdf_variant(value)
    except ValueError as exc:
        report.add(loc, f"unknown PDF variant {value!r}", expected=pdf_variants_expected(),
                   hint=str(exc) or "pdf/ua-1 makes an accessible (tagged) PDF, "
                   "pdf/a-3b an archival one")
        return None


def _inside(report: _Report, path: Path, root: Path, what: str,
            where: str = "brand assets must be inside the brand folder") -> bool:
    real = Path(os.path.realpath(path))
    if real.is_relative_to(root):
        return True
    report.problems.append(Problem(
        str(path), f"{what} is a symbolic link to {real}: {where}",
        hint="copy it into the brand folder instead of linking to it"))
    return False


def _check_templates(report: _Report, folder: Path, root: Path) -> Path | None:
    """The brand's templates/ folder, after parsing each override (Jinja syntax errors, with
    template name and line, stop the build before anything is rendered)."""
    templates = folder / "templates"
    if not templates.is_dir() or not _inside(report, templates, root, "templates/"):
        return None
    import jinja2

    env = jinja2.Environment()
    real_templates = Path(os.path.realpath(templates))
    for path in sorted(templates.rglob("*")):
        # Every entry, not only templates: Jinja follows links, so a link named 'pw' or
        # 'x.css' would let {% include %} or stylesheet() copy any file into the PDF.
        if not _inside(report, path, real_templates, path.relative_to(templates).as_posix(),
                       "templates must be inside the brand's templates/ folder"):
            continue
        if path.suffix not in TEMPLATE_TYPES or not path.is_file():
            continue
        try:
            env.parse(path.read_text("utf-8"), path.name, str(path))
        except UnicodeDecodeError:
            report.problems.append(Problem(str(path), "template is not valid UTF-8",
                                           hint="save the file as UTF-8 in your editor"))
        except jinja2.TemplateSyntaxError as exc:
            report.problems.append(Problem(
                str(path), f"template syntax error: {exc.message}", exc.lineno,
                hint="check the {% ... %} and {{ ... }} tags on this line; delete the file to "
                "use the default template"))
    return root / "templates"  # real paths throughout, as the PDF's URL fetcher compares them


def _check_reference_docx(report: _Report, folder: Path, root: Path) -> Path | None:
    reference = folder / "reference.docx"
    if not reference.exists() or not _inside(report, reference, root, "reference.docx"):
        return None
    checked = load_reference(reference)  # bounds, DTDs and structure: see docxref.py
    if checked.problems:
        report.problems.extend(checked.problems)
        return None
    return root / "reference.docx"


def _base_size(report: _Report, plain: dict[str, Any]) -> float | None:
    """typography.base.size in points (brand_yml only checks that it is text)."""
    typography = plain.get("typography")
    base = typography.get("base") if isinstance(typography, dict) else None
    given = base.get("size") if isinstance(base, dict) else None
    if not isinstance(given, str):
        return None  # absent, or not text: brand_yml reports that
    loc: Loc = ("typography", "base", "size")
    match = _SIZE.match(given)
    if not match:
        report.add(loc, f"'{given}' is not a font size",
                   expected="a size such as 11pt, 15px or 1rem")
        return None
    size = round(float(match[1]) * _PT_PER[match[2].lower()], 2)
    low, high = SIZE_RANGE_PT
    if not low <= size <= high:
        report.add(loc, f"'{given}' is {size:g}pt, too {'small' if size < low else 'large'} "
                   "for body text", expected=f"between {low:g}pt and {high:g}pt",
                   hint="1rem = 16px = 12pt")
        return None
    return size


# ---------------------------------------------------------------------------------------------
# brand_yml's Brand -> Theme


def _weight(value: Any, default: int) -> int:
    if isinstance(value, int):
        return value
    return _WEIGHT_NAMES.get(str(value), default)


def _logo_candidates(brand: Any) -> tuple[list[Any], list[Any]]:
    """The sized logos in the order we would use them (medium, large, small; light before dark),
    and the other images, which may hold a raster version for Word."""
    logo = brand.logo
    if logo is None:
        return [], []
    if hasattr(logo, "path"):  # `logo: file.png`, a single resource
        return [logo], []
    found = []
    for size in LOGO_SIZES:
        resource = getattr(logo, size)
        if resource is None:
            continue
        if hasattr(resource, "path"):
            found.append(resource)
        else:
            found += [v for v in (resource.light, resource.dark) if v is not None]
    return found, list((logo.images or {}).values())


def _theme(folder: Path, root: Path, plain: dict[str, Any], brand: Any,
           assets: dict[Loc, _Asset], colours: dict[str, str], options: dict[str, Any],
           size: float | None, templates: Path | None, reference: Path | None) -> Theme:
    by_relative = {a.relative: a for a in assets.values()}

    # Colours: accents from the brand; the derived ones keep text readable.
    primary = colours.get("primary", HOUSE.primary)
    background = colours.get("background", HOUSE.background)
    foreground = colours.get("foreground", HOUSE.foreground)
    for candidate in (background, "#ffffff", foreground, "#000000"):
        if contrast(primary, candidate) >= 4.5:
            header_fg = candidate
            break
    else:
        header_fg = max((background, foreground), key=lambda c: contrast(primary, c))

    # Names.
    meta = brand.meta
    name = meta.name if meta else None
    full = name.full if name else None
    short = name.short if name else None
    meta_link = plain["meta"].get("link") if isinstance(plain.get("meta"), dict) else None
    url = meta_link if isinstance(meta_link, str) else (
        meta_link.get("home") if isinstance(meta_link, dict) else None)

    # Fonts: every file of a `source: file` family, with the weight and style it supplies.
    faces: list[FontFace] = []
    files_of: dict[str, list[Path]] = {}
    typography = brand.typography
    for font in typography.fonts if typography else []:
        if font.source != "file":
            continue
        for item in font.files:
            asset = by_relative.get(Path(str(item.path.root)).as_posix())
            if asset is None:
                continue
            declared = item.weight.root
            if declared == "auto":
                weight: int | tuple[int, int] = asset.weight or 400
            elif isinstance(declared, tuple):
                weight = (_weight(declared[0], 100), _weight(declared[1], 900))
            else:
                weight = _weight(declared, 400)
            explicit_style = "style" in item.model_fields_set
            style = item.style if explicit_style else ("italic" if asset.italic else "normal")
            faces.append(FontFace(font.family, asset.path, weight, style))
            files_of.setdefault(font.family, []).append(asset.path)

    def font(family: str | None, weight: Any, house: Font) -> Font:
        family = family or house.family
        return Font(family, tuple(files_of.get(family, ())), _weight(weight, house.weight))

    base = typography.base if typography else None
    headings = typography.headings if typography else None
    mono = typography.monospace if typography else None
    base_family = base.family if base else None
    body_font = font(base_family, base.weight if base else None, HOUSE.body_font)
    heading_font = font((headings.family if headings else None) or base_family,
                        headings.weight if headings else None, HOUSE.heading_font)
    mono_font = font(mono.family if mono else None, mono.weight if mono else None,
                     HOUSE.mono_font)

    # Logo: the medium one if there is one; Word gets a raster version when the logo is SVG.
    alt_default = full or short or "Logo"

    def logos(resources: list[Any]) -> list[Logo]:
        found = []
        for resource in resources:
            asset = by_relative.get(Path(str(resource.path.root)).as_posix())
            if asset is not None:
                found.append(Logo(asset.path, resource.alt or alt_default))
        return found

    sized, images = (logos(x) for x in _logo_candidates(brand))
    logo = sized[0] if sized else None
    raster = next((x for x in sized + images if x.path.suffix.lower() in RASTER_TYPES), None)
    if logo is not None and raster is None:
        for suffix in RASTER_TYPES:
            sibling = logo.path.with_suffix(suffix)
            if sibling.is_file() and Path(os.path.realpath(sibling)).is_relative_to(root):
                raster = Logo(sibling, logo.alt)
                break
    if logo is not None and logo.path.suffix.lower() in RASTER_TYPES:
        raster = logo

    return Theme(
        name=folder.resolve().name,
        primary=primary,
        secondary=colours.get("secondary", HOUSE.secondary),
        foreground=foreground,
        background=background,
        link=colours.get("link.color") or colours.get("link") or primary,
        heading_color=colours.get("headings.color", primary),
        table_header_bg=primary,
        table_header_fg=header_fg,
        table_stripe=mix(primary, "#ffffff", 0.05),
        light=mix(primary, "#ffffff", 0.10),
        body_font=body_font,
        heading_font=heading_font,
        mono_font=mono_font,
        base_size_pt=size if size is not None else HOUSE.base_size_pt,
        line_height=base.line_height if base else None,
        font_faces=tuple(faces),
        logo=logo,
        logo_raster=raster,
        logo_in_header=bool(options.get("logo_in_header", False)),
        pdf_variant=options.get("pdf_variant"),
        organization=full or short,
        organization_short=short,
        organization_url=url,
        template_dirs=((templates,) if templates else ()) + HOUSE.template_dirs,
        asset_dirs=(root,),
        reference_docx=reference,
    )
