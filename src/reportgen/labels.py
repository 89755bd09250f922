"""Localized words, month names, long dates and quotation marks, kept as data per language.

The data lives in ``translations/<lang>.yaml``, one file per primary language subtag (Pandoc keeps
such words in translation files, not in writers). A tag falls back to its primary language
('fr-CA' -> fr.yaml) and every key, or a language with no file, falls back to English.

This module is neutral ground: the PDF (HTML) writer, the DOCX writer and the e-mail body all
import it, so it must never import Jinja2, WeasyPrint or python-docx.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

import yaml

_PRIMARY = re.compile(r"[a-z]{2,3}")  # what may name a translation file (no paths)


@cache
def _load(lang: str) -> dict[str, Any]:
    if not _PRIMARY.fullmatch(lang):
        return {}
    path = resources.files("reportgen") / "translations" / f"{lang}.yaml"
    if not path.is_file():
        return {}
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return dict(yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {})


def _primary(language: str) -> str:
    return language.split("-")[0].strip().lower()


@cache
def _translation(language: str) -> dict[str, Any]:
    """English under the language's own file: a key the language lacks reads in English."""
    return {**_load("en"), **_load(_primary(language))}


def labels_for(language: str) -> dict[str, str]:
    """The fixed words for a BCP 47 tag ("Sources", "Page", quotation marks, date patterns).

    Only text entries: month names are a list, read through ``month_names``.
    """
    return {k: v for k, v in _translation(language).items() if isinstance(v, str)}


def _word(key: str, language: str, labels: Mapping[str, Any] | None) -> str:
    """A brief's own label wins (``brief.labels``), then the language's file, then English."""
    value = (labels or {}).get(key)
    return value if isinstance(value, str) else str(_translation(language)[key])


def month_names(language: str) -> tuple[str, ...]:
    """January..December in ``language``."""
    return tuple(_translation(language)["months"])


def long_date(value: dt.date | str, language: str = "en",
              labels: Mapping[str, Any] | None = None) -> str:
    """'2025-12-08' -> '8 December 2025' ('8. Dezember 2025' in German).

    Partial dates stay partial: '2025-07' -> 'July 2025', '2025' -> '2025'. The patterns are the
    translation's ``date_long`` and ``date_month``, with ``{day}``, ``{month}`` and ``{year}``.
    """
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    parts = text.split("-")
    if len(parts) == 1:
        return parts[0]
    month = month_names(language)[int(parts[1]) - 1]
    if len(parts) == 2:
        return _word("date_month", language, labels).format(month=month, year=parts[0])
    return _word("date_long", language, labels).format(day=int(parts[2]), month=month,
                                                       year=parts[0])


def quote_marks(language: str, labels: Mapping[str, Any] | None = None) -> tuple[str, str]:
    """Opening and closing quotation marks, spacing included (French: '« ' and ' »')."""
    return _word("quote_open", language, labels), _word("quote_close", language, labels)


def prose_quotes(language: str) -> tuple[str, str, str, str]:
    """Typographic quotes for prose: double open/close, then single open/close."""
    q = _translation(language)["prose_quotes"]
    return (str(q[0]), str(q[1]), str(q[2]), str(q[3]))
