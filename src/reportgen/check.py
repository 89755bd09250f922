"""``reportgen check``: validate's checks, then quotes against archives (and links on request).

Returns Problems, never prints: the CLI reports them. A quote whose source has no archive is
reported as an info line, so an unverified quote is never mistaken for a verified one.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .brief.load import Loaded, load_brief
from .brief.schema import SourceIn
from .errors import InputError, Problem
from .verify.archive import ArchiveError, read_archive
from .verify.claims import Support, check_claims
from .verify.quotes import SourceText, check_quote

Position = tuple[int | None, int | None]
Locate = Callable[[tuple[str | int, ...]], Position]


def _no_position(_: tuple[str | int, ...]) -> Position:
    return None, None


def _sources(loaded: Loaded) -> dict[str, tuple[int, SourceIn]]:
    """Every source by id with its index under 'sources:' (-1: from a bibliography file)."""
    found: dict[str, tuple[int, SourceIn]] = {}
    for i, src in enumerate(loaded.raw.sources):
        found.setdefault(src.id, (i, src))
    for src in loaded.bibliography.sources if loaded.bibliography else ():
        found.setdefault(src.id, (-1, src))
    return found


def _archive_text(loaded: Loaded, index: int, src: SourceIn, locate: Locate,
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
                                  f"sources[{index}].archive", hint=exc.hint)
    return cache[name]


def check_quotes(loaded: Loaded, archive_dir: Path | None = None) -> list[Problem]:
    """Every quote checked against its source's archive; an info line where there is none."""
    file = str(loaded.path)
    locate = loaded.locate or _no_position
    sources = _sources(loaded)
    cache: dict[str, SourceText | Problem] = {}
    reported: set[str] = set()
    problems: list[Problem] = []
    for i, quote in enumerate(loaded.raw.quotes):
        at = locate(("quotes", i, "text"))
        field = f"quotes[{i}].text"
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


def check_brief(path: Path, links: bool = False, archive_dir: Path | None = None,
                support: list[Support] | None = None) -> list[Problem]:
    """validate's problems for one brief, then its quotes' (and, with ``links``, its links')."""
    from .build import theme_for

    try:
        loaded = load_brief(path)
        theme_for(loaded)
    except InputError as exc:
        return exc.problems
    from .render.chartwarnings import chart_warnings

    problems = [*loaded.warnings, *chart_warnings(loaded), *check_quotes(loaded, archive_dir),
                *check_claims(loaded, archive_dir, support.append if support is not None
                              else None)]
    if links:
        from .verify.linkcheck import check_links

        problems += check_links(loaded)
    return problems
