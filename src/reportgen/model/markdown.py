"""Markdown prose -> the model's block and inline trees.

A real CommonMark parser (markdown-it-py) does the work, with one small inline rule added for
Pandoc-style citations (``[@id]``, ``[@a; @b]``). Raw HTML is disabled, so ``<script>`` in a brief
stays literal text. Citation numbers are filled in later by ``resolve.py``.

Markup a brief cannot hold is an error rather than silently printed as text: a heading (``# x``,
or a line underlined with ``===``/``---``) should be a subsection, a block quote belongs in
``quotes``, a horizontal rule has no place in a brief. markdown-it's own link filter is switched
off so that *every* link reaches ``resolve.py``, whose whitelist (web, mailto, #anchor) decides;
otherwise ``[x](file:///etc/passwd)`` would pass silently as literal text.

Straight quotes become the language's typographic ones (markdown-it's smartquotes rule), in
prose and, through ``smarten``, in plain fields such as titles, so a brief typed on any keyboard
prints curly quotes and apostrophes as a publisher would.
"""

from __future__ import annotations

import re
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from .blocks import Block, BulletList, OrderedList, Paragraph
from .inlines import (
    Cite,
    Code,
    Emph,
    Inline,
    Inlines,
    LineBreak,
    Link,
    Strong,
    Text,
)

CITE_KEY = r"[A-Za-z0-9][A-Za-z0-9_.:-]*"
_CITE_RE = re.compile(rf"\[(@{CITE_KEY}(?:\s*;\s*@{CITE_KEY})*)\]")


class MarkupError(ValueError):
    """Prose uses markup a brief cannot hold (a heading, a nested list, a block quote...).

    ``snippet`` is the offending source line, so the loader can point at it inside a multi-line
    YAML block; ``hint`` says what to write instead.
    """

    def __init__(self, message: str, snippet: str | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.snippet = snippet
        self.hint = hint


def _citation_rule(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("[@", state.pos):
        return False
    match = _CITE_RE.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        token = state.push("citation", "", 0)
        token.meta = {"keys": tuple(k.strip()[1:] for k in match.group(1).split(";"))}
    state.pos = match.end()
    return True


Quotes = tuple[str, str, str, str]
ENGLISH_QUOTES: Quotes = ("\u201c", "\u201d", "\u2018", "\u2019")


@cache
def _parser(quotes: Quotes = ENGLISH_QUOTES) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": True,
                                   "quotes": list(quotes)})
    md.enable("smartquotes")
    md.disable(["html_inline", "html_block", "code_block", "fence", "reference",
                "table"], ignoreInvalid=True)
    md.inline.ruler.before("link", "citation", _citation_rule)
    md.validateLink = _any_link  # type: ignore[method-assign]
    return md


def _any_link(url: str) -> bool:
    """Let every link through the parser; ``resolve.py`` rejects what is not a web address."""
    return True


def _leaf(tok: Token) -> Inline | None:
    """The node of a token that opens or closes nothing; None for an empty text run."""
    kind = tok.type
    if kind == "text":
        return Text(tok.content) if tok.content else None
    if kind == "code_inline":
        return Code(tok.content)
    if kind == "softbreak":
        return Text(" ")
    if kind == "hardbreak":
        return LineBreak()
    if kind == "citation":
        return Cite(keys=tok.meta["keys"])
    if kind == "image":
        raise MarkupError(
            f"images are not supported in prose (found '![{tok.content}]')",
            snippet=f"![{tok.content}]",
            hint="a brief's only picture is the brand logo (brand.yml); to link to the "
            "image instead, drop the '!'")
    raise MarkupError(f"unsupported inline markup: {kind}")  # pragma: no cover


def _container(opened: str, href: str, children: list[Inline]) -> Inline:
    if opened == "strong_open":
        return Strong(tuple(children))
    if opened == "em_open":
        return Emph(tuple(children))
    return Link(href, tuple(children))


def _inlines(tokens: list[Token]) -> Inlines:
    """Turn markdown-it's flat inline token stream into a nested tree."""
    stack: list[tuple[str, str, list[Inline]]] = [("root", "", [])]
    for tok in tokens:
        kind = tok.type
        if kind in ("strong_open", "em_open"):
            stack.append((kind, "", []))
        elif kind == "link_open":
            stack.append((kind, str(tok.attrGet("href") or ""), []))
        elif kind in ("strong_close", "em_close", "link_close"):
            opened = stack.pop()
            stack[-1][2].append(_container(*opened))
        else:
            node = _leaf(tok)
            if node is not None:
                stack[-1][2].append(node)
    return _merge_text(tuple(stack[0][2]))


def _merge_text(nodes: Inlines) -> Inlines:
    """Join adjacent Text runs (markdown-it splits text at every special character)."""
    out: list[Inline] = []
    for node in nodes:
        if isinstance(node, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + node.text)
        else:
            out.append(node)
    return tuple(out)


@cache
def _plain_parser(quotes: Quotes) -> MarkdownIt:
    return MarkdownIt("zero", {"typographer": True, "quotes": list(quotes)}).enable("smartquotes")


def smarten(text: str, quotes: Quotes = ENGLISH_QUOTES) -> str:
    """Typographic quotes in a plain field (a title, a heading): no other markup is read."""
    if "'" not in text and '"' not in text:
        return text
    tokens = _plain_parser(quotes).parseInline(text)
    return "".join(t.content for t in (tokens[0].children or [])) if tokens else text


def parse_inline(text: str, quotes: Quotes = ENGLISH_QUOTES) -> Inlines:
    """Parse one run of prose (a table cell, a takeaway) that must not contain blocks."""
    blocks = parse_blocks(text, quotes)
    if not blocks:
        return ()
    if len(blocks) > 1 or not isinstance(blocks[0], Paragraph):
        raise MarkupError(
            "expected a single paragraph of text here, found a list or a blank line",
            hint="write this as one paragraph; a line starting with '- ' or '1. ' makes a list",
        )
    return blocks[0].inlines


_UNSUPPORTED = {
    "heading_open": ("headings are not allowed inside prose",
                     "make it a subsection (id, heading, body), or write \\# to print a '#'"),
    "hr": ("horizontal rules are not allowed inside prose",
           "delete the line; start a new section or subsection instead"),
    "blockquote_open": ("block quotes are not allowed inside prose",
                        "put quotes in the 'quotes' list, with speaker and source"),
}


def parse_blocks(text: str, quotes: Quotes = ENGLISH_QUOTES) -> tuple[Block, ...]:
    """Parse prose made of paragraphs and (non-nested) bullet or numbered lists."""
    tokens = _parser(quotes).parse(text)
    lines = text.split("\n")  # markdown-it's line map counts line feeds only

    def snippet(tok: Token) -> str | None:
        return lines[tok.map[0]].strip() if tok.map and tok.map[0] < len(lines) else None

    blocks: list[Block] = []
    items: list[Inlines] = []
    list_kind: str | None = None
    depth = 0
    for tok in tokens:
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
            if depth > 1:
                raise MarkupError("lists inside lists are not supported", snippet(tok),
                                  "use one flat list: start every item at the same indentation")
            list_kind, items = tok.type, []
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
            blocks.append(
                BulletList(tuple(items)) if list_kind == "bullet_list_open"
                else OrderedList(tuple(items))
            )
            list_kind = None
        elif tok.type == "inline":
            inl = _inlines(tok.children or [])
            if list_kind is not None:
                items.append(inl)
            else:
                blocks.append(Paragraph(inl))
        elif tok.type == "heading_open" and tok.markup in ("=", "-") and tok.map:
            raise MarkupError(  # a setext heading: text underlined with === or ---
                f"a line of '{tok.markup * 3}' under text makes a heading, which is not allowed "
                "inside prose", lines[tok.map[1] - 1].strip(),
                "delete the line, or make the text above it a subsection heading")
        elif tok.type in _UNSUPPORTED:
            message, hint = _UNSUPPORTED[tok.type]
            raise MarkupError(message, snippet(tok), hint)
        elif tok.type in ("paragraph_open", "paragraph_close", "list_item_open",
                          "list_item_close"):
            continue
        else:  # pragma: no cover - every enabled block rule is handled above
            raise MarkupError(f"unsupported markup in prose: {tok.type}", snippet(tok))
    return tuple(blocks)

