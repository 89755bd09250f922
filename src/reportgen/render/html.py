"""Brief + Theme -> one self-contained HTML document (the PDF writer's input).

Templates are data: Jinja2 looks them up in ``theme.template_dirs`` in order (brand, then
package; first wins), so an organization overrides one template, or one block of ``base.html.j2``,
without touching Python. Autoescaping is on for every template, and inline trees are rendered here
with every piece of text escaped, so nothing a brief says can become markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from ..labels import long_date, quote_marks
from ..model import (
    Block,
    Brief,
    BulletList,
    Cite,
    Code,
    ComparisonTable,
    Emph,
    Inlines,
    LineBreak,
    Link,
    OrderedList,
    Paragraph,
    Section,
    Strong,
    Text,
)
from ..model.order import quote_at
from ..model.text import plain_text
from ..model.walk import glue
from ..theme import Font, Theme
from . import templates

ENTRY_TEMPLATE = "brief.html.j2"

_PAGE_SIZES = {"A4": "A4", "Letter": "letter"}


# ---------------------------------------------------------------------------------------------
# Inline and block rendering (Python, not macros: one place decides how text is escaped)


def _cite(cite: Cite, glued: bool = False) -> Markup:
    """``[1]`` as one link, ``[1, 3]`` as one link per number: each number reaches its source.

    ``glued`` puts a no-break space before the group, inside a wrapping span, so the citation
    stays on its word's line. (WeasyPrint 70 breaks lines too early when a text run *ends* with a
    no-break space before an inline element, so the space must not stay in the preceding text.)
    """
    numbers = cite.numbers or (0,) * len(cite.keys)
    lead = Markup("\u00a0") if glued else Markup("")
    if len(cite.keys) == 1 and numbers[0]:
        link = Markup('<a class="cite" href="#src-{}">[{}]</a>').format(cite.keys[0], numbers[0])
        return Markup('<span class="cites">{}{}</span>').format(lead, link) if glued else link
    links = [
        Markup('<a class="cite" href="#src-{}">{}</a>').format(key, number) if number
        else Markup('<span class="cite cite-unknown">?</span>')
        for key, number in zip(cite.keys, numbers, strict=True)
    ]
    sep = Markup(",\u00a0")  # a group of numbers never breaks across lines
    return Markup('<span class="cites">{}[{}]</span>').format(lead, sep.join(links))


CiteRenderer = Callable[[Cite, bool], Markup]


def render_inlines(nodes: Inlines, cite: CiteRenderer = _cite,
                   keep_link: Callable[[str], bool] = lambda href: True) -> Markup:
    """An inline tree as HTML; text is escaped, and a citation is kept on its word's line
    (``model.walk.glue``).

    ``cite`` and ``keep_link`` let another medium (the e-mail body) print citations as plain
    numbers and drop links that lead nowhere there, with the same escaping.
    """
    out: list[Markup] = []
    for node, glued in glue(nodes):
        match node:
            case Text(text=t):
                out.append(escape(t))
            case Code(text=t):
                out.append(Markup("<code>{}</code>").format(t))
            case LineBreak():
                out.append(Markup("<br>"))
            case Strong(children=c):
                out.append(Markup("<strong>{}</strong>").format(render_inlines(c, cite, keep_link)))
            case Emph(children=c):
                out.append(Markup("<em>{}</em>").format(render_inlines(c, cite, keep_link)))
            case Link(href=href, children=c):
                inner = render_inlines(c, cite, keep_link)
                out.append(Markup('<a href="{}">{}</a>').format(href, inner)
                           if keep_link(href) else inner)
            case Cite():
                out.append(cite(node, glued))
    return Markup("").join(out)


def render_blocks(blocks: Iterable[Block], cite: CiteRenderer = _cite,
                  keep_link: Callable[[str], bool] = lambda href: True) -> Markup:
    """Paragraphs and flat lists as HTML."""
    out: list[Markup] = []
    for block in blocks:
        match block:
            case Paragraph(inlines=i):
                out.append(Markup("<p>{}</p>").format(render_inlines(i, cite, keep_link)))
            case BulletList(items=items) | OrderedList(items=items):
                tag = "ul" if isinstance(block, BulletList) else "ol"
                lis = Markup("").join(Markup("<li>{}</li>").format(
                    render_inlines(item, cite, keep_link)) for item in items)
                out.append(Markup("<{0}>{1}</{0}>").format(Markup(tag), lis))
    return Markup("\n").join(out)


# ---------------------------------------------------------------------------------------------
# CSS the templates need from Python


_CSS_UNSAFE = re.compile(r"[<>{};\\\n\r]")


def css_root(theme: Theme) -> Markup:
    """The theme's custom properties as a ``:root`` rule.

    Values come from a brand file; characters that could end the declaration, the rule or the
    ``<style>`` element are dropped so a bad value breaks one colour, never the document.
    """
    lines = [f"  {name}: {_CSS_UNSAFE.sub('', value)};"
             for name, value in theme.css_variables().items()]
    return Markup(":root {\n" + "\n".join(lines) + "\n}")


_WEIGHTS = (("extralight", 200), ("semibold", 600), ("extrabold", 800), ("thin", 100),
            ("light", 300), ("medium", 500), ("bold", 700), ("black", 900))


def _face_rule(family: str, path: Path, weight: str, style: str) -> str:
    family = _CSS_UNSAFE.sub("", family).replace('"', "")  # the URI itself is percent-encoded
    weight = _CSS_UNSAFE.sub("", weight)
    style = "italic" if style == "italic" else "normal"
    return (f'@font-face {{ font-family: "{family}"; src: url("{path.resolve().as_uri()}"); '
            f"font-weight: {weight}; font-style: {style}; }}")


def _guessed_face(font: Font, path: Path) -> str:
    """A rule for a file the brand listed without weight or style: read them off its name."""
    stem = path.stem.lower().replace("-", "").replace("_", "")
    weight = 400 if "regular" in stem else next(
        (w for key, w in _WEIGHTS if key in stem), font.weight)
    return _face_rule(font.family, path, str(weight), "italic" if "italic" in stem else "normal")


def css_font_faces(theme: Theme) -> Markup:
    """``@font-face`` rules for brand fonts shipped as files.

    Weight and style come from ``theme.font_faces`` (what brand.yml says about each file); a file
    that is only listed in a ``Font`` gets them from its name.
    """
    described = {face.path for face in theme.font_faces}
    rules = [_face_rule(face.family, face.path, face.css_weight, face.style)
             for face in theme.font_faces]
    rules += [
        _guessed_face(font, path)
        for font in (theme.body_font, theme.heading_font, theme.mono_font)
        for path in font.files
        if path not in described
    ]
    return Markup("\n".join(dict.fromkeys(rules)))


# ---------------------------------------------------------------------------------------------
# Environment and rendering


@lru_cache(maxsize=16)
def environment(template_dirs: tuple[Path, ...]) -> jinja2.Environment:
    """One Environment per search path (Jinja caches compiled templates on it), with the
    filters and tests the PDF templates use. Autoescaping is on for every file: every PDF
    template is HTML, whatever its file name ends with."""
    env = templates.environment(template_dirs)
    env.globals["stylesheet"] = lambda name: _stylesheet(env, name)
    env.filters["inlines"] = render_inlines
    env.filters["blocks"] = render_blocks
    env.filters["cite"] = lambda c, glued=False: _cite(c, glued) if c is not None else Markup("")
    env.filters["plain"] = plain_text
    env.tests["section"] = lambda part: isinstance(part, Section)
    env.tests["table"] = lambda part: isinstance(part, ComparisonTable)
    return env


def _stylesheet(env: jinja2.Environment, name: str) -> Markup:
    """A CSS file from the template search path, verbatim (first found wins, like templates).

    Not rendered as a template: minified CSS may contain ``{#``, which Jinja would take for a
    comment. ``</`` is escaped so the file cannot close the ``<style>`` element it is put in.
    """
    assert env.loader is not None
    source, _, _ = env.loader.get_source(env, name)
    return Markup(source.replace("</", "<\\/"))


def context(brief: Brief, theme: Theme) -> dict[str, Any]:
    """Everything templates may use; documented in ``base.html.j2``."""
    meta = brief.meta
    labels = brief.labels
    open_q, close_q = quote_marks(meta.language, labels)
    return {
        "brief": brief,
        "meta": meta,
        "labels": labels,
        "theme": theme,
        "organization": theme.organization or meta.organization,
        "header_right": meta.series or theme.organization or meta.organization,
        "date_long": long_date(meta.date, meta.language, labels),
        "page_size": _PAGE_SIZES.get(meta.paper, "A4"),
        "css_root": css_root(theme),
        "font_faces": css_font_faces(theme),
        "logo_url": theme.logo.path.resolve().as_uri() if theme.logo else None,
        "quote_open": open_q,
        "quote_close": close_q,
        "format_date": lambda value: long_date(value, meta.language, labels),
        "quote_at": quote_at,
    }


def render_html(brief: Brief, theme: Theme) -> str:
    """The brief as HTML from ``brief.html.j2`` (first found in ``theme.template_dirs``)."""
    env = environment(tuple(theme.template_dirs))
    return templates.render(env, ENTRY_TEMPLATE, context(brief, theme),
                            variables_in="base.html.j2")
