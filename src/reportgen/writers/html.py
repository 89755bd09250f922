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
from types import TracebackType
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from markupsafe import Markup, escape

from ..errors import InputError, Problem
from ..fetch import ConfinedLoader
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
    plain_text,
    quote_at,
)
from ..sandbox import TemplateBudgetError, plain, refusal, render_bounded, sandbox
from ..theme import Font, Theme

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
    """An inline tree as HTML; text is escaped, and a citation is kept on its word's line.

    ``cite`` and ``keep_link`` let another medium (the e-mail body) print citations as plain
    numbers and drop links that lead nowhere there, with the same escaping.
    """
    out: list[Markup] = []
    glue = False
    for i, node in enumerate(nodes):
        match node:
            case Text(text=t):
                glue = i + 1 < len(nodes) and isinstance(nodes[i + 1], Cite) and t[-1:].isspace()
                out.append(escape(t.rstrip() if glue else t))
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
                out.append(cite(node, glue))
        if not isinstance(node, Text):
            glue = False
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
    """One Environment per search path: Jinja caches compiled templates on it."""
    env = sandbox(
        loader=ConfinedLoader([str(d) for d in template_dirs]),
        autoescape=True,  # every PDF template is HTML, whatever its file name ends with
    )
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


_TEMPLATE_FILES = (".j2", ".html", ".css")


def _template_frame(tb: TracebackType | None,
                    innermost: bool = False) -> tuple[str, int] | None:
    """The innermost template file and line of a rendering error, from Jinja's traceback.

    With ``innermost``, only when the error was raised by the template's own code (not by a
    Python function it called, such as a filter): that is a mistake in the template.
    """
    found = None
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        is_template = name.endswith(_TEMPLATE_FILES)
        if is_template:
            found = (name, tb.tb_lineno)
        if innermost and tb.tb_next is None and not is_template:
            return None
        tb = tb.tb_next
    return found


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
    try:
        template = env.get_template(ENTRY_TEMPLATE)
        return render_bounded(template, context(brief, theme))
    except (SecurityError, TemplateBudgetError, RecursionError) as exc:
        raise refusal(exc, ENTRY_TEMPLATE) or exc from None
    except jinja2.TemplateSyntaxError as exc:
        raise InputError([Problem(
            exc.filename or exc.name or ENTRY_TEMPLATE, f"template syntax error: {exc.message}",
            exc.lineno, hint="check the {% ... %} and {{ ... }} tags on this line",
        )]) from None
    except jinja2.TemplateNotFound as exc:
        where = _template_frame(exc.__traceback__)  # the template that includes or extends it
        raise InputError([Problem(
            where[0] if where else str(exc.name),
            f"template '{exc.name}' not found" if where else "template not found",
            where[1] if where else None,
            hint="looked in: " + ", ".join(str(d) for d in theme.template_dirs),
        )]) from None
    except jinja2.UndefinedError as exc:
        where = _template_frame(exc.__traceback__)
        raise InputError([Problem(
            where[0] if where else ENTRY_TEMPLATE, f"template error: {exc.message}",
            where[1] if where else None,
            hint="see the variables listed at the top of base.html.j2",
        )]) from None
    except InputError:
        raise
    except Exception as exc:
        # A template's own expression failed ({{ meta.title + 1 }}): bad input, located.
        # An error inside reportgen's Python (a filter) is not the template's: it propagates.
        where = _template_frame(exc.__traceback__, innermost=True)
        if where is None:
            raise
        raise InputError([Problem(
            where[0], f"template error: {type(exc).__name__}: {exc}", where[1],
            hint="check the expression on this line",
        )]) from None
