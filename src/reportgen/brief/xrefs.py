"""Cross-references in prose, Quarto's way: ``@fig-timeline`` prints "Figure 1" and
``@tbl-comparison`` "Table 1", in the brief's language, linked to what they name.

They are read as author-in-text citations (``@key``) and turned here, once every figure has
its number, into internal links, which every writer already prints (a PDF link, a DOCX
hyperlink to the bookmark, the plain words in an e-mail). An unknown label is an error at the
reference, with did-you-mean.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ..errors import FieldPath, Problem
from ..model import Brief, Cite, ComparisonTable, Inline, Inlines, Link, Text
from ..model.walk import map_prose
from ..source.suggest import did_you_mean
from .numbering import cite_pattern

PREFIXES = ("fig-", "tbl-")


def is_xref(cite: Cite) -> bool:
    return cite.in_text and len(cite.keys) == 1 and cite.keys[0].startswith(PREFIXES)


def targets(brief: Brief, labels: Mapping[str, str]) -> dict[str, tuple[str, str]]:
    """Label -> (the words printed, the anchor linked to)."""
    found = {f"fig-{f.id}": (f"{labels['figure']}\u00a0{f.number}", f.anchor)
             for f in brief.figures if f.id}
    tables = [p for p in brief.body if isinstance(p, ComparisonTable)]
    found.update({f"tbl-{t.id}": (f"{labels['table']}\u00a0{n}", t.id)
                  for n, t in enumerate(tables, 1)})
    return found


def resolve_xrefs(brief: Brief, labels: Mapping[str, str],
                  where: Callable[[Cite], FieldPath | None]) -> tuple[Brief, list[Problem]]:
    """The brief with each ``@fig-x``/``@tbl-x`` replaced by its link; unknown ones reported
    at the field that holds them (``where``)."""
    known = targets(brief, labels)
    problems: list[Problem] = []

    def one(node: Inline) -> Inline:
        if not isinstance(node, Cite) or not is_xref(node):
            return node
        label = node.keys[0]
        if label not in known:
            problems.append(Problem.at(
                where(node) or ("sections",), f"refers to unknown label '{label}'",
                expected="@fig-<figure id> or @tbl-<table id>",
                hint=did_you_mean(label, known) or "check the figure's or table's id",
                find=cite_pattern(label)))
            return Text(f"@{label}")
        words, anchor = known[label]
        return Link(f"#{anchor}", (Text(words),))

    def run(nodes: Inlines) -> Inlines:
        return tuple(one(n) for n in nodes)

    return map_prose(run, brief), problems
