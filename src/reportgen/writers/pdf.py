"""Brief + Theme -> PDF bytes, via the HTML writer and WeasyPrint.

Two builds of the same brief must give the same bytes, so every date in the file comes from the
brief (``meta.date``), never the clock, and the file identifier is derived from the brief. Every
resource the templates reference goes through a fetcher confined to the template and asset folders.
"""

from __future__ import annotations

import ctypes.util
import hashlib
import sys
from pathlib import Path
from types import ModuleType

from ..fetch import restricted_fetcher
from ..model import Brief
from ..theme import Theme
from .html import render_html


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


def render_pdf(brief: Brief, theme: Theme) -> bytes:
    """The brief as a PDF: metadata from ``<meta>`` tags, bookmarks from headings.

    Template problems raise InputError (from the HTML writer); WeasyPrint's own failures propagate
    unchanged for the caller (``build.render_all``) to report.
    """
    weasyprint = import_weasyprint()  # lazy: paid only by commands that make a PDF

    html = render_html(brief, theme)
    # Relative URLs in templates and brief.css resolve against the first templates folder.
    base_url = theme.template_dirs[0].resolve().as_uri() + "/" if theme.template_dirs else None
    fetcher = restricted_fetcher(allowed_dirs(theme))  # refusals are logged, not fatal
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    return bytes(document.write_pdf(pdf_identifier=pdf_identifier(brief)))
