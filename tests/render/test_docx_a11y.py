"""The DOCX's accessibility: language, title, alt text, table caption, no spacer paragraphs."""

from __future__ import annotations

import dataclasses
import io

import docx
from docx.oxml.ns import qn

from conftest import FIXTURES, ROOT
from reportgen.brand.load import load_brand
from reportgen.brief.load import load_brief
from reportgen.render.docx.writer import render_docx


def test_language_title_alt_text_table_caption_and_no_empty_paragraphs() -> None:
    brief = load_brief(FIXTURES / "docx_small.yaml").brief
    theme = load_brand(ROOT / "brands" / "civic-ledger")
    assert theme.logo is not None
    doc = docx.Document(io.BytesIO(render_docx(brief, theme)))
    props = doc.core_properties
    assert (props.language, props.title) == ("de", brief.meta.title)
    alts = [p.get("descr") for p in doc.element.getroottree().iter(qn("wp:docPr"))]
    headers = [s.first_page_header for s in doc.sections] + [s.header for s in doc.sections]
    alts += [p.get("descr") for h in headers for p in h._element.iter(qn("wp:docPr"))]
    assert alts and set(alts) == {theme.logo.alt}  # every picture (the logo) has its alt text
    [table] = doc.tables
    pr = table._tbl.tblPr
    assert pr.find(qn("w:tblCaption")).get(qn("w:val")) == "Tabelle 1: " + brief.table.caption
    description = pr.find(qn("w:tblDescription")).get(qn("w:val"))
    assert description.startswith(brief.table.caption) and "Anmerkung" in description
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    spacers = [p for p in doc.paragraphs
               if not p.text.strip() and not p._p.xpath(".//w:drawing | .//w:fldChar")]
    assert spacers == []


def test_without_a_note_the_description_is_the_caption() -> None:
    brief = load_brief(FIXTURES / "docx_small.yaml").brief
    table = dataclasses.replace(brief.table, note=None)
    brief = dataclasses.replace(brief, body=tuple(table if p is brief.table else p
                                                  for p in brief.body))
    theme = load_brand(ROOT / "brands" / "civic-ledger")
    doc = docx.Document(io.BytesIO(render_docx(brief, theme)))
    pr = doc.tables[0]._tbl.tblPr
    assert pr.find(qn("w:tblDescription")).get(qn("w:val")) == brief.table.caption + "."
