"""Sources from a reference manager: CSL-JSON and BibTeX files named by ``bibliography:``.

Zotero, Better BibTeX and Pandoc read and write both. Each entry becomes a ``SourceIn`` (the
house format: publisher, title, date, note, link), keyed by its citation key, and joins the
brief's ``sources:``; only cited entries are printed. Every problem points into the file that
holds it, with line and column: JSON positions are computed from the text by walking it with the
standard library's decoder (fast, and exact), BibTeX positions come from bibtexparser 2.

Field mapping (CSL name, then BibTeX):

* ``title``;
* publisher: ``container-title`` / ``journal``, ``journaltitle``, ``booktitle``, else
  ``publisher`` / ``publisher``, ``institution``, ``organization``, ``school``; the authors
  come first when there are any, and alone stand in for a missing publisher;
* date: ``issued`` / ``date``, else ``year`` with ``month`` and ``day``;
* link: ``DOI`` / ``doi`` as https://doi.org/…, else ``URL`` / ``url``;
* ``note``.
"""

from __future__ import annotations

import bisect
import json
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from json.decoder import scanstring  # type: ignore[attr-defined]
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .errors import Problem
from .schema import SourceIn

Position = tuple[int | None, int | None]
Locate = Callable[[tuple[str | int, ...]], Position]

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


@dataclass(frozen=True)
class Place:
    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}" if self.line else self.file


@dataclass
class Entry:
    """One entry read from a file, mapped to our field names, with where each came from."""

    key: str
    kind: str
    values: dict[str, Any]
    at: Place
    field_at: dict[str, Place] = field(default_factory=dict)  # our field name -> place


@dataclass
class Bibliography:
    """The entries of a brief's bibliography files, ready to join its sources."""

    sources: list[SourceIn] = field(default_factory=list)
    places: dict[str, Place] = field(default_factory=dict)  # key -> entry
    url_places: dict[str, Place] = field(default_factory=dict)  # key -> its link's field
    problems: list[Problem] = field(default_factory=list)


def _problem(at: Place, message: str, field_name: str | None = None, expected: str | None = None,
             hint: str | None = None, severity: str = "error") -> Problem:
    return Problem(at.file, message, at.line, at.column, field_name, expected, hint,
                   severity)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# Mapping to our fields


def _names(authors: Iterable[tuple[str, str]]) -> str | None:
    """[(given, family), ...] -> 'Ada Lovelace, Charles Babbage' (three at most, then et al.)."""
    names = [" ".join(p for p in pair if p) for pair in authors]
    names = [n for n in names if n]
    if not names:
        return None
    return ", ".join(names[:3]) + (" et al." if len(names) > 3 else "")


def _publisher(authors: str | None, container: str | None) -> str | None:
    return ", ".join(p for p in (authors, container) if p) or None


def _doi_link(doi: str) -> str:
    doi = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", doi.strip(), flags=re.I)
    return f"https://doi.org/{doi}"


def _date(parts: Sequence[Any]) -> str | None:
    """[2025, 12, 1] -> '2025-12-01'; [2025] -> '2025'."""
    try:
        nums = [int(p) for p in parts[:3]]
    except (TypeError, ValueError):
        return None
    if not nums:
        return None
    return "-".join([f"{nums[0]:04d}", *(f"{n:02d}" for n in nums[1:])])


# ---------------------------------------------------------------------------------------------
# CSL-JSON


_WS = re.compile(r"[ \t\n\r]*")


def _json_places(text: str) -> list[tuple[int, dict[str, int]]]:
    """For each item of a top-level JSON array: its start and the start of each key's value.

    Only called on text that ``json.loads`` accepted, so the walk needs no error handling.
    """
    decoder = json.JSONDecoder()

    def skip(i: int) -> int:
        return _WS.match(text, i).end()  # type: ignore[union-attr]

    out: list[tuple[int, dict[str, int]]] = []
    i = skip(0)
    if text[i:i + 1] != "[":
        return out
    i = skip(i + 1)
    while text[i] != "]":
        start, keys = i, {}
        if text[i] == "{":
            i = skip(i + 1)
            while text[i] == '"':
                key, i = scanstring(text, i + 1)
                i = skip(skip(i) + 1)  # past ':'
                keys.setdefault(key, i)
                _, i = decoder.raw_decode(text, i)
                i = skip(i)
                if text[i] == ",":
                    i = skip(i + 1)
            i += 1  # past '}'
        else:
            _, i = decoder.raw_decode(text, i)
        out.append((start, keys))
        i = skip(i)
        if text[i] == ",":
            i = skip(i + 1)
    return out


class _Lines:
    """Character index -> 1-based line and column."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def place(self, file: str, index: int) -> Place:
        line = bisect.bisect_right(self.starts, index)
        return Place(file, line, index - self.starts[line - 1] + 1)


def _csl_authors(value: Any) -> str | None:
    if not isinstance(value, list):
        return None
    pairs = []
    for person in value:
        if isinstance(person, dict):
            if person.get("literal"):
                pairs.append(("", str(person["literal"])))
            else:
                pairs.append((str(person.get("given", "")),
                              " ".join(str(person[k]) for k in ("non-dropping-particle", "family")
                                       if person.get(k))))
    return _names(pairs)


def _csl_date(value: Any) -> str | None:
    if isinstance(value, dict):
        parts = value.get("date-parts")
        if isinstance(parts, list) and parts and isinstance(parts[0], list):
            return _date(parts[0])
        raw = value.get("raw") or value.get("literal")
        return str(raw) if raw is not None else None
    return str(value) if isinstance(value, str | int) else None


# CSL field -> our field, for positions of errors in mapped values.
_CSL_FIELD = {"title": "title", "publisher": "container-title", "date": "issued", "url": "URL",
              "note": "note", "id": "id"}


def _csl_entry(item: dict[str, Any], at: Place, keys: dict[str, Place]) -> Entry:
    text = {k: str(v).strip() for k, v in item.items() if isinstance(v, str | int)}
    values: dict[str, Any] = {
        "id": text.get("id", ""),
        "title": text.get("title"),
        "publisher": _publisher(_csl_authors(item.get("author")),
                                text.get("container-title") or text.get("publisher")),
        "date": _csl_date(item.get("issued")),
        "url": _doi_link(text["DOI"]) if text.get("DOI") else text.get("URL"),
        "note": text.get("note"),
    }
    field_at = {ours: keys[theirs] for ours, theirs in _CSL_FIELD.items() if theirs in keys}
    if "container-title" not in keys:
        for other in ("publisher", "author"):
            if other in keys:
                field_at["publisher"] = keys[other]
                break
    if text.get("DOI") and "DOI" in keys:
        field_at["url"] = keys["DOI"]
    return Entry(text.get("id", ""), text.get("type", ""),
                 {k: v for k, v in values.items() if v is not None}, at, field_at)


def read_csl_json(file: str, text: str) -> tuple[list[Entry], list[Problem]]:
    """Entries of a CSL-JSON file (an array of items), with positions."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return [], [Problem(file, f"JSON syntax error: {exc.msg}", exc.lineno, exc.colno,
                            hint="export the file again from your reference manager")]
    if not isinstance(data, list):
        return [], [Problem(file, "the file is not a list of CSL-JSON items", 1, 1,
                            expected="[ {\"id\": ..., \"type\": ..., \"title\": ...}, ... ]",
                            hint="export as 'CSL JSON' from Zotero or Better BibTeX")]
    lines = _Lines(text)
    entries, problems = [], []
    for n, (item, (start, keys)) in enumerate(zip(data, _json_places(text), strict=True)):
        at = lines.place(file, start)
        if not isinstance(item, dict):
            problems.append(_problem(at, f"item {n + 1} is not a CSL-JSON object"))
            continue
        places = {k: lines.place(file, i) for k, i in keys.items()}
        entries.append(_csl_entry(item, at, places))
    return entries, problems


# ---------------------------------------------------------------------------------------------
# BibTeX


def _bib_field_place(file: str, raw_lines: list[str], entry_line: int, name: str,
                     line: int | None) -> Place:
    """Where ``name = ...`` is written (bibtexparser gives the line; the column is found)."""
    if line is None:
        return Place(file, entry_line + 1, 1)
    text = raw_lines[line] if line < len(raw_lines) else ""
    m = re.search(rf"(?i)\b{re.escape(name)}\s*=\s*", text)
    return Place(file, line + 1, (m.end() if m else 0) + 1)


def _bib_date(fields: dict[str, str]) -> str | None:
    if fields.get("date"):
        return fields["date"]
    if not fields.get("year"):
        return None
    parts: list[Any] = [fields["year"]]
    month = fields.get("month", "").strip().lower()[:3]
    if month:
        parts.append(MONTHS.get(month, month))
        if fields.get("day"):
            parts.append(fields["day"])
    return _date(parts) or fields["year"]


def _bib_authors(value: Any) -> str | None:
    if not value:
        return None
    return _names((" ".join(p.first), " ".join([*p.von, *p.last, *p.jr]).strip())
                  for p in value)


_BIB_CONTAINER = ("journal", "journaltitle", "booktitle", "publisher", "institution",
                  "organization", "school")
_BIB_FIELD = {"title": "title", "date": "date", "url": "url", "note": "note"}


def _bib_entry(file: str, raw_lines: list[str], block: Any) -> Entry:
    fields = {f.key.lower(): f for f in block.fields}
    text = {k: f.value.strip() for k, f in fields.items() if isinstance(f.value, str)}
    container = next((text[k] for k in _BIB_CONTAINER if text.get(k)), None)
    values: dict[str, Any] = {
        "id": block.key,
        "title": text.get("title"),
        "publisher": _publisher(_bib_authors(fields["author"].value)
                                if "author" in fields else None, container),
        "date": _bib_date(text),
        "url": _doi_link(text["doi"]) if text.get("doi") else text.get("url"),
        "note": text.get("note"),
    }
    start = block.start_line or 0

    def place(name: str) -> Place:
        return _bib_field_place(file, raw_lines, start, name, fields[name].start_line)

    field_at = {ours: place(theirs) for ours, theirs in _BIB_FIELD.items() if theirs in fields}
    if "date" not in fields and "year" in fields:
        field_at["date"] = place("year")
    if text.get("doi"):
        field_at["url"] = place("doi")
    where = next((k for k in (*_BIB_CONTAINER, "author") if k in fields), None)
    if where:
        field_at["publisher"] = place(where)
    line = raw_lines[start] if start < len(raw_lines) else ""
    at = Place(file, start + 1, line.find("@") + 1 if "@" in line else 1)
    field_at["id"] = Place(file, start + 1, line.find("{") + 2 if "{" in line else 1)
    return Entry(block.key, block.entry_type.lower(),
                 {k: v for k, v in values.items() if v is not None}, at, field_at)


def read_bibtex(file: str, text: str) -> tuple[list[Entry], list[Problem]]:
    """Entries of a BibTeX file, with LaTeX accents and braces turned into plain text."""
    import bibtexparser
    from bibtexparser import middlewares as mw
    from bibtexparser.model import DuplicateBlockKeyBlock, ParsingFailedBlock
    from bibtexparser.model import Entry as BibEntry

    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)  # its failures are ours to tell
    library = bibtexparser.parse_string(text, append_middleware=[
        mw.LatexDecodingMiddleware(), mw.SeparateCoAuthors(), mw.SplitNameParts()])
    raw_lines = text.split("\n")
    entries, problems = [], []
    for block in library.blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            entries.append(Entry(block.key, "", {}, Place(file, line, 1)))  # reported later
        elif isinstance(block, ParsingFailedBlock):
            reason = str(block.error).split("\n")[0]
            problems.append(Problem(file, f"BibTeX syntax error: {reason}", line, 1,
                                    hint="check the braces and commas of this entry"))
        elif isinstance(block, BibEntry):
            entries.append(_bib_entry(file, raw_lines, block))
    return entries, problems


# ---------------------------------------------------------------------------------------------
# Checks and joining


def _schema_problems(entry: Entry, exc: ValidationError) -> list[Problem]:
    out = []
    for err in exc.errors(include_url=False):
        name = str(err["loc"][0]) if err["loc"] else ""
        at = entry.field_at.get(name, entry.at)
        ctx = dict(err.get("ctx") or {})
        if err["type"] == "missing":
            what = {"publisher": "container-title, publisher or author",
                    "date": "date (issued, date or year)"}.get(name, name)
            out.append(_problem(at, f"entry '{entry.key}' has no {what}", name,
                                hint="add it in your reference manager and export again"))
        elif err["type"] == "string_pattern_mismatch" and name == "id":
            out.append(_problem(at, f"'{entry.key}' is not usable as a citation key", "id",
                                hint="keys use letters, digits and - _ . : (no spaces)"))
        else:
            message = err["msg"].removeprefix("Value error, ")
            out.append(_problem(at, f"entry '{entry.key}': {name}: {message}", name,
                                ctx.get("expected"), ctx.get("hint")))
    return out


def _read_file(brief: Path, name: str, at: Place) -> tuple[list[Entry], list[Problem]]:
    path = brief.parent / name
    suffix = path.suffix.lower()
    if suffix not in (".json", ".bib", ".bibtex"):
        return [], [_problem(at, f"'{name}' is neither CSL-JSON (.json) nor BibTeX (.bib)",
                             "bibliography", hint="export CSL JSON or BibTeX")]
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        return [], [_problem(at, f"bibliography file not found: {name}", "bibliography",
                             hint="the path is relative to the brief's folder")]
    except (OSError, UnicodeDecodeError) as exc:
        reason = "not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else exc.strerror
        return [], [_problem(at, f"cannot read {name}: {reason}", "bibliography")]
    file = str(path)
    return read_csl_json(file, text) if suffix == ".json" else read_bibtex(file, text)


def _kind_warning(entry: Entry) -> Problem | None:
    known = CSL_TYPES if entry.at.file.endswith(".json") else BIBTEX_TYPES
    if entry.kind in known:
        return None
    return _problem(entry.at, f"entry '{entry.key}' has the unknown type '{entry.kind}'",
                    "type", hint="it is printed like any other source; check the export",
                    severity="warning")


def load_bibliography(brief: Path, names: str | list[str], locate: Locate,
                      yaml_ids: dict[str, int]) -> Bibliography:
    """Read every file of ``bibliography:``; check keys against each other and the YAML's.

    ``yaml_ids`` maps each id under ``sources:`` to its index, ``locate`` gives positions in the
    brief. A key defined twice is an error that names both places.
    """
    files = [names] if isinstance(names, str) else list(names)
    out = Bibliography()
    for n, name in enumerate(files):
        path: tuple[str | int, ...] = ("bibliography",) if isinstance(names, str) \
            else ("bibliography", n)
        entries, problems = _read_file(brief, name, Place(str(brief), *locate(path)))
        out.problems += problems
        for entry in entries:
            _add(out, brief, entry, locate, yaml_ids)
    return out


def _add(out: Bibliography, brief: Path, entry: Entry, locate: Locate,
         yaml_ids: dict[str, int]) -> None:
    if entry.key in yaml_ids:
        i = yaml_ids[entry.key]
        out.problems.append(Problem(
            str(brief), f"source '{entry.key}' is also defined in {entry.at}",
            *locate(("sources", i, "id")), f"sources[{i}].id",
            hint="a key may be defined once: delete one of the two or rename it"))
        return
    if entry.key in out.places:
        out.problems.append(_problem(
            entry.at, f"citation key '{entry.key}' is already defined at {out.places[entry.key]}",
            "id", hint="a key may be defined once: delete one of the two or rename it"))
        return
    if not entry.values:
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
    out.places[entry.key] = entry.at
    if "url" in entry.field_at:
        out.url_places[entry.key] = entry.field_at["url"]
