"""A DOCX paragraph back into the brief's Markdown: emphasis, links, and ``[@id]`` citations.

The writer prints a citation as numbers linked to ``#src-<id>``; a reviewer may also type one
("[3]" or "[2, 5]"). Both come back as keys, through the numbers of the brief as built.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from .paragraphs import Piece

NBSP = "\u00a0"
_CITE = "\x01{}\x02"
_GROUP = re.compile("\\[((?:\x01[^\x02]*\x02(?:,\\s*)?)+)\\]")
_ONE = re.compile("\x01([^\x02]*)\x02")
_TYPED = re.compile(r"\[(\d+(?:,\s*\d+)*)\]")


def _emphasis(text: str, bold: bool, italic: bool) -> str:
    marker = ("**" if bold else "") + ("*" if italic else "")
    if not marker or not text.strip():
        return text
    core = text.strip()
    lead, trail = text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):]
    return f"{lead}{marker}{core}{marker[::-1]}{trail}"


def _merged(pieces: Sequence[Piece]) -> list[tuple[str, bool, bool, str | None]]:
    """Pieces of one look joined. Emphasis over the whole paragraph is its style's (a table's
    first column, a quote), which LibreOffice saves as direct formatting: not Markdown."""
    visible = [p for p in pieces if p.text.strip()]
    all_bold = bool(visible) and all(p.bold for p in visible)
    all_italic = bool(visible) and all(p.italic for p in visible)
    out: list[tuple[str, bool, bool, str | None]] = []
    for p in pieces:
        key = (p.bold and not all_bold, p.italic and not all_italic, p.link)
        if out and out[-1][1:] == key:
            out[-1] = (out[-1][0] + p.text, *key)
        else:
            out.append((p.text, *key))
    return out


def to_markdown(pieces: Sequence[Piece], keys: Mapping[int, str]) -> str:
    """The Markdown for ``pieces`` (``keys``: citation number -> source id)."""
    out: list[str] = []
    i, merged = 0, _merged(pieces)
    while i < len(merged):
        text, bold, italic, link = merged[i]
        if link is None:
            out.append(_emphasis(text, bold, italic))
            i += 1
            continue
        inner = []
        while i < len(merged) and merged[i][3] == link:
            inner.append(_emphasis(*merged[i][:3]))
            i += 1
        if link.startswith("#src-"):
            out.append(_CITE.format(link[5:]))
        else:
            out.append(f"[{''.join(inner)}]({link})")
    md = "".join(out).replace(NBSP + "\x01", " \x01").replace(NBSP + "[", " [")
    md = _GROUP.sub(lambda m: "[" + "; ".join(f"@{k}" for k in _ONE.findall(m[1])) + "]", md)
    md = _ONE.sub(lambda m: f"[@{m[1]}]", md)

    def typed(m: re.Match[str]) -> str:
        numbers = [int(n) for n in re.split(r",\s*", m[1])]
        if all(n in keys for n in numbers):
            return "[" + "; ".join(f"@{keys[n]}" for n in numbers) + "]"
        return m[0]

    return _TYPED.sub(typed, md)
