"""Renderers: one per output format, all walking the same document model.

The registry maps a format name to its renderer and imports a writer only when it is asked for
(WeasyPrint alone costs half a second), so importing one writer never pulls in another's
dependencies. ``render`` is what both the build and the PDF worker process call.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from ..errors import InputError, OutputError, Problem
from ..model import Brief
from ..options import RenderOptions
from ..theme import Theme

FORMATS = ("pdf", "docx", "html")
# Every renderer takes the brief, its look and this run's options (variant, strict ...).
Renderer = Callable[[Brief, Theme, RenderOptions], bytes]


def renderer(fmt: str) -> Renderer:
    """The renderer of format ``fmt``, imported on first use."""
    if fmt == "pdf":
        from .pdf.writer import render_pdf

        return render_pdf
    if fmt == "docx":
        from .docx.writer import render_docx

        return lambda brief, theme, _options: render_docx(brief, theme)
    if fmt == "html":
        from .web.writer import render_web

        return lambda brief, theme, _options: render_web(brief, theme)
    raise InputError([Problem("--format", f"unknown format '{fmt}'",
                              expected=" or ".join(FORMATS))])


def render(fmt: str, brief: Brief, theme: Theme,
           options: RenderOptions) -> tuple[str, bytes, float]:
    """(format, bytes, seconds) of one format rendered in memory.

    Bad input (a template, a brand) raises InputError; anything else a writer raises becomes an
    OutputError, so a writer bug never leaves half-written files behind.
    """
    render_format = renderer(fmt)
    start = time.perf_counter()
    try:
        data = render_format(brief, theme, options)
    except InputError:
        raise
    except Exception as exc:
        raise OutputError(f"rendering {fmt.upper()} failed: {type(exc).__name__}: {exc}") \
            from exc
    return fmt, data, time.perf_counter() - start
