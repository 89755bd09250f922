"""Sources from CSL-JSON and BibTeX files ('bibliography:'), with positions in those files."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from reportgen.brief.load import load_brief
from reportgen.errors import InputError, Problem
from reportgen.options import DEFAULT
from reportgen.render import renderer
from reportgen.theme import HOUSE

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEED = Path(__file__).resolve().parents[2] / "seeds" / "china-ai-governance.yaml"
SMALL = FIXTURES / "valid_small.yaml"


def with_bibliography(folder: Path, brief: Path, bib: str, keep_sources: bool = False) -> Path:
    """A copy of ``brief`` whose 'sources:' (the last key) become 'bibliography: bib'."""
    text = brief.read_text(encoding="utf-8")
    if keep_sources:
        text = text.replace("\nsources:\n", f"\nbibliography: {bib}\nsources:\n")
    else:
        text = re.sub(r"(?ms)^sources:\n.*\Z", f"bibliography: {bib}\n", text)
    path = folder / "brief.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def pdf_text(path: Path) -> str:
    data = renderer("pdf")(load_brief(path).brief, HOUSE, DEFAULT)
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_csl_json_and_bibtex_give_the_same_pdf_text_as_yaml(tmp_path: Path) -> None:
    expected = pdf_text(SEED)
    for name in ("seed-sources.json", "seed-sources.bib"):
        folder = tmp_path / name
        folder.mkdir()
        (folder / name).write_bytes((FIXTURES / name).read_bytes())
        path = with_bibliography(folder, SEED, name)
        assert "Nature. China wants to lead" in expected
        assert pdf_text(path) == expected, name


def load_problems(path: Path) -> list[Problem]:
    try:
        return load_brief(path).warnings
    except InputError as exc:
        return exc.problems


def at(problem: Problem) -> tuple[str, int | None, int | None]:
    return Path(problem.file).name, problem.line, problem.column


CSL = [
    {"id": "eu-ai-act", "type": "legislation", "title": "Regulation (EU) 2024/1689",
     "publisher": "European Union", "issued": {"date-parts": [[2024, 6, 13]]},
     "URL": "https://eur-lex.europa.eu/eli/reg/2024/1689/oj"},
    {"id": "us-eo", "type": "report", "title": "Executive Order 14179",
     "author": [{"literal": "The White House"}], "issued": {"date-parts": [[2025, 1]]}},
    {"id": "gibneyChina2025", "type": "article-journal", "title": "China wants to lead",
     "container-title": "Nature", "author": [{"given": "Elizabeth", "family": "Gibney"}],
     "issued": {"date-parts": [[2025, 12, 1]]}, "DOI": "10.1038/d41586-025-03902-y"},
    {"id": "never-cited", "type": "book", "title": "Unread", "publisher": "Nobody",
     "issued": {"date-parts": [[2020]]}},
]


def small_with_csl(tmp_path: Path, items: list[dict[str, object]]) -> Path:
    (tmp_path / "refs.json").write_text(json.dumps(items, indent=2), encoding="utf-8")
    text = SMALL.read_text(encoding="utf-8").replace("[@coe-convention]", "[@gibneyChina2025]")
    text = text.replace("source: coe-convention", "source: gibneyChina2025")
    small = tmp_path / "small.yaml"
    small.write_text(text, encoding="utf-8")
    return with_bibliography(tmp_path, small, "refs.json")


def test_csl_fields_map_to_ours_and_only_cited_entries_print(tmp_path: Path) -> None:
    loaded = load_brief(small_with_csl(tmp_path, CSL))
    assert loaded.warnings == []
    by_id = {s.id: s for s in loaded.brief.sources}
    assert sorted(by_id) == ["eu-ai-act", "gibneyChina2025", "us-eo"]
    nature = by_id["gibneyChina2025"]
    assert (nature.publisher, nature.date, nature.url) == (
        "Elizabeth Gibney, Nature", "2025-12-01", "https://doi.org/10.1038/d41586-025-03902-y")
    assert (by_id["us-eo"].publisher, by_id["us-eo"].date) == ("The White House", "2025-01")


def test_csl_problems_point_into_the_json_file(tmp_path: Path) -> None:
    items = [dict(CSL[0], URL="eur-lex.europa.eu/x"), dict(CSL[1], type="tweet"),
             {k: v for k, v in CSL[2].items() if k != "title"},
             {k: v for k, v in CSL[3].items() if k != "title"}]  # not cited: not checked
    problems = load_problems(small_with_csl(tmp_path, items))
    lines = (tmp_path / "refs.json").read_text(encoding="utf-8").split("\n")
    found = {p.message.split(":")[0]: p for p in problems}
    url = next(p for p in problems if "not a web address" in p.message)
    assert at(url)[0] == "refs.json"
    assert lines[url.line - 1][url.column - 1:].startswith('"eur-lex')  # type: ignore[operator]
    tweet = found["entry 'us-eo' has the unknown type 'tweet'"]
    assert tweet.severity == "warning"
    assert lines[tweet.line - 1][tweet.column - 1] == "{"  # type: ignore[operator]
    assert not any("never-cited" in p.message for p in problems)
    untitled = found["entry 'gibneyChina2025' has no title"]
    assert untitled.severity == "error"
    assert lines[untitled.line - 1].strip() == "{"  # type: ignore[operator]


def test_an_entry_missing_two_fields_reads_as_two_problems_in_its_words(tmp_path: Path
                                                                          ) -> None:
    """The bibliography's words go through the one explainer, not grouped as in a brief."""
    bare = {k: v for k, v in CSL[2].items() if k not in ("author", "container-title", "issued")}
    problems = load_problems(small_with_csl(tmp_path, [CSL[0], CSL[1], bare]))
    lines = (tmp_path / "refs.json").read_text(encoding="utf-8").split("\n")
    errors = [p for p in problems if p.severity == "error"]
    assert [(p.message, p.field, p.hint) for p in errors] == [
        ("entry 'gibneyChina2025' has no container-title, publisher or author", "publisher",
         "add it in your reference manager and export again"),
        ("entry 'gibneyChina2025' has no date (issued, date or year)", "date",
         "add it in your reference manager and export again")]
    assert all(lines[p.line - 1].strip() == "{" for p in errors)  # type: ignore[operator]


def test_json_syntax_error_has_its_position(tmp_path: Path) -> None:
    small = with_bibliography(tmp_path, SMALL, "refs.json", keep_sources=True)
    (tmp_path / "refs.json").write_text('[\n  {"id": "x",\n   "title": "T"\n  \n]\n',
                                        encoding="utf-8")
    [problem] = load_problems(small)
    assert at(problem) == ("refs.json", 5, 1)
    assert problem.message.startswith("JSON syntax error")


def test_key_in_yaml_and_file_names_both_places(tmp_path: Path) -> None:
    (tmp_path / "refs.json").write_text(json.dumps(CSL[:1], indent=2), encoding="utf-8")
    path = with_bibliography(tmp_path, SMALL, "refs.json", keep_sources=True)
    [problem] = [p for p in load_problems(path) if p.severity == "error"]
    assert at(problem)[0] == "brief.yaml" and problem.field == "sources[0].id"
    assert f"also defined in {tmp_path / 'refs.json'}:2:3" in problem.message


BIB = r"""@Comment{written for reportgen's tests}

@article{gibneyChina2025,
  author = {Gibney, Elizabeth and M{\"u}ller, Hans},
  title = {China wants to lead the world on {AI} regulation --- will the plan work?},
  journal = {Nature},
  year = 2025, month = dec, day = 1,
  doi = {https://doi.org/10.1038/d41586-025-03902-y},
}

@misc{eu-ai-act,
  title = {Regulation (EU) 2024/1689},
  publisher = {European Union},
  date = {2024-06-13},
  url = {https://eur-lex.europa.eu/eli/reg/2024/1689/oj}
}

@letter{us-eo,
  title = "Executive Order 14179",
  institution = {The White House},
  year = {2025}, month = {jan},
  url = {www.whitehouse.gov}
}

@misc{eu-ai-act,
  title = {Again},
}
"""


def test_bibtex_entries_fields_and_positions(tmp_path: Path) -> None:
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    text = SMALL.read_text(encoding="utf-8").replace("[@coe-convention]", "[@gibneyChina2025]")
    text = text.replace("source: coe-convention", "source: gibneyChina2025")
    (tmp_path / "small.yaml").write_text(text, encoding="utf-8")
    path = with_bibliography(tmp_path, tmp_path / "small.yaml", "refs.bib")
    problems = load_problems(path)
    assert [(at(p), p.severity, p.message.split(" (")[0]) for p in problems] == [
        (("refs.bib", 18, 1), "warning", "entry 'us-eo' has the unknown type 'letter'"),
        (("refs.bib", 22, 9), "error", "entry 'us-eo': url: 'www.whitehouse.gov' is not a "
                                       "web address"),
        (("refs.bib", 25, 1), "error", "citation key 'eu-ai-act' is already defined at "
                                       f"{tmp_path / 'refs.bib'}:11:1"),
    ]
    # Fixed, the entries map to the house format.
    (tmp_path / "refs.bib").write_text(BIB.replace("www.whitehouse.gov", "https://wh.gov")
                                       .split("@misc{eu-ai-act,\n  title = {Again}")[0],
                                       encoding="utf-8")
    nature = load_brief(path).brief.source("gibneyChina2025")
    assert (nature.title, nature.publisher, nature.date, nature.url) == (
        "China wants to lead the world on AI regulation — will the plan work?",
        "Elizabeth Gibney, Hans Müller, Nature", "2025-12-01",
        "https://doi.org/10.1038/d41586-025-03902-y")


def test_missing_bibliography_file_points_at_the_brief(tmp_path: Path) -> None:
    path = with_bibliography(tmp_path, SMALL, "nowhere.bib")
    problems = [p for p in load_problems(path) if "not found" in p.message]
    [problem] = problems
    assert at(problem)[0] == "brief.yaml" and problem.field == "bibliography"
    assert "bibliography: nowhere.bib" in path.read_text().split("\n")[problem.line - 1]  # type: ignore[operator]


@pytest.mark.parametrize("name", ["refs.json", "refs.bib"])
def test_unknown_citation_still_reported(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes((FIXTURES / f"seed-sources{Path(name).suffix}").read_bytes())
    text = SMALL.read_text(encoding="utf-8")
    (tmp_path / "small.yaml").write_text(text, encoding="utf-8")
    path = with_bibliography(tmp_path, tmp_path / "small.yaml", name)
    messages = [p.message for p in load_problems(path)]
    assert "cites unknown source 'us-eo'" in messages


def test_check_reports_quotes_from_bibliography_sources_as_not_verified(tmp_path: Path) -> None:
    from reportgen.pipeline import check_brief

    [info] = [p for p in check_brief(small_with_csl(tmp_path, CSL)) if p.severity == "info"]
    assert info.message == "not verified: source 'gibneyChina2025' has no archive"
    assert info.field == "quotes[0].text"


def test_worked_example_seed_checks_clean() -> None:
    from reportgen.pipeline import check_brief

    example = SEED.parent / "harbour-town-algorithm-register.yaml"
    assert check_brief(example) == []  # both quotes verified, no warnings
    ids = [s.id for s in load_brief(example).brief.sources]
    assert "okafor-registers-2024" in ids and "never-cited-2023" not in ids


def test_bibtex_macros_and_syntax_errors_among_unread_entries(tmp_path: Path) -> None:
    """Uncited entries are skipped, but @string macros still apply and a malformed block is
    still reported at its line."""
    bib = ("@string{nat = {Nature}}\n\n"
           + "".join(f"@misc{{filler-{i},\n  title = {{F}},\n}}\n\n" for i in range(50))
           + "@article{gibneyChina2025,\n  title = {China wants to lead},\n  journal = nat,\n"
             "  year = 2025,\n}\n\n@misc{nocomma\n  title = {no comma}\n}\n")
    (tmp_path / "refs.bib").write_text(bib, encoding="utf-8")
    text = SMALL.read_text(encoding="utf-8").replace("[@coe-convention]", "[@gibneyChina2025]")
    (tmp_path / "small.yaml").write_text(
        text.replace("source: coe-convention", "source: gibneyChina2025"), encoding="utf-8")
    path = with_bibliography(tmp_path, tmp_path / "small.yaml", "refs.bib", keep_sources=True)
    problems = load_problems(path)
    syntax = [p for p in problems if "BibTeX syntax error" in p.message]
    line = bib.count("\n", 0, bib.index("@misc{nocomma")) + 1
    assert [at(p) for p in syntax] == [("refs.bib", line, 1)]
    (tmp_path / "refs.bib").write_text(bib.split("@misc{nocomma")[0], encoding="utf-8")
    loaded = load_brief(path)
    assert loaded.brief.source("gibneyChina2025").publisher == "Nature"
