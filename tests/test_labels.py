"""Localized words, dates and quotation marks: labels.py and translations/*.yaml, no writer."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES
from reportgen.labels import labels_for, long_date, month_names, prose_quotes, quote_marks
from reportgen.model import Emph, Paragraph, Text
from reportgen.model.markdown import parse_blocks, smarten

LANGUAGES = ("en", "fr", "de", "es", "zh-Hans", "zh-Hant", "ar")


def _file(lang: str) -> dict[str, object]:
    path = resources.files("reportgen") / "translations" / f"{lang}.yaml"
    return dict(yaml.safe_load(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_translation_is_complete(lang: str) -> None:
    """Each shipped language defines every key English does, with twelve month names."""
    data = _file(lang)
    assert set(data) == set(_file("en"))
    months = data["months"]
    assert isinstance(months, list) and len(months) == 12 and len(set(months)) == 12
    quotes = data["prose_quotes"]
    assert isinstance(quotes, list) and len(quotes) == 4 and all(quotes)
    assert all(isinstance(v, str) and v for k, v in data.items()
               if k not in ("months", "prose_quotes", "page_suffix"))  # may be empty
    assert "{speaker}" in str(data["attribution"]) and "{affiliation}" in str(data["attribution"])


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "China\u2019s \u201cbid\u201d and \u2018this\u2019"),
    ("de", "China\u2019s \u201ebid\u201c and \u201athis\u2018"),
    ("fr-CA", "China\u2019s \u00ab\u00a0bid\u00a0\u00bb and \u201cthis\u201d"),
])
def test_straight_quotes_become_the_languages_quotes(language: str, expected: str) -> None:
    text = "China's \"bid\" and 'this'"
    assert smarten(text, prose_quotes(language)) == expected
    (para,) = parse_blocks(f"*{text}*", prose_quotes(language))
    assert para == Paragraph((Emph((Text(expected),)),))


def test_smarten_reads_no_other_markup() -> None:
    assert smarten("a *b* <c> & \\d 'e'") == "a *b* <c> & \\d \u2018e\u2019"


@pytest.mark.parametrize(
    ("language", "sources", "page_of"),
    [
        ("en", "Sources", "of"),
        ("en-GB", "Sources", "of"),  # a region falls back to its language
        ("EN-us", "Sources", "of"),  # tags are case-insensitive
        ("fr", "Sources", "sur"),
        ("fr-CA", "Sources", "sur"),
        ("de", "Quellen", "von"),
        ("es-MX", "Fuentes", "de"),
        ("de-AT", "Quellen", "von"),
        ("xx", "Sources", "of"),  # no translation: English
        ("../de", "Sources", "of"),  # never a path
    ],
)
def test_labels_fall_back_to_language_then_english(language: str, sources: str,
                                                   page_of: str) -> None:
    labels = labels_for(language)
    assert (labels["sources"], labels["page_of"]) == (sources, page_of)
    assert "months" not in labels  # a list, read through month_names
    assert all(isinstance(v, str) for v in labels.values())


def test_a_missing_key_reads_in_english(monkeypatch: pytest.MonkeyPatch) -> None:
    from reportgen import labels

    monkeypatch.setattr(labels, "_load", lambda lang: {"en": {"page": "Page", "table": "Table"},
                                                       "fr": {"page": "Page"}}.get(lang, {}))
    labels._translation.cache_clear()
    try:
        assert labels.labels_for("fr") == {"page": "Page", "table": "Table"}
    finally:
        labels._translation.cache_clear()


@pytest.mark.parametrize(
    ("value", "language", "expected"),
    [
        (dt.date(2025, 12, 8), "en", "8 December 2025"),
        ("2025-12-01", "en-GB", "1 December 2025"),
        ("2025-07", "en", "July 2025"),
        ("2024", "en", "2024"),
        (dt.date(2025, 8, 1), "fr", "1 août 2025"),
        ("2025-02-14", "fr-CA", "14 février 2025"),
        ("2023-05", "fr", "mai 2023"),
        (dt.date(2025, 3, 2), "de", "2. März 2025"),
        (dt.date(2025, 12, 8), "es", "8 de diciembre de 2025"),
        ("2024-02-29", "de-CH", "29. Februar 2024"),
        ("2023-05", "de", "Mai 2023"),
        ("2025-07", "es", "julio de 2025"),
        ("2022", "de", "2022"),
        (dt.date(2025, 3, 2), "xx", "2 March 2025"),
    ],
)
def test_long_date(value: dt.date | str, language: str, expected: str) -> None:
    assert long_date(value, language) == expected


def test_brief_labels_override_the_date_pattern() -> None:
    custom = {"date_long": "{month} {day}, {year}"}
    assert long_date("2025-03-02", "en", custom) == "March 2, 2025"
    assert month_names("de")[2] == "März"


@pytest.mark.parametrize(
    ("language", "marks"),
    [
        ("en", ("\u201c", "\u201d")),  # “…”
        ("en-GB", ("\u201c", "\u201d")),
        ("fr", ("\u00ab\u00a0", "\u00a0\u00bb")),  # « … » with no-break spaces inside
        ("fr-BE", ("\u00ab\u00a0", "\u00a0\u00bb")),
        ("de", ("\u201e", "\u201c")),  # „…“
        ("xx", ("\u201c", "\u201d")),
    ],
)
def test_quote_marks(language: str, marks: tuple[str, str]) -> None:
    assert quote_marks(language) == marks
    assert quote_marks(language, labels_for(language)) == marks


def test_brief_labels_override_quote_marks() -> None:
    assert quote_marks("de", {"quote_open": "\u00bb", "quote_close": "\u00ab"}) == (
        "\u00bb", "\u00ab")


def test_labels_import_no_writer_machinery() -> None:
    code = ("import sys, reportgen.labels, reportgen.model; "
            "sys.exit(sorted({'jinja2', 'docx', 'weasyprint'} & set(sys.modules)) or None)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr


def test_a_brief_can_rename_its_fixed_words(tmp_path: Path) -> None:
    """'labels:' in a brief wins over its language's words, in the PDF and the DOCX alike."""
    import io

    import docx
    from pypdf import PdfReader

    from reportgen.brief.load import load_brief
    from reportgen.render.docx.writer import render_docx
    from reportgen.render.pdf.writer import render_pdf
    from reportgen.theme import HOUSE

    text = (FIXTURES / "valid_small.yaml").read_text(encoding="utf-8").replace(
        "\nsummary:", "\nlabels:\n  executive_summary: In brief\n  sources: References\n"
        "summary:", 1)
    brief_path = tmp_path / "brief.yaml"
    brief_path.write_text(text, encoding="utf-8")
    brief = load_brief(brief_path).brief
    assert brief.labels["executive_summary"] == "In brief"
    assert brief.labels["key_takeaways"] == "Key takeaways"  # untouched words keep the default
    headings = [p.text for p in docx.Document(io.BytesIO(render_docx(brief, HOUSE))).paragraphs
                if p.style is not None and p.style.name == "Heading 1"]
    assert headings[0] == "In brief" and headings[-1] == "References"
    pdf = PdfReader(io.BytesIO(render_pdf(brief, HOUSE)))
    pdf_text = "".join(page.extract_text() for page in pdf.pages)
    assert "IN BRIEF" in pdf_text and "References" in pdf_text
    assert "Executive summary" not in pdf_text and "EXECUTIVE SUMMARY" not in pdf_text
