"""A brief's quotes checked against their sources' archived text (``reportgen check``).

Returns Problems, never prints: the CLI reports them. A quote whose source has no archive is
reported as an info line, so an unverified quote is never mistaken for a verified one. Works on
a loaded brief and on a ``Draft`` (a brief with schema errors elsewhere) alike.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from ..brief.bibliography import Bibliography
from ..brief.schema import BriefIn, SourceIn
from ..errors import Problem, dotted
from .archive import ArchiveError, read_archive
from .quotes import SourceText, check_quote

Position = tuple[int | None, int | None]
Locate = Callable[[tuple[str | int, ...]], Position]


class Readable(Protocol):
    """What the quote check needs of a brief: ``brief.load.Loaded`` or ``Draft``."""

    @property
    def path(self) -> Path: ...
    @property
    def raw(self) -> BriefIn | None: ...
    @property
    def locate(self) -> Locate | None: ...
    @property
    def bibliography(self) -> Bibliography | None: ...


def _no_position(_: tuple[str | int, ...]) -> Position:
    return None, None


def _sources(loaded: Readable) -> dict[str, tuple[int, SourceIn]]:
    """Every source by id with its index under 'sources:' (-1: from a bibliography file)."""
    found: dict[str, tuple[int, SourceIn]] = {}
    for i, src in enumerate(loaded.raw.sources if loaded.raw else ()):
        found.setdefault(src.id, (i, src))
    for src in loaded.bibliography.sources if loaded.bibliography else ():
        found.setdefault(src.id, (-1, src))
    return found


def _archive_text(loaded: Readable, index: int, src: SourceIn, locate: Locate,
                  cache: dict[str, SourceText | Problem],
                  archive_dir: Path | None = None) -> SourceText | Problem:
    """The normalized archive of a source, or the Problem reading it (once per file)."""
    name = src.archive or ""
    if name not in cache:
        try:
            cache[name] = SourceText.of(read_archive(loaded.path, name, archive_dir))
        except ArchiveError as exc:
            cache[name] = Problem(str(loaded.path), str(exc),
                                  *locate(("sources", index, "archive")),
                                  dotted(("sources", index, "archive")), hint=exc.hint)
    return cache[name]


def check_quotes(loaded: Readable, archive_dir: Path | None = None) -> list[Problem]:
    """Every quote checked against its source's archive; an info line where there is none."""
    file = str(loaded.path)
    locate = loaded.locate or _no_position
    sources = _sources(loaded)
    cache: dict[str, SourceText | Problem] = {}
    reported: set[str] = set()
    problems: list[Problem] = []
    for i, quote in enumerate(loaded.raw.quotes if loaded.raw else ()):
        if not quote.text or quote.source not in sources:  # reported by the schema checks
            continue
        at = locate(("quotes", i, "text"))
        field = dotted(("quotes", i, "text"))
        index, src = sources[quote.source]
        if not src.archive:
            hint = ("add 'archive: <file>' (.txt, .md, .html or .pdf beside the brief) to the "
                    "source to check this quote against its text") if index >= 0 else (
                "it comes from a bibliography file; to verify the quote, list the source "
                "under 'sources:' with 'archive:' instead")
            problems.append(Problem(file, f"not verified: source '{src.id}' has no archive",
                                    *at, field, hint=hint, severity="info"))
            continue
        text = _archive_text(loaded, index, src, locate, cache, archive_dir)
        if isinstance(text, Problem):
            if src.archive not in reported:
                reported.add(src.archive)
                problems.append(text)
            continue
        for finding in check_quote(text, quote.text, quote.speaker, src.archive):
            problems.append(Problem(file, finding.message, *at, field, hint=finding.hint,
                                    severity=finding.severity))
    return problems
