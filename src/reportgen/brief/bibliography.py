"""Sources from a reference manager: the CSL-JSON and BibTeX files named by ``bibliography:``.

Zotero, Better BibTeX and Pandoc read and write both. ``source.json`` and ``source.bibtex``
read the files (with positions); here each cited entry becomes a ``SourceIn`` in the house
format and joins the brief's ``sources:``, keyed by its citation key. Only the entries the
brief may cite are mapped and checked: a library holds thousands that a brief never prints.

Field mapping (CSL name / BibTeX name):

* ``title``;
* publisher: the authors, then ``container-title`` / ``journal``, ``journaltitle``,
  ``booktitle``, else ``publisher`` / ``publisher``, ``institution``, ``organization``,
  ``school``; the authors alone stand in for a missing publisher;
* date: ``issued`` / ``date``, else ``year``, ``month`` and ``day``;
* link: ``DOI`` / ``doi`` as https://doi.org/…, else ``URL`` / ``url``;
* ``note``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import FieldPath, InputError, Problem
from ..files import confined, repository_root
from ..source.explain import Explainer, Phrase
from ..source.located import Located, Position
from .schema import SourceIn

Locate = Callable[[FieldPath], Position]

CSL_TYPES = frozenset(re.findall(r"\S+", """
article article-journal article-magazine article-newspaper bill book broadcast chapter classic
collection dataset document entry entry-dictionary entry-encyclopedia event figure graphic hearing
interview legal_case legislation manuscript map motion_picture musical_score pamphlet
paper-conference patent performance periodical personal_communication post post-weblog regulation
report review review-book software song speech standard thesis treaty webpage"""))
BIBTEX_TYPES = frozenset(re.findall(r"\S+", """
article book booklet inbook incollection inproceedings conference manual mastersthesis misc
phdthesis proceedings techreport unpublished online report thesis electronic www
collection mvbook bookinbook suppbook periodical suppperiodical reference inreference patent
dataset software legislation legal jurisdiction standard"""))
MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_BIB_CONTAINER = ("journal", "journaltitle", "booktitle", "publisher", "institution",
                  "organization", "school")


@dataclass
class Entry:
    """One entry of a bibliography file; ``values`` (our fields) only when it may be cited."""

    key: str
    kind: str
    values: dict[str, Any] | None
    fields: dict[str, str]  # our field -> the file's field it came from
    doc: Located
    index: int

    def place(self, ours: str | None = None) -> tuple[str, int | None, int | None]:
        """File, line and column of the entry, or of the field one of ours came from."""
        path: FieldPath = (self.index, self.fields[ours]) if ours in self.fields \
            else (self.index,)
        return (self.doc.file, *self.doc.value(path))

    def where(self) -> str:
        file, line, col = self.place()
        return f"{file}:{line}:{col}"


@dataclass
class Bibliography:
    """The entries of a brief's bibliography files, ready to join its sources."""

    sources: list[SourceIn] = field(default_factory=list)  # the cited entries
    entries: dict[str, Entry] = field(default_factory=dict)  # every key, first definition
    problems: list[Problem] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Mapping


def _names(people: Any) -> str | None:
    """[{given, family}, ...] -> 'Ada Lovelace, Charles Babbage' (three, then et al.)."""
    if not isinstance(people, list):
        return None
    names = []
    for p in people:
        if isinstance(p, dict):
            family = " ".join(str(p[k]) for k in ("non-dropping-particle", "family") if p.get(k))
            names.append(str(p.get("literal") or " ".join(x for x in (p.get("given"), family)
                                                          if x)))
    names = [n for n in names if n]
    return ", ".join(names[:3]) + (" et al." if len(names) > 3 else "") if names else None


def _doi_link(doi: str) -> str:
    return "https://doi.org/" + re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", doi.strip(),
                                       flags=re.I)


def _date(parts: Sequence[Any]) -> str | None:
    """[2025, 12, 1] -> '2025-12-01'; [2025] -> '2025'."""
    try:
        nums = [int(p) for p in parts[:3]]
    except (TypeError, ValueError):
        return None
    return "-".join([f"{nums[0]:04d}", *(f"{n:02d}" for n in nums[1:])]) if nums else None


def _csl_date(value: Any) -> str | None:
    if isinstance(value, dict):
        parts = value.get("date-parts")
        if isinstance(parts, list) and parts and isinstance(parts[0], list):
            return _date(parts[0])
        raw = value.get("raw") or value.get("literal")
        return str(raw) if raw is not None else None
    return str(value) if isinstance(value, str | int) else None


def _values(title: str | None, people: Any, container: str | None, date: str | None,
            doi: str | None, url: str | None, note: str | None, key: str) -> dict[str, Any]:
    values = {"id": key, "title": title,
              "publisher": ", ".join(p for p in (_names(people), container) if p) or None,
              "date": date, "url": _doi_link(doi) if doi else url, "note": note}
    return {k: v for k, v in values.items() if v is not None}


def _csl(item: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    text = {k: str(v).strip() for k, v in item.items() if isinstance(v, str | int)}
    container = next((k for k in ("container-title", "publisher") if text.get(k)), None)
    values = _values(text.get("title"), item.get("author"),
                     text[container] if container else None, _csl_date(item.get("issued")),
                     text.get("DOI"), text.get("URL"), text.get("note"), text.get("id", ""))
    return values, {"id": "id", "title": "title", "date": "issued", "note": "note",
                    "publisher": container or "author",
                    "url": "DOI" if text.get("DOI") else "URL"}


def _bib_date(f: dict[str, Any]) -> str | None:
    if f.get("date"):
        return str(f["date"])
    if not f.get("year"):
        return None
    parts: list[Any] = [f["year"]]
    month = str(f.get("month", "")).strip().lower()[:3]
    if month:
        parts.append(MONTHS.get(month, month))
        if f.get("day"):
            parts.append(f["day"])
    return _date(parts) or str(f["year"])


def _bibtex(entry: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    container = next((k for k in _BIB_CONTAINER if entry.get(k)), None)
    values = _values(entry.get("title"), entry.get("author"),
                     entry[container] if container else None, _bib_date(entry),
                     entry.get("doi"), entry.get("url"), entry.get("note"), entry["key"])
    return values, {"id": "key", "title": "title", "note": "note",
                    "date": "date" if "date" in entry else "year",
                    "publisher": container or "author",
                    "url": "doi" if entry.get("doi") else "url"}


# ---------------------------------------------------------------------------------------------
# Reading


def _entries(doc: Located, cited: Collection[str]) -> tuple[list[Entry], list[Problem]]:
    out, problems = [], []
    bibtex = doc.file.lower().endswith((".bib", ".bibtex"))
    for n, item in enumerate(doc.data):
        if not isinstance(item, dict):
            problems.append(Problem(doc.file, f"item {n + 1} is not a CSL-JSON object",
                                    *doc.key((n,))))
            continue
        key = str(item.get("key" if bibtex else "id", ""))
        kind = str(item.get("type", ""))
        mapped = (item.get("parsed") if bibtex else key in cited)
        values, fields = (_bibtex(item) if bibtex else _csl(item)) if mapped else (None, {})
        out.append(Entry(key, kind, values, fields, doc, n))
    return out, problems


def _read_file(brief: Path, name: str, at: tuple[str, int | None, int | None],
               cited: Collection[str]) -> tuple[list[Entry], list[Problem]]:
    from ..source.limits import read_limited
    from ..source.text import decode

    path = brief.parent / name
    suffix = path.suffix.lower()
    if suffix not in (".json", ".bib", ".bibtex"):
        return [], [Problem(*at[:1], f"'{name}' is neither CSL-JSON (.json) nor BibTeX (.bib)",
                            *at[1:], "bibliography", hint="export CSL JSON or BibTeX")]
    repo = repository_root(brief.parent)
    if Path(name).is_absolute() or confined(path, brief.parent, *([repo] if repo else [])) is None:
        outside = "this brief's folder" + (" and its git repository" if repo else "")
        return [], [Problem(at[0], f"bibliography file '{name}' is outside {outside}",
                            *at[1:], "bibliography", hint="keep the file beside the brief, or "
                            "in the same git repository; the path is relative to the brief")]
    if not path.exists():
        return [], [Problem(at[0], f"bibliography file not found: {name}", *at[1:],
                            "bibliography", hint="the path is relative to the brief's folder")]
    try:  # a regular file of bounded size (source.limits), then UTF-8
        text = decode(str(path), read_limited(path, what="bibliography file"),
                      lambda _text, _index: ())
    except InputError as exc:
        return [], exc.problems
    if suffix == ".json":
        from ..source.json import read_json

        doc, problems = read_json(str(path), text)
        if doc is not None and not isinstance(doc.data, list):
            doc, problems = None, [Problem(
                str(path), "the file is not a list of CSL-JSON items", 1, 1,
                expected='[ {"id": ..., "type": ..., "title": ...}, ... ]',
                hint="export as 'CSL JSON' from Zotero or Better BibTeX")]
    else:
        from ..source.bibtex import read_bibtex

        doc, problems = read_bibtex(str(path), text, cited)
    if doc is None:
        return [], [Problem(p.file, p.message, p.line, p.column,
                            hint="export the file again from your reference manager")
                    for p in problems]
    entries, more = _entries(doc, cited)
    return entries, problems + more


# ---------------------------------------------------------------------------------------------
# Checks and joining


def _problem(entry: Entry, ours: str | None, message: str, *, expected: str | None = None,
             hint: str | None = None, severity: str = "error") -> Problem:
    file, line, col = entry.place(ours)
    return Problem(file, message, line, col, ours, expected, hint,
                   severity)  # type: ignore[arg-type]


_REEXPORT = "add it in your reference manager and export again"
EXPLAINER = Explainer(SourceIn, plain_rest=True, phrases={  # an entry's words: its key first
    "missing": (
        Phrase("entry '{entry}' has no container-title, publisher or author", hint=_REEXPORT,
               at="publisher"),
        Phrase("entry '{entry}' has no date (issued, date or year)", hint=_REEXPORT, at="date"),
        Phrase("entry '{entry}' has no {field}", hint=_REEXPORT),
    ),
    "string_pattern_mismatch": (
        Phrase("'{entry}' is not usable as a citation key", at="id",
               hint="keys use letters, digits and - _ . : (no spaces)"),
    ),
    "*": (Phrase("entry '{entry}': {field}: {msg}", "{expected}", "{hint}"),),
})


def _entry_doc(entry: Entry) -> Located:
    """The entry as a document of its own, in our field names, at the file's positions."""
    doc = entry.doc
    spans = {(ours,): doc.spans[(entry.index, theirs)] for ours, theirs in entry.fields.items()
             if (entry.index, theirs) in doc.spans}
    item = doc.spans.get((entry.index,))
    return Located(doc.file, doc.text, entry.values, spans,
                   item.at if item is not None and item.at is not None else doc.root)


def _schema_problems(entry: Entry, exc: ValidationError) -> list[Problem]:
    return EXPLAINER.problems(_entry_doc(entry), exc, {"entry": entry.key})


def _kind_warning(entry: Entry) -> Problem | None:
    known = CSL_TYPES if entry.doc.file.endswith(".json") else BIBTEX_TYPES
    if entry.kind in known:
        return None
    return _problem(entry, None, f"entry '{entry.key}' has the unknown type '{entry.kind}'",
                    hint="it is printed like any other source; check the export",
                    severity="warning")


def load_bibliography(brief: Path, names: str | list[str], locate: Locate,
                      yaml_ids: dict[str, int], cited: Collection[str]) -> Bibliography:
    """Read every file of ``bibliography:``; check keys against each other and the YAML's.

    ``yaml_ids`` maps each id under ``sources:`` to its index, ``locate`` gives positions in the
    brief, ``cited`` holds every key the brief may cite. A key defined twice is an error that
    names both places.
    """
    files = [names] if isinstance(names, str) else list(names)
    out = Bibliography()
    for n, name in enumerate(files):
        path: FieldPath = ("bibliography",) if isinstance(names, str) else ("bibliography", n)
        entries, problems = _read_file(brief, name, (str(brief), *locate(path)), cited)
        out.problems += problems
        for entry in entries:
            _add(out, brief, entry, locate, yaml_ids)
    return out


def _add(out: Bibliography, brief: Path, entry: Entry, locate: Locate,
         yaml_ids: dict[str, int]) -> None:
    again = "a key may be defined once: delete one of the two or rename it"
    if entry.key in yaml_ids:
        i = yaml_ids[entry.key]
        out.problems.append(Problem(
            str(brief), f"source '{entry.key}' is also defined in {entry.where()}",
            *locate(("sources", i, "id")), f"sources[{i}].id", hint=again))
        return
    if entry.key in out.entries:
        out.problems.append(_problem(
            entry, "id", f"citation key '{entry.key}' is already defined at "
            f"{out.entries[entry.key].where()}", hint=again))
        return
    out.entries[entry.key] = entry
    if entry.values is None:
        return
    warning = _kind_warning(entry)
    if warning:
        out.problems.append(warning)
    try:
        source = SourceIn.model_validate(entry.values)
    except ValidationError as exc:
        out.problems += _schema_problems(entry, exc)
        # A stand-in, so that citing the entry is not also reported as unknown; the load fails
        # on the errors above, so it is never printed.
        source = SourceIn.model_construct(id=entry.key, title="", publisher="", date="",
                                          url=None, note=None, archive=None)
    out.sources.append(source)


def cited_keys(text: str, data: Any, key_pattern: str) -> set[str]:
    """Every key a brief may cite: '@key' anywhere in its text, and the sources named by table
    rows and quotes (a few words too many do no harm: only these entries are read)."""
    found = re.findall(rf"@({key_pattern})", text)
    keys = {*found, *(k.rstrip(".:") for k in found)}  # '@key.' may end a sentence
    data = data if isinstance(data, dict) else {}
    comparison = data.get("comparison")
    rows = comparison.get("rows") if isinstance(comparison, dict) else None
    for row in rows if isinstance(rows, list) else []:
        if isinstance(row, dict) and isinstance(row.get("sources"), list):
            keys.update(k for k in row["sources"] if isinstance(k, str))
    quotes = data.get("quotes")
    for quote in quotes if isinstance(quotes, list) else []:
        if isinstance(quote, dict) and isinstance(quote.get("source"), str):
            keys.add(quote["source"])
    return keys


def yaml_source_ids(data: Any) -> dict[str, int]:
    """Each id under 'sources:' with the index of its first entry."""
    sources = data.get("sources") if isinstance(data, dict) else None
    ids: dict[str, int] = {}
    for i, src in enumerate(sources if isinstance(sources, list) else []):
        if isinstance(src, dict) and isinstance(src.get("id"), str):
            ids.setdefault(src["id"], i)
    return ids


def bibliography_names(data: Any) -> str | list[str] | None:
    """The value of 'bibliography:' when it is text or a list of texts (else the schema says)."""
    names = data.get("bibliography") if isinstance(data, dict) else None
    if isinstance(names, str) or (isinstance(names, list) and names
                                  and all(isinstance(n, str) for n in names)):
        return names
    return None

