"""Markdown prose -> the model's block and inline trees.

A real CommonMark parser (markdown-it-py) does the work, with inline rules added for Pandoc's
citations (``[@id]``, ``[see @a, p. 3; @b]``, ``@a``: read by ``citesyntax``) and notes
(``text[^1]`` with a ``[^1]: ...`` line in the same field, and inline ``^[...]``). Raw HTML is
disabled, so ``<script>`` in a brief stays literal text. Citation numbers are filled in later
by ``resolve.py``.

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
from .citesyntax import bracketed, in_text
from .inlines import (
    Cite,
    Code,
    Emph,
    Inline,
    Inlines,
    LineBreak,
    Link,
    Note,
    Strong,
    Text,
)
from .markup import MarkupError
from .notes import definitions, note_ref

# Bounds on one paragraph (README, "Threat model"): deeper nesting overflows Python's stack in
# the writers and in pickling; thousands of spans in one word make WeasyPrint's line breaking
# take minutes.
MAX_INLINE_DEPTH = 20
MAX_SPANS = 500
MAX_GLUED = 50  # formatted pieces in one word, with no space to break the line at
_SPANS = ("strong_open", "em_open", "link_open", "code_inline", "citation", "note")
# What an entity such as &#12; can smuggle past the loader's check of raw characters.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_NUMERIC_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")


def _citation_rule(state: StateInline, silent: bool) -> bool:
    char = state.src[state.pos]
    if char not in "[@":
        return False
    found = bracketed(state.src, state.pos) if char == "[" else in_text(state.src, state.pos)
    if found is None:
        return False
    if not silent:
        token = state.push("citation", "", 0)
        token.meta = {"cite": found[0]}
    state.pos = found[1]
    return True


def _note_rule(state: StateInline, silent: bool) -> bool:
    found = note_ref(state.src, state.pos, state.env)
    if found is None:
        return False
    if not silent:
        token = state.push("note", "", 0)
        token.meta = {"text": found[0]}
    state.pos = found[1]
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
    md.inline.ruler.before("link", "note", _note_rule)
    md.inline.ruler.before("link", "citation", _citation_rule)
    md.validateLink = _any_link  # type: ignore[method-assign]
    return md


def _any_link(url: str) -> bool:
    """Let every link through the parser; ``resolve.py`` rejects what is not a web address."""
    return True


def _check_bounds(tokens: list[Token], snippet: str | None) -> None:
    """Refuse what the writers cannot handle in bounded time and stack: see MAX_* above."""
    depth = spans = glued = 0
    for tok in tokens:
        depth += tok.nesting
        spans += tok.type in _SPANS
        glued += tok.type in _SPANS
        if tok.type in ("softbreak", "hardbreak") or (tok.type == "text"
                                                       and any(c.isspace() for c in tok.content)):
            glued = 0
        if glued > MAX_GLUED:
            raise MarkupError(f"more than {MAX_GLUED} formatted pieces in one word, with no "
                              "space between them (the line could not be broken there)",
                              snippet, "put spaces between them, or remove '*' and '_' "
                              "markers that were not meant as emphasis")
        if depth > MAX_INLINE_DEPTH:
            raise MarkupError(f"emphasis and links nested more than {MAX_INLINE_DEPTH} deep",
                              snippet, f"a paragraph may nest at most {MAX_INLINE_DEPTH} levels "
                              "of *, ** and [links]; remove the extra markers")
        if spans > MAX_SPANS:
            raise MarkupError(f"more than {MAX_SPANS} formatted pieces (emphasis, links, "
                              "citations, code) in one paragraph", snippet,
                              "split the paragraph, or remove '*' and '_' markers that "
                              "were not meant as emphasis")
        bad = _CONTROL.search(tok.content) if tok.type in ("text", "code_inline") else None
        if bad:
            raise MarkupError(f"control character U+{ord(bad.group()):04X} (written as a "
                              "character reference such as &#12;) cannot be printed", snippet,
                              "delete it; for a new paragraph leave a blank line")


def _check_references(source: str, snippet: str | None) -> None:
    """Refuse a character reference to a control character or a non-character, which
    markdown-it would print as the control character itself or silently as U+FFFD."""
    for match in _NUMERIC_REF.finditer(source):
        code = int(match.group(1), 16) if match.group(1) else int(match.group(2))
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF or (
                code < 0x110000 and _CONTROL.match(chr(code))) or code == 0x0D:
            raise MarkupError(f"'{match.group()}' is a control character (U+{code:04X}), which "
                              "cannot be printed", snippet,
                              "delete it; for a new paragraph leave a blank line")


def _note(text: str, quotes: Quotes) -> Note:
    children = parse_inline(text, quotes)
    if any(isinstance(node, Note) for node in children):
        raise MarkupError("a note inside a note cannot be printed", text[:60],
                          "move the inner note's text into the outer note")
    return Note(children)


def _leaf(tok: Token, quotes: Quotes) -> Inline | None:
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
        cite: Cite = tok.meta["cite"]
        return cite
    if kind == "note":
        return _note(tok.meta["text"], quotes)
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


def _inlines(tokens: list[Token], snippet: str | None = None,
             quotes: Quotes = ENGLISH_QUOTES) -> Inlines:
    """Turn markdown-it's flat inline token stream into a nested tree."""
    _check_bounds(tokens, snippet)
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
            node = _leaf(tok, quotes)
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
    """Parse prose made of paragraphs and (non-nested) bullet or numbered lists; a note's
    ``[^n]: ...`` line is taken out first (``notes.definitions``), its line left blank."""
    text, env = definitions(text)
    tokens = _parser(quotes).parse(text, env)
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
            _check_references(tok.content, _entity_line(tok, lines))
            inl = _inlines(tok.children or [], _entity_line(tok, lines), quotes)
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
    unused = [label for label in env["notes"] if label not in env["used"]]
    if unused:
        raise MarkupError(f"note [^{unused[0]}] is defined but never referred to",
                          f"[^{unused[0]}]:", f"write [^{unused[0]}] where the note belongs, "
                          "or delete its definition")
    return tuple(blocks)


def _entity_line(tok: Token, lines: list[str]) -> str | None:
    """The source line of an inline token (the first one holding '&#' if any: the likeliest
    culprit of a control character), to locate an error inside a multi-line block."""
    if not tok.map:
        return None
    block = [ln.strip() for ln in lines[tok.map[0]:tok.map[1]]]
    return next((ln for ln in block if "&#" in ln), block[0] if block else None)
