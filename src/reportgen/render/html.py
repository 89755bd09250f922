"""Brief + Theme -> one self-contained HTML document (the PDF writer's input).

Templates are data: Jinja2 looks them up in ``theme.template_dirs`` in order (brand, then
package; first wins), so an organization overrides one template, or one block of ``base.html.j2``,
without touching Python. Autoescaping is on for every template, and inline trees are rendered here
with every piece of text escaped, so nothing a brief says can become markup.
"""

from __future__ import annotations

import base64
import mimetypes
import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any, NoReturn, assert_never, get_args

import jinja2
from markupsafe import Markup, escape

from ..fonts.stacks import stacks_css
from ..labels import long_date, quote_marks
from ..model import (
    Block,
    Brief,
    BulletList,
    Cite,
    Code,
    ComparisonTable,
    Emph,
    Figure,
    Inlines,
    LineBreak,
    Link,
    Note,
    OrderedList,
    Paragraph,
    Quote,
    Section,
    Strong,
    Text,
)
from ..model.citeparts import pieces, separator
from ..model.order import quote_at, section_order
from ..model.text import plain_text
from ..model.walk import glue
from ..theme import Font, Theme
from ..writing_systems import emphasis_kind, needs_tie, primary, text_direction
from . import templates
from .sandbox import plain

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
    if cite.items:
        return _detailed_cite(cite, lead)
    if len(cite.keys) == 1 and numbers[0]:
        link = Markup('<a class="cite" href="#src-{}">[{}]</a>').format(cite.keys[0], numbers[0])
        return Markup('<span class="cites">{}{}</span>').format(lead, link) if glued else link
    links = [
        Markup('<a class="cite" href="#src-{}">{}</a>').format(key, number) if number
        else Markup('<span class="cite cite-unknown">?</span>')
        for key, number in zip(cite.keys, numbers, strict=True)
    ]
    sep = Markup(",\u00a0")  # a group of numbers never breaks across lines
    # The group in a span of its own: right to left, brief.css lays it out left to right as one
    # unit ("[1, 2]"), while the no-break space stays between it and the word before.
    return Markup('<span class="cites">{}<span class="cite-group">[{}]</span></span>').format(
        lead, sep.join(links))


def _detailed_cite(cite: Cite, lead: Markup) -> Markup:
    """``[see 1, p. 3; also 2]`` or, for ``@key`` in running text, ``Nature [1]``: the words
    come from ``model.citeparts``, each number links to its source."""
    parts = [Markup("{}{}{}").format(
        p.before, Markup('<a class="cite" href="#src-{}">{}</a>').format(p.key, p.number)
        if p.number else Markup('<span class="cite cite-unknown">?</span>'), p.after)
        for p in pieces(cite)]
    group = Markup('<span class="cite-group">[{}]</span>').format(
        Markup(separator(cite)).join(parts))
    if cite.in_text and cite.author:  # the name is running text, at the text's size
        return Markup('{}<span class="cites">\u00a0{}</span>').format(cite.author, group)
    return Markup('<span class="cites">{}{}</span>').format(lead, group)


def _note(children: Markup) -> Markup:
    """A footnote where it is called: brief.css floats ``.footnote`` to the page's foot
    (WeasyPrint's ``float: footnote``), which numbers it and leaves the call behind."""
    return Markup('<span class="footnote">{}</span>').format(children)


CiteRenderer = Callable[[Cite, bool], Markup]

# 2025年12月8日 never splits: a number and its unit, a unit and the number after it.
_NUMBER_UNIT = re.compile("(?<=[0-9])(?=[年月日号%\uff05])|(?<=[年月])(?=[0-9])")


def _join_numbers(text: str) -> str:
    """Word joiners (U+2060) inside a Chinese date or number with its unit (年, 月, 日, %):
    Chinese may break a line between any two characters, and '10' at a line's end with '月'
    starting the next is wrong."""
    return text if text.isascii() else _NUMBER_UNIT.sub("\u2060", text)


def _emph(inner: Markup, text: str) -> Markup:
    """``<em>``; in scripts with no italic, a class brief.css turns into emphasis dots (CJK) or
    a heavier weight (Arabic, Hebrew) instead of a synthetic slant."""
    kind = emphasis_kind(text)
    if kind == "slant":
        return Markup("<em>{}</em>").format(inner)
    return Markup('<em class="rg-em-{}">{}</em>').format(kind, inner)


def bdi(text: str, direction: str) -> Markup:
    """``text``, isolated in its own direction when that differs from the document's (an
    English source title in an Arabic brief): WeasyPrint lays each inline box out as a unit."""
    own = text_direction(text)
    if own is None or own == direction:
        return escape(text)
    return Markup('<bdi dir="{}">{}</bdi>').format(own, text)


def _tie(text: str, next_node: object, glued: bool) -> str:
    """The last character of a Chinese text that a citation follows without a space: printed
    with the citation in a box that never breaks, so "[1]" never starts a line."""
    return text[-1] if isinstance(next_node, Cite) and not glued and needs_tie(text[-1:]) else ""


def render_inlines(nodes: Inlines, cite: CiteRenderer = _cite,
                   keep_link: Callable[[str], bool] = lambda href: True,
                   note: Callable[[Markup], Markup] = _note) -> Markup:
    """An inline tree as HTML; text is escaped, and a citation is kept on its word's line
    (``model.walk.glue``).

    ``cite``, ``keep_link`` and ``note`` let another medium (the e-mail body) print citations
    as plain numbers, drop links that lead nowhere there and put notes its own way, with the
    same escaping.
    """
    out: list[Markup] = []
    items = list(glue(nodes))
    tied = ""
    for i, (node, glued) in enumerate(items):
        match node:
            case Text(text=t):
                t = _join_numbers(t)
                tied = _tie(t, items[i + 1][0] if i + 1 < len(items) else None, glued)
                out.append(escape(t[: len(t) - len(tied)]))
            case Code(text=t):
                out.append(Markup("<code>{}</code>").format(t))
            case LineBreak():
                out.append(Markup("<br>"))
            case Strong(children=c):
                out.append(Markup("<strong>{}</strong>").format(
                    render_inlines(c, cite, keep_link, note)))
            case Emph(children=c):
                out.append(_emph(render_inlines(c, cite, keep_link, note), plain_text(c)))
            case Link(href=href, children=c):
                inner = render_inlines(c, cite, keep_link, note)
                out.append(Markup('<a href="{}">{}</a>').format(href, inner)
                           if keep_link(href) else inner)
            case Cite() if tied:
                out.append(Markup('<span class="rg-keep">{}{}</span>').format(
                    tied, cite(node, False)))
                tied = ""
            case Cite():
                out.append(cite(node, glued))
            case Note(children=c):
                out.append(note(render_inlines(c, cite, keep_link, note)))
            case _:
                assert_never(node)
    return Markup("").join(out)


def render_blocks(blocks: Iterable[Block], cite: CiteRenderer = _cite,
                  keep_link: Callable[[str], bool] = lambda href: True,
                  note: Callable[[Markup], Markup] = _note) -> Markup:
    """Paragraphs and flat lists as HTML."""
    out: list[Markup] = []
    for block in blocks:
        match block:
            case Paragraph(inlines=i):
                out.append(Markup("<p>{}</p>").format(render_inlines(i, cite, keep_link, note)))
            case BulletList(items=items) | OrderedList(items=items):
                tag = "ul" if isinstance(block, BulletList) else "ol"
                lis = Markup("").join(Markup("<li>{}</li>").format(
                    render_inlines(item, cite, keep_link, note)) for item in items)
                out.append(Markup("<{0}>{1}</{0}>").format(Markup(tag), lis))
            case _:
                assert_never(block)
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
    env.filters["bdi"] = bdi
    env.filters["data_uri"] = _data_uri
    env.tests["section"] = lambda part: isinstance(part, Section)
    env.tests["table"] = lambda part: isinstance(part, ComparisonTable)
    env.tests["block"] = lambda part: isinstance(part, get_args(Block))
    env.tests["quote"] = lambda part: isinstance(part, Quote)
    env.tests["figure"] = lambda part: isinstance(part, Figure)
    env.tests["upright"] = lambda text: emphasis_kind(str(text)) != "slant"  # CJK, Arabic
    return env


def unhandled(part: object) -> NoReturn:
    """What a template's ``{% else %}`` calls after testing every kind of part it prints: a part
    the model gained and no template prints stops the build instead of vanishing from the PDF."""
    raise TypeError(f"no template prints a {type(part).__name__}: add a case for it to "
                    "partials/section.html.j2 (and to the DOCX and e-mail writers)")


def _data_uri(figure: Figure) -> Markup:
    """A figure's picture inline, so the PDF needs no file outside the allowed folders."""
    return Markup("data:{};base64,{}").format(figure.media_type,
                                              base64.b64encode(figure.data).decode())


def _stylesheet(env: jinja2.Environment, name: str) -> Markup:
    """A CSS file from the template search path, verbatim (first found wins, like templates).

    Not rendered as a template: minified CSS may contain ``{#``, which Jinja would take for a
    comment. ``</`` is escaped so the file cannot close the ``<style>`` element it is put in.
    """
    assert env.loader is not None
    source, _, _ = env.loader.get_source(env, name)
    return Markup(source.replace("</", "<\\/"))


def logo_url(path: Path) -> str:
    """Where the templates find the logo. A raster logo travels inside the HTML as a ``data:``
    URL because WeasyPrint names a raster image's PDF object after a hash of its URL: a
    ``file:`` URL would make the PDF's bytes depend on the folder the brand was checked out in.
    An SVG keeps its file URL (its own relative references resolve against it, and WeasyPrint
    does not name SVG images by URL)."""
    mime = mimetypes.guess_type(path.name)[0]
    if mime is None or mime == "image/svg+xml":
        return path.resolve().as_uri()
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def context(brief: Brief, theme: Theme) -> dict[str, Any]:
    """Everything templates may use; documented in ``base.html.j2``."""
    meta = brief.meta
    labels = brief.labels
    open_q, close_q = quote_marks(meta.language, labels)
    return {
        "brief": brief,
        "meta": meta,
        "labels": labels,
        "theme": plain(theme),  # data only: no Path reaches a template
        "organization": theme.organization or meta.organization,
        "header_right": meta.series or theme.organization or meta.organization,
        "date_long": _join_numbers(long_date(meta.date, meta.language, labels)),
        "page_size": _PAGE_SIZES.get(meta.paper, "A4"),
        "css_root": css_root(theme),
        "font_faces": css_font_faces(theme),
        "logo_url": logo_url(theme.logo.path) if theme.logo else None,
        "quote_open": open_q,
        "quote_close": close_q,
        "format_date": lambda value: _join_numbers(long_date(value, meta.language, labels)),
        "quote_at": quote_at,  # kept for brand copies of partials/section.html.j2
        "section_order": lambda section: tuple(section_order(section)),
        "unhandled": unhandled,
        "font_stacks": Markup(stacks_css(theme).replace("</", "")),
        "quote_marks_for": lambda language: quote_marks(language),
        "same_language": lambda a, b: primary(a) == primary(b),
        "text_dir": lambda text: text_direction(text) or meta.direction,
    }


def render_html(brief: Brief, theme: Theme) -> str:
    """The brief as HTML from ``brief.html.j2`` (first found in ``theme.template_dirs``)."""
    env = environment(tuple(theme.template_dirs))
    if any(f.spec is not None and not f.data for f in brief.figures):
        from .charts import render_figures  # vl-convert only for briefs with charts

        brief = render_figures(brief, theme)
    return templates.render(env, ENTRY_TEMPLATE, context(brief, theme),
                            variables_in="base.html.j2")
