"""The corpus of bad inputs: each case breaks tests/fixtures/valid_small.yaml once (most as a
one-line edit in bad_corpus.py, the rest as files in tests/bad/).

Each case (a line of bad_cases.yaml) states where the one error must be reported (line and
column, 1-based, of the value that is wrong, or of the offending text inside a multi-line
block), its field path, and fragments of the message and the hint. Exactly one error is
expected per file: a single mistake must not cascade into a list of consequences.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import NamedTuple

import pytest
import yaml
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


# The table is data (bad_cases.yaml, one line a case), read in file order.
CASES = [Case(name, *row) for name, row in
         yaml.safe_load((Path(__file__).with_name("bad_cases.yaml")).read_text("utf-8")).items()]


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
