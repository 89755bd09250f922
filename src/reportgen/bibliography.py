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
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
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
    """One entry of a file: its key and type and, when the brief cites it, our fields.

    Positions are found only when a problem needs one (``where``): walking a JSON file for
    them costs more than reading it.
    """

    key: str
    kind: str
    values: dict[str, Any] | None  # None: not cited, so never mapped or checked
    where: Callable[[str | None], Place]  # None -> the entry; our field name -> its field

    @property
    def at(self) -> Place:
        return self.where(None)


@dataclass
class Bibliography:
    """The entries of a brief's bibliography files, ready to join its sources."""

    sources: list[SourceIn] = field(default_factory=list)  # the cited entries
    entries: dict[str, Entry] = field(default_factory=dict)  # every key, first definition
    problems: list[Problem] = field(default_factory=list)

    def url_place(self, key: str) -> Place:
        """Where an entry's link is written (for the link checker's messages)."""
        return self.entries[key].where("url")


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


class _JsonIndex:
    """Positions in a JSON file, computed on first use."""

    def __init__(self, file: str, text: str) -> None:
        self.file, self.text = file, text
        self._places: list[tuple[int, dict[str, int]]] | None = None
        self._lines: _Lines | None = None

    def place(self, item: int, key: str | None = None) -> Place:
        if self._places is None or self._lines is None:
            self._places, self._lines = _json_places(self.text), _Lines(self.text)
        start, keys = self._places[item]
        return self._lines.place(self.file, keys.get(key, start) if key else start)


def _csl_values(item: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Our fields from a CSL item, and the CSL field each came from."""
    text = {k: str(v).strip() for k, v in item.items() if isinstance(v, str | int)}
    container = next((k for k in ("container-title", "publisher") if text.get(k)), None)
    values: dict[str, Any] = {
        "id": text.get("id", ""),
        "title": text.get("title"),
        "publisher": _publisher(_csl_authors(item.get("author")),
                                text[container] if container else None),
        "date": _csl_date(item.get("issued")),
        "url": _doi_link(text["DOI"]) if text.get("DOI") else text.get("URL"),
        "note": text.get("note"),
    }
    theirs = {"id": "id", "title": "title", "date": "issued", "note": "note",
              "publisher": container or "author", "url": "DOI" if text.get("DOI") else "URL"}
    return {k: v for k, v in values.items() if v is not None}, theirs


def read_csl_json(file: str, text: str,
                  cited: Collection[str]) -> tuple[list[Entry], list[Problem]]:
    """Entries of a CSL-JSON file (an array of items); only cited ones are mapped."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return [], [Problem(file, f"JSON syntax error: {exc.msg}", exc.lineno, exc.colno,
                            hint="export the file again from your reference manager")]
    if not isinstance(data, list):
        return [], [Problem(file, "the file is not a list of CSL-JSON items", 1, 1,
                            expected="[ {\"id\": ..., \"type\": ..., \"title\": ...}, ... ]",
                            hint="export as 'CSL JSON' from Zotero or Better BibTeX")]
    index = _JsonIndex(file, text)
    entries, problems = [], []
    for n, item in enumerate(data):
        if not isinstance(item, dict):
            problems.append(_problem(index.place(n), f"item {n + 1} is not a CSL-JSON object"))
            continue
        key = str(item.get("id", ""))
        values, theirs = _csl_values(item) if key in cited else (None, {})

        def where(ours: str | None, n: int = n, theirs: dict[str, str] = theirs) -> Place:
            return index.place(n, theirs.get(ours) if ours else None)

        entries.append(Entry(key, str(item.get("type", "")), values, where))
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
    return _names((_plain(" ".join(p.first)), _plain(" ".join([*p.von, *p.last, *p.jr])))
                  for p in value)


_BIB_CONTAINER = ("journal", "journaltitle", "booktitle", "publisher", "institution",
                  "organization", "school")
_BIB_FIELD = {"title": "title", "date": "date", "url": "url", "note": "note"}


_LATEX = re.compile(r"[\\{}~$]|--")


@cache
def _latex() -> Any:
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text()


def _plain(value: str) -> str:
    """LaTeX as text: {AI} -> AI, M{\\"u}ller -> Müller, --- -> an em dash.

    bibtexparser's LatexDecodingMiddleware does the same to every field of every entry, at
    several milliseconds each; most fields hold no LaTeX at all.
    """
    return _latex().latex_to_text(value).strip() if _LATEX.search(value) else value.strip()


def _bib_values(block: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """Our fields from a parsed BibTeX entry, and the BibTeX field each came from."""
    fields = {f.key.lower(): f for f in block.fields}
    text = {k: _plain(f.value) for k, f in fields.items() if isinstance(f.value, str)}
    container = next((k for k in _BIB_CONTAINER if text.get(k)), None)
    values: dict[str, Any] = {
        "id": block.key,
        "title": text.get("title"),
        "publisher": _publisher(_bib_authors(fields["author"].value)
                                if "author" in fields else None,
                                text[container] if container else None),
        "date": _bib_date(text),
        "url": _doi_link(text["doi"]) if text.get("doi") else text.get("url"),
        "note": text.get("note"),
    }
    theirs = {"title": "title", "note": "note", "publisher": container or "author",
              "date": "date" if "date" in fields else "year",
              "url": "doi" if text.get("doi") else "url"}
    return {k: v for k, v in values.items() if v is not None}, theirs


# '@type{key,' at the start of a line: where each entry begins.
_BIB_START = re.compile(r"(?m)^[ \t]*@[ \t]*(\w+)[ \t]*[{(][ \t]*([^\s,{}()]+)[ \t]*,")
_NOT_ENTRIES = {"comment", "string", "preamble"}


def _bib_index(file: str, text: str) -> list[tuple[str, str, int, int, Place]]:
    """(key, type, start, end, place) of every entry, found without parsing the file."""
    lines = _Lines(text)
    found = [m for m in _BIB_START.finditer(text) if m.group(1).lower() not in _NOT_ENTRIES]
    ends = [m.start() for m in found[1:]] + [len(text)]
    return [(m.group(2), m.group(1).lower(), m.start(), end,
             lines.place(file, m.start() + len(m.group()) - len(m.group().lstrip())))
            for m, end in zip(found, ends, strict=True)]


def read_bibtex(file: str, text: str,
                cited: Collection[str]) -> tuple[list[Entry], list[Problem]]:
    """Entries of a BibTeX file; only cited ones are parsed (by bibtexparser 2), with LaTeX
    accents and braces turned into plain text (by pylatexenc, which bibtexparser brings).

    A library of thousands of entries would take seconds to parse and decode in full; the
    others are blanked out line for line, so the parser's line numbers stay those of the file.
    ``@string`` macros and comments are kept.
    """
    import bibtexparser
    from bibtexparser import middlewares as mw
    from bibtexparser.model import Entry as BibEntry
    from bibtexparser.model import ParsingFailedBlock

    index = _bib_index(file, text)
    keep, parts, pos, seen = {}, [], 0, set()
    for key, kind, start, end, place in index:
        parts.append(text[pos:start])
        chunk = text[start:end]
        cite = key in cited and key not in seen
        parts.append(chunk if cite else "\n" * chunk.count("\n"))
        seen.add(key)
        pos = end
        if cite:
            keep[key] = (kind, place)
    parts.append(text[pos:])
    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)  # its failures are ours to tell
    library = bibtexparser.parse_string("".join(parts), append_middleware=[
        mw.SeparateCoAuthors(), mw.SplitNameParts()])
    raw_lines = text.split("\n")
    parsed: dict[str, Entry] = {}
    problems = []
    for block in library.blocks:
        if isinstance(block, ParsingFailedBlock):
            reason = str(block.error).split("\n")[0]
            problems.append(Problem(file, f"BibTeX syntax error: {reason}",
                                    (block.start_line or 0) + 1, 1,
                                    hint="check the braces and commas of this entry"))
        elif isinstance(block, BibEntry) and block.key in keep:
            parsed[block.key] = _parsed_entry(file, raw_lines, block, keep[block.key][1])
    entries = []
    for key, kind, _, _, place in index:
        if key in parsed and key in keep and keep[key][1] == place:
            entries.append(parsed[key])
        else:
            entries.append(Entry(key, kind, None, lambda _, place=place: place))
    return entries, problems


def _parsed_entry(file: str, raw_lines: list[str], block: Any, place: Place) -> Entry:
    values, theirs = _bib_values(block)
    fields = {f.key.lower(): f for f in block.fields}

    def where(ours: str | None) -> Place:
        name = theirs.get(ours or "")
        if name not in fields:
            return place
        return _bib_field_place(file, raw_lines, block.start_line or 0, name,
                                fields[name].start_line)

    return Entry(block.key, block.entry_type.lower(), values, where)


# ---------------------------------------------------------------------------------------------
# Checks and joining


def _schema_problems(entry: Entry, exc: ValidationError) -> list[Problem]:
    out = []
    for err in exc.errors(include_url=False):
        name = str(err["loc"][0]) if err["loc"] else ""
        at = entry.where(name)
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


def _read_file(brief: Path, name: str, at: Place,
               cited: Collection[str]) -> tuple[list[Entry], list[Problem]]:
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
    reader = read_csl_json if suffix == ".json" else read_bibtex
    return reader(file, text, cited)


def _kind_warning(entry: Entry) -> Problem | None:
    known = CSL_TYPES if entry.at.file.endswith(".json") else BIBTEX_TYPES
    if entry.kind in known:
        return None
    return _problem(entry.at, f"entry '{entry.key}' has the unknown type '{entry.kind}'",
                    "type", hint="it is printed like any other source; check the export",
                    severity="warning")


def load_bibliography(brief: Path, names: str | list[str], locate: Locate,
                      yaml_ids: dict[str, int], cited: Collection[str]) -> Bibliography:
    """Read every file of ``bibliography:``; check keys against each other and the YAML's.

    ``yaml_ids`` maps each id under ``sources:`` to its index, ``locate`` gives positions in the
    brief. A key defined twice is an error that names both places. Only the entries whose keys
    are in ``cited`` (every key the brief may cite) are mapped and checked: a reference
    manager's library holds thousands that a brief never prints.
    """
    files = [names] if isinstance(names, str) else list(names)
    out = Bibliography()
    for n, name in enumerate(files):
        path: tuple[str | int, ...] = ("bibliography",) if isinstance(names, str) \
            else ("bibliography", n)
        entries, problems = _read_file(brief, name, Place(str(brief), *locate(path)), cited)
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
    if entry.key in out.entries:
        out.problems.append(_problem(
            entry.at, f"citation key '{entry.key}' is already defined at "
            f"{out.entries[entry.key].at}",
            "id", hint="a key may be defined once: delete one of the two or rename it"))
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
