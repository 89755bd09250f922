"""Source numbers in first-cited order, assigned while the document is walked in reading order."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from ..errors import Problem
from ..model import (
    Block,
    BulletList,
    Cite,
    Emph,
    Inline,
    Inlines,
    Link,
    OrderedList,
    Paragraph,
    Strong,
)
from ..source.paths import FieldPath
from ..source.suggest import did_you_mean


def cite_pattern(key: str) -> str:
    """Where ``[@key]`` or ``@key`` in ``[@a; @key]`` is written (folded lines allowed)."""
    return rf"@{re.escape(key)}(?=\s*[;\]])"


class Numbering:
    """Assigns source numbers in first-cited order; an unknown key is a Problem."""

    def __init__(self, known: Iterable[str], depends: tuple[FieldPath, ...] = ()) -> None:
        self.known = list(known)
        self.depends = depends
        self.order: dict[str, int] = {}
        self.problems: list[Problem] = []

    def cite(self, cite: Cite, path: FieldPath, item_paths: Sequence[FieldPath] | None = None,
             in_prose: bool = False) -> Cite:
        """Number each key of ``cite``; an unknown key is reported at its own item, if listed."""
        numbers = []
        for k, key in enumerate(cite.keys):
            if key not in self.known:
                self.problems.append(Problem.at(
                    item_paths[k] if item_paths else path, f"cites unknown source '{key}'",
                    hint=did_you_mean(key, self.known) or "add it under 'sources' or fix the id",
                    expected="the id of an entry in 'sources'",
                    find=cite_pattern(key) if in_prose else None,
                    depends=self.depends,
                ))
                numbers.append(0)
                continue
            numbers.append(self.order.setdefault(key, len(self.order) + 1))
        # Numbers are assigned in written order, then shown ascending ([1, 4, 9]), as numeric
        # citation styles do; keys stay paired with their numbers.
        pairs = sorted(zip(numbers, cite.keys, strict=True))
        return replace(cite, keys=tuple(k for _, k in pairs), numbers=tuple(n for n, _ in pairs))

    def inlines(self, nodes: Inlines, path: FieldPath) -> Inlines:
        out: list[Inline] = []
        for node in nodes:
            if isinstance(node, Cite):
                out.append(self.cite(node, path, in_prose=True))
            elif isinstance(node, Strong | Emph | Link):
                out.append(replace(node, children=self.inlines(node.children, path)))
            else:
                out.append(node)
        return tuple(out)

    def blocks(self, blocks: tuple[Block, ...], path: FieldPath) -> tuple[Block, ...]:
        out: list[Block] = []
        for block in blocks:
            if isinstance(block, Paragraph):
                out.append(Paragraph(self.inlines(block.inlines, path)))
            elif isinstance(block, BulletList | OrderedList):
                out.append(type(block)(tuple(self.inlines(i, path) for i in block.items)))
        return tuple(out)
