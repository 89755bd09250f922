"""Inline markup -> tree, and citation numbering over a whole brief.

Every writer walks these trees, so what is parsed here is what the PDF and the DOCX both say.
"""

from __future__ import annotations

from typing import Any

import pytest

from reportgen.brief.resolve import resolve
from reportgen.brief.schema import BriefIn
from reportgen.model import (
    BulletList,
    Cite,
    Code,
    Emph,
    LineBreak,
    Link,
    OrderedList,
    Paragraph,
    Strong,
    Text,
)
from reportgen.model.markdown import MarkupError, parse_blocks, parse_inline
from reportgen.model.walk import iter_inlines

# ---------------------------------------------------------------------------------------------
# Inline parsing


def citations(tree: tuple[Any, ...]) -> list[Cite]:
    return [node for node in iter_inlines(tree) if isinstance(node, Cite)]


def test_bold_italic_and_code() -> None:
    assert parse_inline("a **bold** and *italic* and `code`") == (
        Text("a "), Strong((Text("bold"),)), Text(" and "), Emph((Text("italic"),)),
        Text(" and "), Code("code"),
    )


def test_nested_emphasis() -> None:
    assert parse_inline("***both***") in (
        (Emph((Strong((Text("both"),)),)),),
        (Strong((Emph((Text("both"),)),)),),
    )


def test_link_keeps_its_target_and_formatted_text() -> None:
    assert parse_inline("see [the *Act*](https://example.org/act)") == (
        Text("see "), Link("https://example.org/act", (Text("the "), Emph((Text("Act"),)))),
    )


def test_autolink() -> None:
    assert parse_inline("<https://example.org>") == (
        Link("https://example.org", (Text("https://example.org"),)),
    )


def test_single_and_multiple_citations() -> None:
    assert parse_inline("One [@eu-ai-act]. Two [@a; @b.c:d_e]") == (
        Text("One "), Cite(("eu-ai-act",)), Text(". Two "), Cite(("a", "b.c:d_e")),
    )


def test_citation_inside_emphasis_is_found() -> None:
    tree = parse_inline("**strong claim [@x]** and [link [@y]](https://example.org)")
    assert [c.keys for c in citations(tree)] == [("x",), ("y",)]


@pytest.mark.parametrize("text", ["[not a cite]", "\\[@escaped]", "email@example.org",
                                  "\\@handle", "[mail me@example.org]"])
def test_brackets_that_are_not_citations_stay_text(text: str) -> None:
    tree = parse_inline(text)
    assert not citations(tree)
    assert all(isinstance(n, Text) for n in tree)


def test_raw_html_stays_text() -> None:
    tree = parse_inline("<script>alert(1)</script> and <b>bold</b>")
    assert tree == (Text("<script>alert(1)</script> and <b>bold</b>"),)


def test_html_block_stays_text() -> None:
    (block,) = parse_blocks("<div>\nhello\n</div>")
    assert isinstance(block, Paragraph)
    assert block.inlines[0] == Text("<div> hello </div>")


def test_soft_break_is_a_space_hard_break_is_kept() -> None:
    assert parse_inline("one\ntwo") == (Text("one two"),)
    assert parse_inline("one  \ntwo") == (Text("one"), LineBreak(), Text("two"))


def test_escaped_hash_is_text() -> None:
    assert parse_inline("\\# 1 priority") == (Text("# 1 priority"),)


@pytest.mark.parametrize("href", ["file:///etc/passwd", "javascript:alert(1)", "report.pdf"])
def test_every_link_reaches_the_checks(href: str) -> None:
    """markdown-it would silently drop some of these to text; resolve.py must see them all."""
    assert parse_inline(f"[x]({href})") == (Link(href, (Text("x"),)),)


# ---------------------------------------------------------------------------------------------
# Blocks


def test_paragraphs_and_flat_lists() -> None:
    blocks = parse_blocks("Intro:\n\n- one\n- two [@a]\n\n1. first\n2. second\n\nEnd.")
    assert blocks == (
        Paragraph((Text("Intro:"),)),
        BulletList(((Text("one"),), (Text("two "), Cite(("a",))))),
        OrderedList(((Text("first"),), (Text("second"),))),
        Paragraph((Text("End."),)),
    )


def test_list_directly_after_a_paragraph_line() -> None:
    assert parse_blocks("Three points:\n- a\n- b") == (
        Paragraph((Text("Three points:"),)), BulletList(((Text("a"),), (Text("b"),))),
    )


def test_empty_text_has_no_blocks() -> None:
    assert parse_blocks("") == ()
    assert parse_inline("   ") == ()


@pytest.mark.parametrize(("text", "message", "snippet"), [
    ("- a\n  - b", "lists inside lists", "- b"),
    ("Text\n\n# Heading", "headings are not allowed", "# Heading"),
    ("## Heading", "headings are not allowed", "## Heading"),
    ("Text\n===", "makes a heading", "==="),
    ("a\n\n---\n\nb", "horizontal rules", "---"),
    ("> quoted", "block quotes", "> quoted"),
])
def test_unsupported_markup_is_an_error_with_the_offending_line(
    text: str, message: str, snippet: str
) -> None:
    with pytest.raises(MarkupError) as caught:
        parse_blocks(text)
    assert message in str(caught.value)
    assert caught.value.snippet == snippet
    assert caught.value.hint


@pytest.mark.parametrize("text", ["one\n\ntwo", "- a\n- b"])
def test_inline_text_must_be_one_paragraph(text: str) -> None:
    with pytest.raises(MarkupError, match="single paragraph"):
        parse_inline(text)


# ---------------------------------------------------------------------------------------------
# Citation numbering over a whole brief


def _source(key: str) -> dict[str, Any]:
    return {"id": key, "title": f"Title {key}", "publisher": "P", "date": "2024"}


def _brief(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "meta": {"title": "T", "subtitle": "S", "date": "2025-01-01", "authors": ["A"],
                 "organization": "O", "slug": "t", "subject": "S."},
        "summary": "Summary [@s5].",
        "takeaways": ["First [@s3].", "Second [@s5; @s1].", "Third."],
        "sections": [
            {"id": "a", "heading": "A", "body": "Text [@s2].",
             "subsections": [{"id": "a1", "heading": "A1", "body": "Sub [@s6]."}]},
            {"id": "b", "heading": "B", "body": "More [@s4]."},
        ],
        "comparison": {"heading": "C", "caption": "C", "after": "a", "columns": ["X", "Y"],
                       "rows": [{"cells": ["EU [@s7]", "y [@s2]"], "sources": ["s8"]}]},
        "quotes": [
            {"text": "Q", "speaker": "S", "affiliation": "A", "section": "b", "source": "qb"},
            {"text": "Q", "speaker": "S", "affiliation": "A", "section": "a", "source": "qa"},
        ],
        # Listed in an order unrelated to citation order; u1, u2 are never cited.
        "sources": [_source(k) for k in
                    ["u2", "s8", "qb", "s7", "s6", "s5", "u1", "s4", "s3", "s2", "qa", "s1"]],
    }
    data.update(changes)
    return data


def _numbers(data: dict[str, Any]) -> dict[str, int]:
    brief, issues = resolve(BriefIn.model_validate(data))
    assert not [i for i in issues if i.severity == "error"], issues
    return {s.id: s.number for s in brief.sources}


def test_sources_are_numbered_in_reading_order() -> None:
    """summary -> takeaways -> sections in order (each: prose, its quotes, its subsections),
    with the table where ``after`` puts it (row name, row sources, other cells); uncited last,
    in the order listed."""
    assert _numbers(_brief()) == {
        "s5": 1, "s3": 2, "s1": 3,  # summary, takeaways
        "s2": 4, "qa": 5, "s6": 6,  # section a: prose, its quote, its subsection
        "s7": 7, "s8": 8,  # the table after section a: row name, then the row's sources
        "s4": 9, "qb": 10,  # section b: prose, its quote
        "u2": 11, "u1": 12,  # never cited: after the rest, as listed
    }


def test_table_without_after_comes_after_all_sections() -> None:
    data = _brief()
    data["comparison"] = {**data["comparison"], "after": None}
    numbers = _numbers(data)
    assert numbers["s4"] < numbers["qb"] < numbers["s7"] < numbers["s8"]


def test_cite_numbers_match_keys_and_repeat_for_a_source_cited_twice() -> None:
    brief, _ = resolve(BriefIn.model_validate(_brief()))
    assert brief.takeaways[1] == (Text("Second "), Cite(("s5", "s1"), (1, 3)), Text("."))
    table = brief.table
    assert table.rows[0].cite == Cite(("s8",), (8,))
    assert table.rows[0].cells[1] == (Text("y "), Cite(("s2",), (4,)))
    assert [type(p).__name__ for p in brief.body] == ["Section", "ComparisonTable", "Section"]


def test_uncited_sources_are_warnings() -> None:
    _, issues = resolve(BriefIn.model_validate(_brief()))
    assert sorted((i.severity, i.path) for i in issues) == [
        ("warning", ("sources", 0, "id")), ("warning", ("sources", 6, "id")),
    ]


def test_numbers_in_one_citation_are_shown_ascending_with_their_keys() -> None:
    """Numbers follow first citation, but a group reads [1, 3], not [3, 1]."""
    data = _brief(takeaways=["First [@s3].", "Second [@s1; @s5].", "Third."])
    brief, _ = resolve(BriefIn.model_validate(data))
    assert brief.takeaways[1][1] == Cite(("s5", "s1"), (1, 3))


def test_image_syntax_is_refused_with_a_clear_message() -> None:
    with pytest.raises(MarkupError, match="images are not supported") as exc:
        parse_blocks("A chart: ![map](https://example.org/map.png)")
    assert exc.value.hint and "logo" in exc.value.hint
