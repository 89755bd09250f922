"""Parity: the PDF, the DOCX and the e-mail of the seed say the same things in the same order.

Both files are rendered, their text is extracted (pypdf for the PDF, python-docx for the DOCX,
table cells included), and each must hold the executive summary, the key takeaways, every
heading, paragraph, pull quote, figure caption and table cell, and every source title, in the
order of the document model. The e-mail body (summary and takeaways only) is checked the same
way against its part of that order. Whitespace
is ignored, so line wrapping and no-break spaces do not matter, and so is the case of the fixed
labels ("Executive summary"), which the PDF's stylesheet sets in capitals; everything else must
match exactly.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import docx
import pytest
from docx.document import Document as DocumentObject
from docx.table import Table
from pypdf import PageObject, PdfReader

from conftest import ROOT, Label
from reportgen.brief.load import Loaded, load_brief
from reportgen.model import (
    Brief,
    BulletList,
    ComparisonTable,
    Figure,
    OrderedList,
    Paragraph,
    Quote,
    Section,
    plain_text,
)
from reportgen.model.order import body_order
from reportgen.model.walk import block_inlines
from reportgen.render.docx.writer import render_docx
from reportgen.render.email.body import render_bodies
from reportgen.render.pdf.writer import render_pdf
from reportgen.theme import HOUSE
from reportgen.writing_systems import primary


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def quote_text(brief: Brief, quote: Quote) -> str:
    """What a pull quote prints first: its translation when it is in another language."""
    foreign = primary(quote.language) != primary(brief.meta.language)
    return quote.translation if foreign and quote.translation else quote.text


def _body_items(brief: Brief) -> Iterator[str]:
    """Headings, paragraphs, list items, pull quotes, figure captions and table cells, in the
    order ``model.order`` gives."""
    for _, part in body_order(brief.body):
        match part:
            case Section(heading=heading):
                yield heading
            case Paragraph(inlines=inlines):
                yield plain_text(inlines)
            case BulletList(items=items) | OrderedList(items=items):
                yield from (plain_text(item) for item in items)
            case Quote():
                yield quote_text(brief, part)
            case Figure(number=number, caption=caption):
                yield Label(f"{brief.labels['figure']} {number}")
                yield plain_text(caption)
            case ComparisonTable():
                yield from (part.heading, part.caption, *part.columns)
                yield from (plain_text(cell) for row in part.rows for cell in row.cells)


def summary_items(brief: Brief) -> list[str]:
    """The executive summary and the takeaways: what every edition, the e-mail too, opens with."""
    return [Label(brief.labels["executive_summary"]),
            *(plain_text(item) for item in block_inlines(brief.summary)),
            Label(brief.labels["key_takeaways"]), *(plain_text(t) for t in brief.takeaways)]


def expected_items(brief: Brief) -> list[str]:
    """What the PDF and the DOCX must hold, in reading order."""
    items = [brief.meta.title, *summary_items(brief), *_body_items(brief),
             Label(brief.labels["sources"]), *(source.title for source in brief.sources)]
    return [type(item)(squash(item)) for item in items]


MARGIN_BOX_PT = 50  # the running header and footer sit in the page margins (about 20 mm)


def _body_text(page: PageObject) -> str:
    """A page's text without its running header and footer, so a paragraph that breaks across
    pages still reads as one."""
    parts: list[str] = []
    top = float(page.mediabox.height) - MARGIN_BOX_PT

    def keep(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        y = cm[5] + tm[5] * cm[3]
        if MARGIN_BOX_PT < y < top or not text.strip():
            parts.append(text)

    page.extract_text(visitor_text=keep)
    return "".join(parts)


def pdf_text(data: bytes) -> str:
    return "".join(squash(_body_text(page)) for page in PdfReader(io.BytesIO(data)).pages)


def _docx_texts(doc: DocumentObject) -> Iterator[str]:
    for item in doc.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                for cell in row.cells:
                    yield cell.text
        else:
            yield item.text


def docx_text(data: bytes) -> str:
    return squash("".join(_docx_texts(docx.Document(io.BytesIO(data)))))


def first_out_of_order(text: str, items: list[str]) -> str | None:
    """The first item not found after the previous one, or None when all are in order."""
    position = 0
    for item in items:
        flags = re.IGNORECASE if isinstance(item, Label) else 0
        found = re.compile(re.escape(item), flags).search(text, position)
        if found is None:
            return item
        position = found.end()
    return None


@pytest.fixture(scope="module", params=["china-ai-governance.yaml",
                                        "china-ai-governance-zh.yaml"])
def seed(request: pytest.FixtureRequest) -> Loaded:
    """Each seed in turn: the English brief and its Chinese edition."""
    return load_brief(ROOT / "seeds" / request.param)


@pytest.fixture(scope="module")
def texts(seed: Loaded) -> dict[str, str]:
    return {"pdf": pdf_text(render_pdf(seed.brief, HOUSE)),
            "docx": docx_text(render_docx(seed.brief, HOUSE)),
            "email": squash(render_bodies(seed.brief, HOUSE)[0])}


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_both_formats_hold_everything_in_the_same_order(seed: Loaded, texts: dict[str, str],
                                                        fmt: str) -> None:
    items = expected_items(seed.brief)
    assert len(items) > 60  # summary, takeaways, headings, cells, sources: not a token check
    assert seed.brief.figures  # the seed's figures are part of the check
    missing = first_out_of_order(texts[fmt], items)
    assert missing is None, f"{fmt}: missing or out of order: {missing[:80]!r}"


def test_every_paragraph_and_quote_is_compared(seed: Loaded) -> None:
    """Quotes and paragraphs are part of the order checked, not only headings and cells."""
    items = expected_items(seed.brief)
    quotes = [squash(quote_text(seed.brief, q)) for _, q in body_order(seed.brief.body)
              if isinstance(q, Quote)]
    assert quotes and all(q in items for q in quotes)


def test_the_email_opens_with_the_same_summary_and_takeaways(seed: Loaded,
                                                              texts: dict[str, str]) -> None:
    items = [type(item)(squash(item)) for item in summary_items(seed.brief)]
    missing = first_out_of_order(texts["email"], items)
    assert missing is None, f"email: missing or out of order: {missing[:80]!r}"


def test_source_entries_read_the_same(seed: Loaded, texts: dict[str, str]) -> None:
    """Publisher, title, note and URL of each source, as one run of text in both files."""
    for source in seed.brief.sources:
        parts = [source.publisher, source.title, *filter(None, [source.note, source.url])]
        entry = squash(" ".join(parts))
        for fmt, text in texts.items():
            if fmt == "email":  # lists only the sources its summary cites, without notes
                continue
            assert first_out_of_order(text, [squash(p) for p in parts]) is None, (fmt, entry)


def test_a_reordered_document_is_caught(seed: Loaded, texts: dict[str, str]) -> None:
    """The check itself can fail: two headings swapped are out of order."""
    items = expected_items(seed.brief)
    heading = items.index(squash(seed.brief.table.heading))
    swapped = items[:]
    swapped[heading], swapped[heading - 1] = swapped[heading - 1], swapped[heading]
    assert first_out_of_order(texts["pdf"], swapped) is not None
    assert first_out_of_order(texts["docx"], swapped) is not None
