"""brand.yml's ``typography`` section: the base size (brand_yml only checks it is text), the
font faces of ``source: file`` families, and the body, heading and monospace fonts."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import FieldPath
from ..theme import HOUSE, Font, FontFace
from .assets import Asset
from .report import Report

SIZE_RANGE_PT = (6.0, 24.0)
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?|\.\d+)\s*(pt|px|rem|em|%|pc|in|cm|mm)\s*$", re.IGNORECASE)
# CSS absolute sizes; rem/em/% are relative to the browser default of 16px = 12pt, as in HTML.
_PT_PER = {"pt": 1.0, "px": 0.75, "rem": 12.0, "em": 12.0, "%": 0.12, "pc": 12.0, "in": 72.0,
           "cm": 72 / 2.54, "mm": 72 / 25.4}
_WEIGHT_NAMES = {"normal": 400, "bold": 700}


def base_size(report: Report, data: dict[str, Any]) -> float | None:
    """typography.base.size in points."""
    typography = data.get("typography")
    base = typography.get("base") if isinstance(typography, dict) else None
    given = base.get("size") if isinstance(base, dict) else None
    if not isinstance(given, str):
        return None  # absent, or not text: brand_yml reports that
    at: FieldPath = ("typography", "base", "size")
    match = _SIZE.match(given)
    if not match:
        report.add(at, f"'{given}' is not a font size",
                   expected="a size such as 11pt, 15px or 1rem")
        return None
    size = round(float(match[1]) * _PT_PER[match[2].lower()], 2)
    low, high = SIZE_RANGE_PT
    if not low <= size <= high:
        report.add(at, f"'{given}' is {size:g}pt, too {'small' if size < low else 'large'} "
                   "for body text", expected=f"between {low:g}pt and {high:g}pt",
                   hint="1rem = 16px = 12pt")
        return None
    return size


def weight(value: Any, default: int) -> int:
    if isinstance(value, int):
        return value
    return _WEIGHT_NAMES.get(str(value), default)


def _face_weight(declared: Any, asset: Asset) -> int | tuple[int, int]:
    if declared == "auto":
        return asset.weight or 400
    if isinstance(declared, tuple):
        return (weight(declared[0], 100), weight(declared[1], 900))
    return weight(declared, 400)


def font_faces(brand: Any, by_relative: dict[str, Asset]) -> list[FontFace]:
    """Every file of a `source: file` family, with the weight and style it supplies."""
    faces: list[FontFace] = []
    typography = brand.typography
    for font in typography.fonts if typography else []:
        if font.source != "file":
            continue
        for item in font.files:
            asset = by_relative.get(Path(str(item.path.root)).as_posix())
            if asset is None:
                continue
            explicit_style = "style" in item.model_fields_set
            style = item.style if explicit_style else ("italic" if asset.italic else "normal")
            faces.append(FontFace(font.family, asset.path, _face_weight(item.weight.root, asset),
                                  style))
    return faces


def fonts(brand: Any, faces: list[FontFace]) -> tuple[Font, Font, Font]:
    """The body, heading and monospace fonts (house fonts where the brand names none)."""
    files_of: dict[str, list[Path]] = {}
    for face in faces:
        files_of.setdefault(face.family, []).append(face.path)

    def font(family: str | None, value: Any, house: Font) -> Font:
        family = family or house.family
        return Font(family, tuple(files_of.get(family, ())), weight(value, house.weight))

    typography = brand.typography
    base = typography.base if typography else None
    headings = typography.headings if typography else None
    mono = typography.monospace if typography else None
    base_family = base.family if base else None
    return (
        font(base_family, base.weight if base else None, HOUSE.body_font),
        font((headings.family if headings else None) or base_family,
             headings.weight if headings else None, HOUSE.heading_font),
        font(mono.family if mono else None, mono.weight if mono else None, HOUSE.mono_font),
    )
