"""The document model every writer walks: frozen dataclasses, one traversal, one reading order.

``inlines`` and ``blocks`` are the prose trees, ``document`` the resolved brief around them,
``walk`` the one traversal, ``text`` their plain text, ``order`` where each part goes, and
``markdown`` the reader that turns a brief's prose into these trees.
"""

from .blocks import Block, BulletList, OrderedList, Paragraph
from .document import (
    BodyItem,
    BodyPart,
    Brief,
    ComparisonTable,
    Figure,
    Meta,
    Quote,
    Section,
    SectionItem,
    Source,
    TableRow,
    Where,
)
from .inlines import (
    Cite,
    CiteItem,
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
from .order import quote_at
from .text import blocks_text, plain_text

__all__ = [
    "Block", "BodyItem", "BodyPart", "Brief", "BulletList", "Cite", "CiteItem", "Code",
    "ComparisonTable", "Emph", "Figure", "Inline", "Inlines", "LineBreak", "Link", "Meta", "Note",
    "OrderedList", "Paragraph", "Quote", "Section", "SectionItem", "Source", "Strong", "TableRow",
    "Text", "Where", "blocks_text", "plain_text", "quote_at",
]
