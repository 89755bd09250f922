"""Block nodes: what prose fields hold (paragraphs and flat lists)."""

from __future__ import annotations

from dataclasses import dataclass

from .inlines import Inlines


@dataclass(frozen=True)
class Paragraph:
    inlines: Inlines


@dataclass(frozen=True)
class BulletList:
    items: tuple[Inlines, ...]


@dataclass(frozen=True)
class OrderedList:
    items: tuple[Inlines, ...]


Block = Paragraph | BulletList | OrderedList
