"""Parity: the PDF and the DOCX of the seed say the same things in the same order.

Both files are rendered, their text is extracted (pypdf for the PDF, python-docx for the DOCX,
table cells included), and each must hold the executive summary, the key takeaways, every
heading, every table cell and every source title, in the order of the document model. Whitespace
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
from pypdf import PdfReader

from conftest import ROOT, Label, outline
from reportgen.brief.load import Loaded, load_brief
from reportgen.model import Brief
from reportgen.render.docx.writer import render_docx
from reportgen.render.pdf.writer import render_pdf
from reportgen.theme import HOUSE


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def expected_items(brief: Brief) -> list[str]:
    """What both files must hold, in reading order."""
    return [type(item)(squash(item)) for item in [brief.meta.title, *outline(brief)]]


def pdf_text(data: bytes) -> str:
    return "".join(squash(page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages)


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
            "docx": docx_text(render_docx(seed.brief, HOUSE))}


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_both_formats_hold_everything_in_the_same_order(seed: Loaded, texts: dict[str, str],
                                                        fmt: str) -> None:
    items = expected_items(seed.brief)
    assert len(items) > 60  # summary, takeaways, headings, cells, sources: not a token check
    missing = first_out_of_order(texts[fmt], items)
    assert missing is None, f"{fmt}: missing or out of order: {missing[:80]!r}"


def test_source_entries_read_the_same(seed: Loaded, texts: dict[str, str]) -> None:
    """Publisher, title, note and URL of each source, as one run of text in both files."""
    for source in seed.brief.sources:
        parts = [source.publisher, source.title, *filter(None, [source.note, source.url])]
        entry = squash(" ".join(parts))
        for fmt, text in texts.items():
            assert first_out_of_order(text, [squash(p) for p in parts]) is None, (fmt, entry)


def test_a_reordered_document_is_caught(seed: Loaded, texts: dict[str, str]) -> None:
    """The check itself can fail: two headings swapped are out of order."""
    items = expected_items(seed.brief)
    heading = items.index(squash(seed.brief.table.heading))
    swapped = items[:]
    swapped[heading], swapped[heading - 1] = swapped[heading - 1], swapped[heading]
    assert first_out_of_order(texts["pdf"], swapped) is not None
    assert first_out_of_order(texts["docx"], swapped) is not None
