"""The PDF writer and its URL fetcher, with real WeasyPrint renders (the seed is rendered once)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import http.server
import io
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from conftest import FIXTURES, sections
from reportgen.brief.load import Loaded, load_brief
from reportgen.model import (
    Brief,
    Cite,
    ComparisonTable,
    Paragraph,
    Section,
    TableRow,
    Text,
    plain_text,
)
from reportgen.options import RenderOptions
from reportgen.render.pdf.fetcher import FetchRefused, restricted_fetcher
from reportgen.render.pdf.writer import render_pdf
from reportgen.theme import HOUSE, Theme

SMALL = FIXTURES / "pdf_small.yaml"
A4 = (595, 842)
LETTER = (612, 792)
# Tagged PDF/UA-1 by default (untagged: about 68 KB of text); the timeline chart adds about
# 14 KB (vector; WeasyPrint draws each right-aligned or centred chart label as its own form).
MAX_SEED_BYTES = 116 * 1024


def squash(text: str) -> str:
    """Text without any whitespace: line breaks, wrapped words and hyphen breaks compare equal."""
    return re.sub(r"\s+", "", text)


def page_texts(reader: PdfReader) -> list[str]:
    # pypdf keeps content-stream order, and WeasyPrint draws box by box, so a table cell's lines
    # stay together (pdfplumber's layout order would interleave the columns).
    return [squash(page.extract_text()) for page in reader.pages]


def page_size(reader: PdfReader, index: int = 0) -> tuple[int, int]:
    box = reader.pages[index].mediabox
    return round(float(box.width)), round(float(box.height))


def outline_titles(items: list[Any]) -> list[str]:
    out: list[str] = []
    for item in items:
        if isinstance(item, list):
            out.extend(outline_titles(item))
        else:
            out.append(item.title)
    return out


def link_annotations(reader: PdfReader) -> list[dict[str, Any]]:
    found = []
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            obj = annot.get_object() if isinstance(annot, IndirectObject) else annot
            if obj.get("/Subtype") == "/Link":
                found.append(obj)
    return found


def all_stream_bytes(reader: PdfReader) -> bytes:
    """Every object of the file, streams decompressed: what a leak would have to hide in."""
    chunks = []
    for num in range(1, int(reader.trailer["/Size"])):
        obj = reader.get_object(num)
        if obj is None:
            continue
        data = getattr(obj, "get_data", None)
        chunks.append(data() if data else repr(obj).encode())
    return b"\n".join(chunks)


# ---- The seed, rendered once -----------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_pdf(seed: Loaded) -> bytes:
    return render_pdf(seed.brief, HOUSE)


@pytest.fixture(scope="module")
def reader(seed_pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(seed_pdf))


@pytest.fixture(scope="module")
def text(reader: PdfReader) -> str:
    return "".join(page_texts(reader))


@pytest.fixture(scope="module")
def small() -> Brief:
    return load_brief(SMALL).brief


def test_seed_is_small_and_a4(seed_pdf: bytes, reader: PdfReader) -> None:
    assert seed_pdf.startswith(b"%PDF-")
    assert len(seed_pdf) <= MAX_SEED_BYTES, f"{len(seed_pdf)} bytes"
    assert all(page_size(reader, i) == A4 for i in range(len(reader.pages)))


def test_text_has_title_headings_cells_and_sources(seed: Loaded, text: str) -> None:
    brief = seed.brief
    expected = [brief.meta.title, brief.meta.subtitle, brief.table.heading, brief.table.caption]
    expected += [s.heading for s in sections(brief)]
    expected += list(brief.table.columns)
    expected += [plain_text(cell) for row in brief.table.rows for cell in row.cells]
    expected += [s.title for s in brief.sources]
    missing = [e for e in expected if squash(e) not in text]
    assert not missing


def test_metadata(seed: Loaded, reader: PdfReader) -> None:
    meta = seed.brief.meta
    info = reader.metadata
    assert info is not None
    assert info.title == meta.title
    assert info.author == ", ".join(meta.authors)
    assert info.subject == meta.summary_line
    assert info["/Keywords"] == ", ".join(meta.keywords)
    created = info.creation_date
    assert created is not None and created.date() == meta.date
    assert info.modification_date is not None and info.modification_date.date() == meta.date
    assert reader.trailer["/Root"]["/Lang"] == meta.language


def test_two_renders_are_identical(seed: Loaded, seed_pdf: bytes) -> None:
    assert render_pdf(seed.brief, HOUSE) == seed_pdf


def test_outline_lists_the_headings(seed: Loaded, reader: PdfReader) -> None:
    titles = outline_titles(reader.outline)
    brief = seed.brief
    for heading in [s.heading for s in sections(brief)] + [brief.table.heading]:
        assert heading in titles
    assert brief.labels["sources"] in titles
    assert brief.meta.title not in titles  # the title block is not a bookmark
    nested = [item for item in reader.outline if isinstance(item, list)]
    subs = [sub.heading for part in brief.body if isinstance(part, Section)
            for sub in part.subsections]
    if subs:
        assert set(subs) <= set(outline_titles(nested))
    # Parts (h2) at level 1, subsections (h3) at level 2, in reading order; the h1 title is out.
    top = [item.title for item in reader.outline if not isinstance(item, list)]
    assert top == [brief.labels["executive_summary"], brief.labels["key_takeaways"],
                   *(part.heading for part in brief.body), brief.labels["sources"]]
    assert outline_titles(nested) == subs and all(
        not isinstance(item, list) for group in nested for item in group)


def test_links_to_urls_and_to_sources(seed: Loaded, reader: PdfReader) -> None:
    links = link_annotations(reader)
    uris = {str(link["/A"]["/URI"]) for link in links if "/A" in link and "/URI" in link["/A"]}
    for source in seed.brief.sources:
        if source.url:
            assert source.url in uris
    internal = {str(link["/Dest"]) for link in links if "/Dest" in link}
    cited = {key for part in seed.brief.body if isinstance(part, ComparisonTable)
             for row in part.rows for key in row.cite.keys}
    assert {f"src-{key}" for key in cited} <= internal
    assert {f"src-{s.id}" for s in seed.brief.sources} <= set(reader.named_destinations)


def test_running_header_from_page_two_and_folios(seed: Loaded, reader: PdfReader) -> None:
    pages = page_texts(reader)
    count = len(pages)
    short = squash(seed.brief.meta.short_title)
    assert short not in pages[0]
    assert all(short in page for page in pages[1:])
    for number, page in enumerate(pages, start=1):
        assert f"Page{number}of{count}" in page


# ---- Other renders ---------------------------------------------------------------------------


def test_letter_paper(small: Brief) -> None:
    letter = dataclasses.replace(small, meta=dataclasses.replace(small.meta, paper="Letter"))
    assert page_size(PdfReader(io.BytesIO(render_pdf(letter, HOUSE)))) == LETTER


def test_long_table_repeats_its_header_and_never_splits_a_row(small: Brief) -> None:
    base = small.table
    rows = tuple(
        TableRow(
            tuple((Text(f"Row{n:02d} {column} " + "words " * (4 + n % 5)),)
                  for column in base.columns),
            Cite((small.sources[0].id,), (small.sources[0].number,)),
        )
        for n in range(40)
    )
    body = tuple(dataclasses.replace(p, rows=rows) if isinstance(p, ComparisonTable) else p
                 for p in small.body)
    pages = page_texts(PdfReader(io.BytesIO(render_pdf(
        dataclasses.replace(small, body=body), HOUSE))))
    header = squash(" ".join(base.columns))
    spanned = [i for i, page in enumerate(pages) if "Row" in page and "words" in page]
    assert len(spanned) > 1, "the fixture must make the table span pages"
    for i in spanned:
        assert header in pages[i], f"header row missing on page {i + 1}"
    for row in rows:
        cells = [squash(plain_text(cell)) for cell in row.cells]
        homes = [i for i, page in enumerate(pages) if all(c in page for c in cells)]
        assert len(homes) == 1, f"row {cells[0]} is split or missing"


def test_markup_in_the_brief_is_printed_as_text(small: Brief) -> None:
    title = "<script>alert(1)</script> policy"
    image = '<img src="file:///etc/passwd">'
    brief = dataclasses.replace(
        small,
        meta=dataclasses.replace(small.meta, title=title),
        summary=(Paragraph((Text(f"Before {image} after."),)),),
    )
    reader = PdfReader(io.BytesIO(render_pdf(brief, HOUSE)))
    text = "".join(page_texts(reader))
    assert squash(title) in text and squash(image) in text
    assert b"root:x:0:0" not in all_stream_bytes(reader)


# ---- The fetcher: templates cannot read outside their folders or reach the network ------------


class Recorder(http.server.BaseHTTPRequestHandler):
    paths: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        Recorder.paths.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body { color: red }")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def web() -> Iterator[str]:
    """A local web server that records every request made to it."""
    Recorder.paths = []
    server = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def png(path: Path, colour: str = "red") -> Path:
    Image.new("RGB", (8, 8), colour).save(path)
    return path


def test_hostile_template_reads_nothing_and_fetches_nothing(
    small: Brief, tmp_path: Path, web: str
) -> None:
    templates = tmp_path / "templates"
    assets = tmp_path / "assets"
    templates.mkdir()
    assets.mkdir()
    allowed = png(assets / "ok.png")
    (templates / "brief.html.j2").write_text(
        '{% extends "base.html.j2" %}\n'
        "{% block extra_styles %}<style>\n"
        "@import url(file:///etc/passwd);\n"
        f"@import url({web}/import.css);\n"
        f"body {{ background: url({web}/bg.png); }}\n"
        '@font-face { font-family: "Leak"; src: url(file:///etc/passwd); }\n'
        "</style>\n"
        f'<link rel="stylesheet" href="{web}/link.css">\n'
        '<link rel="attachment" href="file:///etc/passwd">\n'
        "{% endblock %}\n"
        "{% block colophon %}\n"
        '<img src="file:///etc/passwd" alt="passwd">\n'
        '<img src="../../../../../../etc/passwd" alt="relative">\n'
        '<object data="file:///etc/passwd"></object>\n'
        '<embed src="file:///etc/passwd">\n'
        f'<img src="{web}/img.png" alt="web">\n'
        f'<img src="{allowed.as_uri()}" alt="allowed">\n'
        "{% endblock %}\n",
        encoding="utf-8",
    )
    theme = dataclasses.replace(HOUSE, template_dirs=(templates, *HOUSE.template_dirs),
                                asset_dirs=(assets,))
    reader = PdfReader(io.BytesIO(render_pdf(small, theme)))
    everything = all_stream_bytes(reader)
    assert b"root:x:0:0" not in everything
    assert Recorder.paths == []
    assert "/EmbeddedFiles" not in str(reader.trailer["/Root"].get("/Names", {}))
    # The one allowed image did load: the refusals above are the fetcher's, not a broken render.
    images = {img.data for page in reader.pages for img in page.images}
    assert len(images) == 1


def test_logo_from_an_asset_folder(small: Brief, tmp_path: Path) -> None:
    from reportgen.theme import Logo

    logo = png(tmp_path / "logo.png", "navy")
    theme: Theme = dataclasses.replace(HOUSE, logo=Logo(logo, "Example logo"),
                                       asset_dirs=(tmp_path,))
    reader = PdfReader(io.BytesIO(render_pdf(small, theme)))
    assert len(reader.pages[0].images) == 1


@pytest.fixture
def jail(tmp_path: Path) -> tuple[Path, Path]:
    inside = tmp_path / "inside"
    inside.mkdir()
    (inside / "style.css").write_text("p { color: red }")
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0")
    return inside, secret


def test_fetcher_serves_files_inside_allowed_dirs(jail: tuple[Path, Path]) -> None:
    inside, _ = jail
    response = restricted_fetcher([inside])((inside / "style.css").as_uri())
    assert response.read() == b"p { color: red }"
    assert response.content_type == "text/css"


def test_fetcher_serves_data_urls(jail: tuple[Path, Path]) -> None:
    response = restricted_fetcher([jail[0]])("data:text/plain;base64,aGVsbG8=")
    assert response.read() == b"hello"


def test_fetcher_refuses_dot_dot_escape(jail: tuple[Path, Path]) -> None:
    inside, _ = jail
    fetch = restricted_fetcher([inside])
    with pytest.raises(FetchRefused):
        fetch(inside.as_uri() + "/../secret.txt")
    with pytest.raises(FetchRefused):
        fetch(inside.as_uri() + "/%2e%2e/secret.txt")
    assert fetch.refused  # type: ignore[attr-defined]


def test_fetcher_refuses_symlink_escape(jail: tuple[Path, Path]) -> None:
    inside, secret = jail
    (inside / "link.txt").symlink_to(secret)
    (inside / "dir").symlink_to(secret.parent, target_is_directory=True)
    fetch = restricted_fetcher([inside])
    with pytest.raises(FetchRefused):
        fetch((inside / "link.txt").as_uri())
    with pytest.raises(FetchRefused):
        fetch((inside / "dir" / "secret.txt").as_uri())


def test_fetcher_refuses_other_files_and_schemes(jail: tuple[Path, Path]) -> None:
    inside, secret = jail
    fetch = restricted_fetcher([inside])
    for url in (secret.as_uri(), "file:///etc/passwd", "file://example.org/etc/passwd",
                "http://127.0.0.1:9/x.css", "https://example.org/x.png",
                "ftp://example.org/x", (inside).as_uri()):
        with pytest.raises(FetchRefused):
            fetch(url)


def test_fetcher_allows_nothing_without_dirs(jail: tuple[Path, Path]) -> None:
    with pytest.raises(FetchRefused):
        restricted_fetcher([])((jail[0] / "style.css").as_uri())


def test_pdf_dates_ignore_the_clock(small: Brief) -> None:
    old = dataclasses.replace(small, meta=dataclasses.replace(small.meta,
                                                              date=dt.date(2001, 2, 3)))
    info = PdfReader(io.BytesIO(render_pdf(old, HOUSE))).metadata
    assert info is not None and info.creation_date is not None
    assert info.creation_date.date() == dt.date(2001, 2, 3)


def test_weasyprint_import_leaves_find_library_as_it_was() -> None:
    """The loader-cache shortcut lasts for WeasyPrint's import only."""
    import subprocess
    import sys

    code = (
        "import ctypes.util\n"
        "before = ctypes.util.find_library\n"
        "from reportgen.render.pdf.writer import import_weasyprint\n"
        "w = import_weasyprint()\n"
        "assert ctypes.util.find_library is before\n"
        "assert w.__name__ == 'weasyprint' and hasattr(w, 'HTML')\n"
        "from weasyprint.text.ffi import pango, harfbuzz_subset\n"
        "assert pango is not None and harfbuzz_subset is not None, 'library not found'\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr


def test_spaced_capitals_copy_as_words(seed_pdf: bytes, tmp_path: Path) -> None:
    """Letter-spaced labels stay words for copy-paste and screen readers (pdftotext)."""
    import subprocess

    pdf = tmp_path / "seed.pdf"
    pdf.write_bytes(seed_pdf)
    page1 = subprocess.run(["pdftotext", "-l", "1", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout
    assert "POLICY BRIEF NO. 1" in page1
    assert "EXECUTIVE SUMMARY" in page1 and "KEY TAKEAWAYS" in page1


# ---- PDF variants: accessible (PDF/UA) and archival (PDF/A) ------------------------------------


def struct_types(reader: PdfReader) -> dict[str, int]:
    """How many structure elements of each type (/H1, /Table ...) the structure tree holds."""
    counts: dict[str, int] = {}
    todo = list(reader.trailer["/Root"]["/StructTreeRoot"]["/K"])
    while todo:
        element = todo.pop().get_object()
        if not isinstance(element, dict) or element.get("/Type") != "/StructElem":
            continue
        counts[element["/S"]] = counts.get(element["/S"], 0) + 1
        kids = element.get("/K", [])
        todo.extend(k for k in kids if isinstance(k, IndirectObject))
    return counts


def heading_tags(reader: PdfReader) -> list[str]:
    """The heading structure types (/H1 ... /H6), in reading order (depth first)."""
    found: list[str] = []

    def walk(kids: Any) -> None:
        for kid in kids if isinstance(kids, list) else [kids]:
            if not isinstance(kid, IndirectObject):
                continue
            element = kid.get_object()
            if not isinstance(element, dict) or element.get("/Type") != "/StructElem":
                continue
            if re.fullmatch(r"/H[1-6]", element["/S"]):
                found.append(element["/S"])
            walk(element.get("/K", []))

    walk(reader.trailer["/Root"]["/StructTreeRoot"]["/K"])
    return found


def figures_alt(reader: PdfReader) -> list[str | None]:
    found = []
    for num in range(1, int(reader.trailer["/Size"])):
        obj = reader.get_object(num)
        if isinstance(obj, dict) and obj.get("/S") == "/Figure" and "/P" in obj:
            found.append(obj.get("/Alt"))
    return found


def xmp(reader: PdfReader) -> str:
    return reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")


def variant(name: str | None) -> RenderOptions:
    return RenderOptions(pdf_variant=name)


@pytest.fixture(scope="module")
def ua_pdf(seed: Loaded) -> bytes:
    return render_pdf(seed.brief, HOUSE, variant("pdf/ua-1"))


@pytest.fixture(scope="module")
def pdfa_pdf(seed: Loaded) -> bytes:
    return render_pdf(seed.brief, HOUSE, variant("pdf/a-3b"))


def test_variant_names_are_weasyprints() -> None:
    """The names reportgen accepts without importing WeasyPrint are WeasyPrint's own."""
    import weasyprint.pdf

    from reportgen.options import EXCLUDED_VARIANTS, PDF_VARIANTS, pdf_variant

    assert len(set(PDF_VARIANTS)) == len(PDF_VARIANTS)
    assert not set(PDF_VARIANTS) & set(EXCLUDED_VARIANTS)
    assert set(PDF_VARIANTS) | set(EXCLUDED_VARIANTS) == set(weasyprint.pdf.VARIANTS)
    assert pdf_variant(" PDF/UA-1 ") == "pdf/ua-1" and pdf_variant("None") is None
    with pytest.raises(ValueError, match="did you mean 'pdf/a-3b'"):
        pdf_variant("pdf/a3b")


def test_default_pdf_is_tagged_and_variant_none_is_not(seed: Loaded, reader: PdfReader) -> None:
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"].value is True
    assert "/OutputIntents" not in root
    plain = PdfReader(io.BytesIO(render_pdf(seed.brief, HOUSE, variant(None))))
    root = plain.trailer["/Root"]
    assert "/StructTreeRoot" not in root and "/MarkInfo" not in root
    assert page_texts(plain) == page_texts(reader)


def test_pdf_ua_is_tagged_with_headings_lists_and_table(seed: Loaded, ua_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(ua_pdf))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"].value is True
    assert root["/ViewerPreferences"]["/DisplayDocTitle"].value is True  # window shows the title
    assert root["/Lang"] == seed.brief.meta.language
    assert reader.metadata is not None and reader.metadata.title == seed.brief.meta.title
    types = struct_types(reader)
    for tag in ("/H1", "/H2", "/H3", "/P", "/L", "/LI", "/LBody", "/Table", "/TR", "/TH", "/TD",
                "/Link", "/BlockQuote", "/Caption"):
        assert types.get(tag), (tag, types)
    # One H1, the title, first; the summary, takeaways, sections, table and sources are H2;
    # subsections are H3 under their section's H2; nothing deeper.
    expected = ["/H1", "/H2", "/H2"]
    for part in seed.brief.body:
        expected.append("/H2")
        if isinstance(part, Section):
            expected.extend("/H3" for _ in part.subsections)
    expected.append("/H2")
    assert "/H3" in expected, "the seed has subsections"
    assert heading_tags(reader) == expected
    assert types["/H1"] == 1 and not {"/H4", "/H5", "/H6", "/H"} & set(types)
    # Row headers, plus the column headers once per page the table spans: WeasyPrint tags each
    # repeated <thead> again (the seed's table starts under its figure and spans two pages).
    columns, rows = len(seed.brief.table.columns), len(seed.brief.table.rows)
    assert (types["/TH"] - rows) % columns == 0 and types["/TH"] > rows, types["/TH"]
    assert re.search(r'pdfuaid:part(="1"|>1<)', xmp(reader))
    assert "CreateDate>" + seed.brief.meta.date.isoformat() in xmp(reader)
    assert page_texts(reader) == page_texts(PdfReader(io.BytesIO(render_pdf(seed.brief, HOUSE))))


def test_pdf_ua_gives_the_logo_its_alt_text(small: Brief, tmp_path: Path) -> None:
    from reportgen.theme import Logo

    logo = png(tmp_path / "logo.png", "navy")
    theme = dataclasses.replace(HOUSE, logo=Logo(logo, "Example logo"), asset_dirs=(tmp_path,))
    reader = PdfReader(io.BytesIO(render_pdf(small, theme, variant("pdf/ua-1"))))
    assert figures_alt(reader) == ["Example logo"]


def test_pdf_a_has_its_identification_and_an_output_intent(pdfa_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(pdfa_pdf))
    root = reader.trailer["/Root"]
    meta = xmp(reader)
    assert re.search(r'pdfaid:part(="3"|>3<)', meta)
    assert re.search(r'pdfaid:conformance(="B"|>B<)', meta)
    [intent] = [i.get_object() for i in root["/OutputIntents"]]
    assert intent["/S"] == "/GTS_PDFA1" and "/DestOutputProfile" in intent
    assert "/StructTreeRoot" in root  # level B asks only for the look; reportgen tags it too


def test_variants_render_identically_twice(seed: Loaded, ua_pdf: bytes,
                                           pdfa_pdf: bytes) -> None:
    assert render_pdf(seed.brief, HOUSE, variant("pdf/ua-1")) == ua_pdf
    assert render_pdf(seed.brief, HOUSE, variant("pdf/a-3b")) == pdfa_pdf


def test_pdf_x_document_id_and_dates_ignore_the_clock(small: Brief, tmp_path: Path) -> None:
    """WeasyPrint's PDF/X-4 writes a random XMP DocumentID, and the clock's time when the
    document has no dates: a template that drops the date <meta> tags must not let it."""
    (tmp_path / "brief.html.j2").write_text(
        '{% extends "base.html.j2" %}{% block metadata %}<title>x</title>{% endblock %}',
        encoding="utf-8")
    theme = dataclasses.replace(HOUSE, template_dirs=(tmp_path, *HOUSE.template_dirs))
    x4 = variant("pdf/x-4")
    old = dataclasses.replace(small, meta=dataclasses.replace(small.meta,
                                                              date=dt.date(2001, 2, 3)))
    first = render_pdf(old, theme, x4)
    assert render_pdf(old, theme, x4) == first
    reader = PdfReader(io.BytesIO(first))
    assert reader.metadata is not None and reader.metadata.creation_date is not None
    assert reader.metadata.creation_date.date() == dt.date(2001, 2, 3)
    [document_id] = re.findall(r"xmp\.did:([0-9a-f-]+)", xmp(reader))
    assert document_id.replace("-", "") == reader.trailer["/ID"][0]
