"""Image files from users, checked before anything renders them.

A figure's image and a brand's logo come from folders the user controls, and the files are
treated as untrusted: a PNG or JPEG must be sound (Pillow verifies it) and not a decompression bomb
(a pixel limit, read from the header before decoding); an SVG must be well-formed XML without a
DOCTYPE (the door to entity expansion and external entities) and without ``href`` or CSS ``url()``
references to files or the web, so rendering it can never read anything else.
"""

from __future__ import annotations

import io
import re
from typing import Any

from ..errors import FieldPath

MAX_PIXELS = 40_000_000  # 40 megapixels: a large poster scan, far above any printed figure
_MAGIC = {"image/png": b"\x89PNG\r\n\x1a\n", "image/jpeg": b"\xff\xd8\xff"}


class Refused(Exception):
    """One reason a picture cannot be shown: a Problem at a figure's field, or (a brand's SVG
    logo in Word) an InputError at the file."""

    def __init__(self, message: str, hint: str | None = None, expected: str | None = None,
                 at: FieldPath = ()) -> None:
        super().__init__(message)
        self.hint, self.expected, self.at = hint, expected, at


def check_raster(data: bytes, media_type: str, name: str) -> tuple[int, int]:
    """Pixel size of a PNG or JPEG whose header and body are sound; Refused otherwise."""
    kind = media_type.split("/")[1].upper()
    if not data.startswith(_MAGIC[media_type]):
        raise Refused(f"'{name}' is not a {kind} image", hint="export the image again")
    from PIL import Image  # WeasyPrint's own dependency; read the header only, then verify

    try:
        with Image.open(io.BytesIO(data)) as image:
            size = image.size
            if size[0] * size[1] > MAX_PIXELS:
                raise Image.DecompressionBombError(f"{size[0]} x {size[1]} pixels")
            image.verify()
    except Image.DecompressionBombError:
        width, height = _header_size(data)
        raise Refused(f"'{name}' has {width} x {height} pixels",
                      expected=f"at most {MAX_PIXELS // 1_000_000} megapixels",
                      hint="export it at print size (about 2000 pixels wide)") from None
    except Exception as exc:  # Pillow raises many types for a truncated or damaged file
        raise Refused(f"'{name}' is a damaged {kind} image ({exc})",
                      hint="export the image again") from None
    return size


def _header_size(data: bytes) -> tuple[int, int] | tuple[str, str]:
    """Pixel size from a PNG's header, or JPEG's first frame header, without decoding."""
    if data.startswith(_MAGIC["image/png"]):
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    found = re.search(rb"\xff[\xc0-\xc3]..\x08(..)(..)", data, re.DOTALL)
    if found:
        return int.from_bytes(found[2], "big"), int.from_bytes(found[1], "big")
    return "?", "?"


# External references an SVG may not make: anything but '#fragment' and data: images.
_LOCAL_REF = re.compile(r"^\s*(#|data:image/(png|jpeg|gif);)", re.IGNORECASE)
_CSS_URL = re.compile(r"url\(\s*['\"]?(?!#)([^'\")]+)", re.IGNORECASE)
_IMPORT = re.compile(r"@import", re.IGNORECASE)


def check_svg(data: bytes, name: str) -> tuple[float, float]:
    """The SVG's size in CSS pixels, if it is harmless to render; Refused otherwise.

    Harmless means: well-formed XML, no DOCTYPE (the door to entity expansion and external
    entities), no ``href`` or CSS ``url()`` leading to a file or the web.
    """
    from lxml import etree  # python-docx's own dependency

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise Refused(f"'{name}' is not a valid SVG file ({exc})",
                       hint="export the image again") from None
    if root.getroottree().docinfo.doctype or b"<!ENTITY" in data:
        raise Refused(f"'{name}' declares a DOCTYPE or entities, which are not allowed",
                       hint="remove the <!DOCTYPE ...> line; design tools export SVG without "
                       "one when asked for 'plain' or 'optimized' SVG")
    if etree.QName(root).localname != "svg":
        raise Refused(f"'{name}' is not an SVG image (its root is <{root.tag}>)")
    for element in root.iter():
        for attr, value in element.attrib.items():
            if etree.QName(attr).localname == "href" and not _LOCAL_REF.match(value):
                raise Refused(f"'{name}' refers to another file or web address: {value[:60]}",
                               hint="embed the referenced image in the SVG, or export the SVG "
                               "again without linked files")
        text = " ".join([element.text or "", element.get("style") or ""]) \
            if isinstance(element.tag, str) else ""
        found = _CSS_URL.search(text)
        if found or _IMPORT.search(text):
            raise Refused(f"'{name}' loads a stylesheet or file through CSS: "
                           f"{(found.group(1) if found else '@import')[:60]}",
                           hint="export the SVG again with styles inlined and no linked files")
    width, height = svg_size(root, name)
    check_svg_cost(root, name, width, height)
    return width, height


MAX_BLUR = 100.0  # feGaussianBlur stdDeviation, in user units: a soft shadow needs 2 to 10


def check_svg_cost(root: Any, name: str, width: float, height: float) -> None:
    """Refused when drawing the SVG would cost more than a printed figure can need: its own
    size (Word's PNG is at least twice it), the pixels of images embedded as ``data:`` URLs,
    a blur that takes minutes."""
    if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
        raise Refused(f"'{name}' is {width:,.0f} x {height:,.0f} pixels",
                      expected=f"at most {MAX_PIXELS // 1_000_000} megapixels and "
                      f"{MAX_SIDE:,} pixels a side",
                      hint="set the SVG's width and height (or viewBox) to its printed size")
    embedded = 0
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        local = element.tag.rsplit("}", 1)[-1]
        if local == "feGaussianBlur":
            deviations = re.findall(r"[-+0-9.eE]+", element.get("stdDeviation") or "0")
            if any(_number(d) > MAX_BLUR for d in deviations):
                raise Refused(f"'{name}' has a blur of {element.get('stdDeviation')}",
                              expected=f"a blur (stdDeviation) of at most {MAX_BLUR:.0f}",
                              hint="a soft shadow needs a blur of 2 to 10")
        for attr, value in element.attrib.items():
            if attr.rsplit("}", 1)[-1] == "href" and value.lstrip()[:5].lower() == "data:":
                embedded += _data_url_pixels(value, name)
                if embedded > MAX_PIXELS:
                    raise Refused(f"'{name}' embeds images of more than "
                                  f"{MAX_PIXELS // 1_000_000} megapixels",
                                  expected=f"at most {MAX_PIXELS // 1_000_000} megapixels in all",
                                  hint="embed the images at print size")


MAX_SIDE = 20_000  # CSS pixels a side of an SVG: 5 metres at 96 per inch


def _number(text: str) -> float:
    try:
        return abs(float(text))
    except ValueError:
        return 0.0


def _data_url_pixels(url: str, name: str) -> int:
    """Pixels of a PNG or JPEG embedded as a data: URL, read from its header."""
    import base64
    import binascii

    head, _, body = url.partition(",")
    kind = "image/png" if "png" in head.lower() else "image/jpeg" if "jp" in head.lower() \
        else None
    if kind is None or ";base64" not in head.lower():
        return 0
    try:
        data = base64.b64decode(body[:1_000_000] + "=" * (-len(body[:1_000_000]) % 4))
    except (binascii.Error, ValueError):
        raise Refused(f"'{name}' embeds an image that is not valid base64",
                      hint="export the image again") from None
    size = _header_size(data)
    if isinstance(size[0], str):
        return 0
    return int(size[0]) * int(size[1])


def svg_size(root: Any, name: str) -> tuple[float, float]:
    """Width and height in CSS pixels, from width/height or the viewBox."""
    def length(value: str | None) -> float | None:
        found = re.match(r"^\s*([0-9.]+)\s*(px|pt|mm|cm|in)?\s*$", value or "")
        if not found:
            return None
        scale = {"pt": 4 / 3, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0}.get(found[2] or "px",
                                                                             1.0)
        return float(found[1]) * scale

    width, height = length(root.get("width")), length(root.get("height"))
    box = [float(v) for v in re.split(r"[\s,]+", (root.get("viewBox") or "").strip()) if v]
    if (width is None or height is None) and len(box) == 4:
        width, height = box[2], box[3]
    if not width or not height:
        raise Refused(f"'{name}' has no size (no width and height, no viewBox)",
                       hint="export the SVG with a viewBox or a width and height")
    return width, height
