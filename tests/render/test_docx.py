"""The DOCX writer: real renders, reopened with python-docx and inspected as Word reads them."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocumentObject
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph as DocxParagraph

from conftest import FIXTURES, outline
from reportgen.brief.load import Loaded, load_brief
from reportgen.errors import InputError
from reportgen.model import ComparisonTable, Section, plain_text
from reportgen.render.docx.writer import render_docx
from reportgen.theme import HOUSE, Logo

SMALL = FIXTURES / "docx_small.yaml"
NBSP = "\u00a0"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
ASVG = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
ROOT = Path(__file__).resolve().parents[2]


def _open(data: bytes) -> DocumentObject:
    return docx.Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def small() -> Loaded:
    return load_brief(SMALL)


@pytest.fixture(scope="module")
def rendered(seed: Loaded, small: Loaded) -> dict[str, bytes]:
    """The seed (A4, a real brief) and the small fixture (Letter, German, every markup)."""
    return {name: render_docx(loaded.brief, HOUSE)
            for name, loaded in (("seed", seed), ("small", small))}


@pytest.fixture(scope="module")
def seed_bytes(rendered: dict[str, bytes]) -> bytes:
    return rendered["seed"]


@pytest.fixture(scope="module")
def seed_doc(rendered: dict[str, bytes]) -> DocumentObject:
    return _open(rendered["seed"])


@pytest.fixture(scope="module")
def small_doc(rendered: dict[str, bytes]) -> DocumentObject:
    return _open(rendered["small"])


def _texts(doc: DocumentObject) -> Iterator[str]:
    """Paragraph and table-cell text in document order (no-break spaces read as spaces)."""
    for item in doc.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                for cell in row.cells:
                    yield cell.text.replace(NBSP, " ")
        else:
            yield item.text.replace(NBSP, " ")


def _styled(doc: DocumentObject, name: str) -> list[DocxParagraph]:
    return [p for p in doc.paragraphs if p.style is not None and p.style.name == name]


# ---------------------------------------------------------------------------------------------
# Structure and styles


def test_named_styles_carry_the_structure(seed_doc: DocumentObject,
                                           small_doc: DocumentObject) -> None:
    used = {p.style.name for d in (seed_doc, small_doc) for p in d.paragraphs if p.style}
    assert {
        "Title", "Subtitle", "Author", "Series", "Heading 1", "Heading 2", "First Paragraph",
        "Body Text", "List Bullet", "List Number", "Quote", "Caption", "Table Note",
        "Bibliography", "Abstract",
    } <= used
    assert seed_doc.tables[0].style.name == "Comparison Table"
    run_styles = set(seed_doc.element.xpath("//w:rStyle/@w:val"))
    assert "Hyperlink" in run_styles
    assert "VerbatimChar" in set(small_doc.element.xpath("//w:rStyle/@w:val"))


def test_executive_summary_is_set_apart_as_in_the_pdf(seed_doc: DocumentObject,
                                                      seed: Loaded) -> None:
    """The summary's paragraphs share the Abstract style: a tinted box with an accent rule."""
    summary = [p for p in seed_doc.paragraphs if p.style and p.style.name == "Abstract"]
    assert len(summary) == len(seed.brief.summary)
    ppr = seed_doc.styles["Abstract"].element.pPr
    assert ppr.xpath("./w:shd/@w:fill") == [HOUSE.light[1:].upper()]
    assert ppr.xpath("./w:pBdr/w:left/@w:color") == [HOUSE.primary[1:].upper()]
    tags = [child.tag.split("}")[1] for child in ppr]
    assert tags.index("pBdr") < tags.index("shd") < tags.index("ind")  # the schema's order


def test_styles_follow_the_theme(seed_doc: DocumentObject) -> None:
    styles = seed_doc.styles
    heading = RGBColor.from_string(HOUSE.heading_color[1:].upper())
    for name in ("Title", "Heading 1", "Heading 2"):
        assert styles[name].font.color.rgb == heading, name
        assert styles[name].font.name == HOUSE.heading_font.family, name
        # a theme-font reference would beat the named font in Word
        assert not styles[name].element.xpath("./w:rPr/w:rFonts/@w:asciiTheme"), name
    assert styles["Normal"].font.name == HOUSE.body_font.family
    assert styles["Normal"].font.size == Pt(HOUSE.base_size_pt)
    assert styles["Hyperlink"].font.color.rgb == RGBColor.from_string(HOUSE.link[1:].upper())

    table_style = styles["Comparison Table"].element
    header = "./w:tblStylePr[@w:type='firstRow']"
    fill = table_style.xpath(f"{header}/w:tcPr/w:shd/@w:fill")
    assert fill == [HOUSE.table_header_bg[1:].upper()]
    assert table_style.xpath(f"{header}/w:rPr/w:color/@w:val") == [
        HOUSE.table_header_fg[1:].upper()]
    assert table_style.xpath(f"{header}/w:rPr/w:b")
    assert table_style.xpath("./w:tblStylePr[@w:type='firstCol']/w:rPr/w:b")


def test_page_size_and_margins(seed_doc: DocumentObject, small_doc: DocumentObject) -> None:
    a4, letter = seed_doc.sections[0], small_doc.sections[0]
    assert (a4.page_width.twips, a4.page_height.twips) == (11906, 16838)
    assert (letter.page_width.twips, letter.page_height.twips) == (12240, 15840)
    # the PDF's @page margins (brief.css): 21 mm 18 mm 20 mm 18 mm
    margins = (a4.top_margin, a4.right_margin, a4.bottom_margin, a4.left_margin)
    assert [round(m.mm) for m in margins] == [21, 18, 20, 18]


def test_header_and_footer_use_page_fields(seed_doc: DocumentObject, seed: Loaded) -> None:
    meta = seed.brief.meta
    section = seed_doc.sections[0]
    assert section.different_first_page_header_footer
    for footer in (section.footer, section.first_page_footer):
        element = footer._element
        assert [t.text.strip() for t in element.xpath(".//w:instrText")] == ["PAGE", "NUMPAGES"]
        assert element.xpath(".//w:fldChar/@w:fldCharType") == [
            "begin", "separate", "end", "begin", "separate", "end"]
        text = footer.paragraphs[0].text
        assert text.startswith(f"{meta.organization}\tPage ") and " of " in text
    # as the PDF's running header: short title | series (or organization)
    assert section.header.paragraphs[0].text == f"{meta.short_title}\t{meta.series}"
    # the title page carries the title itself, not a running header
    assert meta.short_title not in "".join(p.text for p in section.first_page_header.paragraphs)


# ---------------------------------------------------------------------------------------------
# Content


def test_text_appears_in_reading_order(seed_doc: DocumentObject, seed: Loaded) -> None:
    brief = seed.brief
    expected = [brief.meta.series or "", brief.meta.title, brief.meta.subtitle,
                "8 December 2025", *outline(brief, prose=True)]
    text = "\n".join(_texts(seed_doc))
    position = 0
    for item in expected:
        found = text.find(item, position)
        assert found >= 0, f"missing or out of order: {item[:60]!r}"
        position = found + len(item)


def test_headings_are_bookmarked_sections(seed_doc: DocumentObject, seed: Loaded) -> None:
    ids = [p.id for p in seed.brief.body]
    ids += [s.id for p in seed.brief.body if isinstance(p, Section) for s in p.subsections]
    names = set(seed_doc.element.xpath("//w:bookmarkStart/@w:name"))
    assert set(ids) <= names
    numbers = seed_doc.element.xpath("//w:bookmarkStart/@w:id")
    assert len(numbers) == len(set(numbers)), "bookmark ids must be unique"


def test_quotes_are_attributed(seed_doc: DocumentObject, seed: Loaded) -> None:
    quotes = [q for p in seed.brief.body if isinstance(p, Section)
              for s in (p, *p.subsections) for q in s.quotes]
    paragraphs = _styled(seed_doc, "Quote")
    assert len(paragraphs) == len(quotes)
    for p, q in zip(paragraphs, quotes, strict=True):
        assert q.cite is not None
        assert p.text == (f"\u201c{q.text}\u201d\n\u2014 {q.speaker}, {q.affiliation}{NBSP}"
                          f"[{q.cite.numbers[0]}]")


def test_comparison_table(seed_doc: DocumentObject, seed: Loaded) -> None:
    model: ComparisonTable = seed.brief.table
    table = seed_doc.tables[0]
    rows = table._tbl.tr_lst
    assert len(rows) == len(model.rows) + 1
    assert rows[0].xpath("./w:trPr/w:tblHeader"), "header row must repeat on each page"
    assert not any(r.xpath("./w:trPr/w:tblHeader") for r in rows[1:])
    assert all(r.xpath("./w:trPr/w:cantSplit") for r in rows)
    assert [c.text for c in table.rows[0].cells] == list(model.columns)
    first = model.rows[0]
    # under the row name, on a line of their own, free to wrap after a comma (a narrow column)
    cites = "[" + ", ".join(str(n) for n in first.cite.numbers) + "]"
    assert table.rows[1].cells[0].text == f"{plain_text(first.cells[0])}\n{cites}"
    caption = next(c for c in _styled(seed_doc, "Caption") if c.text.startswith("Table"))
    assert caption.text == f"Table 1: {model.caption}"
    assert "SEQ Table" in "".join(caption._p.xpath(".//w:instrText/text()"))
    note = _styled(seed_doc, "Table Note")[0].text
    assert note.replace(NBSP, " ") == plain_text(model.note)


def _font_file(family: str, bold: bool) -> str | None:
    try:
        out = subprocess.run(["fc-match", "-f", "%{file}", f"{family}:bold" if bold else family],
                             capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return out if out.endswith((".ttf", ".otf")) else None


def test_no_table_word_is_wider_than_its_column(seed_doc: DocumentObject, seed: Loaded) -> None:
    """Word breaks a word that does not fit mid-way ("Recommendatio|n"); measured with the
    real font at the cell size, in the column widths and cell padding the file declares."""
    from PIL import ImageFont

    family = HOUSE.body_font.family
    files = {bold: _font_file(family, bold) for bold in (False, True)}
    assert None not in files.values(), f"{family} is not installed (scripts/system-deps.sh)"
    table = seed_doc.tables[0]
    widths = [int(w) for w in table._tbl.xpath("./w:tblGrid/w:gridCol/@w:w")]
    style = seed_doc.styles["Comparison Table"].element
    pads = [int(style.xpath(f"./w:tblPr/w:tblCellMar/w:{side}/@w:w")[0])
            for side in ("left", "right")]
    size = seed_doc.styles["Compact"].font.size.pt
    model: ComparisonTable = seed.brief.table
    rows = [list(model.columns)] + [[plain_text(c) for c in r.cells] for r in model.rows]
    too_wide = []
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            bold = r == 0 or c == 0  # header row and row names (the style's firstRow, firstCol)
            font = ImageFont.truetype(files[bold], 1000)
            room = (widths[c] - sum(pads)) / 20  # points
            words = re.findall(r"[^\s-]+-?", text)  # Word may break after a hyphen
            too_wide += [word for word in words if font.getlength(word) / 1000 * size > room]
    assert not too_wide


def test_sources_are_numbered_and_bookmarked(seed_doc: DocumentObject, seed: Loaded) -> None:
    entries = _styled(seed_doc, "Bibliography")
    assert len(entries) == len(seed.brief.sources)
    for p, source in zip(entries, seed.brief.sources, strict=True):
        assert p.text.startswith(f"[{source.number}]\t{source.publisher}. ")
        assert source.url is None or p.text.endswith(f". {source.url}")
        first = p._p.xpath("./*[not(self::w:pPr)]")[0]
        assert first.tag == f"{W}bookmarkStart" and first.get(f"{W}name") == source.anchor
        italic = [r.text for r in p.runs if r.italic]
        assert italic == [source.title if source.title[-1] in ".?!" else f"{source.title}."]
    # as the PDF: no "?." after a title ending in a question mark; the URL comes last
    assert entries[0].text == (
        "[1]\tNature. China wants to lead the world on AI regulation — will the plan work? "
        "1 December 2025. News explainer. https://doi.org/qhbv")


def test_source_notes_are_printed_as_written_as_in_the_pdf(seed_doc: DocumentObject,
                                                           seed: Loaded) -> None:
    """A note such as 'arXiv:2501.17805' keeps its lower-case first letter (the PDF does)."""
    entries = _styled(seed_doc, "Bibliography")
    noted = [(p, s) for p, s in zip(entries, seed.brief.sources, strict=True) if s.note]
    assert any(s.note[0].islower() for _, s in noted)  # the seed has one: arXiv
    for p, source in noted:
        note = source.note if source.note[-1] in ".?!" else f"{source.note}."
        assert f" {note}" in p.text, p.text


def test_links_are_external_relationships(seed_doc: DocumentObject, seed: Loaded) -> None:
    rels = seed_doc.part.rels
    links = seed_doc.element.xpath("//w:hyperlink[@r:id]")
    assert links
    for link in links:
        rel = rels[link.get(R_ID)]
        assert rel.reltype == RT.HYPERLINK and rel.is_external
    targets = {rels[link.get(R_ID)].target_ref for link in links}
    assert {s.url for s in seed.brief.sources if s.url} <= targets
    assert "https://eur-lex.europa.eu/eli/reg/2024/1689/oj" in targets  # inline body link
    for link in links:
        assert set(link.xpath("./w:r/w:rPr/w:rStyle/@w:val")) == {"Hyperlink"}


def test_citations_link_to_source_bookmarks(seed_doc: DocumentObject, seed: Loaded) -> None:
    bookmarks = set(seed_doc.element.xpath("//w:bookmarkStart/@w:name"))
    anchors = seed_doc.element.xpath("//w:hyperlink/@w:anchor")
    assert anchors and set(anchors) <= bookmarks
    assert {s.anchor for s in seed.brief.sources} <= bookmarks
    summary = _styled(seed_doc, "Abstract")[0]
    cite = summary._p.xpath("./w:hyperlink[@w:anchor='src-nature-2025']")[0]
    assert cite.xpath("string(.)") == "[1]"  # one source: the brackets are part of the link
    group = summary._p.xpath("./w:hyperlink[@w:anchor='src-waico-proposal-2025']")[0]
    assert group.xpath("string(.)") == "2"  # a group: one link per number
    assert f"rules{NBSP}[1]" in summary.text, "a citation stays on its word's line"


def test_inline_markup(small_doc: DocumentObject, small: Loaded) -> None:
    summary = _styled(small_doc, "Abstract")[0]
    runs = {r.text: r for r in summary.runs}
    assert runs["kurzer"].bold and not runs["kurzer"].italic
    assert runs["Betonung"].italic
    assert runs["code()"].style.name == "Verbatim Char"
    # an internal link points at the section's bookmark, an external one keeps its query
    assert small_doc.element.xpath("//w:hyperlink[@w:anchor='zwei']")
    targets = {r.target_ref for r in small_doc.part.rels.values() if r.reltype == RT.HYPERLINK}
    assert "https://example.org/drittens?a=1&b=2" in targets
    line = next(p for p in small_doc.paragraphs if p.text.startswith("Text mit Zeilenumbruch"))
    assert line.text.startswith("Text mit Zeilenumbruch\nin der zweiten Zeile")


def test_each_numbered_list_restarts(small_doc: DocumentObject) -> None:
    items = [p for p in _styled(small_doc, "List Number") if len(p.text) == 4]
    assert [p.text for p in items] == ["eins", "zwei", "drei", "vier"]
    num_ids = [p._p.xpath("./w:pPr/w:numPr/w:numId/@w:val")[0] for p in items]
    assert num_ids[0] == num_ids[1] != num_ids[2] == num_ids[3]
    numbering = small_doc.part.numbering_part.element
    for num_id in {num_ids[0], num_ids[2]}:
        assert numbering.xpath(f"./w:num[@w:numId='{num_id}']//w:startOverride/@w:val") == ["1"]


def test_markup_in_text_stays_literal(small_doc: DocumentObject,
                                      rendered: dict[str, bytes]) -> None:
    texts = list(_texts(small_doc))
    # German fixture: the straight quotes are printed as German ones, the markup stays text.
    assert "Kleine <script>alert(\u201ax\u2018)</script> Probe & Co" in texts
    assert any("<script>alert(1)</script> & <b>not bold</b>" in t for t in texts)
    assert "<script>cell</script>" in texts
    with zipfile.ZipFile(io.BytesIO(rendered["small"])) as z:
        xml = z.read("word/document.xml").decode()
        core = z.read("docProps/core.xml").decode()
    assert "<script>" not in xml and "&lt;script&gt;" in xml
    assert "<script>" not in core
    title = "Kleine <script>alert(\u201ax\u2018)</script> Probe & Co"
    assert small_doc.core_properties.title == title


def test_labels_follow_the_language(small_doc: DocumentObject) -> None:
    headings = [p.text for p in _styled(small_doc, "Heading 1")]
    assert headings[:2] == ["Zusammenfassung", "Kernaussagen"] and headings[-1] == "Quellen"
    assert _styled(small_doc, "Caption")[0].text == "Tabelle 1: Zwei Zeilen, drei Spalten"
    footer = small_doc.sections[0].footer.paragraphs[0].text
    assert footer.startswith("Beispiel-Institut\tSeite ") and " von " in footer


def test_dates_and_quotes_are_localized_as_in_the_pdf(small_doc: DocumentObject) -> None:
    byline = _styled(small_doc, "Author")[0].text
    assert byline == "Ada Beispiel, Bo Muster · Beispiel-Institut · 29. Februar 2024"
    assert _styled(small_doc, "Quote")[0].text.startswith("\u201eEin kurzes Zitat\u201c")
    sources = [p.text for p in _styled(small_doc, "Bibliography")]
    assert sources[1] == "[2]\tVerlag B. Zweite Quelle. Mai 2023."
    assert sources[2].startswith("[3]\tVerlag C. Dritte Quelle. 2022. ")


# ---------------------------------------------------------------------------------------------
# Metadata and reproducibility


def test_core_properties_follow_meta(seed_doc: DocumentObject, seed: Loaded) -> None:
    meta = seed.brief.meta
    cp = seed_doc.core_properties
    assert cp.title == meta.title
    assert cp.author == meta.author_line
    assert cp.subject == meta.summary_line
    assert cp.keywords == ", ".join(meta.keywords)
    assert cp.language == meta.language
    assert cp.category == meta.series
    midnight = dt.datetime(2025, 12, 8)
    assert cp.created.replace(tzinfo=None) == cp.modified.replace(tzinfo=None) == midnight
    assert cp.revision == 1 and cp.last_modified_by == meta.author_line
    assert "python-docx" not in (cp.comments or "")
    lang = seed_doc.styles.element.xpath("./w:docDefaults//w:lang/@w:val")
    assert lang == [meta.language]


def test_same_input_gives_same_bytes(seed: Loaded, seed_bytes: bytes) -> None:
    assert render_docx(seed.brief, HOUSE) == seed_bytes
    with zipfile.ZipFile(io.BytesIO(seed_bytes)) as z:
        assert {info.date_time for info in z.infolist()} == {(2025, 12, 8, 0, 0, 0)}
        assert z.namelist()[0] == "[Content_Types].xml"
        assert not [n for n in z.namelist() if "thumbnail" in n]


def test_app_properties_name_reportgen(seed_bytes: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(seed_bytes)) as z:
        app = z.read("docProps/app.xml").decode()
    assert "<Application>reportgen</Application>" in app
    assert "Microsoft" not in app and "AppVersion" not in app


def test_writer_imports_neither_jinja_nor_the_html_writer() -> None:
    """One writer per format: a DOCX build loads no template engine and no PDF machinery."""
    code = f"""
import sys
from pathlib import Path
from reportgen.brief.load import load_brief
from reportgen.theme import HOUSE
from reportgen.render.docx.writer import render_docx

assert render_docx(load_brief(Path({str(SMALL)!r})).brief, HOUSE).startswith(b"PK")
loaded = [m for m in ("jinja2", "reportgen.render.html", "weasyprint") if m in sys.modules]
if loaded:
    sys.exit("loaded: " + ", ".join(loaded))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr


# ---------------------------------------------------------------------------------------------
# Theme options


def test_reference_docx_styles_win(tmp_path: Path, small: Loaded) -> None:
    reference = docx.Document()
    heading = reference.styles["Heading 1"]
    heading.font.name = "Georgia"
    heading.font.color.rgb = RGBColor(0xAA, 0x00, 0x00)
    reference.add_paragraph("Sample text from the reference document")
    reference.sections[0].header.paragraphs[0].text = "Reference header"
    path = tmp_path / "reference.docx"
    reference.save(str(path))

    doc = _open(render_docx(small.brief, replace(HOUSE, reference_docx=path)))
    styles = doc.styles
    assert styles["Heading 1"].font.name == "Georgia"
    assert styles["Heading 1"].font.color.rgb == RGBColor(0xAA, 0x00, 0x00)
    assert styles["Normal"].font.name == HOUSE.body_font.family  # left open, so filled
    assert styles["Title"].font.name is None  # the reference's theme font stays
    assert styles["Comparison Table"] is not None  # missing styles are created
    texts = list(_texts(doc))
    assert "Sample text from the reference document" not in texts
    assert texts[0] == small.brief.meta.title
    header = doc.sections[0].header.paragraphs
    assert [p.text for p in header] == ["Kleine Probe\tBeispiel-Institut"]


def _png(path: Path) -> Path:
    from PIL import Image

    Image.new("RGB", (120, 40), (31, 78, 121)).save(path)
    return path


def _header_logos(header: object) -> list[tuple[str, str, int]]:
    """(drawing id, alt text, height in EMU) of each picture in a header."""
    element = header._element  # type: ignore[attr-defined]
    return [(d.get("id"), d.get("descr"), int(d.getparent().find(f"{WP}extent").get("cy")))
            for d in element.xpath(".//wp:docPr")]


def _image_parts(header: object) -> list[str]:
    rels = header.part.rels.values()  # type: ignore[attr-defined]
    return [str(r.target_part.partname) for r in rels if r.reltype == RT.IMAGE]


def test_logo_is_in_the_first_page_header(tmp_path: Path, small: Loaded) -> None:
    logo = Logo(_png(tmp_path / "logo.png"), "Beispiel-Institut logo")
    doc = _open(render_docx(small.brief, replace(HOUSE, logo=logo)))
    section = doc.sections[0]
    assert section.different_first_page_header_footer
    # page 1: the logo alone, at the title block's size (12 mm), and not again in the body
    assert _header_logos(section.first_page_header) == [("1", "Beispiel-Institut logo", 432000)]
    assert _image_parts(section.first_page_header) == ["/word/media/image1.png"]
    assert section.first_page_header.paragraphs[0].text == ""
    assert not doc.element.body.xpath(".//w:drawing")
    assert doc.paragraphs[0].style.name == "Title"  # the fixture has no series
    # later pages: the running header without a logo (the brand did not ask for one)
    assert not _header_logos(section.header)
    assert section.header.paragraphs[0].text == "Kleine Probe\tBeispiel-Institut"


def test_png_logo_goes_in_the_headers(tmp_path: Path, small: Loaded) -> None:
    logo = Logo(_png(tmp_path / "logo.png"), "Beispiel-Institut logo")
    theme = replace(HOUSE, logo=logo, logo_in_header=True)
    data = render_docx(small.brief, theme)
    assert render_docx(small.brief, theme) == data
    doc = _open(data)
    section = doc.sections[0]
    # page 1 as above; the running header as the PDF's: small logo (4 mm), title | series
    assert _header_logos(section.first_page_header) == [("1", "Beispiel-Institut logo", 432000)]
    assert _header_logos(section.header) == [("2", "Beispiel-Institut logo", 144000)]
    assert section.header.paragraphs[0].text == " Kleine Probe\tBeispiel-Institut"
    # one image in the package, related from both headers
    assert _image_parts(section.header) == _image_parts(section.first_page_header)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert [n for n in z.namelist() if n.startswith("word/media/")] == ["word/media/image1.png"]
    assert not doc.element.body.xpath(".//w:drawing")


def test_raster_logo_stands_in_for_svg(tmp_path: Path, small: Loaded) -> None:
    svg = tmp_path / "logo.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    png = Logo(_png(tmp_path / "logo.png"), "raster logo")
    theme = replace(HOUSE, logo=Logo(svg, "logo"), logo_raster=png)
    doc = _open(render_docx(small.brief, theme))
    assert _header_logos(doc.sections[0].first_page_header)[0][1] == "raster logo"


def test_svg_only_brand_has_its_logo_in_word(tmp_path: Path, small: Loaded) -> None:
    """A brand whose logo is only an SVG: rasterized for Word (at least 200 dpi), the SVG
    attached as asvg:svgBlip, in both headers, with the brand's alt text."""
    from reportgen.brand.load import load_brand

    brand = tmp_path / "brand"
    shutil.copytree(ROOT / "brands" / "example-policy-institute", brand)
    (brand / "logo.png").unlink()
    text = (brand / "brand.yml").read_text()
    text = re.sub(r"    wordmark-png:.*?alt: Example Policy Institute\n", "", text, flags=re.S)
    (brand / "brand.yml").write_text(text + "defaults:\n  reportgen:\n    logo_in_header: true\n")
    theme = load_brand(brand)
    assert theme.logo is not None and theme.logo.path.suffix == ".svg"
    assert theme.logo_raster is None
    data = render_docx(small.brief, theme)
    doc = _open(data)
    section = doc.sections[0]
    assert _header_logos(section.first_page_header) == [("1", "Example Policy Institute", 432000)]
    assert _header_logos(section.header) == [("2", "Example Policy Institute", 144000)]
    for header in (section.first_page_header, section.header):
        parts = _image_parts(header)
        assert [p.rsplit(".", 1)[1] for p in parts] == ["png", "svg"]
        assert list(header._element.iter(f"{{{ASVG}}}svgBlip"))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        svgs = [n for n in z.namelist() if n.endswith(".svg")]
        assert len(svgs) == 1  # one part, related from both headers
        assert z.read(svgs[0]) == (brand / "logo.svg").read_bytes()
        png = z.read("word/media/image1.png")
    height_px = int.from_bytes(png[20:24], "big")  # PNG IHDR
    assert height_px / (432000 / 914400) >= 200  # at least 200 dpi at the title block's 12 mm


def test_unreadable_svg_logo_is_an_error_not_a_silent_drop(tmp_path: Path,
                                                            small: Loaded) -> None:
    svg = tmp_path / "logo.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/x"/></svg>')
    theme = replace(HOUSE, logo=Logo(svg, "logo"))
    with pytest.raises(InputError) as err:
        render_docx(small.brief, theme)
    problem = err.value.problems[0]
    assert problem.file == str(svg)
    assert "the logo cannot be placed in Word" in problem.message


# ---------------------------------------------------------------------------------------------
# Performance


def test_thousand_row_table(seed: Loaded) -> None:
    """Every row is written (speed is measured by ``make bench``, not asserted here)."""
    brief = seed.brief
    rows = tuple(brief.table.rows[i % len(brief.table.rows)] for i in range(1000))
    body = tuple(replace(p, rows=rows) if isinstance(p, ComparisonTable) else p
                 for p in brief.body)
    big = replace(brief, body=body)
    data = render_docx(big, HOUSE)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.read("word/document.xml").count(b"<w:tr>") == 1001


def test_unusable_reference_docx_is_an_input_error(tmp_path: Path, small: Loaded) -> None:
    path = tmp_path / "reference.docx"
    path.write_text("not a zip file")
    with pytest.raises(InputError) as info:
        render_docx(small.brief, replace(HOUSE, reference_docx=path))
    assert info.value.problems[0].hint and ".docx" in info.value.problems[0].hint


def test_lists_get_numbering_when_the_reference_has_none(tmp_path: Path, small: Loaded) -> None:
    reference = docx.Document()
    for name in ("List Number", "List Bullet"):
        for numpr in reference.styles[name].element.xpath("./w:pPr/w:numPr"):
            numpr.getparent().remove(numpr)
    path = tmp_path / "reference.docx"
    reference.save(str(path))
    doc = _open(render_docx(small.brief, replace(HOUSE, reference_docx=path)))
    numbering = doc.part.numbering_part.element
    for name, fmt in (("List Number", "decimal"), ("List Bullet", "bullet")):
        num_ids = {p._p.xpath("./w:pPr/w:numPr/w:numId/@w:val")[0] for p in _styled(doc, name)}
        abstract_ids = {numbering.xpath(f"./w:num[@w:numId='{n}']/w:abstractNumId/@w:val")[0]
                        for n in num_ids}
        assert len(abstract_ids) == 1, "one definition per kind of list"
        (abstract,) = abstract_ids
        assert numbering.xpath(
            f"./w:abstractNum[@w:abstractNumId='{abstract}']/w:lvl/w:numFmt/@w:val") == [fmt]
