"""Logos without alt text: a warning from ``brand check``, since a build falls back to the
organization's name and a screen reader would hear that instead of what the logo shows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import FieldPath, Problem
from ..source.located import Located
from ..source.yaml import read_yaml
from .assets import logo_variants

_HINT = ("give the logo 'path:' and 'alt:' lines, e.g. 'alt: Example Policy Institute'; "
         "screen readers read the alt text and tagged PDFs (PDF/UA) require it")


def _entries(logo: Any) -> list[tuple[FieldPath, Any]]:
    """Every image brand.yml's logo section names, with its field path."""
    if not isinstance(logo, dict):
        return [(("logo",), logo)] if isinstance(logo, str) else []
    images = logo.get("images") if isinstance(logo.get("images"), dict) else {}
    found: list[tuple[FieldPath, Any]] = [(("logo", "images", k), v) for k, v in images.items()]
    if "path" in logo:
        found.append((("logo",), logo))
    for size in ("small", "medium", "large"):
        for at, item in logo_variants(size, logo.get(size)):
            if not (isinstance(item, str) and item in images):  # a name: checked with its image
                found.append((("logo", *at), item))
    return found


def logos_without_alt(brand_yml: Path) -> list[Problem]:
    """A located warning for every logo image in ``brand_yml`` that has no alt text."""
    doc: Located = read_yaml(brand_yml)
    if not isinstance(doc.data, dict):
        return []
    problems = []
    for path, item in _entries(doc.data.get("logo")):
        alt = item.get("alt") if isinstance(item, dict) else None
        if item is not None and not (isinstance(alt, str) and alt.strip()):
            problems.append(doc.problem(path, "logo has no alt text", expected="an 'alt:' line",
                                        hint=_HINT, severity="warning"))
    return problems
