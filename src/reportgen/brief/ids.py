"""Ids and anchors: sources and sections must be unique, and a ``#name`` link must name one.

A link may only lead to the web, to a mail address or inside the document: a brief must not
point readers at local files, and a link to nothing is dead in both the PDF and the DOCX.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..errors import FieldPath, Problem, dotted
from ..model import Block, Inlines, Link
from ..model.walk import block_inlines, iter_inlines
from ..source.suggest import did_you_mean
from .schema import BriefIn

# Anchors every brief has, besides its section, subsection and table ids and src-<source id>.
FIXED_ANCHORS = ("executive-summary", "key-takeaways", "sources")

_URL_OK = re.compile(r"^(https?://[^\s]+\.[^\s]+|mailto:[^\s@]+@[^\s@]+|#[\w.:-]+)$")


def source_ids(raw: BriefIn, problems: list[Problem]) -> dict[str, int]:
    """Each source id with the index of its entry. A duplicate is reported; the first wins."""
    seen: dict[str, int] = {}
    for i, src in enumerate(raw.sources):
        if not src.id:
            continue
        if src.id in seen:
            first = seen[src.id]
            problems.append(Problem.at(
                ("sources", i, "id"), f"duplicate source id '{src.id}'",
                hint=f"already used by sources[{first}] ('{raw.sources[first].title}'); "
                "give each source its own id, or delete the repeated entry"))
        else:
            seen[src.id] = i
    return seen


def section_ids(raw: BriefIn, problems: list[Problem]) -> dict[str, FieldPath]:
    """Every section and subsection id (anchors must be unique, also against the table's id)."""
    ids: dict[str, FieldPath] = {}
    for i, sec in enumerate(raw.sections):
        found = [(sec.id, ("sections", i, "id"))] + [
            (sub.id, ("sections", i, "subsections", j, "id"))
            for j, sub in enumerate(sec.subsections)
        ]
        for sid, p in found:
            if not sid:  # missing or invalid: the schema has said so already
                continue
            if sid == raw.comparison.id:
                problems.append(Problem.at(
                    p, f"duplicate section id '{sid}'",
                    hint=f"the comparison table already uses the id '{sid}'; "
                    "rename the section or set comparison.id"))
            elif sid in ids:
                owner = ids[sid][:-1] if ids[sid][-1:] == ("id",) else ids[sid]
                problems.append(Problem.at(
                    p, f"duplicate section id '{sid}'",
                    hint=f"already used by {dotted(owner)}; ids must be unique"))
            ids.setdefault(sid, p)
    return ids


def section_depends(raw: BriefIn) -> tuple[FieldPath, ...]:
    """The fields a check against section ids relies on."""
    return (("sections",), *(
        p for i, sec in enumerate(raw.sections)
        for p in [("sections", i, "id"), ("sections", i, "subsections"),
                  *(("sections", i, "subsections", j, "id") for j in range(len(sec.subsections)))]
    ))


def links(nodes: Inlines) -> Iterable[str]:
    return (node.href for node in iter_inlines(nodes) if isinstance(node, Link))


class Anchors:
    """Checks link targets against the anchors of one brief."""

    def __init__(self, names: Sequence[str], depends: tuple[FieldPath, ...],
                 problems: list[Problem]) -> None:
        self.names = names
        self.depends = depends
        self.problems = problems

    def check(self, nodes: Inlines, path: FieldPath) -> None:
        for href in links(nodes):
            find = rf"(?<=\]\(){re.escape(href)}|(?<=\]\(<){re.escape(href)}"
            if not _URL_OK.match(href):
                self.problems.append(Problem.at(
                    path, f"link target '{href}' is not a web address",
                    expected="https://..., mailto:... or #section-id",
                    hint="links may not point at local files"
                    if not href.startswith(("http", "www"))
                    else "a web address needs a host name such as example.org",
                    find=find,
                ))
            elif href.startswith("#") and href[1:] not in self.names:
                self.problems.append(Problem.at(
                    path, f"link target '{href}' names no part of this brief",
                    expected="#id of a section, a subsection or the table, or #src-<source id>",
                    hint=did_you_mean(href[1:], self.names) or "ids: " + ", ".join(
                        a for a in self.names if not a.startswith("src-")),
                    find=find, depends=self.depends,
                ))

    def check_blocks(self, blocks: tuple[Block, ...], path: FieldPath) -> None:
        for inl in block_inlines(blocks):
            self.check(inl, path)
