"""Warnings about a brief's language: words that stay English, quotes no reader can read."""

from __future__ import annotations

from ..errors import Problem
from ..labels import missing_translation
from ..writing_systems import primary
from .schema import BriefIn


def language_problems(raw: BriefIn) -> list[Problem]:
    """No translation file for the brief's language (its fixed words stay English, listed),
    and quotes in another language with no translation for the reader."""
    problems: list[Problem] = []
    language = raw.meta.language or "en"
    own = raw.labels.model_dump(exclude_none=True) if raw.labels else {}
    english = missing_translation(language, own)
    if english:
        problems.append(Problem.at(
            ("meta", "language"),
            f"reportgen has no translation for language '{language}': these words stay "
            f"English: {', '.join(english)}", severity="warning",
            hint="set them in the brief under 'labels:' (executive_summary, key_takeaways, "
            "sources, table, page, page_of, months: twelve names separated by commas), or add "
            f"translations/{primary(language)}.yaml to reportgen"))
    for i, qt in enumerate(raw.quotes):
        if qt.language and primary(qt.language) != primary(language) and not qt.translation:
            problems.append(Problem.at(
                ("quotes", i, "language"),
                f"quote in '{qt.language}' has no translation into '{language}'",
                severity="warning", hint="add 'translation:' so readers of the brief's "
                "language can read it; the original is printed beside it"))
    return problems
