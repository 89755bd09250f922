"""The bad-input corpus: each case breaks tests/fixtures/valid_small.yaml once.

Most cases are one-line edits of the valid fixture, kept here as data so that a change to the
fixture carries over to them; the cases that rewrite more than one line (an empty file, a list
at the top level, several takeaways) stay as files in tests/bad/. ``materialize`` writes the
whole corpus into a folder; ``scripts/fingerprint.sh`` runs it as a script for the same purpose.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import NamedTuple

TESTS = Path(__file__).resolve().parents[1]
VALID = TESTS / "fixtures" / "valid_small.yaml"
KEPT = TESTS / "bad"


class Edit(NamedTuple):
    """Line ``line`` (1-based) of the valid fixture replaced by ``text`` (None: deleted)."""

    what: str  # what is wrong, written as the file's first line: '# bad: <what>'
    line: int
    text: str | bytes | None


EDITS: dict[str, Edit] = {
    "bad_date": Edit('a publication date that does not exist', 6, '  date: 2025-02-30'),
    "bad_id": Edit('a subsection id with capitals and spaces', 37, '      - id: Outlook EU'),
    "bad_language": Edit('a language tag with an underscore', 9, '  language: en_gb'),
    "bad_paper": Edit('paper size in lower case', 13, '  paper: a4'),
    "bad_partial_date": Edit('a source dated with month 13', 68, '    date: 2025-13'),
    "bad_slug": Edit('a slug with capitals and a space', 10, '  slug: Small Brief'),
    "bad_url": Edit('a source URL without https://', 73,
         '    url: www.coe.int/en/web/artificial-intelligence/the-framework-convention-on-'
         'artificial-intelligence'),
    "bad_url_scheme": Edit('a source URL pointing at a local file', 64,
         '    url: file:///home/me/ai-act.pdf'),
    "comparison_after_unknown": Edit('comparison.after names no section', 44, '  after: contxt'),
    "control_char_escaped": Edit('a title holding U+000B written as \\v in double quotes', 3,
         '  title: "Small brief\\von AI rules"'),
    "control_char_raw": Edit('a raw U+000B character inside a title', 3,
         '  title: "Small brief\x0bon AI rules"'),
    "duplicate_key": Edit('meta.title given twice', 4,
         '  subtitle: "A test fixture"\n  title: "Again"'),
    "duplicate_section_id": Edit('a subsection reuses the id of a section', 37,
         '      - id: context'),
    "empty_row_sources": Edit('a table row with no sources', 50, '      sources: []'),
    "link_local_file": Edit('a link to a local file in a section body', 31,
         '      - Second point [@coe-convention], see [x](file:///etc/passwd).'),
    "link_relative": Edit('a link to a relative path in a takeaway', 20,
         '  - "The EU has a [binding law](report.pdf) [@eu-ai-act]."'),
    "link_unknown_anchor": Edit('an in-document link to a section id that does not exist', 31,
         '      - Second point, as in [the outlook](#outlok) [@coe-convention].'),
    "missing_required": Edit('meta.subject left out', 12, None),
    "nested_list": Edit('a list inside a list in a section body', 31,
         '      - Second point [@coe-convention].\n        - a nested point'),
    "non_utf8": Edit('Latin-1 bytes (an e acute) in the subtitle', 4,
         b'  subtitle: "A test fixtur\xe9"'),
    "quote_too_long": Edit('a quote longer than 400 characters', 53,
         '  - text: "AI needs rules, AI needs rules, AI needs rules, AI needs rules, AI ne'
         'eds rules, AI needs rules, AI needs rules, AI needs rules, AI needs rules, AI ne'
         'eds rules, AI needs rules, AI needs rules, AI needs rules, AI needs rules, AI ne'
         'eds rules, AI needs rules, AI needs rules, AI needs rules, AI needs rules, AI ne'
         'eds rules, AI needs rules, AI needs rules, AI needs rules, AI needs rules, AI ne'
         'eds rules, AI needs rules, AI needs rules, AI needs rules, AI needs rules, AI ne'
         'eds rules, and more."'),
    "quote_unknown_section": Edit('a quote placed in a misspelt section', 56,
         '    section: outlok'),
    "short_title_too_long": Edit('short_title over 80 characters', 5,
         '  short_title: "A running header that goes on A running header that goes on A ru'
         'nning header that goes on "'),
    "tab_indent": Edit('a meta key indented with a tab', 8, '\torganization: "Test Org"'),
    "too_few_takeaways": Edit('two takeaways where at least three are needed', 22, None),
    "unknown_cite_body": Edit('a section body cites a misspelt id, in a list item', 31,
         '      - Second point [@coe-conventon].'),
    "unknown_cite_cell": Edit('a table cell cites a misspelt id', 47,
         '    - cells: ["EU", "AI Act [@eu-aiact]", "Yes"]'),
    "unknown_cite_quote": Edit("a quote's source does not exist", 57, '    source: coe'),
    "unknown_cite_row_sources": Edit("a row's sources list names a misspelt id", 50,
         '      sources: [us-eo, eu-ai-act, us-e0]'),
    "unknown_cite_summary": Edit(
        'summary cites a misspelt source id (second line of the block)', 17,
         '  The United States prefers *guidance* [@us-oe].'),
    "unknown_cite_takeaway": Edit('a takeaway cites a source that does not exist', 21,
         '  - "The US relies on executive orders [@us-eo; @white-house]."'),
    "unknown_key_nested": Edit("meta key misspelt ('shorttitle')", 5,
         '  shorttitle: "Small brief"'),
    "unknown_key_source": Edit("source key misspelt ('pubisher')", 67,
         '    pubisher: "The White House"'),
    "unknown_key_top": Edit("top-level key misspelt ('quote' for 'quotes')", 52, 'quote:'),
    "wrong_cell_count": Edit('a table row with two cells for three columns', 49,
         '    - cells: ["US", "Executive orders"]'),
    "wrong_type_list": Edit('authors given as text, not a list', 7, '  authors: Test Author'),
    "wrong_type_number": Edit('a title YAML reads as a number', 3, '  title: 2025'),
    "yaml_bad_indent": Edit('a meta key indented one space too few', 8,
         ' organization: "Test Org"'),
    "yaml_colon_in_value": Edit("unquoted text containing ': '", 4, '  subtitle: A test: fixture'),
    "yaml_unclosed_quote": Edit('a double-quoted subtitle never closed', 4,
         '  subtitle: "A test fixture'),
}


def edited(edit: Edit) -> bytes:
    """The valid fixture with one line changed and its first line saying what is wrong."""
    lines = VALID.read_bytes().split(b"\n")
    lines[0] = f"# bad: {edit.what}".encode()
    new = edit.text.encode() if isinstance(edit.text, str) else edit.text
    lines[edit.line - 1: edit.line] = [] if new is None else [new]
    return b"\n".join(lines)


def materialize(folder: Path) -> list[Path]:
    """Write every case to ``folder``/<name>.yaml; return the paths, sorted by name."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, edit in EDITS.items():
        path = folder / f"{name}.yaml"
        path.write_bytes(edited(edit))
        written.append(path)
    for kept in KEPT.glob("*.yaml"):
        written.append(Path(shutil.copyfile(kept, folder / kept.name)))
    return sorted(written)


if __name__ == "__main__":
    materialize(Path(sys.argv[1]))
