"""Brief + Theme -> PDF bytes, via the HTML writer and WeasyPrint.

Two builds of the same brief must give the same bytes, so every date in the file comes from the
brief (``meta.date``), never the clock, and the file identifier (and the XMP document ID that the
PDF/X-4 and X-5g variants add) is derived from the brief. Every resource the templates reference
goes through a fetcher confined to the template and asset folders.
"""

from __future__ import annotations

import ctypes.util
import hashlib
import re
import sys
import uuid
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from ...fonts.shrink import finisher as shrink_fonts
from ...model import Brief
from ...options import DEFAULT, RenderOptions
from ...theme import Theme
from ..html import render_html
from .fetcher import restricted_fetcher
from .messages import collected, report
from .variants import TAGGED_VARIANTS


def import_weasyprint() -> ModuleType:
    """Import WeasyPrint, finding its system libraries through the loader cache only.

    WeasyPrint tries each library under several platforms' names, and every miss makes
    ``ctypes.util.find_library`` start ldconfig, gcc and ld (upstream issue Kozea/WeasyPrint#1125):
    a third of its import time here. On Linux the ldconfig cache gives the same answers for the
    names that exist, so only that lookup is used, for the duration of this one import.
    """
    if "weasyprint" in sys.modules:
        return sys.modules["weasyprint"]
    cache_only = getattr(ctypes.util, "_findSoname_ldconfig", None)
    if sys.platform != "linux" or cache_only is None:
        import weasyprint

        return weasyprint
    original = ctypes.util.find_library
    ctypes.util.find_library = cache_only
    try:
        import weasyprint
    finally:
        ctypes.util.find_library = original
    return weasyprint


def allowed_dirs(theme: Theme) -> tuple[Path, ...]:
    """Where a PDF may read files from: the theme's template folders, then its asset folders."""
    return (*theme.template_dirs, *theme.asset_dirs)


def pdf_identifier(brief: Brief) -> bytes:
    """A stable file identifier: the same brief (slug and date) always gets the same one."""
    seed = f"reportgen:{brief.meta.slug}:{brief.meta.date.isoformat()}"
    return hashlib.md5(seed.encode(), usedforsecurity=False).hexdigest().encode()


_XMP_UUID = re.compile(rb"(xmp\.[a-z]id:)[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}")


def _stable_xmp_ids(identifier: bytes) -> Callable[[Any, Any], None]:
    """A WeasyPrint finisher: the random ``xmpMM:DocumentID`` that pdf/x-4 and pdf/x-5g write
    (``uuid4()`` in weasyprint/pdf/metadata.py) becomes one derived from the file identifier."""
    stable = str(uuid.UUID(hex=identifier.decode())).encode()

    def finish(document: Any, pdf: Any) -> None:
        reference = pdf.catalog.get("Metadata")
        if reference is None:
            return
        stream = pdf.objects[int(reference.split()[0])]
        stream.stream = [_XMP_UUID.sub(lambda m: m[1] + stable, chunk)
                         if isinstance(chunk, bytes) else chunk for chunk in stream.stream]

    return finish


def compress_once(document: Any, pdf: Any) -> None:
    """A WeasyPrint finisher: compress each stream now, once.

    With a file identifier, pydyf serializes every object twice (once to write it, once more
    for the MD5 in ``/ID``) and compresses each stream at level 9 both times: for a 1000-row
    table that was most of reportgen's time over plain WeasyPrint. Compressed here, the second
    pass only copies bytes. The output is byte-identical: same level, same dictionary order
    (``Filter`` after the stream's own keys, ``Length`` last).
    """
    import zlib

    import pydyf  # WeasyPrint's PDF writer

    for obj in pdf.objects:
        if isinstance(obj, pydyf.Stream) and obj.compress and "Filter" not in obj.extra:
            serialized = pydyf.Stream(obj.stream).data  # <</Length n>>\nstream\n...\nendstream
            raw = serialized.split(b"\nstream\n", 1)[1][: -len(b"\nendstream")]
            packer = zlib.compressobj(level=9)
            obj.stream = [packer.compress(raw) + packer.flush()]
            obj.extra["Filter"] = "/FlateDecode"
            obj.compress = False


def finishing(*steps: Callable[[Any, Any], None]) -> Callable[[Any, Any], None]:
    """One WeasyPrint finisher that runs ``steps`` in order."""

    def finish(document: Any, pdf: Any) -> None:
        for step in steps:
            step(document, pdf)

    return finish


def render_pdf(brief: Brief, theme: Theme, run: RenderOptions = DEFAULT) -> bytes:
    """The brief as a PDF: metadata from ``<meta>`` tags, bookmarks from headings, and the
    run's PDF variant (``pdf/ua-1``, ``pdf/a-3b`` ...; None for a plain PDF).

    Template problems raise InputError (from the HTML writer); WeasyPrint's own failures propagate
    unchanged for the caller (``render.render``) to report.
    """
    weasyprint = import_weasyprint()  # lazy: paid only by commands that make a PDF
    from .conform import conform_variant  # pikepdf, only for a tagged or archival PDF

    html = render_html(brief, theme)
    # Relative URLs in templates and brief.css resolve against the first templates folder.
    base_url = theme.template_dirs[0].resolve().as_uri() + "/" if theme.template_dirs else None
    fetcher = restricted_fetcher(allowed_dirs(theme))  # refusals are logged, not fatal
    options: dict[str, Any] = {"pdf_identifier": pdf_identifier(brief),
                               "pdf_variant": run.pdf_variant,
                               "pdf_tags": run.pdf_variant in TAGGED_VARIANTS}
    with collected() as messages:
        document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher)
        rendered = document.render(**options)
    finishers: list[Callable[[Any, Any], None]] = [shrink_fonts]  # CJK subsets (fonts/shrink.py)
    if run.pdf_variant:
        # The PDF/X variants stamp the clock on a document without dates (a brand template
        # that drops the dcterms <meta> tags): the brief's date goes there first.
        metadata = rendered.metadata
        metadata.created = metadata.created or brief.meta.date.isoformat()
        metadata.modified = metadata.modified or brief.meta.date.isoformat()
        finishers.append(_stable_xmp_ids(options["pdf_identifier"]))
    finishers.append(compress_once)  # last: after every change to a stream

    with collected() as written:
        data = bytes(rendered.write_pdf(finisher=finishing(*finishers), **options))
    report(messages + [m for m in written if m not in messages], run.strict)
    return conform_variant(data, run.pdf_variant) if run.pdf_variant else data
