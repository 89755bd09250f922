"""Pandoc citations (locators, prefixes, author-in-text, suppress-author) and notes, in the
PDF, the DOCX (Word's footnotes part, read back through LibreOffice) and the e-mail body; a
malformed citation or note fails ``validate`` at its line and column."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from html import unescape
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from reportgen.brief.load import Loaded, load_brief
from reportgen.render.email.body import render_bodies
from reportgen.theme import HOUSE

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "cites_notes.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# What the brief's citations print as, in every format (numbers in first-cited order).
EXPECTED = ["[see 1, p. 3; also 2]", "Council of Europe [3]",
            "[see 1, pp. 33\u201335, emphasis added; also 3, chap. 2]",
            "The White House [2, sec. 4]", "[2, p. 7]", "[1, 2]", "see Figure 1 and Table 1."]


def flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def pages_text(pdf: Path) -> list[str]:
    return [flat(page.extract_text()) for page in PdfReader(pdf).pages]


def words_at(pdf: Path, page: int) -> tuple[list[tuple[str, float]], float]:
    """The words of one page with their top edge (points from the top), and the page height,
    from poppler's ``pdftotext -bbox``."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         check=True, capture_output=True, text=True).stdout
    height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', out).group(1))  # type: ignore[union-attr]
    words = [(w, float(y)) for y, w in re.findall(r'yMin="([\d.]+)"[^>]*>([^<]*)</word>', out)]
    return words, height


@pytest.fixture(scope="module")
def loaded() -> Loaded:
    return load_brief(FIXTURE)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    subprocess.run([sys.executable, "-m", "reportgen", "build", "-o", str(out), str(FIXTURE)],
                   check=True, capture_output=True, text=True, cwd=ROOT)
    return out


def test_pdf_prints_every_citation_form_and_no_raw_syntax(built: Path) -> None:
    text = " ".join(pages_text(built / "cites-notes.pdf"))
    for expected in EXPECTED:
        assert expected in text
    assert "@" not in text and "[^" not in text and "^[" not in text


def test_pdf_footnotes_sit_at_the_foot_of_the_calling_page(built: Path) -> None:
    pdf = built / "cites-notes.pdf"
    texts = pages_text(pdf)
    for note, call in (("Only framework duties; see the text.", "Governments"),
                       ("Several, in public [3].", "Governments"),
                       ("Summary note text.", "Rules")):
        page = next(i for i, t in enumerate(texts, 1) if note in t)
        assert call in texts[page - 1]  # on the page that calls it
        words, height = words_at(pdf, page)
        note_top = next(y for w, y in words if w == note.split()[0])
        call_top = next(y for w, y in words if w == call)
        assert note_top > height * 0.7 > call_top  # under the text, at the page's foot
    assert "1. Summary note text." in texts[0]


def test_docx_prints_citations_and_writes_word_footnotes(built: Path) -> None:
    doc = Document(str(built / "cites-notes.docx"))
    text = flat(" ".join(p.text for p in doc.paragraphs))
    for expected in EXPECTED:
        assert expected in text
    with zipfile.ZipFile(built / "cites-notes.docx") as z:
        assert "word/footnotes.xml" in z.namelist()
        rels = z.read("word/_rels/document.xml.rels").decode()
        assert "relationships/footnotes" in rels
        types = z.read("[Content_Types].xml").decode()
        assert "wordprocessingml.footnotes+xml" in types
        body = z.read("word/document.xml").decode()
        notes = z.read("word/footnotes.xml").decode()
        note_rels = z.read("word/_rels/footnotes.xml.rels").decode()
    calls = re.findall(r'<w:footnoteReference w:id="(\d+)"/>', body)
    assert calls == ["1", "2", "3"]
    assert re.findall(r'<w:footnote w:id="(\d+)">', notes) == calls
    assert "Only framework duties" in notes and "https://example.org/treaty" in note_rels


def test_libreoffice_reads_the_docx_footnotes_as_footnotes(built: Path,
                                                           tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice (scripts/test-deps.sh) is needed"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(built / "cites-notes.docx")], check=True, capture_output=True,
                   timeout=300)
    converted = tmp_path / "cites-notes.pdf"
    assert "Only framework duties; see the text." in pages_text(converted)[0]
    words, height = words_at(converted, 1)
    note_top = next(y for w, y in words if w == "Only")
    body_top = next(y for w, y in words if w == "Governments")
    assert note_top > body_top and note_top > height * 0.6  # a footnote, not inline text


def test_email_body_prints_citations_and_notes(loaded: Loaded) -> None:
    text, markup = render_bodies(loaded.brief, HOUSE)
    plain, html = flat(text), flat(unescape(markup))
    assert "[see 1, p. 3; also 2]" in plain and "Council of Europe [3]" in plain
    assert "(Summary note text.)" in plain
    assert "[see 1, p. 3; also 2]</span>" in html and "(Summary note text.)" in html
    assert "Council of Europe <span" in html  # the name in the text's own style
    assert "@" not in plain and "^[" not in plain


def test_written_order_kept_when_locators_and_sorted_when_bare(loaded: Loaded) -> None:
    from reportgen.model import Cite, Paragraph
    from reportgen.model.walk import iter_inlines

    body = loaded.brief.body[0]
    cites = [n for b in body.blocks if isinstance(b, Paragraph)  # type: ignore[union-attr]
             for n in iter_inlines(b.inlines) if isinstance(n, Cite)]
    assert cites[1].numbers == (1, 3) and cites[1].items[0].prefix == "see"
    assert cites[3].items[0].suppress_author and cites[3].items[0].printed == "p. 7"


BAD = [
    ("Governments disagree [@eu-ai-act; @us-eo].", "Governments disagree [@eu-ai-act.",
     "citation is not closed", "[@eu-ai-act."),
    ("Governments disagree [@eu-ai-act; @us-eo].", "Governments disagree [@eu-ai-act; us-eo].",
     "names no source", "[@eu-ai-act; us-eo]"),
    ("As @us-eo [sec. 4]", "As @us-oe [sec. 4]", "cites unknown source 'us-oe'", "@us-oe"),
    ("see @fig-box and", "see @fig-bx and", "refers to unknown label 'fig-bx'", "@fig-bx"),
    ("The treaty is thin.[^thin]", "The treaty is thin.", "note [^thin] is defined but never",
     "[^thin]:"),
    ("The treaty is thin.[^thin]", "The treaty is thin.[^thn]", "note [^thn] has no "
     "definition", "[^thn]"),
]


@pytest.mark.parametrize(("old", "new", "message", "at"), BAD)
def test_malformed_citation_or_note_is_a_positioned_error(tmp_path: Path, old: str, new: str,
                                                          message: str, at: str) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    assert old in text
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace(old, new), encoding="utf-8")
    res = subprocess.run([sys.executable, "-m", "reportgen", "validate", str(bad)],
                         capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 2 and "Traceback" not in res.stderr + res.stdout
    out = res.stdout + res.stderr
    line_no = next(i for i, ln in enumerate(bad.read_text().splitlines(), 1) if at in ln)
    column = bad.read_text().splitlines()[line_no - 1].index(at) + 1
    assert f"bad.yaml:{line_no}:{column}: error:" in out and message in out
    assert "hint:" in out


def test_cross_references_link_to_what_they_name(built: Path) -> None:
    doc = (zipfile.ZipFile(built / "cites-notes.docx").read("word/document.xml").decode())
    assert re.search(r'<w:hyperlink w:anchor="fig-box"[^>]*>.*?Figure\u00a01', doc)
    assert re.search(r'<w:bookmarkStart w:id="\d+" w:name="fig-box"/>', doc)
    links = [str(a.get("/Dest")) for page in PdfReader(built / "cites-notes.pdf").pages
             for a in (x.get_object() for x in page.get("/Annots", []))]
    assert "fig-box" in links and "comparison" in links
