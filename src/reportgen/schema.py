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

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

SCHEMA_ID = "https://reportgen.invalid/schema/brief.schema.json"

ID_PATTERN = r"^[a-z0-9][a-z0-9_.:-]*$"
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
PARTIAL_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
# XML 1.0 forbids these code points; Word cannot store them in a .docx.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _no_word_illegal(value: str) -> str:
    bad = _XML_ILLEGAL.search(value)
    if bad:
        raise ValueError(
            f"contains the control character U+{ord(bad.group()):04X}, which Word cannot store; "
            "delete it (it is often pasted in invisibly from PDFs)"
        )
    return value


def _partial_date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    return value


def _check_partial_date(value: str) -> str:
    if not PARTIAL_DATE.match(value):
        raise ValueError("expected a date as YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2025-12-01")
    if len(value) == 10:
        dt.date.fromisoformat(value)  # rejects 2025-02-30
    return value


def _check_url(value: str) -> str:
    if not re.match(r"^https?://[^\s/$.?#][^\s]*\.[^\s]*$|^https?://[^\s/$.?#][^\s]*/", value):
        raise ValueError("expected a web address starting with https:// or http://")
    return value


Str = Annotated[str, AfterValidator(_no_word_illegal)]
NonEmpty = Annotated[str, Field(min_length=1), AfterValidator(_no_word_illegal)]
Prose = Annotated[
    str,
    Field(min_length=1, description="Markdown: **bold**, *italic*, [text](https://...), "
          "citations [@source-id] or [@a; @b]."),
    AfterValidator(_no_word_illegal),
]
Id = Annotated[str, Field(pattern=ID_PATTERN, description="Lower-case identifier: a-z, 0-9, - _ . :")]
Url = Annotated[str, AfterValidator(_check_url), Field(description="An http(s) web address.")]
PartialDate = Annotated[
    str,
    BeforeValidator(_partial_date),
    AfterValidator(_check_partial_date),
    Field(description="YYYY, YYYY-MM or YYYY-MM-DD."),
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class MetaIn(_Strict):
    """Title block and document metadata."""

    title: NonEmpty = Field(description="Full title, shown in the title block and PDF metadata.")
    subtitle: NonEmpty = Field(description="One-line subtitle under the title.")
    short_title: NonEmpty | None = Field(
        None, description="Running-header title; defaults to the title.", max_length=80
    )
    date: dt.date = Field(description="Publication date (YYYY-MM-DD); also the files' creation date.")
    authors: list[NonEmpty] = Field(min_length=1, description="Author names, in byline order.")
    organization: NonEmpty = Field(description="Publishing organization, shown in the footer.")
    language: Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Z]{2})?$")] = Field(
        "en", description="BCP 47 language tag such as en, en-GB, fr."
    )
    slug: Annotated[str, Field(pattern=SLUG_PATTERN)] = Field(
        description="Output file name without extension: lower-case words joined by hyphens."
    )
    keywords: list[NonEmpty] = Field(default_factory=list, description="PDF/DOCX keywords.")
    subject: NonEmpty = Field(description="One sentence on what the brief is about (metadata).")
    series: NonEmpty | None = Field(None, description="Series label, e.g. 'Policy brief No. 1'.")
    paper: Literal["A4", "Letter"] = Field("A4", description="Paper size.")


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
    sources: list[Id] = Field(min_length=1, description="Ids of the sources this row rests on.")


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
    source: Id = Field(description="Id of the source the quote comes from.")


class SourceIn(_Strict):
    """A bibliography entry; numbered in the order first cited."""

    id: Id
    title: NonEmpty
    publisher: NonEmpty = Field(description="Issuer or publisher.")
    date: PartialDate
    url: Url | None = None
    note: NonEmpty | None = Field(None, description="E.g. 'non-binding', 'byline unverified'.")


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
    summary: Prose = Field(description="Executive summary, at most 200 words.")
    takeaways: list[Prose] = Field(min_length=3, max_length=5, description="3 to 5 key takeaways.")
    sections: list[SectionIn] = Field(min_length=1)
    comparison: ComparisonIn
    quotes: list[QuoteIn] = Field(default_factory=list, max_length=6)
    sources: list[SourceIn] = Field(min_length=1)


def json_schema() -> str:
    """The brief format as JSON Schema (draft 2020-12), for editors."""
    schema = BriefIn.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
