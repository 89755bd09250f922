"""Parity for the web edition: the HTML says what the PDF and the DOCX say, in the same order.

The summary, takeaways, every heading, quotes, figure captions, table cells and source titles
(conftest.outline, plus each quote) must appear in the HTML's text in reading order, as they do
in the PDF's and the DOCX's. What only the web has (the contents list, heading anchors, links
back from sources, chart data tables, text for screen readers only) is left out of its text.
"""

from __future__ import annotations

import io
import re

import docx
import lxml.html
import pytest
from pypdf import PdfReader

from conftest import ROOT, Label, outline, sections
from reportgen.brief.load import Loaded, load_brief
from reportgen.model import Brief
from reportgen.render.docx.writer import render_docx
from reportgen.render.pdf.writer import render_pdf
from reportgen.render.web.writer import render_web
from reportgen.theme import HOUSE

WEB_ONLY = ("//head | //nav[@class='rg-toc'] | //*[contains(@class, 'rg-anchor')] | "
            "//*[contains(@class, 'rg-vh')] | //*[@class='rg-backlinks'] | //details")


def squash(text: str) -> str:
    """Without whitespace, and without the word joiners (U+2060) that keep a Chinese date
    together: invisible, and a PDF's text extraction drops them."""
    return re.sub(r"[\s\u2060]+", "", text)


def html_text(data: bytes) -> str:
    page = lxml.html.fromstring(data)
    for element in page.xpath(WEB_ONLY):
        element.drop_tree()
    return squash(page.text_content())


def pdf_text(data: bytes) -> str:
    return "".join(squash(page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages)


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = []
    for item in document.iter_inner_content():
        if isinstance(item, docx.table.Table):
            parts += [cell.text for row in item.rows for cell in row.cells]
        else:
            parts.append(item.text)
    return squash("".join(parts))


def items(brief: Brief) -> list[str]:
    """The outline, with each quote (as printed: its translation, if it has one) after its
    section's heading."""
    quotes = {s.heading: [q.translation or q.text for q in s.quotes] for s in sections(brief)}
    found: list[str] = [brief.meta.title]
    for item in outline(brief):
        found.append(item)
        found += quotes.pop(item, []) if not isinstance(item, Label) else []
    return [type(i)(squash(i)) for i in found]


def first_out_of_order(text: str, wanted: list[str]) -> str | None:
    position = 0
    for item in wanted:
        flags = re.IGNORECASE if isinstance(item, Label) else 0
        found = re.compile(re.escape(item), flags).search(text, position)
        if found is None:
            return item
        position = found.end()
    return None


@pytest.fixture(scope="module", params=["china-ai-governance.yaml",
                                        "china-ai-governance-zh.yaml"])
def seed(request: pytest.FixtureRequest) -> Loaded:
    return load_brief(ROOT / "seeds" / request.param)


@pytest.fixture(scope="module")
def texts(seed: Loaded) -> dict[str, str]:
    return {"html": html_text(render_web(seed.brief, HOUSE)),
            "pdf": pdf_text(render_pdf(seed.brief, HOUSE)),
            "docx": docx_text(render_docx(seed.brief, HOUSE))}


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
def test_every_edition_holds_everything_in_the_same_order(seed: Loaded, texts: dict[str, str],
                                                          fmt: str) -> None:
    wanted = items(seed.brief)
    assert len(wanted) > 60 and any(s.quotes for s in sections(seed.brief))
    missing = first_out_of_order(texts[fmt], wanted)
    assert missing is None, f"{fmt}: missing or out of order: {missing[:80]!r}"


def test_sources_read_the_same(seed: Loaded, texts: dict[str, str]) -> None:
    for source in seed.brief.sources:
        parts = [squash(p) for p in (source.publisher, source.title, source.note, source.url)
                 if p]
        assert first_out_of_order(texts["html"], parts) is None, source.id


def test_a_reordered_web_edition_is_caught(seed: Loaded, texts: dict[str, str]) -> None:
    wanted = items(seed.brief)
    table = wanted.index(squash(seed.brief.table.heading))
    wanted[table], wanted[table - 1] = wanted[table - 1], wanted[table]
    assert first_out_of_order(texts["html"], wanted) is not None
