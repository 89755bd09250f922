"""model.walk: the one traversal, and the rule that keeps a citation on its word's line."""

from __future__ import annotations

from reportgen.model import (
    BulletList,
    Cite,
    Code,
    Emph,
    Inlines,
    Link,
    Paragraph,
    Strong,
    Text,
)
from reportgen.model.text import blocks_text, plain_text
from reportgen.model.walk import block_inlines, glue, iter_inlines, map_blocks, map_inlines

TREE: Inlines = (
    Text("See "),
    Strong((Text("the "), Link("https://example.org", (Emph((Text("act"),)),)))),
    Text(" "),
    Cite(("a",), (1,)),
    Text(" and "),
    Code("x"),
)


def test_iter_inlines_is_depth_first_containers_before_children() -> None:
    kinds = [type(node).__name__ for node in iter_inlines(TREE)]
    assert kinds == ["Text", "Strong", "Text", "Link", "Emph", "Text", "Text", "Cite", "Text",
                     "Code"]


def test_map_inlines_reaches_every_run_innermost_first() -> None:
    seen: list[int] = []

    def upper(nodes: Inlines) -> Inlines:
        seen.append(len(nodes))
        return tuple(Text(n.text.upper()) if isinstance(n, Text) else n for n in nodes)

    out = map_inlines(upper, TREE)
    assert plain_text(out) == "SEE THE ACT [1] AND x"
    assert seen == [1, 1, 2, 6]  # Emph's run, Link's, Strong's, then the top level
    assert plain_text(TREE) == "See the act [1] and x"  # the input is untouched (frozen)


def test_map_inlines_may_drop_nodes() -> None:
    def no_cites(nodes: Inlines) -> Inlines:
        return tuple(n for n in nodes if not isinstance(n, Cite))

    nested = (Emph((Text("a"), Cite(("k",), (2,)))), Cite(("j",), (1,)))
    assert map_inlines(no_cites, nested) == (Emph((Text("a"),)),)


def test_blocks_are_walked_item_by_item() -> None:
    blocks = (Paragraph((Text("one"),)), BulletList(((Text("two"),), (Text("three"),))))
    assert [plain_text(i) for i in block_inlines(blocks)] == ["one", "two", "three"]
    shouted = map_blocks(lambda i: (Text(plain_text(i).upper()),), blocks)
    assert isinstance(shouted[1], BulletList)
    assert blocks_text(shouted) == "ONE\n\n- TWO\n\n- THREE"


def test_glue_takes_the_space_before_a_citation() -> None:
    glued = list(glue(TREE))
    assert glued[2] == (Text(""), True)  # " " before [1]: the space goes, the pair is glued
    assert glued[3] == (TREE[3], True)
    assert [flag for _, flag in glued] == [False, False, True, True, False, False]


def test_no_glue_without_white_space_or_without_a_citation() -> None:
    nodes = (Text("word"), Cite(("a",), (1,)), Text("end "), Code("c"))
    assert [flag for _, flag in glue(nodes)] == [False, False, False, False]
    assert [node for node, _ in glue(nodes)] == list(nodes)


def test_glue_treats_any_white_space_alike() -> None:
    for space in (" ", "\u00a0", "\n", "  "):
        (text, glued), (_, cite_glued) = glue((Text("claim" + space), Cite(("a",), (1,))))
        assert text == Text("claim") and glued and cite_glued
