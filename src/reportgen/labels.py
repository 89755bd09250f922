"""Localized fixed words ("Executive summary", "Sources"), kept as data per language."""

from __future__ import annotations

from functools import cache
from importlib import resources

from ruamel.yaml import YAML


@cache
def _load(lang: str) -> dict[str, str]:
    path = resources.files("reportgen") / "translations" / f"{lang}.yaml"
    if not path.is_file():
        return {}
    return dict(YAML(typ="safe").load(path.read_text(encoding="utf-8")))


def labels_for(language: str) -> dict[str, str]:
    """Labels for a BCP 47 tag: 'fr-CA' falls back to 'fr', anything unknown to English."""
    base = _load("en")
    primary = language.split("-")[0].lower()
    return {**base, **_load(primary)}
