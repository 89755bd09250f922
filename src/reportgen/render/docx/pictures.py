"""Pictures in Word: PNG/JPEG as they are, SVG as a high-resolution PNG plus the SVG itself.

Word cannot show an SVG on its own (python-docx has no SVG support at all: python-docx#351), and
a low-resolution fallback looks blurred in print (pandoc#9288). So an SVG (a chart, an SVG figure,
an SVG logo) goes in as a PNG rasterized at twice its printed size and at least 200 dpi
(``charts.svg_to_png``), with the SVG attached as an ``asvg:svgBlip`` part: Word 365 draws the
vector, older Word and LibreOffice the PNG. Every picture carries its alt text (``wp:docPr descr``).
"""

from __future__ import annotations

import io

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.shape import InlineShape
from docx.shared import Length
from docx.text.run import Run

from . import oxml

SVG = "image/svg+xml"
EMU_PER_INCH = 914400


def svg_png(svg: bytes, printed: Length, name: str) -> bytes:
    """The PNG Word shows for an SVG printed ``printed`` wide (``name`` for the error)."""
    from ...source.images import check_svg
    from ..charts import svg_to_png  # vl-convert only when an SVG reaches Word

    width_px, _ = check_svg(svg, name)
    return svg_to_png(svg, width_px, int(printed) / EMU_PER_INCH, name)


def add_picture(run: Run, data: bytes, media_type: str, alt: str, shape_id: int, *,
                width: Length | None = None, height: Length | None = None,
                name: str = "picture") -> InlineShape:
    """Put a picture into ``run``: a PNG/JPEG directly, an SVG as PNG + SVG part."""
    if media_type != SVG:
        shape = run.add_picture(io.BytesIO(data), width=width, height=height)
    else:
        png = svg_png(data, width or _width_for_height(data, height, name), name)
        shape = run.add_picture(io.BytesIO(png), width=width, height=height)
        part = run.part
        oxml.svg_blip(shape._inline, part.relate_to(_svg_part(part, data), RT.IMAGE))
    oxml.describe_picture(shape._inline, shape_id, alt)
    return shape


def _svg_part(owner: Part, data: bytes) -> Part:
    """The package's part holding this SVG, added once however often it is shown (as
    python-docx does for PNG: the logo in two headers is one file)."""
    package = owner.package
    assert package is not None
    for part in package.iter_parts():
        if part.content_type == SVG and part.blob == data:
            return part
    return Part(package.next_partname("/word/media/image%d.svg"), SVG, data, package)


def _width_for_height(svg: bytes, height: Length | None, name: str) -> Length:
    from ...source.images import check_svg

    width_px, height_px = check_svg(svg, name)
    return Length(int(int(height or 0) * width_px / height_px))
