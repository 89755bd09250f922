"""One pipeline for every command: validate, check and build agree on a brief, through the real
CLI (click's runner, in this process), and check reports everything at once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from conftest import FIXTURES, ROOT
from reportgen.cli import main

SMALL = FIXTURES / "valid_small.yaml"
ARCHIVE_TEXT = ("The minister said the plan would be reviewed every year. "
                "\"We will publish every decision we take,\" she told reporters on Monday.\n")


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def verdicts(brief: Path, out: Path, *extra: str) -> dict[str, Result]:
    """The same brief through validate, check and build."""
    return {"validate": run("validate", str(brief), *extra),
            "check": run("check", str(brief), *extra),
            "build": run("build", "-j", "1", "-f", "docx", "-o", str(out), str(brief),
                         *extra)}


def brief_with_brand(tmp_path: Path, brand: Path) -> Path:
    path = tmp_path / "brief.yaml"
    text = SMALL.read_text(encoding="utf-8")
    path.write_text(f"brand: {brand.name}\n{text}", encoding="utf-8")
    return path


def test_a_broken_brand_template_fails_every_command_at_its_line(tmp_path: Path) -> None:
    brand = tmp_path / "acme"
    shutil.copytree(ROOT / "brands" / "example-policy-institute", brand)
    (brand / "templates").mkdir(exist_ok=True)
    (brand / "templates" / "brief.html.j2").write_text(
        '{% extends "base.html.j2" %}\n{% block colophon %}{{ meta.title + 1 }}{% endblock %}\n',
        encoding="utf-8")
    results = verdicts(brief_with_brand(tmp_path, brand), tmp_path / "out")
    for command, result in results.items():
        assert result.exit_code == 2, (command, result.output)
        assert "brief.html.j2:2" in result.output, (command, result.output)
        assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()  # nothing half-written


def test_a_bad_chart_fails_every_command_at_the_figure(tmp_path: Path) -> None:
    path = tmp_path / "chart.yaml"
    text = SMALL.read_text(encoding="utf-8")
    path.write_text(text + "figures:\n  - id: bad\n    caption: A chart\n    alt: A chart.\n"
                    "    chart:\n      mark: bar\n      data: {values: [{a: 1}]}\n"
                    "      encoding: {x: {field: a, type: ordinal, timeUnit: fortnight}}\n",
                    encoding="utf-8")
    results = verdicts(path, tmp_path / "out")
    for command, result in results.items():
        assert result.exit_code == 2, (command, result.output)
        assert f"{path}:" in result.output, (command, result.output)
        assert "figures[0].chart: the chart cannot be drawn" in result.output, result.output


def test_a_missing_brand_font_is_the_same_warning_everywhere_and_strict_refuses_it(
        tmp_path: Path) -> None:
    brand = tmp_path / "acme"
    brand.mkdir()
    (brand / "brand.yml").write_text(
        "typography:\n  fonts:\n    - family: Nowhere Sans\n      source: system\n"
        "  base: Nowhere Sans\n", encoding="utf-8")
    results = verdicts(brief_with_brand(tmp_path, brand), tmp_path / "out")
    for command, result in results.items():
        assert result.exit_code == 0, (command, result.output)
        assert "Nowhere Sans" in result.output and "warning" in result.output, \
            (command, result.output)
    strict = run("build", "-j", "1", "--strict", "-f", "docx", "-o", str(tmp_path / "s"),
                 str(brief_with_brand(tmp_path, brand)))
    assert strict.exit_code == 2 and "--strict is on" in strict.output
    assert not (tmp_path / "s").exists()


def test_check_reports_a_schema_error_and_a_misquote_in_one_run(tmp_path: Path) -> None:
    (tmp_path / "minister.txt").write_text(ARCHIVE_TEXT, encoding="utf-8")
    text = SMALL.read_text(encoding="utf-8")
    path = tmp_path / "brief.yaml"
    bad = text.replace("date: 2025-12-08", "date: 2025-13-45", 1)
    assert bad != text
    quoted = bad.replace("quotes:\n", "quotes:\n  - text: We will publish every decision we make\n"
                         "    speaker: The minister\n    affiliation: Ministry\n"
                         "    section: outlook\n    source: minister\n", 1)
    path.write_text(quoted.replace("sources:\n", "sources:\n  - id: minister\n"
                                   "    title: Statement\n    publisher: Ministry\n"
                                   "    date: 2025-01-06\n    archive: minister.txt\n", 1),
                    encoding="utf-8")
    result = run("check", str(path))
    assert result.exit_code == 2
    assert "meta.date" in result.output, result.output
    assert "quotes[0].text: not verbatim in minister.txt" in result.output, result.output
    assert "*make*" in result.output


SHARED_SEEDS = ROOT.parent / "shared" / "seeds"  # the source article, outside the repository


@pytest.mark.parametrize("command", ["validate", "check"])
def test_validate_and_check_agree_on_the_seeds(command: str) -> None:
    seeds = sorted((ROOT / "seeds").glob("*.yaml"))
    archive = ["--archive-dir", str(SHARED_SEEDS)] if command == "check" else []
    result = run(command, *map(str, seeds), *archive)
    assert result.exit_code == 0, result.output
    assert result.output.count(": ok (") == len(seeds)
