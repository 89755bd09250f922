"""Brief + Theme -> the e-mail's two bodies (plain text and HTML), from data only.

The body is the executive summary and the key takeaways, rendered from the same inline trees as
the PDF and the DOCX, so the three cannot disagree. Nothing here reads the environment or an
attachment: ``message.py`` assembles the message around these bodies.

* Citations appear as plain ``[n]``, the same numbers as the Sources list of the attached PDF or
  DOCX, and the sources they cite are listed under the takeaways (``sources.py``), so the
  numbers point somewhere even when the message is forwarded without its attachment.
  ``cites=False`` drops both. Text and HTML parts follow the same rule.
* The sign-off is the organization's name only (``— Open Policy Briefs``), never a link: a mail
  that ends with a link is what phishing looks like, and the brief itself is attached.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any, assert_never

import css_inline
import jinja2
from markupsafe import Markup

from ...labels import labels_for
from ...model import (
    Block,
    Brief,
    BulletList,
    Cite,
    Code,
    Emph,
    Inline,
    Inlines,
    LineBreak,
    Link,
    Note,
    OrderedList,
    Paragraph,
    Strong,
    Text,
)
from ...model.text import cite_text
from ...model.walk import glue, map_blocks, map_inlines
from ...theme import HOUSE, Theme
from .. import templates
from ..html import render_blocks, render_inlines
from .sources import SourceLine, cited_sources, source_lines

HTML_TEMPLATE = "email.html.j2"
TEXT_TEMPLATE = "email.txt.j2"
WRAP = 72  # plain-text line width: fits every client and survives quoting ("> ") once or twice

_LANG_TAG = re.compile(r"^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$")
_SAFE_SCHEMES = ("http://", "https://", "mailto:")
GLUE = "\ue000"  # a private-use character: a space textwrap must not break at


def _drop_cites(nodes: Inlines) -> Inlines:
    out: list[Inline] = []
    for node in nodes:
        if isinstance(node, Cite):
            if out and isinstance(out[-1], Text):
                out[-1] = Text(out[-1].text.rstrip(" \u00a0"))
        else:
            out.append(node)
    return tuple(out)


def without_cites(nodes: Inlines) -> Inlines:
    """The tree minus its citations, and minus the space each one leaves before punctuation."""
    return map_inlines(_drop_cites, nodes)


def inline_text(nodes: Inlines) -> str:
    """Plain text of an inline tree; a link keeps its address in <angle brackets> (RFC 3986).

    Spaces that must not become line breaks (before and inside ``[n]``) are written as ``GLUE``,
    which ``_wrap`` turns back into spaces after wrapping (``model.walk.glue`` decides where).
    """
    out: list[str] = []
    for node, glued in glue(nodes):
        match node:
            case Text(text=t) | Code(text=t):
                out.append(t + GLUE if glued else t)
            case LineBreak():
                out.append("\n")
            case Strong(children=c) | Emph(children=c):
                out.append(inline_text(c))
            case Link(href=href, children=c):
                label = inline_text(c)
                out.append(label if label == href else f"{label} <{href}>")
            case Cite():
                out.append(cite_text(node).replace(" ", GLUE))
            case Note(children=c):
                out.append(f" ({inline_text(c)})")
            case _:
                assert_never(node)
    return "".join(out)


def _mail_cite(cite: Cite, glued: bool) -> Markup:
    """``[1, 3]`` as plain numbers: the sources are in the attachment, not in the message."""
    lead = "\u00a0" if glued else ""  # a claim and its [n] stay on one line
    if cite.in_text and cite.author:  # "Nature [1]": the name is running text
        group = cite_text(replace(cite, in_text=False)).replace(" ", "\u00a0")
        return Markup('{}\u00a0<span class="cite">{}</span>').format(cite.author, group)
    return Markup('{}<span class="cite">{}</span>').format(
        lead, cite_text(cite).replace(" ", "\u00a0"))


def _mail_note(children: Markup) -> Markup:
    """A note in the message's own flow, in parentheses: a mail client has no page foot."""
    return Markup('<span class="note"> ({})</span>').format(children)


def _web_link(href: str) -> bool:
    """Only links that work from a mail client; #anchors point into a document not there."""
    return href.lower().startswith(_SAFE_SCHEMES)


def inline_html(nodes: Inlines) -> Markup:
    """HTML of an inline tree, escaped as in the PDF, with the e-mail's citations and links."""
    return render_inlines(nodes, _mail_cite, _web_link, _mail_note)


def _wrap(text: str, first: str = "", rest: str = "") -> str:
    """Fill at WRAP columns without splitting words, URLs or hyphenated names."""
    lines = []
    for i, line in enumerate(text.split("\n")):
        lines.append(textwrap.fill(line, WRAP, initial_indent=first if i == 0 else rest,
                                   subsequent_indent=rest, break_long_words=False,
                                   break_on_hyphens=False) or (first if i == 0 else rest))
    return "\n".join(lines).replace(GLUE, " ")


def text_blocks(blocks: Sequence[Block]) -> list[str]:
    """Paragraphs wrapped at 72 columns; list items hang under their bullet or number."""
    out: list[str] = []
    for block in blocks:
        match block:
            case Paragraph(inlines=i):
                out.append(_wrap(inline_text(i)))
            case BulletList(items=items):
                out.append("\n".join(_wrap(inline_text(i), "- ", "  ") for i in items))
            case OrderedList(items=items):
                out.append("\n".join(_wrap(inline_text(i), f"{n}. ", " " * len(f"{n}. "))
                                     for n, i in enumerate(items, 1)))
            case _:
                assert_never(block)
    return out


def html_blocks(blocks: Sequence[Block]) -> list[Markup]:
    """One ``<p>``, ``<ul>`` or ``<ol>`` per block, for the template to lay out."""
    return [render_blocks([block], _mail_cite, _web_link, _mail_note) for block in blocks]


_CSS_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")
_FONT_NAME = re.compile(r"[^\w \-]")


def _colour(value: str, fallback: str) -> Markup:
    """A brand colour for a <style> block: HTML escaping does not protect CSS, so only #rgb."""
    return Markup(value if _CSS_COLOUR.match(value) else fallback)


def style(theme: Theme) -> dict[str, Markup]:
    """The theme as CSS values the e-mail template may use; mail clients lack brand fonts, so
    each family is followed by a common fallback."""
    body = _FONT_NAME.sub("", theme.body_font.family)
    heading = _FONT_NAME.sub("", theme.heading_font.family)
    return {
        "primary": _colour(theme.primary, HOUSE.primary),
        "secondary": _colour(theme.secondary, HOUSE.secondary),
        "foreground": _colour(theme.foreground, HOUSE.foreground),
        "background": _colour(theme.background, HOUSE.background),
        "link": _colour(theme.link, HOUSE.link),
        "light": _colour(theme.light, HOUSE.light),
        "body_font": Markup(f"'{body}', Georgia, 'Times New Roman', serif"),
        "heading_font": Markup(f"'{heading}', Arial, Helvetica, sans-serif"),
        "heading_weight": Markup(str(int(theme.heading_font.weight))),
    }


def _html_only(name: str | None) -> bool:
    """Autoescape the HTML template only: escaping the text part would print '&amp;'."""
    return bool(name and name.endswith((".html.j2", ".html")))


@lru_cache(maxsize=16)
def _environment(template_dirs: tuple[Path, ...]) -> jinja2.Environment:
    return templates.environment(template_dirs, autoescape=_html_only)


def _render(theme: Theme, name: str, ctx: dict[str, Any]) -> str:
    env = _environment(tuple(theme.template_dirs))
    return templates.render(env, name, ctx, variables_in=name)


def language(brief: Brief) -> str | None:
    """The brief's language tag, when it is one a Content-Language header may carry."""
    return brief.meta.language if _LANG_TAG.match(brief.meta.language) else None


def sources_text(lines: Sequence[SourceLine]) -> list[str]:
    """'[1] Publisher. Title. Date.' wrapped under its number, the link on a line of its own."""
    out = []
    for line in lines:
        lead = f"[{line.number}] "
        text = f"{line.publisher} {line.title} {line.date.replace(' ', GLUE)}"
        entry = _wrap(text, lead, " " * len(lead))  # a date is never split over lines
        out.append(entry + (f"\n{' ' * len(lead)}<{line.url}>" if line.url else ""))
    return out


def body_context(brief: Brief, theme: Theme, cites: bool) -> dict[str, Any]:
    """What both e-mail templates may use; listed at the top of each template."""
    meta = brief.meta
    labels = {**labels_for(meta.language), **brief.labels}
    summary = brief.summary if cites else map_blocks(without_cites, brief.summary)
    takeaways = brief.takeaways if cites else tuple(without_cites(t) for t in brief.takeaways)
    # The numbers shown point here: the sources the message cites, numbered as in the brief.
    sources = source_lines(cited_sources(brief, summary, takeaways), meta.language, labels)
    return {
        "sources": sources,
        "sources_text": sources_text(sources),
        "language": language(brief) or "en",
        "direction": brief.meta.direction,
        "title": " ".join(meta.title.split()),
        "subtitle": meta.subtitle,
        "series": meta.series,
        "organization": theme.organization or meta.organization,
        "labels": labels,
        "summary_text": text_blocks(summary),
        "takeaways_text": [_wrap(inline_text(t), "- ", "  ") for t in takeaways],
        "summary_html": html_blocks(summary),
        "takeaways_html": [inline_html(t) for t in takeaways],
        "style": style(theme),
    }


_INLINER = css_inline.CSSInliner(load_remote_stylesheets=False, keep_style_tags=False)


def render_bodies(brief: Brief, theme: Theme, cites: bool = True) -> tuple[str, str]:
    """(plain text, HTML with CSS inlined): Gmail and Outlook ignore most <style> rules."""
    ctx = body_context(brief, theme, cites)
    text = _render(theme, TEXT_TEMPLATE, ctx)
    html = _INLINER.inline(_render(theme, HTML_TEMPLATE, ctx))
    return text, html
