"""Source numbers in first-cited order: the resolver notes where each citation was written, then
``number`` numbers them in reading order (``model.order.citations``)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from ..errors import FieldPath, Problem
from ..model import Block, Brief, Cite, Inlines
from ..model.order import citations
from ..model.walk import block_inlines, iter_inlines, map_cites
from ..source.suggest import did_you_mean


def cite_pattern(key: str) -> str:
    """Where ``@key`` is written: ``[@key]``, ``[see @a; @key, p. 3]``, ``@key`` in running
    text (the key ends where Pandoc's does: not before a word character)."""
    return rf"@{re.escape(key)}(?![A-Za-z0-9_]|[.:/-][A-Za-z0-9_])"


class Numbering:
    """Assigns source numbers in first-cited order; an unknown key is a Problem."""

    def __init__(self, known: Iterable[str], depends: tuple[FieldPath, ...] = ()) -> None:
        self.known = dict.fromkeys(known)  # ordered, and quick to test with thousands of keys
        self.depends = depends
        self.order: dict[str, int] = {}
        self.problems: list[Problem] = []
        # Where each citation was written, by object: numbers come later, in reading order.
        self._where: dict[int, list[tuple[FieldPath, Sequence[FieldPath] | None, bool]]] = {}

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
        # citation styles do; keys stay paired with their numbers. A group with prefixes or
        # locators keeps its written order ("see 4, p. 2; also 1").
        if cite.items:
            return replace(cite, numbers=tuple(numbers))
        pairs = sorted(zip(numbers, cite.keys, strict=True))
        return replace(cite, keys=tuple(k for _, k in pairs), numbers=tuple(n for n, _ in pairs))

    def prose(self, nodes: Inlines, path: FieldPath) -> Inlines:
        """Note where each citation of a prose field was written (for its problems)."""
        for node in iter_inlines(nodes):
            if isinstance(node, Cite):
                self._where.setdefault(id(node), []).append((path, None, True))
        return nodes

    def prose_blocks(self, blocks: tuple[Block, ...], path: FieldPath) -> tuple[Block, ...]:
        for inlines in block_inlines(blocks):
            self.prose(inlines, path)
        return blocks

    def cited(self, cite: Cite, path: FieldPath,
              item_paths: Sequence[FieldPath] | None = None) -> Cite:
        """Note a citation outside prose (a quote's source, a table row's sources)."""
        self._where.setdefault(id(cite), []).append((path, item_paths, False))
        return cite

    def where(self, cite: Cite) -> FieldPath | None:
        """The field a citation was written in (for problems found after parsing)."""
        found = self._where.get(id(cite))
        return found[0][0] if found else None

    def number(self, brief: Brief) -> Brief:
        """Number every noted citation in the order a reader meets it (``model.order``)."""
        numbered: dict[int, Cite] = {}
        for cite in citations(brief):
            path, item_paths, in_prose = self._where[id(cite)].pop(0)
            numbered[id(cite)] = self.cite(cite, path, item_paths, in_prose)
        return map_cites(lambda cite: numbered[id(cite)], brief)
