"""Loading a brief: what loads, what is reported, and where.

One-mistake files live in tests/bad/ (see test_bad_inputs.py); the tests here edit the small
valid fixture in memory to check behaviour that needs more than one mistake, or none.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from reportgen.brief.load import Loaded, load_brief
from reportgen.brief.resolve import SUMMARY_MAX_WORDS
from reportgen.errors import InputError, Problem
from reportgen.model import Link, Paragraph, Section, plain_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
VALID = FIXTURES / "valid_small.yaml"
TEXT = VALID.read_text(encoding="utf-8")


def _write(tmp_path: Path, text: str | bytes, name: str = "brief.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def _edit(*edits: tuple[str, str]) -> str:
    text = TEXT
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def _problems(path: Path) -> list[Problem]:
    with pytest.raises(InputError) as caught:
        load_brief(path)
    return caught.value.problems


def _line_of(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), 1) if fragment in line)


# ---------------------------------------------------------------------------------------------
# What loads


def test_valid_fixture_loads_without_warnings() -> None:
    loaded = load_brief(VALID)
    assert isinstance(loaded, Loaded)
    assert loaded.warnings == []
    assert [s.id for s in loaded.brief.sources] == ["eu-ai-act", "us-eo", "coe-convention"]
    assert loaded.brief.meta.short_title == "Small brief"
    assert loaded.brand_dir is None


@pytest.mark.parametrize("line", ["", "  short_title:\n", "  short_title: null\n"])
def test_short_title_defaults_to_the_title(tmp_path: Path, line: str) -> None:
    path = _write(tmp_path, _edit(('  short_title: "Small brief"\n', line)))
    assert load_brief(path).brief.meta.short_title == "Small brief on AI rules"


def test_short_title_blank_is_an_error_not_a_silent_default(tmp_path: Path) -> None:
    path = _write(tmp_path, _edit(('short_title: "Small brief"', 'short_title: "   "')))
    (problem,) = _problems(path)
    assert (problem.field, problem.message) == ("meta.short_title", "is empty")
    assert problem.hint and "delete the line" in problem.hint
    assert "defaults to the title" in problem.hint


def test_short_title_of_80_characters_is_fine(tmp_path: Path) -> None:
    path = _write(tmp_path, _edit(('"Small brief"', f'"{"x" * 80}"')))
    assert load_brief(path).brief.meta.short_title == "x" * 80


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = _write(tmp_path, b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    assert load_brief(path).brief.meta.title == "Small brief on AI rules"


def test_windows_line_endings_load_and_positions_hold(tmp_path: Path) -> None:
    text = _edit(("[@us-eo].\n\ntakeaways", "[@us-e].\n\ntakeaways"))
    path = _write(tmp_path, text.replace("\n", "\r\n").encode("utf-8"))
    (problem,) = _problems(path)
    assert (problem.line, problem.column) == (17, 41)


def test_dates_written_as_text_are_accepted(tmp_path: Path) -> None:
    path = _write(tmp_path, _edit(("date: 2025-12-08", 'date: "2025-12-08"'),
                                  ("date: 2025-01", 'date: "2025-01"')))
    loaded = load_brief(path)
    assert loaded.brief.meta.date.isoformat() == "2025-12-08"
    assert loaded.brief.source("us-eo").date == "2025-01"
    assert loaded.brief.source("coe-convention").date == "2024"


def test_escaped_hash_in_prose_is_text(tmp_path: Path) -> None:
    path = _write(tmp_path, _edit(("More rules will come", "\\# More rules will come")))
    outlook = load_brief(path).brief.body[2]
    assert isinstance(outlook, Section) and outlook.heading == "Outlook"
    first = outlook.blocks[0]
    assert isinstance(first, Paragraph)
    assert plain_text(first.inlines).startswith("# More rules will come")



# ---------------------------------------------------------------------------------------------
# Warnings


def test_long_summary_and_uncited_source_are_warnings(tmp_path: Path) -> None:
    words = " ".join(["word"] * SUMMARY_MAX_WORDS)
    text = _edit(("summary: |\n", f"summary: |\n  {words}\n")) + (
        "  - id: extra\n    title: Extra\n    publisher: P\n    date: 2020\n")
    loaded = load_brief(_write(tmp_path, text))
    assert [(w.severity, w.field) for w in loaded.warnings] == [
        ("warning", "summary"), ("warning", "sources[3].id")]
    summary, uncited = loaded.warnings
    assert "executive summary has 210 words" in summary.message
    assert summary.hint and "at most 200 words" in summary.hint
    assert uncited.message == "source 'extra' is never cited"
    assert uncited.line == _line_of(text, "- id: extra")
    assert loaded.brief.sources[-1].id == "extra"
    assert loaded.brief.sources[-1].number == 4


def test_citation_numbers_in_brackets_do_not_count_as_words(tmp_path: Path) -> None:
    cites = " ".join(["[@eu-ai-act]"] * 300)
    loaded = load_brief(_write(tmp_path, _edit(("summary: |\n", f"summary: |\n  {cites}\n"))))
    assert loaded.warnings == []


def test_warnings_are_listed_with_errors(tmp_path: Path) -> None:
    text = _edit(("[@us-eo].\n\ntakeaways", "[@us-e].\n\ntakeaways")) + (
        "  - id: extra\n    title: Extra\n    publisher: P\n    date: 2020\n")
    problems = _problems(_write(tmp_path, text))
    assert [p.severity for p in problems] == ["error", "warning"]


# ---------------------------------------------------------------------------------------------
# Every error in one run


def test_schema_and_meaning_errors_from_all_parts_in_file_order(tmp_path: Path) -> None:
    text = _edit(
        ('subtitle: "A test fixture"', 'subtitle: "A test\x0bfixture"'),  # YAML-level
        ("date: 2025-12-08", "date: 2025-02-30"),  # schema
        ("Second point [@coe-convention]", "Second point [@coe-conventio]"),  # meaning
        ('["US", "Executive orders", "No"]', '["US", "Executive orders"]'),  # meaning
        ("\nquotes:", "\nquotez:"),  # schema
        ("url: https://www.coe", "url: htps://www.coe"),  # schema
    )
    problems = _problems(_write(tmp_path, text))
    assert [(p.line, p.field) for p in problems] == [
        (4, "meta.subtitle"),
        (6, "meta.date"),
        (_line_of(text, "[@coe-conventio]"), "sections[0].body"),
        (_line_of(text, '["US", "Executive orders"]'), "comparison.rows[1].cells"),
        (_line_of(text, "quotez:"), "quotez"),
        (_line_of(text, "htps://"), "sources[2].url"),
    ]
    assert all(p.severity == "error" for p in problems)


def test_a_source_with_a_bad_url_can_still_be_cited(tmp_path: Path) -> None:
    """Meaning checks run on what validated: the source's id still counts."""
    text = _edit(("url: https://eur-lex", "url: eur-lex"), ("[@us-eo].\n\n", "[@us-e].\n\n"))
    problems = _problems(_write(tmp_path, text))
    assert [p.field for p in problems] == ["summary", "sources[0].url"]


def test_citations_are_checked_in_a_list_that_is_too_short(tmp_path: Path) -> None:
    text = _edit(('  - "Treaties remain thin [@coe-convention]."\n', ""),
                 ("binding law [@eu-ai-act]", "binding law [@eu-ai]"))
    problems = _problems(_write(tmp_path, text))
    assert [(p.field, p.message) for p in problems] == [
        ("takeaways", "needs at least 3 items, found 2"),
        ("takeaways[0]", "cites unknown source 'eu-ai'"),
    ]


def test_a_source_without_an_id_does_not_make_every_citation_unknown(tmp_path: Path) -> None:
    problems = _problems(_write(tmp_path, _edit(("  - id: us-eo\n", "  - id: US EO\n"))))
    assert [p.field for p in problems] == ["sources[1].id"]


def test_an_empty_entry_is_one_problem_naming_every_missing_field(tmp_path: Path) -> None:
    text = _edit(("  - id: coe-convention", "  - {}\n  - id: coe-convention"))
    (problem,) = _problems(_write(tmp_path, text))
    assert problem.field == "sources[2]"
    assert problem.message == "required fields 'id', 'title', 'publisher' and 'date' are missing"


def test_a_misspelt_required_key_is_one_problem(tmp_path: Path) -> None:
    (problem,) = _problems(_write(tmp_path, _edit(("  subject:", "  subjet:"))))
    assert (problem.message, problem.hint) == ("unknown key 'subjet'", "did you mean 'subject'?")


def test_broken_part_does_not_hide_the_others(tmp_path: Path) -> None:
    """Even with 'sections' unusable, the schema errors of every other part are listed."""
    text = _edit(("sections:\n  - id: context", "sections: oops\nunused:\n  - id: context"),
                 ("title: \"Small brief on AI rules\"", "title: 42"))
    problems = _problems(_write(tmp_path, text))
    fields = [p.field for p in problems]
    assert "meta.title" in fields and "sections" in fields and "unused" in fields


# ---------------------------------------------------------------------------------------------
# Positions inside multi-line blocks


def test_citation_in_folded_block_points_at_its_line(tmp_path: Path) -> None:
    text = _edit(("summary: |\n  Rules on AI differ **widely** [@eu-ai-act].\n",
                  "summary: >-\n  Rules on AI differ **widely** [@eu-ai-act].\n"
                  "  More text [@eu-ai-act;\n  @nope] and even more [@nope].\n"))
    problems = _problems(_write(tmp_path, text))
    line = _line_of(text, "  @nope]")
    assert [(p.line, p.column) for p in problems] == [(line, 3), (line, 25)]
    assert {p.message for p in problems} == {"cites unknown source 'nope'"}


def test_same_mistake_twice_in_a_block_points_at_each(tmp_path: Path) -> None:
    text = _edit(("More rules will come [@eu-ai-act].",
                  "More rules [@bad] will come.\n\n      Really [@bad]."))
    problems = _problems(_write(tmp_path, text))
    assert [p.line for p in problems] == [_line_of(text, "More rules [@bad]"),
                                          _line_of(text, "Really [@bad]")]
    assert [p.column for p in problems] == [19, 15]


def test_link_error_in_a_block_points_at_the_target(tmp_path: Path) -> None:
    text = _edit(("[the text](https://example.org/act)", "[the text](ftp://example.org/act)"))
    (problem,) = _problems(_write(tmp_path, text))
    line = text.split("\n")[problem.line - 1]
    assert line[problem.column - 1:].startswith("ftp://example.org/act)")


def _hrefs(node: object) -> list[str]:
    """Every link target in a part of the document model, in order."""
    if isinstance(node, Link):
        return [node.href, *_hrefs(node.children)]
    if isinstance(node, tuple | list):
        return [h for item in node for h in _hrefs(item)]
    if dataclasses.is_dataclass(node):
        return [h for f in dataclasses.fields(node) for h in _hrefs(getattr(node, f.name))]
    return []


def test_mailto_and_anchor_links_are_allowed(tmp_path: Path) -> None:
    text = _edit(("[the text](https://example.org/act)",
                  "[mail](mailto:someone@example.org) and [above](#context)"))
    loaded = load_brief(_write(tmp_path, text))
    assert {"mailto:someone@example.org", "#context"} <= set(_hrefs(loaded.brief.body))
    assert not loaded.warnings


def test_every_part_of_the_brief_is_a_valid_anchor(tmp_path: Path) -> None:
    targets = ["#executive-summary", "#key-takeaways", "#sources", "#outlook-eu", "#comparison",
               "#src-eu-ai-act"]
    links = " ".join(f"[{t[1:]}]({t})" for t in targets)
    loaded = load_brief(_write(tmp_path, _edit(("[the text](https://example.org/act)", links))))
    assert [h for h in _hrefs(loaded.brief.body) if h.startswith("#")] == targets


def test_anchor_check_waits_for_broken_section_ids(tmp_path: Path) -> None:
    """With the section ids themselves rejected, a link to one is not also reported."""
    text = _edit(("[the text](https://example.org/act)", "[above](#Outlook)"),
                 ("  - id: outlook\n", "  - id: Outlook\n"))
    (problem,) = _problems(_write(tmp_path, text))
    assert problem.field == "sections[1].id"


def test_sources_are_numbered_in_printed_order_around_a_quote(tmp_path: Path) -> None:
    """A quote is printed after a section's first paragraph: its source is met before the
    sources of the paragraphs that follow it, and is numbered so."""
    source = ("  - id: {0}\n    title: \"{0}\"\n    publisher: \"P\"\n    date: 2025\n")
    text = _edit(
        ("      More rules will come [@eu-ai-act].\n",
         "      More rules will come [@eu-ai-act].\n\n      A later paragraph [@later].\n"),
        ("    source: coe-convention\n", "    source: quoted\n"),
        ("sources:\n", "sources:\n" + source.format("later") + source.format("quoted")),
    )
    brief = load_brief(_write(tmp_path, text)).brief
    numbers = {s.id: s.number for s in brief.sources}
    assert numbers["quoted"] < numbers["later"]
    assert [s.id for s in brief.sources][-2:] == ["quoted", "later"]


def test_several_control_characters_are_each_reported(tmp_path: Path) -> None:
    text = _edit(("Small brief on AI", "Small\x0cbrief on AI"), ("Test Org", "Test\x00Org"))
    problems = _problems(_write(tmp_path, text))
    assert [(p.line, p.column, p.field) for p in problems] == [
        (3, 16, "meta.title"), (8, 22, "meta.organization")]
    assert "U+000C" in problems[0].message and "U+0000" in problems[1].message


def test_error_in_a_merged_key_points_at_the_entry_that_merges_it(tmp_path: Path) -> None:
    """'<<: *anchor' copies keys without positions of their own; no crash, a useful place."""
    text = _edit(("  - id: us-eo\n", "  - &wh\n    id: us-eo\n"),
                 ('publisher: "The White House"', "publisher: 42")) + (
        "  - <<: *wh\n    id: us-eo-2\n    url: https://example.org/eo\n")
    problems = _problems(_write(tmp_path, text))
    assert [(p.field, p.line) for p in problems] == [
        ("sources[1].publisher", _line_of(text, "publisher: 42")),
        ("sources[3].publisher", _line_of(text, "<<: *wh")),
    ]


# ---------------------------------------------------------------------------------------------
# The file itself


def test_missing_file(tmp_path: Path) -> None:
    (problem,) = _problems(tmp_path / "nope.yaml")
    assert problem.message == "file not found"


def test_document_marker_only_is_empty(tmp_path: Path) -> None:
    (problem,) = _problems(_write(tmp_path, "---\n"))
    assert problem.message == "the file is empty"


def test_duplicate_key_in_a_list_entry_names_its_second_place(tmp_path: Path) -> None:
    text = _edit(('    publisher: "The White House"',
                  '    publisher: "The White House"\n    publisher: "White House"'))
    (problem,) = _problems(_write(tmp_path, text))
    assert problem.message == "duplicate key 'publisher'"
    assert (problem.line, problem.column) == (_line_of(text, '"White House"'), 5)
    assert problem.field == "sources[1].publisher"
    assert problem.hint and f"line {_line_of(text, 'The White House')}" in problem.hint


# ---------------------------------------------------------------------------------------------
# How a problem reads


def test_problem_format_reads_well(tmp_path: Path) -> None:
    path = _write(tmp_path, _edit(("Second point [@coe-convention]",
                                   "Second point [@coe-conventon]")))
    (problem,) = _problems(path)
    assert problem.format() == (
        f"{path}:31:23: error: sections[0].body: cites unknown source 'coe-conventon' "
        "(expected the id of an entry in 'sources')\n"
        "    hint: did you mean 'coe-convention'?"
    )


def test_input_error_message_lists_every_problem(tmp_path: Path) -> None:
    path = _write(tmp_path, _edit(("date: 2025-12-08", "date: 2025-02-30"),
                                  ("  slug: small-brief", "  slug: Small")))
    with pytest.raises(InputError) as caught:
        load_brief(path)
    assert caught.value.exit_code == 2
    assert str(caught.value).count(f"{path}:") == 2


def test_seed_loads_without_errors(seed_path: Path) -> None:
    assert load_brief(seed_path).brief.meta.slug


@pytest.mark.parametrize("tag", ["en", "en-GB", "es-419", "zh-Hant", "zh-Hant-TW", "gsw"])
def test_language_tags_with_region_or_script_are_accepted(tag: str) -> None:
    from reportgen.brief.schema import MetaIn

    meta = {"title": "T", "subtitle": "S", "date": "2025-01-01", "authors": ["A"],
            "organization": "O", "slug": "t", "subject": "S.", "language": tag}
    assert MetaIn.model_validate(meta).language == tag


def _chart_brief(tmp_path: Path, spec: str) -> Path:
    """The small fixture with one figure whose chart is the file ``c.vl.yaml``."""
    (tmp_path / "c.vl.yaml").write_text(spec, encoding="utf-8")
    return _write(tmp_path, TEXT + "\nfigures:\n  - id: counts\n    caption: Counts\n"
                  "    alt: Bar chart of counts.\n    chart: c.vl.yaml\n")


@pytest.mark.parametrize(("spec", "line", "column", "words"), [
    ("mark: bar\nencoding:\n  x: {field: year\n  y: 1\n", 4, 4, "YAML syntax error"),
    ("mark: bar\nmark: line\n", 2, 1, "mark"),
    ("mark: &a bar\nencoding: *a\nx: *b\n", 3, 4, "b"),
], ids=["syntax", "duplicate-key", "unknown-alias"])
def test_a_chart_files_mistake_is_placed_in_that_file(tmp_path: Path, spec: str, line: int,
                                                       column: int, words: str) -> None:
    """A .vl.yaml is read like a brief: its own mistakes name it, with line and column."""
    path = _chart_brief(tmp_path, spec)
    with pytest.raises(InputError) as err:
        load_brief(path)
    [problem] = [p for p in err.value.problems if p.severity == "error"]
    assert (problem.file, problem.line, problem.column) == (
        str(tmp_path / "c.vl.yaml"), line, column), problem.format()
    assert words in problem.format()
