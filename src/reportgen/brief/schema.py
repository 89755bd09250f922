"""The brief's YAML format, as one documented schema.

These pydantic models describe what a user writes, field by field. They check syntax and types;
checks about meaning (citations that resolve, row widths, uncited sources) live in ``resolve.py``.
``reportgen schema`` exports them as JSON Schema so editors can complete and check a brief.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from ..source.text import XML_ILLEGAL

SCHEMA_ID = "https://reportgen.invalid/schema/brief.schema.json"

ID_PATTERN = r"^[a-z0-9][a-z0-9_.:-]*$"
# Citation keys: as ids, but reference managers' keys may hold capitals (gibneyChina2025).
KEY_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$"
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# BCP 47 language, optional script and region: en, en-GB, es-419, zh-Hant-TW.
LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$"
PARTIAL_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# What each pattern means, in words, for error messages (load.py looks these up by pattern).
PATTERN_HELP: dict[str, tuple[str, str]] = {
    ID_PATTERN: ("an id", "ids use lower-case letters, digits and - _ . : (e.g. eu-ai-act)"),
    KEY_PATTERN: ("a citation key", "keys use letters, digits and - _ . : (e.g. eu-ai-act)"),
    SLUG_PATTERN: ("a slug", "a slug is lower-case words joined by hyphens "
                   "(e.g. china-ai-governance)"),
    LANGUAGE_PATTERN: ("a language tag", "use a BCP 47 language tag such as en, en-GB, fr or de"),
}


def _twelve_months(value: str) -> str:
    """labels.months: twelve names, or dates would silently keep the language's own."""
    names = [n.strip() for n in value.split(",")]
    if len(names) != 12 or not all(names):
        raise PydanticCustomError(
            "twelve_months", "{count} month names",
            {"count": str(len([n for n in names if n])),
             "expected": "twelve names separated by commas, January first"})
    return value


_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def _date_pattern(value: str) -> str:
    """labels.date_long / date_month: only {day}, {month} and {year} may be filled in."""
    bad = [p for p in _PLACEHOLDER.findall(value) if p not in ("day", "month", "year")]
    if bad or value.count("{") != value.count("}"):
        raise PydanticCustomError(
            "date_pattern", "'{value}' is not a date pattern",
            {"value": value, "expected": "text with {day}, {month} and {year}, e.g. "
             "'{day} {month} {year}'"})
    return value


def _no_word_illegal(value: str) -> str:
    """Reject code points a .docx cannot hold, so the DOCX writer never fails half-way."""
    bad = XML_ILLEGAL.search(value)
    if bad:
        raise PydanticCustomError(
            "word_illegal_character",
            "contains the invisible control character U+{code}, which Word cannot store",
            {"code": f"{ord(bad.group()):04X}", "char": bad.group(),
             "hint": "delete it (it is often pasted in invisibly from PDFs)"},
        )
    return value


def _partial_date(value: Any) -> Any:
    """YAML turns 2025-12-01 into a date and 2025 into a number; a source date is kept as text."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _check_partial_date(value: str) -> str:
    """Sources are often dated only by year or month; a full date must exist in the calendar."""
    if not PARTIAL_DATE.match(value):
        raise PydanticCustomError(
            "partial_date", "'{value}' is not a date",
            {"value": value, "expected": "a date as YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2025-12-01"},
        )
    if len(value) == 10:
        _real_date(value)
    return value


def _real_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError(
            "no_such_date", "{value} is not a real date: {reason}",
            {"value": value, "reason": _date_reason(value),
             "hint": "check the day and the month"},
        ) from None


def _date_reason(value: str) -> str:
    year, month = (int(x) for x in value.split("-")[:2])
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return f"{dt.date(year, month, 1):%B} {year} has {last} days"


def _full_date(value: Any) -> Any:
    """A publication date must be a whole calendar date; YAML may hand over text or a number."""
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0):
            raise PydanticCustomError(
                "date_with_time", "'{value}' has a time of day",
                {"value": str(value), "expected": "a date as YYYY-MM-DD, e.g. 2025-12-01"})
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and FULL_DATE.match(value.strip()):
        return _real_date(value.strip())
    raise PydanticCustomError(
        "full_date", "'{value}' is not a date",
        {"value": "" if value is None else str(value),
         "expected": "a date as YYYY-MM-DD, e.g. 2025-12-01"})


def _check_url(value: str) -> str:
    """Only web addresses: a brief must not make the PDF or DOCX reach into local files."""
    try:
        parts = urlsplit(value)
        host = parts.hostname or ""
    except ValueError:  # e.g. an unclosed [ in the host
        parts, host = urlsplit(""), ""
    if parts.scheme not in ("http", "https") or "." not in host or re.search(r"\s", value):
        hint = None
        if value.startswith("www."):
            hint = "add https:// in front"
        elif parts.scheme in ("file", ""):
            hint = "sources must be online; give the address where readers can find it"
        raise PydanticCustomError(
            "web_address", "'{value}' is not a web address",
            {"value": value if len(value) <= 60 else value[:59] + "…",
             "expected": "an address starting with https:// or http://",
             **({"hint": hint} if hint else {})},
        )
    return value


Str = Annotated[str, AfterValidator(_no_word_illegal)]
NonEmpty = Annotated[str, Field(min_length=1), AfterValidator(_no_word_illegal)]
ShortText = Annotated[str, Field(min_length=1, max_length=80), AfterValidator(_no_word_illegal)]
Prose = Annotated[
    str,
    Field(min_length=1, description="Markdown: **bold**, *italic*, [text](https://...), "
          "citations [@source-id] or [@a; @b]."),
    AfterValidator(_no_word_illegal),
]
Id = Annotated[
    str, Field(pattern=ID_PATTERN, description="Lower-case identifier: a-z, 0-9, - _ . :")
]
Key = Annotated[
    str, Field(pattern=KEY_PATTERN, description="Citation key: letters, digits, - _ . :")
]
Url = Annotated[str, AfterValidator(_check_url), Field(description="An http(s) web address.")]
PartialDate = Annotated[
    str,
    BeforeValidator(_partial_date),
    AfterValidator(_check_partial_date),
    Field(description="YYYY, YYYY-MM or YYYY-MM-DD."),
]
FullDate = Annotated[dt.date, BeforeValidator(_full_date)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class MetaIn(_Strict):
    """Title block and document metadata."""

    title: NonEmpty = Field(description="Full title, shown in the title block and PDF metadata.")
    subtitle: NonEmpty = Field(description="One-line subtitle under the title.")
    short_title: ShortText | None = Field(
        None, description="Running-header title; defaults to the title."
    )
    date: FullDate = Field(
        description="Publication date (YYYY-MM-DD); also the files' creation date."
    )
    authors: list[NonEmpty] = Field(min_length=1, description="Author names, in byline order.")
    organization: NonEmpty = Field(description="Publishing organization, shown in the footer.")
    language: Annotated[str, Field(pattern=LANGUAGE_PATTERN)] = Field(
        "en", description="BCP 47 language tag such as en, en-GB, fr, zh, zh-Hant, ar."
    )
    slug: Annotated[str, Field(pattern=SLUG_PATTERN)] = Field(
        description="Output file name without extension: lower-case words joined by hyphens."
    )
    keywords: list[NonEmpty] = Field(default_factory=list, description="PDF/DOCX keywords.")
    subject: NonEmpty = Field(description="One sentence on what the brief is about (metadata).")
    series: NonEmpty | None = Field(None, description="Series label, e.g. 'Policy brief No. 1'.")
    paper: Literal["A4", "Letter"] = Field("A4", description="Paper size.")
    direction: Literal["ltr", "rtl"] | None = Field(
        None, description="Writing direction; default: from the language (rtl for ar, he, fa, "
        "ur).")


class SectionIn(_Strict):
    """A body section with a heading and Markdown prose."""

    id: Id = Field(description="Anchor for links and for placing quotes and the table.")
    heading: NonEmpty
    body: Prose = Field(description="Paragraphs and flat bullet or numbered lists, in Markdown.")
    subsections: list[SubsectionIn] = Field(default_factory=list)


class SubsectionIn(_Strict):
    id: Id
    heading: NonEmpty
    body: Prose


class RowIn(_Strict):
    cells: list[Prose] = Field(
        min_length=1, description="One cell per column; the first names the row."
    )
    sources: list[Key] = Field(min_length=1, description="Ids of the sources this row rests on.")


class ComparisonIn(_Strict):
    """The comparison table: one row per jurisdiction or body."""

    id: Id = "comparison"
    heading: NonEmpty = Field(description="Section heading above the table.")
    caption: NonEmpty = Field(description="Table caption (what is compared, as of when).")
    after: Id | None = Field(
        None, description="Id of the section the table follows; default: after all sections."
    )
    columns: list[NonEmpty] = Field(min_length=2)
    rows: list[RowIn] = Field(min_length=1)
    note: Prose | None = Field(None, description="Note printed under the table.")


class QuoteIn(_Strict):
    """A short verbatim quote, attributed as the source gives it."""

    text: Annotated[str, Field(min_length=1, max_length=400), AfterValidator(_no_word_illegal)]
    speaker: NonEmpty
    affiliation: NonEmpty
    section: Id = Field(description="Id of the section the quote is printed in.")
    source: Key = Field(description="Id of the source the quote comes from.")
    language: Annotated[str, Field(pattern=LANGUAGE_PATTERN)] | None = Field(
        None, description="Language the quote was said in (BCP 47); default: the brief's.")
    translation: Annotated[
        str, Field(min_length=1, max_length=400), AfterValidator(_no_word_illegal)
    ] | None = Field(None, description="The quote in the brief's language, printed (marked as "
                     "translated) with the original beside it.")


class SourceIn(_Strict):
    """A bibliography entry; numbered in the order first cited."""

    id: Key
    title: NonEmpty
    publisher: NonEmpty = Field(description="Issuer or publisher.")
    date: PartialDate
    url: Url | None = None
    note: NonEmpty | None = Field(None, description="E.g. 'non-binding', 'byline unverified'.")
    archive: NonEmpty | None = Field(
        None, description="Local copy of the source's text (.txt, .md, .html or .pdf), relative "
        "to this file and inside its folder; `reportgen check` verifies quotes against it.")


class LabelsIn(_Strict):
    """Fixed words to change for this brief; the rest follow its language (en, fr, de, es, ar,
    zh-Hans, zh-Hant)."""

    executive_summary: NonEmpty | None = Field(None, description="e.g. 'In brief'.")
    key_takeaways: NonEmpty | None = Field(None, description="e.g. 'What to know'.")
    sources: NonEmpty | None = Field(None, description="e.g. 'References'.")
    table: NonEmpty | None = Field(None, description="Caption label: 'Table' in 'Table 1'.")
    page: NonEmpty | None = Field(None, description="Footer: 'Page' in 'Page 2 of 6'.")
    page_of: NonEmpty | None = Field(None, description="Footer: 'of' in 'Page 2 of 6'.")
    page_suffix: Str | None = Field(
        None, description="Footer: after the page total (Chinese ends '共 6 页' with ' 页').")
    months: Annotated[str, AfterValidator(_twelve_months)] | None = Field(
        None, description="Twelve month names, comma-separated: 'Jan., Feb., ...'.")
    date_long: Annotated[str, AfterValidator(_date_pattern)] | None = Field(
        None, description="A full date: '{day} {month} {year}', '{year}年{month}{day}日'.")
    date_month: Annotated[str, AfterValidator(_date_pattern)] | None = Field(
        None, description="A month: '{month} {year}'.")
    translated: NonEmpty | None = Field(
        None, description="Marks a quote printed in translation, e.g. '(translated)'.")
    original: NonEmpty | None = Field(
        None, description="Introduces a translated quote's original, e.g. 'Original: '.")


class BriefIn(_Strict):
    """A policy brief, as written in YAML."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        frozen=True,
        json_schema_extra={"$id": SCHEMA_ID, "title": "reportgen policy brief"},
    )

    meta: MetaIn
    brand: Str | None = Field(
        None, description="Brand folder, relative to this file; overridden by --brand."
    )
    labels: LabelsIn | None = Field(
        None, description="Fixed words to change, such as 'Executive summary'.")
    summary: Prose = Field(description="Executive summary, at most 200 words.")
    takeaways: list[Prose] = Field(min_length=3, max_length=5, description="3 to 5 key takeaways.")
    sections: list[SectionIn] = Field(min_length=1)
    comparison: ComparisonIn
    quotes: list[QuoteIn] = Field(default_factory=list, max_length=6)
    bibliography: Str | list[Str] | None = Field(
        None, description="CSL-JSON (.json) or BibTeX (.bib) file(s), relative to this file, "
        "whose entries join 'sources' (only cited ones are printed).")
    sources: list[SourceIn] = Field(
        default_factory=list, description="Sources; at least one here or in 'bibliography'.")


def json_schema() -> str:
    """The brief format as JSON Schema (draft 2020-12), for editors."""
    schema = BriefIn.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
