"""Every node type of the model, through every writer: HTML (the PDF's input), DOCX, e-mail.

The node types are read from the model's unions (``Inline``, ``Block``, ``BodyItem``), so a node
added to the model fails ``test_the_samples_cover_every_node_type`` until it has a sample here,
and then the rendering tests until each writer prints it. Each sample sits between two markers
(``in-X`` ... ``out-X``); its printed text must appear between them in each edition.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from typing import get_args

import docx
import pytest
from docx.table import Table
from lxml import etree

from reportgen.labels import labels_for
from reportgen.model import (
    Block,
    BodyItem,
    Brief,
    BulletList,
    Cite,
    Code,
    ComparisonTable,
    Emph,
    Figure,
    Inline,
    LineBreak,
    Link,
    Meta,
    Note,
    OrderedList,
    Paragraph,
    Quote,
    Section,
    Source,
    Strong,
    TableRow,
    Text,
)
from reportgen.model.order import body_order
from reportgen.render.docx.writer import render_docx
from reportgen.render.email.body import render_bodies
from reportgen.render.html import render_html
from reportgen.theme import HOUSE

BREAK = "\u23ce"  # what a line break reads as once whitespace is squashed
CITE = Cite(("src-a",), (1,))
SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
       b'<rect width="40" height="20" fill="#345"/></svg>')

# Each inline type with a sample and the text it prints.
INLINES: dict[type, tuple[Inline, str]] = {
    Text: (Text("text-sample"), "text-sample"),
    Code: (Code("code-sample"), "code-sample"),
    LineBreak: (LineBreak(), BREAK),
    Strong: (Strong((Text("strong-sample"),)), "strong-sample"),
    Emph: (Emph((Text("emph-sample"),)), "emph-sample"),
    Link: (Link("https://example.org/l", (Text("link-sample"),)), "link-sample"),
    Cite: (CITE, "[1]"),
    Note: (Note((Text("note-sample"),)), "note-sample"),
}


def blocks(where: str) -> dict[type, tuple[Block, list[tuple[str, str]]]]:
    """Each block type with a sample and the (marker, printed text) pairs it must show."""
    paragraph = Paragraph(tuple(
        node for kind, (sample, _) in INLINES.items()
        for node in (Text(f" in-{where}-{kind.__name__} "), sample,
                     Text(f" out-{where}-{kind.__name__} "))))
    return {
        Paragraph: (paragraph, [(f"{where}-{kind.__name__}", printed)
                                for kind, (_, printed) in INLINES.items()]),
        BulletList: (BulletList(((Text(f"in-{where}-bullet bullet-item out-{where}-bullet"),),)),
                     [(f"{where}-bullet", "bullet-item")]),
        OrderedList: (OrderedList(((Text(f"in-{where}-ordered ordered-item "
                                         f"out-{where}-ordered"),),)),
                      [(f"{where}-ordered", "ordered-item")]),
    }


def _marked(name: str, text: str) -> str:
    return f"in-{name} {text} out-{name}"


SUMMARY = blocks("summary")
BODY = blocks("body")
QUOTE = Quote(_marked("quote", "quote-sample"), "Speaker", "Affiliation", CITE)
FIGURE = Figure("f", 1, (Text(_marked("figure", "figure-caption")),), "alt text", CITE,
                media_type="image/svg+xml", data=SVG)
SUBSECTION = Section("sub", _marked("subsection", "subsection-heading"),
                     (Paragraph((Text("subsection paragraph"),)),))
SECTION = Section("sec", _marked("section", "section-heading"),
                  tuple(block for block, _ in BODY.values()), (QUOTE,), (SUBSECTION,), (FIGURE,))
TABLE = ComparisonTable("comparison", _marked("table", "table-heading"), "Caption",
                        ("Jurisdiction", "Approach"),
                        (TableRow(((Text("Row"),), (Text(_marked("cell", "table-cell")),)),
                                  CITE),))
BRIEF = Brief(
    meta=Meta(title="Every node", subtitle="A brief of samples", short_title="Every node",
              date=dt.date(2025, 12, 8), authors=("Tester",), organization="Org",
              language="en", slug="every-node", keywords=(), summary_line="Samples."),
    summary=tuple(block for block, _ in SUMMARY.values()),
    takeaways=((Text("takeaway-sample "), CITE),),
    body=(SECTION, TABLE),
    sources=(Source("src-a", 1, "Source title", "Publisher", "2025"),),
    labels=labels_for("en"),
)
# What each body item type prints (marker, text): HTML and DOCX only; the e-mail has no body.
BODY_ITEMS: dict[type, list[tuple[str, str]]] = {
    **{kind: pairs for kind, (_, pairs) in BODY.items()},
    Quote: [("quote", "quote-sample")],
    Figure: [("figure", "figure-caption")],
    Section: [("section", "section-heading"), ("subsection", "subsection-heading")],
    ComparisonTable: [("table", "table-heading"), ("cell", "table-cell")],
}


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text.replace("\u00a0", " "))


def html_text(markup: str) -> str:
    markup = re.sub(r"<br\s*/?>", BREAK, markup)
    markup = re.sub(r"<(style|head)\b.*?</\1>", "", markup, flags=re.S)
    return squash(html.unescape(re.sub(r"<[^>]+>", "", markup)))


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_text(data: bytes) -> str:
    """The text as Word shows it, with each footnote's text read at its call (python-docx's
    ``text`` skips footnote references)."""
    document = docx.Document(io.BytesIO(data))
    notes = {}
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/footnotes"):
            for note in etree.fromstring(rel.target_part.blob).iter(f"{W}footnote"):
                notes[note.get(f"{W}id")] = "".join(t.text or "" for t in note.iter(f"{W}t"))

    def text(p: object) -> str:
        element = p._p if hasattr(p, "_p") else p._tc  # type: ignore[attr-defined]
        out = []
        for node in element.iter(f"{W}t", f"{W}br", f"{W}footnoteReference"):
            out.append(node.text or "" if node.tag == f"{W}t" else
                       BREAK if node.tag == f"{W}br" else notes[node.get(f"{W}id")])
        return "".join(out)

    out = []
    for item in document.iter_inner_content():
        cells = [c for row in item.rows for c in row.cells] if isinstance(item, Table) else [item]
        out += [text(c) for c in cells]
    return squash(" ".join(out))


def mail_text(text: str) -> str:
    """The plain-text part: a line break inside a paragraph is a single newline (samples are
    shorter than the wrap width, so no other newline falls between a pair of markers)."""
    return squash(re.sub(r"(?<!\n)\n(?!\n)", BREAK, text))


@pytest.fixture(scope="module")
def editions() -> dict[str, str]:
    text, mail_html = render_bodies(BRIEF, HOUSE)
    return {"html": html_text(render_html(BRIEF, HOUSE)),
            "docx": docx_text(render_docx(BRIEF, HOUSE)),
            "email text": mail_text(text),
            "email html": html_text(mail_html)}


def between(text: str, name: str) -> str | None:
    start = text.find(f"in-{name}")
    end = text.find(f"out-{name}", start)
    return None if start < 0 or end < 0 else text[start + len(f"in-{name}"):end]


def test_the_samples_cover_every_node_type() -> None:
    assert set(INLINES) == set(get_args(Inline))
    assert set(SUMMARY) == set(get_args(Block))
    assert {type(item) for _, item in body_order(BRIEF.body)} == set(get_args(BodyItem))
    assert set(BODY_ITEMS) == set(get_args(BodyItem))


@pytest.mark.parametrize("edition", ["html", "docx", "email text", "email html"])
@pytest.mark.parametrize("kind", get_args(Block), ids=lambda k: k.__name__)
def test_every_inline_and_block_type_is_printed(editions: dict[str, str], edition: str,
                                                kind: type) -> None:
    for name, printed in SUMMARY[kind][1]:
        window = between(editions[edition], name)
        assert window is not None, f"{edition}: markers of {name} missing"
        assert printed in window, f"{edition}: {name} printed {window!r}, not {printed!r}"


@pytest.mark.parametrize("edition", ["html", "docx"])
@pytest.mark.parametrize("kind", get_args(BodyItem), ids=lambda k: k.__name__)
def test_every_body_item_type_is_printed(editions: dict[str, str], edition: str,
                                         kind: type) -> None:
    for name, printed in BODY_ITEMS[kind]:
        window = between(editions[edition], name)
        assert window is not None, f"{edition}: markers of {name} missing"
        assert printed in window, f"{edition}: {name} printed {window!r}, not {printed!r}"


def test_a_dropped_node_is_caught(editions: dict[str, str]) -> None:
    """The check can fail: a window without its sample, or a marker that is not there."""
    assert "code-sample" not in (between(editions["docx"], "summary-Text") or "x")
    assert between(editions["html"], "nowhere") is None
