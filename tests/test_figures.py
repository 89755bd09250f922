"""Figures: images and Vega-Lite charts in both formats, and every bad input refused with a place.

Each test writes a real brief folder (tests/fixtures/valid_small.yaml plus a ``figures:`` list and
the files it names), loads or builds it, and inspects the real PDF (pypdf, pdftoppm pixels) and
DOCX (python-docx, the package's parts).
"""

from __future__ import annotations

import io
import json
import re
import struct
import subprocess
import sys
import zipfile
import zlib
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from reportgen.brief.load import Loaded, load_brief
from reportgen.errors import InputError
from reportgen.model import plain_text
from reportgen.options import RenderOptions
from reportgen.render.charts import chart_config, render_figures
from reportgen.render.docx.writer import render_docx
from reportgen.render.pdf.writer import render_pdf
from reportgen.theme import HOUSE

ROOT = Path(__file__).resolve().parents[1]
SMALL = (ROOT / "tests" / "fixtures" / "valid_small.yaml").read_text()
FIRST_LINE = SMALL.count("\n") + 3  # the line of the first figure's "- id:"
ASVG = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"

BAR_CHART = """\
    chart:
      mark: bar
      data:
        values:
          - {year: "2023", count: 2}
          - {year: "2024", count: 5}
          - {year: "2025", count: 3}
      encoding:
        x: {field: year, type: ordinal}
        y: {field: count, type: quantitative}
"""


def write_brief(folder: Path, figures: str, files: dict[str, bytes | str] | None = None) -> Path:
    """valid_small.yaml with ``figures:`` appended, and the files the figures name."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in (files or {}).items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            target.write_text(content)
        else:
            target.write_bytes(content)
    path = folder / "brief.yaml"
    path.write_text(SMALL + "\nfigures:\n" + figures)
    return path


def figure(body: str, fid: str = "counts", alt: str = "Bar chart of counts by year.",
           extra: str = "") -> str:
    return (f"  - id: {fid}\n    caption: \"Counts by year [@eu-ai-act]\"\n"
            f"    alt: \"{alt}\"\n{extra}{body}")


def png_bytes(width: int = 60, height: int = 30, colour: tuple[int, int, int] = (200, 30, 30)
              ) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "PNG")
    return out.getvalue()


def huge_png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims a size no one could render (a decompression bomb's trick)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64))


SVG_IMAGE = ('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" '
             'viewBox="0 0 200 100"><rect width="200" height="100" fill="#2a7f62"/></svg>')


def error_of(path: Path) -> list:
    with pytest.raises(InputError) as err:
        load_brief(path)
    return [p for p in err.value.problems if p.severity == "error"]


# ---------------------------------------------------------------------------------------------
# The model


def test_figures_are_numbered_placed_and_cited_in_reading_order(tmp_path: Path) -> None:
    path = write_brief(tmp_path, figure(BAR_CHART, "counts", extra="    after: outlook\n")
                       + figure("    image: pic.png\n", "photo", "A red square.",
                                "    after: context\n    source: [coe-convention]\n"
                                "    width: 50%\n"),
                       {"pic.png": png_bytes()})
    brief = load_brief(path).brief
    assert [(f.id, f.number) for f in brief.figures] == [("photo", 1), ("counts", 2)]
    photo = brief.figures[0]
    assert photo.width == 0.5 and photo.media_type == "image/png"
    assert photo.cite is not None and photo.cite.keys == ("coe-convention",)
    assert plain_text(brief.figures[1].caption).startswith("Counts by year [")


def test_prose_links_to_a_figure(tmp_path: Path) -> None:
    text = SMALL.replace("Implementation continues [@eu-ai-act].",
                         "See [the counts](#fig-counts) [@eu-ai-act].")
    path = write_brief(tmp_path, figure(BAR_CHART))
    path.write_text(text + "\nfigures:\n" + figure(BAR_CHART))
    loaded = load_brief(path)
    data = render_docx(loaded.brief, HOUSE)
    body = docx.Document(io.BytesIO(data)).element.body
    assert body.xpath('.//w:hyperlink[@w:anchor="fig-counts"]')
    assert body.xpath('.//w:bookmarkStart[@w:name="fig-counts"]')


# ---------------------------------------------------------------------------------------------
# Rendering


@pytest.fixture(scope="module")
def chart_brief(tmp_path_factory: pytest.TempPathFactory) -> Loaded:
    folder = tmp_path_factory.mktemp("chart")
    return load_brief(write_brief(folder, figure(BAR_CHART, extra="    source: [us-eo]\n")
                                  + figure("    image: logo.svg\n", "mark", "A green box.",
                                           "    width: 0.4\n"),
                                  {"logo.svg": SVG_IMAGE}))


def test_chart_is_themed_and_titleless(chart_brief: Loaded) -> None:
    theme = replace(HOUSE, primary="#c0392b", body_font=replace(HOUSE.body_font,
                                                                family="DejaVu Serif"))
    svg = render_figures(chart_brief.brief, theme).figures[0].data.decode()
    assert 'fill="#c0392b"' in svg  # the bars are the primary colour
    assert "DejaVu Serif" in svg  # the axis labels are set in the body font
    assert chart_config(theme)["range"]["category"][0] == "#c0392b"
    assert "<title" not in svg.split(">", 2)[1]


def test_pdf_holds_the_chart_as_vector_with_caption_and_alt(chart_brief: Loaded,
                                                            tmp_path: Path) -> None:
    data = render_pdf(chart_brief.brief, HOUSE, RenderOptions(pdf_variant="pdf/ua-1"))
    reader = PdfReader(io.BytesIO(data))
    text = "".join(page.extract_text() for page in reader.pages)
    assert re.search(r"Figure 1\s+Counts by year \[\d\]", text)
    assert re.search(r"Source: \[\d\]", text)
    assert "Figure 2" in text
    # tagged: a Figure element carrying each alt text
    alts = []
    for num in range(1, int(reader.trailer["/Size"])):
        obj = reader.get_object(num)
        if isinstance(obj, dict) and obj.get("/S") == "/Figure" and "/P" in obj:
            alts.append(obj.get("/Alt"))
    assert alts == ["Bar chart of counts by year.", "A green box."]
    # vector: the chart's bars are paths on the page, not an embedded bitmap
    page = next(p for p in reader.pages if "Figure 1" in p.extract_text())
    resources = page["/Resources"]
    xobjects = resources.get("/XObject", {})
    assert not any(x.get_object().get("/Subtype") == "/Image" for x in xobjects.values())


def _pixels(pdf: Path, page: int, out: Path) -> tuple[int, int, bytes]:
    """The page as RGB pixels (pdftoppm, 50 dpi): width, height, data."""
    subprocess.run(["pdftoppm", "-r", "50", "-f", str(page), "-l", str(page), "-singlefile",
                    str(pdf), str(out)], check=True)
    data = (out.parent / (out.name + ".ppm")).read_bytes()
    header = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", data)
    assert header
    return int(header[1]), int(header[2]), data[header.end():]


def test_brand_colour_is_in_the_charts_pixels(chart_brief: Loaded, tmp_path: Path) -> None:
    colour = (0xC0, 0x39, 0x2B)
    for theme, expected in ((replace(HOUSE, primary="#c0392b"), True), (HOUSE, False)):
        pdf = tmp_path / "chart.pdf"
        pdf.write_bytes(render_pdf(chart_brief.brief, theme))
        page = next(i for i, p in enumerate(PdfReader(pdf).pages, 1)
                    if "Figure 1" in p.extract_text())
        _, _, pixels = _pixels(pdf, page, tmp_path / f"page-{expected}")
        found = sum(1 for i in range(0, len(pixels), 3)
                    if all(abs(pixels[i + k] - colour[k]) < 12 for k in range(3)))
        assert (found > 200) is expected, (theme.primary, found)


def test_docx_has_png_svg_alt_and_seq_caption(chart_brief: Loaded) -> None:
    data = render_docx(chart_brief.brief, HOUSE)
    doc = docx.Document(io.BytesIO(data))
    body = doc.element.body
    alts = [d.get("descr") for d in body.iter(f"{WP}docPr")]
    assert alts == ["Bar chart of counts by year.", "A green box."]
    assert len(list(body.iter(f"{{{ASVG}}}svgBlip"))) == 2
    fields = [t.text.strip() for t in body.xpath(".//w:instrText") if "SEQ" in (t.text or "")]
    assert fields.count("SEQ Figure \\* ARABIC") == 2
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    assert any(re.fullmatch(r"Figure 1: Counts by year\s\[\d\]", c) for c in captions)
    assert any(c.startswith("Figure 2: ") for c in captions)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        media = sorted(n for n in z.namelist() if n.startswith("word/media/"))
        assert [m.rsplit(".", 1)[1] for m in media].count("svg") == 2
        pngs = [z.read(m) for m in media if m.endswith(".png")]
    # the chart's PNG: at least 200 dpi over the text width (17 cm)
    widths = sorted(int.from_bytes(p[16:20], "big") for p in pngs)
    assert widths[-1] >= 200 * 17 / 2.54
    # the 40% figure is 40% of the text width
    extents = [int(e.get("cx")) for e in body.iter(f"{WP}extent")]
    assert abs(extents[1] / extents[0] - 0.4) < 0.01


def test_seed_has_its_timeline_in_both_formats(seed: Loaded) -> None:
    timeline = next(f for f in seed.brief.figures if f.id == "timeline")
    spec = json.loads(timeline.spec or "{}")
    rows = spec["data"]["values"]
    assert len(rows) > 15
    cited = set(timeline.cite.keys if timeline.cite else ())
    for row in rows:
        assert row["source"] in cited  # every event's source is in the figure's Source line
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["date"])


# ---------------------------------------------------------------------------------------------
# Bad input: located errors


BAD = [
    # (name, figures yaml, files, line offset from the first figure, field, message fragment)
    ("missing alt", "  - id: a\n    caption: c\n    image: p.png\n", {"p.png": png_bytes()},
     0, "figures[0].alt", "required field 'alt' is missing"),
    ("empty alt", "  - id: a\n    caption: c\n    alt: \"\"\n    image: p.png\n",
     {"p.png": png_bytes()}, 2, "figures[0].alt", "is empty"),
    ("missing image", figure("    image: nothere.png\n"), {}, 3, "figures[0].image",
     "image 'nothere.png' not found"),
    ("unsupported type", figure("    image: p.gif\n"), {"p.gif": b"GIF89a"}, 3,
     "figures[0].image", "not a supported image type"),
    ("outside the folder", figure("    image: ../p.png\n"), {}, 3, "figures[0].image",
     "outside the brief's folder"),
    ("damaged png", figure("    image: p.png\n"), {"p.png": png_bytes()[:60]}, 3,
     "figures[0].image", "damaged PNG"),
    ("not a png", figure("    image: p.png\n"), {"p.png": b"hello"}, 3, "figures[0].image",
     "is not a PNG image"),
    ("decompression bomb", figure("    image: p.png\n"), {"p.png": huge_png_header(30000, 30000)},
     3, "figures[0].image", "30000 x 30000 pixels"),
    ("svg entity", figure("    image: p.svg\n"), {"p.svg": '<?xml version="1.0"?><!DOCTYPE svg '
     '[<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>'}, 3,
     "figures[0].image", "DOCTYPE"),
    ("svg external", figure("    image: p.svg\n"), {"p.svg": '<svg xmlns="http://www.w3.org/2000/'
     'svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="1" height="1"><image '
     'xlink:href="file:///etc/passwd"/></svg>'}, 3, "figures[0].image", "refers to another file"),
    ("both image and chart", figure("    image: p.png\n" + BAR_CHART), {"p.png": png_bytes()},
     0, "figures[0]", "has both 'image' and 'chart'"),
    ("neither", figure(""), {}, 0, "figures[0]", "needs 'image' or 'chart'"),
    ("unknown after", figure(BAR_CHART, extra="    after: outlok\n"), {}, 3, "figures[0].after",
     "no section has the id 'outlok'"),
    ("unknown source", figure(BAR_CHART, extra="    source: [nobody]\n"), {}, 3,
     "figures[0].source[0]", "cites unknown source 'nobody'"),
    ("duplicate id", figure(BAR_CHART) + figure(BAR_CHART), {}, 13, "figures[1].id",
     "duplicate figure id 'counts'"),
    ("data file missing", figure("    chart:\n      mark: bar\n      data: {url: d.csv}\n"), {},
     5, "figures[0].chart.data.url", "data file 'd.csv' not found"),
    ("data url on the web", figure("    chart:\n      mark: bar\n      data: {url: "
                                   "'https://example.org/d.csv'}\n"), {}, 5,
     "figures[0].chart.data.url", "is a web address"),
    ("malformed csv", figure("    chart:\n      mark: bar\n      data: {url: d.csv}\n"),
     {"d.csv": "a,b\n1,2,3\n"}, 5, "figures[0].chart.data.url", "line 2: 3 values"),
    ("malformed json", figure("    chart:\n      mark: bar\n      data: {url: d.json}\n"),
     {"d.json": "[{\"a\": 1,}]"}, 5, "figures[0].chart.data.url", "not valid JSON"),
    ("missing csv column", figure("    chart:\n      mark: bar\n      data: {url: d.csv}\n"
                                  "      encoding:\n        x: {field: yeer, type: ordinal}\n"),
     {"d.csv": "year,count\n2024,3\n"}, 7, "figures[0].chart.encoding.x.field",
     "x field 'yeer' is not a column"),
    ("unknown mark", figure(BAR_CHART.replace("mark: bar", "mark: barr")), {}, 4,
     "figures[0].chart.mark", "'barr' is not a Vega-Lite mark"),
    ("unknown field type", figure(BAR_CHART.replace("type: ordinal", "type: nominl")), {}, 11,
     "figures[0].chart.encoding.x.type", "'nominl' is not a Vega-Lite field type"),
    ("not a chart", figure("    chart: {data: {values: []}}\n"), {}, 3, "figures[0].chart",
     "is not a Vega-Lite chart"),
    ("bad width", figure(BAR_CHART, extra="    width: 3\n"), {}, 3, "figures[0].width",
     "3 is not a width"),
]


@pytest.mark.parametrize("case", BAD, ids=[c[0] for c in BAD])
def test_bad_figure_inputs_are_located(tmp_path: Path, case: tuple) -> None:
    _, figures, files, offset, field, message = case
    path = write_brief(tmp_path / "brief", figures, files)
    if "outside" in case[0]:
        (tmp_path / "p.png").write_bytes(png_bytes())
    problems = error_of(path)
    assert len(problems) == 1, [p.format() for p in problems]
    problem = problems[0]
    assert problem.field == field
    assert message in problem.message, problem.format()
    assert problem.line == FIRST_LINE + offset, problem.format()
    assert problem.column is not None


def test_chart_spec_the_renderer_rejects_is_exit_2_at_the_chart_key(tmp_path: Path) -> None:
    bad = BAR_CHART.replace("x: {field: year, type: ordinal}",
                            "x: {field: year, type: ordinal, timeUnit: fortnight}")
    path = write_brief(tmp_path / "b", figure(bad))
    out = tmp_path / "out"
    out.mkdir()
    (out / "small-brief.pdf").write_bytes(b"old")
    result = subprocess.run([sys.executable, "-m", "reportgen", "build", "-o", str(out),
                             str(path)], capture_output=True, text=True)
    assert result.returncode == 2, result.stderr
    assert f"{path}:{FIRST_LINE + 4}:7: error: figures[0].chart: the chart cannot be drawn" \
        in result.stderr
    assert "Traceback" not in result.stderr
    assert (out / "small-brief.pdf").read_bytes() == b"old"
    assert not (out / "small-brief.docx").exists()


def test_a_chart_title_is_a_warning_not_drawn(tmp_path: Path) -> None:
    path = write_brief(tmp_path, figure(BAR_CHART.replace("mark: bar", "mark: bar\n"
                                                          "      title: Counts")))
    loaded = load_brief(path)
    assert [w.field for w in loaded.warnings] == ["figures[0].chart.title"]
    svg = render_figures(loaded.brief, HOUSE).figures[0].data.decode()
    assert ">Counts<" not in svg


def test_validate_finds_a_chart_only_vega_lite_rejects(tmp_path: Path) -> None:
    path = write_brief(tmp_path, figure(BAR_CHART.replace(
        "x: {field: year, type: ordinal}", "x: {field: year, type: ordinal, timeUnit: fortnight}")))
    result = subprocess.run([sys.executable, "-m", "reportgen", "validate", str(path)],
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert "figures[0].chart: the chart cannot be drawn" in result.stderr


def test_chart_files_beside_the_brief(tmp_path: Path) -> None:
    """A spec in a .vl.json or .vl.yaml file, its data in a CSV or JSON file beside the brief."""
    spec = {"mark": "line", "data": {"url": "counts.csv"},
            "encoding": {"x": {"field": "year", "type": "ordinal"},
                         "y": {"field": "count", "type": "quantitative"}}}
    files: dict[str, bytes | str] = {
        "c.vl.json": json.dumps(spec), "counts.csv": "year,count\n2023,2\n2024,5\n",
        "d.vl.yaml": "mark: bar\ndata: {url: counts.json}\nencoding:\n"
                     "  x: {field: year, type: ordinal}\n",
        "counts.json": json.dumps([{"year": "2023", "count": 2}]),
    }
    path = write_brief(tmp_path, figure("    chart: c.vl.json\n")
                       + figure("    chart: d.vl.yaml\n", "bars"), files)
    brief = render_figures(load_brief(path).brief, HOUSE)
    first, second = brief.figures
    assert json.loads(first.spec or "")["data"] == {"values": "year,count\n2023,2\n2024,5\n",
                                                    "format": {"type": "csv"}}
    assert json.loads(second.spec or "")["data"] == {"values": [{"year": "2023", "count": 2}]}
    assert all(f.data.startswith(b"<svg") for f in brief.figures)
    # the chart's column check reads the file too
    (tmp_path / "c.vl.json").write_text(json.dumps({**spec, "encoding": {
        "x": {"field": "jahr", "type": "ordinal"}}}))
    problems = error_of(path)
    assert problems[0].field == "figures[0].chart"
    assert "x field 'jahr' is not a column" in problems[0].message


def test_a_link_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "secret.png"
    outside.write_bytes(png_bytes())
    path = write_brief(tmp_path / "brief", figure("    image: p.png\n"))
    (tmp_path / "brief" / "p.png").symlink_to(outside)
    assert "outside the brief's folder" in error_of(path)[0].message


def test_figure_words_follow_the_language_and_jpeg_stays_jpeg(tmp_path: Path) -> None:
    from PIL import Image

    jpeg = io.BytesIO()
    Image.new("RGB", (40, 20), (10, 120, 60)).save(jpeg, "JPEG")
    path = write_brief(tmp_path, figure("    image: p.jpg\n", extra="    source: [us-eo]\n"),
                       {"p.jpg": jpeg.getvalue()})
    path.write_text(path.read_text().replace("language: en", "language: de"))
    brief = load_brief(path).brief
    assert brief.figures[0].media_type == "image/jpeg"
    pdf_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(
        render_pdf(brief, HOUSE))).pages)
    assert re.search(r"Abbildung 1\s+Counts by year", pdf_text)
    assert re.search(r"Quelle: \[\d\]", pdf_text)
    data = render_docx(brief, HOUSE)
    doc = docx.Document(io.BytesIO(data))
    assert any(p.text.startswith("Abbildung 1: Counts") for p in doc.paragraphs)
    assert "SEQ Abbildung" in "".join(doc.element.body.xpath(".//w:instrText/text()"))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert [n for n in z.namelist() if n.startswith("word/media/")] == \
            ["word/media/image1.jpg"]


def test_outputs_older_than_a_figures_data_are_out_of_date(tmp_path: Path) -> None:
    import os

    from reportgen.build import out_of_date

    spec = "mark: bar\ndata: {url: counts.csv}\nencoding:\n  x: {field: year, type: ordinal}\n"
    path = write_brief(tmp_path, figure("    chart: c.vl.yaml\n"),
                       {"c.vl.yaml": spec, "counts.csv": "year,count\n2023,2\n"})
    target = tmp_path / "out.pdf"
    target.write_bytes(b"%PDF")
    loaded = load_brief(path)
    assert out_of_date([target], loaded) == []
    later = target.stat().st_mtime + 10
    os.utime(tmp_path / "counts.csv", (later, later))
    assert out_of_date([target], loaded) == [target]


def test_drawn_charts_are_kept_on_disk_for_the_next_build(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("REPORTGEN_CACHE", str(cache))
    path = write_brief(tmp_path / "b", figure(BAR_CHART))
    theme = replace(HOUSE, primary="#123456")  # a theme no other test draws with
    drawn = render_figures(load_brief(path).brief, theme).figures[0].data
    kept = list(cache.glob("*.svg"))
    assert [k.read_bytes() for k in kept] == [drawn]
    # A new process finds it there (the kept file is marked to tell it from a fresh drawing).
    kept[0].write_bytes(drawn.replace(b"<svg ", b"<svg data-kept='1' ", 1))
    script = "\n".join([
        "import sys",
        "from dataclasses import replace",
        "from pathlib import Path",
        "from reportgen.brief.load import load_brief",
        "from reportgen.render.charts import render_figures",
        "from reportgen.theme import HOUSE",
        "brief = load_brief(Path(sys.argv[1])).brief",
        "theme = replace(HOUSE, primary='#123456')",
        "sys.stdout.write(render_figures(brief, theme).figures[0].data.decode())",
    ])
    out = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True,
                         text=True, check=True).stdout
    assert "data-kept='1'" in out
    monkeypatch.setenv("REPORTGEN_CACHE", "off")
    out = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True,
                         text=True, check=True).stdout
    assert "data-kept" not in out and out.startswith("<svg")
