"""The corpus of bad inputs: each case breaks tests/fixtures/valid_small.yaml once (most as a
one-line edit in bad_corpus.py, the rest as files in tests/bad/).

Each case states where the one error must be reported (line and column, 1-based, of the value
that is wrong, or of the offending text inside a multi-line block), its field path, and
fragments of the message and the hint. Exactly one error is expected per file: a single
mistake must not cascade into a list of consequences.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import NamedTuple

import pytest
from bad_corpus import EDITS, KEPT, materialize

from reportgen.brief.load import load_brief
from reportgen.errors import InputError, Problem


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole corpus written out as files, as a user would have them."""
    folder = tmp_path_factory.mktemp("bad")
    materialize(folder)
    return folder


class Case(NamedTuple):
    name: str  # an entry of bad_corpus.EDITS, or tests/bad/<name>.yaml
    line: int
    column: int
    field: str | None
    message: str  # fragment
    hint: str | None = None  # fragment


CASES = [
    # Keys and types
    Case("unknown_key_top", 52, 1, "quote", "unknown key 'quote'", "did you mean 'quotes'?"),
    Case("unknown_key_nested", 5, 3, "meta.shorttitle", "unknown key 'shorttitle'",
         "did you mean 'short_title'?"),
    Case("unknown_key_source", 67, 5, "sources[1].pubisher", "unknown key 'pubisher'",
         "did you mean 'publisher'?"),
    Case("unknown_key_misplaced", 15, 1, "title", "unknown key 'title'",
         "belongs under 'meta:'"),
    Case("missing_required", 2, 1, "meta.subject", "required field 'subject' is missing",
         "add 'subject:'"),
    Case("wrong_type_number", 3, 10, "meta.title", "found the number 2025",
         "put it in double quotes"),
    Case("wrong_type_list", 7, 12, "meta.authors", "found the text 'Test Author'",
         "starting with '- '"),
    Case("wrong_type_mapping", 41, 13, "comparison", "found the text 'to be written'"),
    # Values
    Case("bad_date", 6, 9, "meta.date", "2025-02-30 is not a real date: February 2025 has 28 days"),
    Case("bad_partial_date", 68, 11, "sources[1].date", "'2025-13' is not a date"),
    Case("bad_url", 73, 10, "sources[2].url", "is not a web address", "add https:// in front"),
    Case("bad_url_scheme", 64, 10, "sources[0].url", "'file:///home/me/ai-act.pdf' is not a web",
         "sources must be online"),
    Case("bad_slug", 10, 9, "meta.slug", "'Small Brief' is not a slug", "perhaps 'small-brief'"),
    Case("bad_language", 9, 13, "meta.language", "'en_gb' is not a language tag",
         "perhaps 'en-GB'"),
    Case("bad_paper", 13, 10, "meta.paper", "'a4' is not one of the allowed values",
         "did you mean 'A4'?"),
    Case("bad_id", 37, 13, "sections[1].subsections[0].id", "'Outlook EU' is not an id",
         "perhaps 'outlook-eu'"),
    Case("short_title_too_long", 5, 16, "meta.short_title", "is too long: 90 characters"),
    Case("quote_too_long", 53, 11, "quotes[0].text", "is too long: 489 characters",
         "keep quotes short"),
    Case("control_char_escaped", 3, 22, "meta.title", "control character U+000B",
         "delete it"),
    Case("control_char_raw", 3, 22, "meta.title", "U+000B, which YAML does not allow",
         "delete it"),
    # Empty and counted parts
    Case("empty_summary", 15, 10, "summary", "is empty", "Executive summary"),
    Case("empty_body", 34, 5, "sections[1].body", "is empty", "write the text"),
    Case("empty_sections", 24, 11, "sections", "needs at least 1 item, found none"),
    Case("empty_row_sources", 50, 16, "comparison.rows[1].sources",
         "needs at least 1 item, found none", "sources this row rests on"),
    Case("too_few_takeaways", 20, 3, "takeaways", "needs at least 3 items, found 2",
         "3 to 5 key takeaways"),
    Case("too_many_takeaways", 20, 3, "takeaways", "allows at most 5 items, found 6",
         "3 to 5 key takeaways"),
    # Meaning: ids and references
    Case("duplicate_source_id", 74, 9, "sources[3].id", "duplicate source id 'eu-ai-act'",
         "already used by sources[0]"),
    Case("duplicate_section_id", 37, 13, "sections[1].subsections[0].id",
         "duplicate section id 'context'", "already used by sections[0]"),
    Case("unknown_cite_summary", 17, 41, "summary", "cites unknown source 'us-oe'",
         "did you mean 'us-eo'?"),
    Case("unknown_cite_takeaway", 21, 49, "takeaways[1]", "cites unknown source 'white-house'",
         "add it under 'sources'"),
    Case("unknown_cite_body", 31, 23, "sections[0].body", "cites unknown source 'coe-conventon'",
         "did you mean 'coe-convention'?"),
    Case("unknown_cite_cell", 47, 30, "comparison.rows[0].cells[1]",
         "cites unknown source 'eu-aiact'", "did you mean 'eu-ai-act'?"),
    Case("unknown_cite_row_sources", 50, 35, "comparison.rows[1].sources[2]",
         "cites unknown source 'us-e0'", "did you mean 'us-eo'?"),
    Case("unknown_cite_quote", 57, 13, "quotes[0].source", "cites unknown source 'coe'"),
    Case("quote_unknown_section", 56, 14, "quotes[0].section", "no section has the id 'outlok'",
         "did you mean 'outlook'?"),
    Case("comparison_after_unknown", 44, 10, "comparison.after",
         "no section has the id 'contxt'", "did you mean 'context'?"),
    Case("wrong_cell_count", 49, 14, "comparison.rows[1].cells",
         "row has 2 cells but the table has 3 columns", "add or remove cells"),
    # Prose markup
    Case("nested_list", 32, 9, "sections[0].body", "lists inside lists are not supported",
         "one flat list"),
    Case("heading_in_body", 37, 7, "sections[1].body", "headings are not allowed inside prose",
         "make it a subsection"),
    Case("blockquote_in_body", 30, 7, "sections[0].body", "block quotes are not allowed",
         "'quotes' list"),
    Case("list_in_takeaway", 22, 5, "takeaways[2]", "expected a single paragraph",
         "one paragraph"),
    Case("link_local_file", 31, 49, "sections[0].body",
         "link target 'file:///etc/passwd' is not a web address", "local files"),
    Case("link_relative", 20, 33, "takeaways[0]", "link target 'report.pdf' is not a web address",
         "local files"),
    Case("link_unknown_anchor", 31, 43, "sections[0].body",
         "link target '#outlok' names no part of this brief", "did you mean 'outlook'?"),
    # The file itself
    Case("duplicate_key", 5, 3, "meta.title", "duplicate key 'title'",
         "already set on line 3"),
    Case("yaml_bad_indent", 8, 2, None, "YAML syntax error: this line is indented differently",
         "same column"),
    Case("yaml_unclosed_quote", 4, 13, None, "a quoted text is not closed on this line",
         "noticed only on line 5"),
    Case("yaml_colon_in_value", 4, 19, None, "unexpected ': '", "double quotes"),
    Case("tab_indent", 8, 1, None, "a tab is used for indentation", "replace the tab"),
    Case("non_utf8", 4, 27, "meta.subtitle", "not valid UTF-8 text (byte 0xe9)",
         "save the file as UTF-8"),
    Case("empty_file", 1, 1, None, "the file is empty", "start from a copy"),
    Case("comments_only", 1, 1, None, "the file is empty"),
    Case("top_level_list", 2, 1, None, "the top level is a list", "'meta:' at the left margin"),
    Case("top_level_scalar", 2, 1, None, "the top level is the single value 'A policy brief'"),
]


@cache
def _errors(path: Path) -> list[Problem]:
    """The errors of one bad file (loaded once: two tests look at each)."""
    with pytest.raises(InputError) as caught:
        load_brief(path)
    assert caught.value.exit_code == 2
    return [p for p in caught.value.problems if p.severity == "error"]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_reported_once_at_its_place(case: Case, corpus: Path) -> None:
    path = corpus / f"{case.name}.yaml"
    errors = _errors(path)
    assert len(errors) == 1, "\n".join(p.format() for p in errors)
    (problem,) = errors
    assert problem.file == str(path)
    assert (problem.line, problem.column) == (case.line, case.column), problem.format()
    assert problem.field == case.field
    assert case.message in problem.message
    if case.hint is not None:
        assert problem.hint is not None and case.hint in problem.hint, problem.format()


def test_corpus_and_table_agree(corpus: Path) -> None:
    files = {p.stem for p in corpus.glob("*.yaml")}
    assert files == {c.name for c in CASES}
    assert not set(EDITS) & {p.stem for p in KEPT.glob("*.yaml")}  # each case in one place
    assert len(files) >= 30


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_messages_avoid_pydantic_wording(case: Case, corpus: Path) -> None:
    """Analysts read these: no 'Input should be', no validator type names, no URLs to docs."""
    for problem in _errors(corpus / f"{case.name}.yaml"):
        text = problem.format()
        for jargon in ("Input should", "after validation", "Value error", "pydantic",
                       "errors.pydantic.dev", "<unicode string>", "str_type", "ruamel"):
            assert jargon not in text
