"""Where the quotes, the figures and the comparison table are printed: by section id, checked
here."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from ..errors import FieldPath, Problem
from ..source.suggest import did_you_mean
from .schema import BriefIn, FigureIn, QuoteIn


def quotes_by_section(raw: BriefIn, ids: Mapping[str, FieldPath],
                      depends: tuple[FieldPath, ...],
                      problems: list[Problem]) -> dict[str, list[tuple[int, QuoteIn]]]:
    """Each section id with its quotes (and their indexes); a quote's section must exist."""
    out: dict[str, list[tuple[int, QuoteIn]]] = {}
    for i, qt in enumerate(raw.quotes):
        if qt.section and qt.section not in ids:
            problems.append(Problem.at(
                ("quotes", i, "section"), f"no section has the id '{qt.section}'",
                hint=did_you_mean(qt.section, ids), expected="the id of a section or subsection",
                depends=depends))
        out.setdefault(qt.section, []).append((i, qt))
    return out


def table_after(raw: BriefIn, ids: Collection[str], depends: tuple[FieldPath, ...],
                problems: list[Problem]) -> str | None:
    """The top-level section the table follows (None: after all sections)."""
    after = raw.comparison.after
    top_level = {sec.id for sec in raw.sections}
    if after and after not in top_level:
        in_sub = after in ids
        problems.append(Problem.at(
            ("comparison", "after"),
            f"'{after}' is a subsection; the table can only follow a top-level section" if in_sub
            else f"no section has the id '{after}'",
            hint=did_you_mean(after, top_level)
            or "leave 'after' out to place the table after all sections",
            expected="the id of a top-level section", depends=depends))
    return after


def figures_by_section(raw: BriefIn, ids: Mapping[str, FieldPath],
                       depends: tuple[FieldPath, ...],
                       problems: list[Problem]) -> dict[str, list[tuple[int, FigureIn]]]:
    """Each section id with the figures that end it (``after``; default the last section) and
    their indexes; figure ids are unique, and ``after`` must name a section or subsection."""
    last = raw.sections[-1].id if raw.sections else ""
    out: dict[str, list[tuple[int, FigureIn]]] = {}
    seen: dict[str, int] = {}
    for i, fig in enumerate(raw.figures):
        if fig.id and fig.id in seen:
            problems.append(Problem.at(
                ("figures", i, "id"), f"duplicate figure id '{fig.id}'",
                hint=f"already used by figures[{seen[fig.id]}]; ids must be unique"))
        seen.setdefault(fig.id, i)
        target = fig.after or last
        if fig.after and fig.after not in ids:
            problems.append(Problem.at(
                ("figures", i, "after"), f"no section has the id '{fig.after}'",
                hint=did_you_mean(fig.after, ids)
                or "leave 'after' out to place the figure after the last section",
                expected="the id of a section or subsection", depends=depends))
            target = last
        out.setdefault(target, []).append((i, fig))
    return out
