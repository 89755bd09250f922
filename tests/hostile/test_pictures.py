"""Threat: an SVG (a figure or a drawn chart) small on disk whose picture for Word would cost
gigabytes or minutes: a huge size, a huge embedded image, a huge blur. ``validate`` refuses
each at the figure, before anything is rasterized."""

from __future__ import annotations

import base64
import struct
import zlib
from pathlib import Path

import pytest
from harness import brief_file, refused, run, succeeded

FIGURE = """figures:
  - id: picture
    caption: A picture
    alt: A picture
    image: p.svg
"""
CHART = """figures:
  - id: chart
    caption: A chart
    alt: A chart
    chart:
      mark: bar
      width: 10000000
      data:
        values:
          - {year: "2024", count: 2}
      encoding:
        x: {field: year, type: ordinal}
        y: {field: count, type: quantitative}
"""


def png_header(width: int, height: int) -> bytes:
    """A PNG's signature and IHDR only: it claims its size without holding the pixels."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(ihdr)) + chunk
            + struct.pack(">I", zlib.crc32(chunk)))


def svg_brief(folder: Path, svg: str) -> Path:
    brief = brief_file(folder)
    brief.write_text(brief.read_text(encoding="utf-8") + FIGURE, encoding="utf-8")
    (folder / "p.svg").write_text(svg, encoding="utf-8")
    return brief


SVG = '<svg xmlns="http://www.w3.org/2000/svg" {size}>{body}</svg>'
EMBEDDED = base64.b64encode(png_header(30000, 30000)).decode()


@pytest.mark.parametrize(("size", "body", "reason"), [
    ('width="30000" height="30000"', "", "30,000 x 30,000 pixels"),
    ('viewBox="0 0 1e9 10"', "", "1,000,000,000 x 10 pixels"),
    ('width="100" height="50" xmlns:xlink="http://www.w3.org/1999/xlink"',
     f'<image width="100" height="50" xlink:href="data:image/png;base64,{EMBEDDED}"/>',
     "embeds images of more than 40 megapixels"),
    ('width="100" height="50"', '<filter id="f"><feGaussianBlur stdDeviation="5000"/></filter>'
     '<rect width="100" height="50" filter="url(#f)"/>', "a blur of 5000"),
])
def test_an_svg_too_costly_to_rasterize_is_refused_at_validate(tmp_path: Path, size: str,
                                                               body: str, reason: str) -> None:
    brief = svg_brief(tmp_path, SVG.format(size=size, body=body))
    refused(run("validate", brief, cwd=tmp_path, timeout=30), "figures[0].image", reason)


def test_a_chart_drawn_too_wide_is_refused_at_validate(tmp_path: Path) -> None:
    brief = brief_file(tmp_path)
    brief.write_text(brief.read_text(encoding="utf-8") + CHART, encoding="utf-8")
    refused(run("validate", brief, cwd=tmp_path, timeout=60), "figures[0].chart",
            "10,000,000 x", "pixels a side")


def test_a_tall_svg_gets_a_bounded_png_in_word(tmp_path: Path) -> None:
    from docx import Document
    from PIL import Image

    brief = svg_brief(tmp_path, SVG.format(size='width="100" height="19000"',
                                           body='<rect width="100" height="19000"/>'))
    succeeded(run("build", brief, "--format", "docx", "--out", tmp_path / "out", cwd=tmp_path))
    docx = next((tmp_path / "out").glob("*.docx"))
    pngs = [part.blob for part in Document(str(docx)).part.package.iter_parts()
            if part.content_type == "image/png"]
    assert pngs
    import io
    with Image.open(io.BytesIO(pngs[0])) as image:
        assert image.size[0] * image.size[1] <= 40_000_000, image.size
