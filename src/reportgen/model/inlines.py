"""Inline nodes: the runs of text, emphasis, links and citations inside a paragraph.

Strong, Emph and Link hold ``children``; every other node is a leaf. ``model.walk`` is the one
place that descends into children, so a new container node is taught to it there.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Code:
    text: str


@dataclass(frozen=True)
class LineBreak:
    pass


@dataclass(frozen=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Emph:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Link:
    href: str
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Cite:
    """A citation of one or more sources; ``numbers`` match ``keys`` one to one."""

    keys: tuple[str, ...]
    numbers: tuple[int, ...] = ()


Inline = Text | Code | LineBreak | Strong | Emph | Link | Cite
Inlines = tuple[Inline, ...]
Container = Strong | Emph | Link  # the nodes with children
