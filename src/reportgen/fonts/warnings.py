"""Every font check a build runs before rendering, as warnings located in the user's files."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Problem
from ..labels import long_date, month_names
from ..theme import Theme
from .availability import installed_families, missing_brand_fonts
from .coverage import installed_ranges
from .coverage import problems as coverage_problems

if TYPE_CHECKING:
    from ..brief.load import Loaded

# Brief fields that are never printed: ids, references, options, metadata-only text.
_UNPRINTED = frozenset({"id", "section", "source", "slug", "brand", "language", "direction",
                        "paper", "after", "keywords", "subject"})
BRAND_FILES = ("brand.yml", "_brand.yml")


_warming: list[threading.Thread] = []


def prefetch() -> None:
    """Ask fontconfig for the installed fonts in the background (two ``fc-list`` runs, about
    0.1 s), while the brief loads; ``font_warnings`` waits for it."""
    if not _warming:
        thread = threading.Thread(target=lambda: (installed_ranges(), installed_families()),
                                  name="reportgen-fc-list", daemon=True)
        _warming.append(thread)
        thread.start()


def printed_strings(value: Any, key: str | None = None) -> Iterator[str]:
    """The strings of a brief (as plain data) that reach the page; ids and options do not."""
    if key in _UNPRINTED:
        return
    if key == "sources" and isinstance(value, list) and all(isinstance(v, str) for v in value):
        return  # a table row's source ids
    if isinstance(value, dict):
        for k, v in value.items():
            yield from printed_strings(v, str(k))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from printed_strings(item, key)
    elif isinstance(value, str):
        yield value


def brand_file(brand_dir: Path | None) -> Path | None:
    if brand_dir is None:
        return None
    if brand_dir.is_file():
        return brand_dir
    return next((brand_dir / n for n in BRAND_FILES if (brand_dir / n).is_file()), None)


def font_files(theme: Theme) -> list[Path]:
    files = [face.path for face in theme.font_faces]
    for font in (theme.body_font, theme.heading_font, theme.mono_font):
        files.extend(font.files)
    return files


def font_warnings(loaded: Loaded, theme: Theme, brand_dir: Path | None) -> list[Problem]:
    """Brand fonts missing as a whole, then characters no font covers, each located."""
    for thread in _warming:
        thread.join()
    brand = brand_file(brand_dir)
    warnings = missing_brand_fonts(theme, brand)
    brief = loaded.brief
    language = brief.meta.language
    try:
        text: str | None = loaded.path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = None
    fixed = [*(v for v in brief.labels.values() if isinstance(v, str)),
             *month_names(language, brief.labels), long_date(brief.meta.date, language,
                                                             brief.labels)]
    origins: list[tuple[str, str, str | None]] = [
        ("".join(printed_strings(loaded.raw.model_dump(mode="json"))), str(loaded.path), text),
        ("".join(fixed), f"{loaded.path} (fixed words for '{language}')", None),
    ]
    names = theme.organization or ""
    if names and brand is not None:
        origins.append((names, str(brand), brand.read_text(encoding="utf-8")))
    return warnings + coverage_problems(origins, font_files(theme))
