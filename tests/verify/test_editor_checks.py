"""What an editor relies on ``reportgen check`` for: the right speaker, the qualifier a quote
leaves out, figures and citations against the cited archives, honest offline link results,
Vega-Lite's own warnings, and seeds that pass all of it (texts written for these tests)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from reportgen.brief.load import load_brief
from reportgen.errors import Problem
from reportgen.pipeline import check_brief
from reportgen.verify import numbers
from reportgen.verify.linkcheck import LinkOptions, check_links, check_urls
from reportgen.verify.quotes import SourceText, check_quote

ROOT = Path(__file__).resolve().parents[2]
ARCHIVE = ROOT / "tests" / "fixtures" / "archive"
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"  # where CI keeps the licensed article

BRIEF = """\
meta:
  title: "Port Ash's data charter"
  subtitle: "A test fixture"
  date: 2025-12-08
  authors: ["Test Author"]
  organization: "Test Org"
  language: en
  slug: port-ash
  keywords: [data]
  subject: "A test brief."
  paper: A4

summary: |
  Port Ash adopted a data charter on 3 March 2025 [@ash-gazette].

takeaways:
  - "The charter passed by 31 votes to 4 [@ash-gazette]."
  - "The charter passed on 5 March 2025 [@ash-gazette]."
  - "The register will cost 4.2 million a year [@ash-gazette]."
  - "It costs 1.2 million a year, 7 % of the digital budget [@ash-gazette]."

sections:
  - id: context
    heading: "Context"
    body: |
      Harbour cranes were repainted in spring [@ash-parks]. See [the gazette](LINK).
  - id: outlook
    heading: "Outlook"
    body: |
      The parks department planted oak trees [@ash-parks].

comparison:
  heading: "Comparison"
  caption: "Rules compared"
  columns: ["Town", "Charter"]
  rows:
    - cells: ["Port Ash", "Yes"]
      sources: [ash-gazette]

figures:
  - id: votes
    caption: "Votes on the charter"
    alt: "Bar chart of the votes for and against the charter."
    chart:
      data: {values: [{side: for, votes: 31}, {side: against, votes: 4}]}
      mark: bar
      encoding:
        x: {field: votes, type: quantitative, aggregate: medain}
        y: {field: side, type: nominal}

quotes:
  - text: "Rules come after trust"
    speaker: "Ben Osei"
    affiliation: "Port Ash"
    section: outlook
    source: ash-gazette
  - text: "the strictest on the coast"
    speaker: "Ana Lopes"
    affiliation: "Port Ash"
    section: outlook
    source: ash-gazette
  - text: "Port Ash leads the coast"
    speaker: "Ben Osei"
    affiliation: "Port Ash"
    section: outlook
    source: ash-gazette
  - text: "We will not accept rules written for us by strangers"
    speaker: "Ana Lopes"
    affiliation: "Port Ash"
    section: outlook
    source: ash-gazette
  - text: "among \u2018the strictest on the coast\u2019"
    speaker: "Ana Lopes"
    affiliation: "Port Ash"
    section: outlook
    source: ash-gazette

sources:
  - id: ash-gazette
    title: "Council adopts data charter"
    publisher: "Port Ash Gazette"
    date: 2025-03-04
    url: LINK
    archive: port-ash-gazette.txt
  - id: ash-parks
    title: "Parks report"
    publisher: "Port Ash"
    date: 2025
    archive: port-ash-parks.txt
"""


def closed_port() -> int:
    """A local port nothing listens on: connecting to it is refused at once."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def brief(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("brief")
    path = folder / "brief.yaml"
    path.write_text(BRIEF.replace("LINK", f"http://127.0.0.1:{closed_port()}/gazette"),
                    encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def problems(brief: Path) -> list[Problem]:
    """One check of the brief, its archives in a folder outside the brief's."""
    return check_brief(brief, archive_dir=ARCHIVE)


def at(brief: Path, problem: Problem) -> str:
    """The brief's line the problem points to, from its column on."""
    assert problem.line is not None and problem.column is not None
    return brief.read_text(encoding="utf-8").splitlines()[problem.line - 1][problem.column - 1:]


def of(problems: list[Problem], field: str) -> list[Problem]:
    return [p for p in problems if p.field == field]


def test_archive_folder_outside_the_brief_is_read(brief: Path, problems: list[Problem]) -> None:
    assert not [p for p in problems if "not verified" in p.message or "archive" in (p.field or "")]
    missing = check_brief(brief)  # no archive folder: the archive is missing, and said so
    [error] = [p for p in missing if p.field == "sources[0].archive"]
    assert "not found beside the brief" in error.message and "--archive-dir" in (error.hint or "")


def test_wrong_speaker_named_closer_than_the_right_one(brief: Path,
                                                      problems: list[Problem]) -> None:
    [warning] = of(problems, "quotes[0].text")
    assert warning.severity == "warning"
    assert "gives these words to Ana Lopes" in warning.message
    assert "not to Ben Osei" in warning.message
    assert at(brief, warning).startswith('"Rules come after trust"')


def test_pronoun_refers_to_the_last_attribution() -> None:
    text = SourceText.of("Costs matter, says Osei. One worry is rent, says Lopes. "
                         "“The bill lands on renters,” she says.")
    assert check_quote(text, "The bill lands on renters", "Ana Lopes", "a.txt") == []
    [finding] = check_quote(text, "The bill lands on renters", "Ben Osei", "a.txt")
    assert "gives these words to Lopes" in finding.message


def test_quote_stripped_of_among_and_of_when_it_comes_to(brief: Path,
                                                        problems: list[Problem]) -> None:
    [among] = of(problems, "quotes[1].text")
    assert "leaves out 'among'" in among.message
    assert "are among \"»the strictest on the coast«\", says Ana Lopes." in among.message
    [frame] = of(problems, "quotes[2].text")
    assert "leaves out 'When it comes to'" in frame.message
    assert frame.message.endswith("When it comes to open data, \"»Port Ash leads the coast«\" "
                                  "Ben Osei told reporters.”")
    assert at(brief, frame).startswith('"Port Ash leads the coast"')
    assert of(problems, "quotes[4].text") == []  # the qualifier quoted too


def test_misquote_of_the_last_word_shows_the_source_word(problems: list[Problem]) -> None:
    [error] = of(problems, "quotes[3].text")
    assert error.severity == "error"
    assert "the source has “We will not accept rules written for us by *others*”" in error.message


def test_changed_date_and_number_are_found_at_their_position(brief: Path,
                                                             problems: list[Problem]) -> None:
    [date] = of(problems, "takeaways[1]")
    assert "'5 March 2025' is not in the cited source(s) (port-ash-gazette.txt)" in date.message
    assert at(brief, date).startswith("5 March 2025")
    [amount] = of(problems, "takeaways[2]")
    assert "'4.2 million'" in amount.message and at(brief, amount).startswith("4.2 million")
    # The same facts in other spellings pass: 1.2m = 1.2 million, 7 per cent = 7 %.
    for field in ("takeaways[0]", "takeaways[3]", "summary"):
        assert of(problems, field) == []


def test_wrong_citation_has_no_supporting_passage(brief: Path, problems: list[Problem]) -> None:
    [warning] = of(problems, "sections[0].body")
    assert "no passage of the cited source(s) (port-ash-parks.txt) shares" in warning.message
    assert at(brief, warning).startswith("Harbour cranes were repainted")
    assert of(problems, "sections[1].body") == []


@pytest.mark.parametrize(("one", "other"), [
    ("1 November 2025", "Nov. 1, 2025"), ("1 November 2025", "2025-11-01"),
    ("1 November 2025", "2025年11月1日"), ("35 million", "35m"), ("35 million", "3500万"),
    ("7 %", "7 per cent"), ("EUR 35 million", "35,000,000 euros"),
])
def test_figures_in_one_spelling(one: str, other: str) -> None:
    assert [f.key for f in numbers.figures(one)] == [f.key for f in numbers.figures(other)]


def test_vega_lite_warning_at_the_figure(brief: Path, problems: list[Problem]) -> None:
    [warning] = [p for p in problems if p.message.startswith("Vega-Lite")]
    assert warning.severity == "warning"
    assert 'Invalid aggregation operator "medain"' in warning.message
    assert warning.field == "figures[0].chart"
    lines = brief.read_text(encoding="utf-8").splitlines()
    assert lines[warning.line - 2].strip() == "chart:"  # type: ignore[operator] # its value


def test_offline_links_are_not_dead_and_not_cached(brief: Path, tmp_path: Path) -> None:
    cache = tmp_path / "links.json"
    options = LinkOptions(timeout=5, total=20, delay=0, cache=cache)
    url = f"http://127.0.0.1:{closed_port()}/nothing"
    [result] = check_urls([url], options).values()
    assert result.kind == "offline"
    assert url not in (json.loads(cache.read_text()) if cache.exists() else {})
    found = check_links(load_brief(brief), options)
    assert not [p for p in found if p.severity == "error"]
    # One address (the source's and the prose link), said once, not as a dead link.
    [offline] = [p for p in found if p.severity == "warning"]
    assert "links: 1 not checked: offline" in offline.message


def test_cli_support_table_and_archive_dir_from_the_environment(brief: Path,
                                                               tmp_path: Path) -> None:
    table = tmp_path / "support.md"
    res = subprocess.run([sys.executable, "-m", "reportgen", "check", str(brief), "--support",
                          str(table)], capture_output=True, text=True,
                         env={"PATH": "", "REPORTGEN_ARCHIVE_DIR": str(ARCHIVE),
                              "HOME": str(tmp_path)})
    assert res.returncode == 2, res.stderr  # the misquote is an error
    assert "Traceback" not in res.stderr
    rows = table.read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("| sentence | cited | best supporting passage")
    assert any("The parks department planted oak trees" in r and "400 oak trees" in r
               for r in rows)


def test_seeds_pass_their_own_checks(tmp_path: Path) -> None:
    seeds = sorted((ROOT / "seeds").glob("*.yaml"))
    res = subprocess.run([sys.executable, "-m", "reportgen", "check", *map(str, seeds),
                          "--archive-dir", str(SHARED_SEEDS)], capture_output=True, text=True,
                         cwd=ROOT)
    assert res.returncode == 0, res.stderr
    assert "warning" not in res.stderr and "not verified" not in res.stdout, res.stderr
    assert res.stdout.count("ok (0 error(s), 0 warning(s))") == len(seeds)


def test_seed_quotes_are_checked_against_the_article() -> None:
    """The seed's three quotes are found, with the right speaker and their qualifiers; giving
    Zhang's words to Ng (named 48 characters before them) is caught."""
    path = ROOT / "seeds" / "china-ai-governance.yaml"
    text = path.read_text(encoding="utf-8")
    loaded = load_brief(path)
    assert len(loaded.raw.quotes) == 3
    assert [p for p in check_brief(path, archive_dir=SHARED_SEEDS)
            if (p.field or "").startswith("quotes")] == []
    wrong = path.parent / ".wrong-speaker.yaml"
    try:
        wrong.write_text(text.replace('speaker: "Angela Zhang"', 'speaker: "Kwan Yee Ng"'),
                         encoding="utf-8")
        [warning] = [p for p in check_brief(wrong, archive_dir=SHARED_SEEDS)
                     if p.field == "quotes[2].text"]
        assert "gives these words to Zhang" in warning.message
    finally:
        wrong.unlink(missing_ok=True)


