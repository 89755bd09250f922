"""Localized words, month names, long dates and quotation marks, kept as data per language.

The data lives in ``translations/<lang>.yaml``, one file per primary language subtag, and for
Chinese one per script, ``zh-Hans.yaml`` and ``zh-Hant.yaml`` (Pandoc keeps such words in
translation files, not in writers). A tag falls back to its primary language ('fr-CA' -> fr.yaml;
'zh-TW' -> zh-Hant.yaml, see ``scripts.translation_stem``) and every key falls back to English. A
language with no file reads English too, and ``missing_translation`` says so, for a warning.

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

from .writing_systems import primary, translation_stem

_STEM = re.compile(r"[a-z]{2,3}(-[A-Z][a-z]{3})?")  # what may name a translation file (no paths)


@cache
def _load(lang: str) -> dict[str, Any]:
    if not _STEM.fullmatch(lang):
        return {}
    path = resources.files("reportgen") / "translations" / f"{lang}.yaml"
    if not path.is_file():
        return {}
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return dict(yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {})


@cache
def _translation(language: str) -> dict[str, Any]:
    """English under the language's own file: a key the language lacks reads in English."""
    return {**_load("en"), **_load(translation_stem(language))}


# Keys of en.yaml that are words a reader sees (not patterns or punctuation).
WORD_KEYS = ("executive_summary", "key_takeaways", "sources", "table", "page", "page_of")


def missing_translation(language: str, labels: Mapping[str, Any] | None = None) -> list[str]:
    """The English words a brief in ``language`` prints because no translation file exists for
    it: empty when one does (or for English). Words the brief's ``labels:`` sets do not count;
    month names are added as one entry, 'month names', unless ``labels`` gives them."""
    if primary(language) == "en" or _load(translation_stem(language)):
        return []
    own = labels or {}
    words = [str(_load("en")[k]) for k in WORD_KEYS if k not in own]
    return words + ([] if "months" in own else ["month names"])


def labels_for(language: str) -> dict[str, str]:
    """The fixed words for a BCP 47 tag ("Sources", "Page", quotation marks, date patterns).

    Only text entries: month names are a list, read through ``month_names``.
    """
    return {k: v for k, v in _translation(language).items() if isinstance(v, str)}


def _word(key: str, language: str, labels: Mapping[str, Any] | None) -> str:
    """A brief's own label wins (``brief.labels``), then the language's file, then English."""
    value = (labels or {}).get(key)
    return value if isinstance(value, str) else str(_translation(language)[key])


def month_names(language: str, labels: Mapping[str, Any] | None = None) -> tuple[str, ...]:
    """January..December in ``language``; a brief's ``labels.months`` (twelve comma-separated
    names, checked by the schema) replaces them."""
    custom = (labels or {}).get("months")
    if isinstance(custom, str) and len(custom.split(",")) == 12:
        return tuple(name.strip() for name in custom.split(","))
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
    month = month_names(language, labels)[int(parts[1]) - 1]
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
