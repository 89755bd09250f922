"""A brief file -> resolved Brief, with every problem located at file:line:column.

``reportgen.source`` reads the file (positions, duplicate keys, syntax); pydantic checks the
schema and ``source.explain`` words its errors; ``resolve`` checks meaning. All problems of one
file are reported together, in file order, also when the schema failed (``salvage``). Positions
point at the value that is wrong, and inside a multi-line block (``body: |``) at the line that
holds the offending citation, link or heading.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import cast

from pydantic import ValidationError

from ..errors import FieldPath, InputError, Problem, dotted
from ..files import confined, repository_root
from ..model import Brief, Where
from ..source.explain import Explainer
from ..source.located import Located, Position, in_file_order
from ..source.yaml import read_located
from .bibliography import (
    Bibliography,
    bibliography_names,
    cited_keys,
    load_bibliography,
    yaml_source_ids,
)
from .figures import figure_positions
from .resolve import resolve
from .salvage import already_reported, salvage, salvaged_errors
from .schema import (
    KEY_PATTERN,
    PATTERN_HELP,
    BriefIn,
    ComparisonIn,
    FigureIn,
    MetaIn,
    QuoteIn,
    RowIn,
    SectionIn,
    SourceIn,
    SubsectionIn,
)

EXPLAINER = Explainer(
    BriefIn,
    where={  # where each kind of mapping lives, for "'title' belongs under 'meta:'" hints
        BriefIn: "at the top level",
        MetaIn: "under 'meta:'",
        SectionIn: "in an entry of 'sections:'",
        SubsectionIn: "in an entry of 'subsections:'",
        ComparisonIn: "under 'comparison:'",
        RowIn: "in an entry of 'comparison: rows:'",
        QuoteIn: "in an entry of 'quotes:'",
        SourceIn: "in an entry of 'sources:'",
        FigureIn: "in an entry of 'figures:'",
    },
    patterns=PATTERN_HELP,
    list_hints={
        "takeaways": "a brief has 3 to 5 key takeaways",
        "quotes": "a brief prints at most 6 quotes",
        "columns": "a comparison needs a first column naming the rows and at least one more",
    },
    long_hints={"quotes": "keep quotes short; paraphrase the rest in the body"},
)


@dataclass(frozen=True)
class Loaded:
    """A brief ready to write, plus what the user should hear about it."""

    path: Path
    raw: BriefIn
    brief: Brief
    warnings: list[Problem]
    brand_at: Position = (None, None)  # line, column of the 'brand:' value
    # Where a field's value is in the brief, for checks run after loading (reportgen check).
    locate: Callable[[FieldPath], Position] | None = None
    bibliography: Bibliography | None = None  # entries of the 'bibliography:' files

    @property
    def brand_dir(self) -> Path | None:
        return (self.path.parent / self.raw.brand) if self.raw.brand else None


def locate(doc: Located, problem: Problem) -> Problem:
    """A problem found by field path, placed in the file."""
    line, col = doc.find(problem.path, problem.find) if problem.find else doc.value(problem.path)
    return replace(problem, file=doc.file, line=line, column=col)


def _brand_problems(path: Path, value: str, at: Position) -> list[Problem]:
    """A brief may name a brand only inside its own folder or its git repository.

    A brief travels (e-mailed, downloaded, shared in a repository); what it names must travel
    with it. ``--brand`` on the command line may point anywhere: the user typed it.
    """
    folder = path.parent
    hint = ("keep the brand beside the brief or in the same git repository (the seeds use "
            "'../brands/NAME'), or pass --brand DIR on the command line")
    if Path(value).is_absolute() or value.startswith("~"):
        return [Problem(str(path), f"'{value}' is an absolute path", *at, field="brand",
                        expected="a folder relative to this brief, such as ../brands/acme",
                        hint=hint)]
    repo = repository_root(folder)
    if confined(folder / value, folder, *([repo] if repo else [])) is None:
        outside = "this brief's folder" + (" and its git repository" if repo else "")
        return [Problem(str(path), f"'{value}' leads outside {outside}", *at, field="brand",
                        expected="a folder inside " + outside, hint=hint)]
    return []


def _bibliography(path: Path, doc: Located) -> Bibliography:
    """The entries of the files 'bibliography:' names that the brief may cite."""
    names = bibliography_names(doc.data)
    if names is None:
        return Bibliography()
    return load_bibliography(path, names, doc.value, yaml_source_ids(doc.data),
                             cited_keys(doc.text, doc.data, KEY_PATTERN.strip("^$")))


def load_brief(path: Path) -> Loaded:
    """Read, validate and resolve one brief; raise InputError listing every error found."""
    doc, problems = read_located(path)
    bib = _bibliography(path, doc)
    problems += [p for p in bib.problems if p.file == doc.file]
    elsewhere = [p for p in bib.problems if p.file != doc.file]  # in the bibliography files
    try:
        raw = BriefIn.model_validate(doc.data)
    except ValidationError as exc:
        problems += EXPLAINER.problems(doc, exc)
        reported = [(tuple(e["loc"]), e["type"]) for e in exc.errors(include_url=False)]
        problems += [locate(doc, p) for p in salvaged_errors(doc.data, bib.sources)
                     if not already_reported(p, reported)]
        raise InputError(in_file_order(problems) + elsewhere) from None
    brief, found = resolve(raw, bib.sources, path.parent)
    brief = figure_positions(brief, raw, lambda i, key: Where(
        str(path), *doc.value(("figures", i, key)), dotted(("figures", i, key))))
    problems += [locate(doc, p) for p in found if not p.file]
    elsewhere += [p for p in found if p.file]  # in a chart's .vl.yaml
    if raw.brand:
        problems += _brand_problems(path, raw.brand, doc.value(("brand",)))
    problems = in_file_order(problems) + elsewhere
    if any(p.severity == "error" for p in problems):
        raise InputError(problems)
    return Loaded(path, raw, brief, problems, doc.value(("brand",)) if raw.brand else (None, None),
                  doc.value, bib)


@dataclass(frozen=True)
class Draft:
    """What could be read of a brief that may not validate (``raw`` is salvaged then), for the
    checks that need only part of it: ``reportgen check`` still verifies the quotes of a brief
    with a schema error in another field."""

    path: Path
    raw: BriefIn | None
    locate: Callable[[FieldPath], Position] | None = None
    bibliography: Bibliography | None = None


def read_brief(path: Path) -> Draft:
    """The brief as far as it can be read; never raises for its content (``raw`` is None when
    the file is not readable YAML at all)."""
    try:
        doc, _ = read_located(path)
    except InputError:
        return Draft(path, None)
    bib = _bibliography(path, doc)
    try:
        raw = BriefIn.model_validate(doc.data)
    except ValidationError:
        raw = cast(BriefIn, salvage(BriefIn, doc.data))
    return Draft(path, raw, doc.value, bib)
