"""Brief + Theme -> the web edition: one HTML file with everything inside it.

The templates are ``web/brief.html.j2`` and its partials, found like the PDF's (brand folder
first, then the package) and run in the same sandbox; the PDF's inline renderer prints the prose,
so the two editions escape text identically. What differs is the web's idiom: citations that can
be followed back, a table of contents, anchors on headings, a scrolling table region, chart data
as tables, metadata for tools, and a Content-Security-Policy that allows nothing from outside.
"""

from __future__ import annotations

import base64
import html
import mimetypes
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, get_args

import jinja2
from markupsafe import Markup

from ...model import Block, Brief, ComparisonTable, Figure, Inlines, Quote, Section
from ...model.text import plain_text
from ...theme import Theme
from ...writing_systems import emphasis_kind
from .. import templates
from ..html import bdi, context, render_blocks, render_inlines
from . import cites
from .chartdata import chart_table
from .fonts import font_faces
from .metadata import json_ld, meta_tags

ENTRY_TEMPLATE = "web/brief.html.j2"
BASE_TEMPLATE = "web/base.html.j2"
TOC_MIN_PARTS = 4  # a brief with this many sections and tables gets a table of contents
# Nothing from outside: pictures and fonts are data: URLs, styles are in the page, no script.
CSP = ("default-src 'none'; img-src data:; font-src data:; style-src 'unsafe-inline'; "
       "base-uri 'none'; form-action 'none'")


@dataclass(frozen=True)
class TocEntry:
    target: str
    text: str
    children: tuple[TocEntry, ...] = ()


def toc(brief: Brief) -> tuple[TocEntry, ...]:
    """The body's sections (with their subsections) and tables, when there are enough of them
    for a reader to want a map; empty otherwise."""
    if len(brief.body) < TOC_MIN_PARTS:
        return ()

    def entry(part: Section | ComparisonTable) -> TocEntry:
        if isinstance(part, ComparisonTable):
            return TocEntry(part.id, part.heading)
        return TocEntry(part.id, part.heading, tuple(entry(s) for s in part.subsections))

    return tuple(entry(part) for part in brief.body)


def _inlines(nodes: Inlines) -> Markup:
    return render_inlines(nodes, cites.render_cite)


def _blocks(blocks: Iterable[Block]) -> Markup:
    return render_blocks(blocks, cites.render_cite)


def _cite(cite: Any, glued: bool = False) -> Markup:
    return cites.render_cite(cite, glued) if cite is not None else Markup("")


def data_uri(media_type: str, data: bytes) -> Markup:
    return Markup("data:{};base64,{}").format(media_type, base64.b64encode(data).decode())


def _figure_uri(figure: Figure) -> Markup:
    return data_uri(figure.media_type, figure.data)


@lru_cache(maxsize=16)
def environment(template_dirs: tuple[Path, ...]) -> jinja2.Environment:
    """The sandboxed environment of the web templates, with their filters."""
    env = templates.environment(template_dirs)
    env.globals["stylesheet"] = lambda name: _stylesheet(env, name)
    env.filters["inlines"] = _inlines
    env.filters["blocks"] = _blocks
    env.filters["cite"] = _cite
    env.filters["plain"] = plain_text
    env.filters["bdi"] = bdi
    env.filters["data_uri"] = _figure_uri
    env.tests["section"] = lambda part: isinstance(part, Section)
    env.tests["table"] = lambda part: isinstance(part, ComparisonTable)
    env.tests["block"] = lambda part: isinstance(part, get_args(Block))
    env.tests["quote"] = lambda part: isinstance(part, Quote)
    env.tests["figure"] = lambda part: isinstance(part, Figure)
    env.tests["upright"] = lambda text: emphasis_kind(str(text)) != "slant"
    return env


def _stylesheet(env: jinja2.Environment, name: str) -> Markup:
    """A CSS file from the template search path, verbatim; ``</`` cannot close its element."""
    assert env.loader is not None
    source, _, _ = env.loader.get_source(env, name)
    return Markup(source.replace("</", "<\\/"))


def _logo(theme: Theme) -> Markup | None:
    if theme.logo is None:
        return None
    mime = mimetypes.guess_type(theme.logo.path.name)[0] or "application/octet-stream"
    return data_uri(mime, theme.logo.path.read_bytes())


def web_context(brief: Brief, theme: Theme, font_slot: str) -> dict[str, Any]:
    """The PDF templates' variables plus the web's; documented in ``web/base.html.j2``."""
    base = context(brief, theme)
    return {
        **base,
        "font_faces": Markup(font_slot),
        "logo_url": _logo(theme),
        "csp": CSP,
        "meta_tags": meta_tags(brief, base["organization"]),
        "json_ld": json_ld(brief, base["organization"]),
        "toc": toc(brief),
        "chart_table": chart_table,
        "back_links": lambda source: cites.current.get().back(source.id),
    }


_TAG = re.compile(r"<[^>]*>")


def render_web(brief: Brief, theme: Theme) -> bytes:
    """The web edition as UTF-8 bytes."""
    if any(f.spec is not None and not f.data for f in brief.figures):
        from ..charts import render_figures  # vl-convert only for briefs with charts

        brief = render_figures(brief, theme)
    env = environment(tuple(theme.template_dirs))
    # The fonts are subset to the page's own text, known only once it is rendered.
    slot = f"/* rg-fonts-{secrets.token_hex(8)} */"
    token = cites.current.set(cites.Citations())
    try:
        page = templates.render(env, ENTRY_TEMPLATE, web_context(brief, theme, slot),
                                variables_in=BASE_TEMPLATE)
    finally:
        cites.current.reset(token)
    text = html.unescape(_TAG.sub(" ", page))
    return page.replace(slot, font_faces(theme, text), 1).encode("utf-8")
