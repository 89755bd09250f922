"""brand.yml's ``logo`` section and font ``files``: every file the brand names, checked.

brand_yml never looks at files: missing or escaping assets, and font files that are not fonts,
are caught here. Assets load only from inside the brand folder (real paths, so ``../`` and
symlinks cannot escape), and nothing is downloaded: remote logos and fonts are refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from ..errors import FieldPath, InputError
from ..files import confined, real
from ..source.images import Refused, check_raster, check_svg
from ..source.limits import read_limited
from ..source.suggest import did_you_mean
from .report import Report

LOGO_SIZES = ("medium", "large", "small")  # the order we prefer them in
RASTER_TYPES = (".png", ".jpg", ".jpeg")
MAX_LOGO_BYTES = 20 * 1024 * 1024
LOGO_TYPES = (".svg", *RASTER_TYPES)
FONT_TYPES = (".ttf", ".otf", ".woff", ".woff2")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")

Ref = tuple[FieldPath, str, str]  # where in brand.yml, the path as written, 'logo' or 'font'


@dataclass(frozen=True)
class Asset:
    """A checked file the brand refers to; ``font`` facts come from the file itself."""

    path: Path  # real path, inside the brand folder
    relative: str  # as brand_yml should see it
    weight: int | tuple[int, int] | None = None
    italic: bool = False


def logo_variants(size: str, value: Any) -> list[tuple[tuple[str, ...], Any]]:
    """A logo size's entries: itself, or its 'light' and 'dark' variants."""
    if isinstance(value, dict) and "path" not in value:
        return [((size, v), value[v]) for v in ("light", "dark") if v in value]
    return [((size,), value)]


def _logo_refs(report: Report, logo: Any) -> list[Ref]:
    if isinstance(logo, str):
        return [(("logo",), logo, "logo")]
    if not isinstance(logo, dict):
        return []
    refs: list[Ref] = []
    images = logo.get("images") if isinstance(logo.get("images"), dict) else {}
    for name, image in images.items():
        if isinstance(image, str):
            refs.append((("logo", "images", name), image, "logo"))
        elif isinstance(image, dict) and isinstance(image.get("path"), str):
            refs.append((("logo", "images", name, "path"), image["path"], "logo"))
    if isinstance(logo.get("path"), str):
        refs.append((("logo", "path"), logo["path"], "logo"))
    for size in ("small", "medium", "large"):
        for at, item in logo_variants(size, logo.get(size)):
            if isinstance(item, dict) and isinstance(item.get("path"), str):
                refs.append((("logo", *at, "path"), item["path"], "logo"))
            elif isinstance(item, str) and item not in images:
                if Path(item).suffix or _SCHEME.match(item) or "/" in item:
                    refs.append((("logo", *at), item, "logo"))
                else:
                    report.add(("logo", *at),
                               f"'{item}' is neither an image in logo.images nor a file",
                               expected="a name from logo.images or a path such as logo.svg",
                               hint=did_you_mean(item, list(images)) or (
                                   "image names: " + ", ".join(images) if images else None))
    return refs


def _font_refs(typography: Any) -> list[Ref]:
    fonts = typography.get("fonts") if isinstance(typography, dict) else None
    refs: list[Ref] = []
    for i, font in enumerate(fonts if isinstance(fonts, list) else []):
        if not isinstance(font, dict) or font.get("source", "file") != "file":
            continue
        files = font.get("files")
        many = files if isinstance(files, list) else [files] if files is not None else []
        for j, item in enumerate(many):
            at: FieldPath = ("typography", "fonts", i, "files", j) if isinstance(files, list) \
                else ("typography", "fonts", i, "files")
            if isinstance(item, str):
                refs.append((at, item, "font"))
            elif isinstance(item, dict) and isinstance(item.get("path"), str):
                refs.append(((*at, "path"), item["path"], "font"))
    return refs


def check_assets(report: Report, data: dict[str, Any], root: Path) -> dict[FieldPath, Asset]:
    """Every logo and font file of brand.yml, checked; image names are checked too."""
    assets = {}
    refs = _logo_refs(report, data.get("logo")) + _font_refs(data.get("typography"))
    for path, text, kind in refs:
        asset = _check_asset(report, path, text.strip(), kind, root)
        if asset is not None:
            assets[path] = asset
    return assets


def _local(report: Report, at: FieldPath, text: str, what: str, root: Path) -> Path | None:
    """The real path of a file named in brand.yml, if it is inside the brand folder."""
    if _SCHEME.match(text) and not text.lower().startswith("file://"):
        report.add(at, f"remote {what} '{text}' is not downloaded",
                   expected="a file inside the brand folder",
                   hint="download it into the brand folder and give its path relative to "
                   "brand.yml; builds never use the network")
        return None
    path = Path(url2pathname(unquote(urlsplit(text).path))) if _SCHEME.match(text) else Path(
        text).expanduser()
    candidate = path if path.is_absolute() else root / path
    inside = confined(candidate, root)
    if inside is None:
        if path.is_absolute():
            hint = "copy the file into the brand folder and give its path relative to brand.yml"
        elif ".." in path.parts:
            hint = "'../' leads out of the brand folder; copy the file into the brand folder"
        else:
            hint = (f"it is a symbolic link to {real(candidate)}; copy the file into the brand "
                    "folder instead of linking to it")
        report.add(at, f"'{text}' is outside the brand folder: brand assets must be inside "
                   "the brand folder", expected=f"a path relative to brand.yml, inside {root}",
                   hint=hint)
    return inside


def _check_asset(report: Report, at: FieldPath, text: str, kind: str,
                 root: Path) -> Asset | None:
    what = "logo" if kind == "logo" else "font file"
    found = _local(report, at, text, what, root)
    if found is None:
        return None
    if not found.exists():
        siblings = sorted(p.name for p in found.parent.iterdir()) if found.parent.is_dir() else []
        hint = did_you_mean(found.name, siblings) or f"paths are relative to brand.yml ({root})"
        report.add(at, f"{what} '{text}' not found", hint=hint)
        return None
    if not found.is_file():
        report.add(at, f"{what} '{text}' is a folder, not a file")
        return None
    suffix = found.suffix.lower()
    allowed = LOGO_TYPES if kind == "logo" else FONT_TYPES
    if suffix not in allowed:
        report.add(at, f"'{text}' is not a supported {what} type",
                   expected=", ".join(allowed) + " file",
                   hint="use SVG, PNG or JPEG; an SVG logo is rasterized for Word"
                   if kind == "logo" else "convert it to .ttf or .otf (e.g. with fontTools)")
        return None
    relative = found.relative_to(root).as_posix()
    if kind == "logo":
        return Asset(found, relative) if _sound_logo(report, at, text, found, suffix) else None
    facts = font_facts(found)
    if isinstance(facts, str):
        report.add(at, f"'{text}' is not a font file ({facts})",
                   expected="a TrueType/OpenType font (.ttf, .otf, .woff, .woff2)",
                   hint="download the font again from its foundry; fonts come as .ttf or .otf")
        return None
    weight, italic = facts
    return Asset(found, relative, weight, italic)


def _sound_logo(report: Report, at: FieldPath, text: str, found: Path, suffix: str) -> bool:
    """The logo file is the image it claims to be, and harmless (source/images.py): an SVG
    without external references, a PNG or JPEG that verifies and is not a decompression bomb."""
    if not _looks_like_image(found):
        report.add(at, f"'{text}' is not a {suffix[1:].upper()} image",
                   hint="export the logo again from your design tool")
        return False
    try:
        if suffix == ".svg":  # Word rasterizes it: it must be as harmless as a figure's SVG
            check_svg(found.read_bytes(), text)
        elif suffix in RASTER_TYPES:
            check_raster(read_limited(found, MAX_LOGO_BYTES, "logo"),
                         "image/png" if suffix == ".png" else "image/jpeg", text)
    except Refused as exc:
        report.add(at, str(exc), expected=exc.expected, hint=exc.hint)
        return False
    except InputError as exc:  # larger than any logo
        report.add(at, exc.problems[0].message, hint=exc.problems[0].hint)
        return False
    return True


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


def font_facts(path: Path) -> tuple[int | tuple[int, int] | None, bool] | str:
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
