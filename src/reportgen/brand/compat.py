"""What brand_yml 0.2.0 cannot take, fixed before it validates the file.

* Shapes it crashes on (KeyError, TypeError) or silently drops are reported and replaced by
  harmless stand-ins (``malformed``), so that its checks of everything else still run.
* It lags the spec Quarto validates against: it rejects ``color.link``, font ``files`` given as
  plain paths, a font without ``source``, ``monospace.color`` and ``style: oblique``. Those are
  normalized (``for_brand_yml``) so that a brand.yml Quarto accepts is accepted here.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from ..errors import FieldPath
from .assets import Asset, logo_variants
from .colours import THEME_COLOURS, TYPOGRAPHY_COLOURED
from .report import Report

DROPPED_LOGO = "reportgen-dropped.svg"  # stands in for a reported logo; keeps image names valid
_DROPPED_FONT = {"family": "reportgen-dropped", "source": "system"}  # keeps list indices

Drops = dict[FieldPath, Any]  # field -> its stand-in (None: remove it)


class _Malformed:
    def __init__(self, report: Report) -> None:
        self.report = report
        self.drops: Drops = {}

    def bad(self, at: FieldPath, message: str, expected: str, replace: FieldPath | None = None,
            by: Any = None) -> None:
        self.report.add(at, message, expected=expected)
        self.drops[replace or at] = by

    def logo(self, logo: dict[str, Any]) -> None:
        images = logo.get("images")
        if images is not None and not isinstance(images, dict):
            self.bad(("logo", "images"), f"{images!r} is not a mapping",
                     "image names with their files, e.g. 'full: logo.svg'")
        for name, image in images.items() if isinstance(images, dict) else ():
            at: FieldPath = ("logo", "images", name)
            if not isinstance(image, (str, dict)):
                self.bad(at, f"{image!r} is not an image",
                         "a file path such as logo.svg, or 'path:' and 'alt:' lines",
                         by=DROPPED_LOGO)
            elif isinstance(image, dict) and not isinstance(image.get("path"), str):
                self.bad((*at, "path"), f"{image.get('path')!r} is not a file path",
                         "a path such as logo.svg", replace=at, by=DROPPED_LOGO)
        for size in ("small", "medium", "large"):
            self.logo_size(size, logo.get(size))

    def logo_size(self, size: str, value: Any) -> None:
        if isinstance(value, dict) and not {"path", "light", "dark"} & set(value):
            self.bad(("logo", size), "the logo has neither 'path' nor 'light'/'dark'",
                     "a file path, or 'path:' and 'alt:' lines, or 'light:' and 'dark:' lines",
                     by=DROPPED_LOGO)
            return
        for at, item in logo_variants(size, value):
            if item is not None and not isinstance(item, (str, dict)):
                self.bad(("logo", *at), f"{item!r} is not a logo",
                         "an image name from logo.images or a file path such as logo.svg",
                         replace=("logo", size), by=DROPPED_LOGO)
            elif isinstance(item, dict) and not isinstance(item.get("path"), str):
                self.bad(("logo", *at, "path"), f"{item.get('path')!r} is not a file path",
                         "a path such as logo.svg", replace=("logo", size), by=DROPPED_LOGO)

    def fonts(self, fonts: Any) -> None:
        if fonts is not None and not isinstance(fonts, list):  # brand_yml silently drops it
            self.bad(("typography", "fonts"), f"{fonts!r} is not a list",
                     "a list of fonts, each starting with '- family:'")
        for i, font in enumerate(fonts if isinstance(fonts, list) else ()):
            if not isinstance(font, dict):
                self.bad(("typography", "fonts", i), f"{font!r} is not a font",
                         "'family:' and 'source:' lines after the '- '", by=_DROPPED_FONT)
            elif not isinstance(font.get("family"), str):
                self.report.add(("typography", "fonts", i), "the font has no 'family'",
                                expected="a 'family:' line naming the font", at_key=True)
                self.drops[("typography", "fonts", i)] = _DROPPED_FONT
            elif family_problem(font["family"]):
                self.bad(("typography", "fonts", i, "family"),
                         family_problem(font["family"]) or "", FAMILY_EXPECTED,
                         replace=("typography", "fonts", i), by=_DROPPED_FONT)

    def families(self, typography: dict[str, Any]) -> None:
        """typography.base/headings/...: ``family`` must be one usable name."""
        for section in ("base", "headings", "monospace", "monospace-inline", "monospace-block",
                        "link"):
            value = typography.get(section)
            if not isinstance(value, dict) or "family" not in value:
                continue
            family, at = value["family"], ("typography", section, "family")
            if not isinstance(family, str):  # brand_yml fails on a list with a TypeError
                self.bad(at, f"{family!r} is not a font family name", FAMILY_EXPECTED)
            elif family_problem(family):
                self.bad(at, family_problem(family) or "", FAMILY_EXPECTED)


FAMILY_EXPECTED = "one family name, such as Source Serif 4 (reportgen adds the fallbacks)"
_FAMILY_UNSAFE = re.compile(r"[\"'\\;:{}<>()\x00-\x1f\x7f-\x9f]")


def family_problem(family: str) -> str | None:
    """Why a family name cannot go into CSS (where it is quoted) and Word, or None.

    Stripping the character instead would name a different font, silently not applied.
    """
    bad = _FAMILY_UNSAFE.search(family)
    if bad is None:
        return None
    char = bad.group()
    shown = f"'{char}'" if char.isprintable() else f"U+{ord(char):04X}"
    return f"font family {family!r} contains {shown}, which a font name cannot hold"


def malformed(report: Report, data: dict[str, Any]) -> Drops:
    """Shapes brand_yml crashes on or drops, reported, with the stand-ins that replace them."""
    check = _Malformed(report)
    if isinstance(data.get("logo"), dict):
        check.logo(data["logo"])
    typography = data.get("typography")
    check.fonts(typography.get("fonts") if isinstance(typography, dict) else None)
    if isinstance(typography, dict):
        check.families(typography)
    return check.drops


def _set(data: dict[str, Any], at: FieldPath, value: Any, *, remove: bool = False) -> None:
    node: Any = data
    for part in at[:-1]:
        node = node[part]
    if remove:
        del node[at[-1]]
    elif isinstance(node, (dict, list)):
        node[at[-1]] = value


def _normalize_fonts(typography: dict[str, Any]) -> None:
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
    for part in TYPOGRAPHY_COLOURED:
        node = typography.get(part)
        if isinstance(node, dict):
            node.pop("color", None)
            node.pop("background-color", None)
            if node.get("style") == "oblique":
                node["style"] = "italic"


def for_brand_yml(data: dict[str, Any], assets: dict[FieldPath, Asset],
                  drops: Drops) -> dict[str, Any]:
    """What brand_yml should validate: spec forms it lacks normalized, checked parts out.

    Colour values are replaced (they are checked in ``colours``; brand_yml crashes on cycles),
    asset paths become relative to the brand folder (brand_yml refuses absolute ones even
    inside it), and the spec forms listed in the module docstring are rewritten.
    """
    data = copy.deepcopy(data)
    for at, stand_in in drops.items():
        _set(data, at, copy.deepcopy(stand_in), remove=stand_in is None)
    for at, asset in assets.items():
        _set(data, at, asset.relative)
    color = data.get("color")
    if isinstance(color, dict):
        for key in list(color):
            if key == "link":
                del color[key]
            elif key == "palette" and isinstance(color[key], dict):
                color[key] = {name: "#000000" for name in color[key]}
            elif key in THEME_COLOURS:
                color[key] = None
    if isinstance(data.get("typography"), dict):
        _normalize_fonts(data["typography"])
    return data
