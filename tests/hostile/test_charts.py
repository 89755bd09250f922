"""Threat: a chart that crashes, exhausts or outlasts the chart engine (V8 and resvg inside
vl-convert). Drawing runs in a bounded child process, so each ends as an error at the figure,
with exit 2, in bounded time; characters the engine cannot draw are refused by ``validate``."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from harness import brief_file, refused, run, succeeded

FIGURE = """figures:
  - id: counts
    caption: Counts
    alt: Counts by year
    chart:
      mark: bar
{data}
      encoding:
        x: {{field: year, type: ordinal}}
        y: {{field: count, type: quantitative}}
"""
INLINE = '      data:\n        values:\n          - {{year: "{year}", count: 2}}'
FROM_FILE = "      data: {{url: {name}}}"


def chart_brief(folder: Path, data: str, files: dict[str, bytes] | None = None) -> Path:
    for name, content in (files or {}).items():
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)
    brief = brief_file(folder)
    brief.write_text(brief.read_text(encoding="utf-8") + FIGURE.format(data=data),
                     encoding="utf-8")
    return brief


def figure_line(brief: Path, text: str) -> int:
    return next(n for n, line in enumerate(brief.read_text().splitlines(), 1) if text in line)


@pytest.mark.parametrize("escape", ["\\0", "\\x01", "\\uFFFE"])
def test_a_control_character_in_chart_values_is_refused_at_validate(tmp_path: Path,
                                                                    escape: str) -> None:
    brief = chart_brief(tmp_path, INLINE.format(year=f"20{escape}23"))
    code = {"\\0": "U+0000", "\\x01": "U+0001", "\\uFFFE": "U+FFFE"}[escape]
    line = figure_line(brief, "count: 2")
    refused(run("validate", brief, cwd=tmp_path), f"brief.yaml:{line}:",
            "figures[0].chart.data.values[0].year", code)


def test_a_control_character_in_csv_data_is_refused_at_its_line(tmp_path: Path) -> None:
    brief = chart_brief(tmp_path, FROM_FILE.format(name="d.csv"),
                        {"d.csv": b"year,count\n2023,2\n20\x0124,5\n"})
    refused(run("validate", brief, cwd=tmp_path), "figures[0].chart.data.url",
            "'d.csv', line 3, column 3", "U+0001")


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("d.csv", b"year,count\n2023,2\n20\xe924,5\n", "line 3, column 3: the file is not valid UTF-8"),
    ("d.json", b"[" * 100_000 + b"]" * 100_000, "nested more than"),
    ("d.json", b'[{"year": "2023", "count": ' + b"9" * 5000 + b"}]", "number too long"),
])
def test_a_bad_data_file_is_a_located_error(tmp_path: Path, name: str, content: bytes,
                                            reason: str) -> None:
    brief = chart_brief(tmp_path, FROM_FILE.format(name=name), {name: content})
    refused(run("validate", brief, cwd=tmp_path), "figures[0].chart.data.url", name, reason)


def test_a_chart_that_exhausts_memory_is_stopped_at_the_figure(tmp_path: Path) -> None:
    brief = chart_brief(tmp_path, "      data: {sequence: {start: 0, stop: 100000000, as: year}}")
    brief.write_text(brief.read_text().replace("y: {field: count, type: quantitative}",
                                               "y: {field: year, type: quantitative}"))
    start = time.monotonic()
    result = run("validate", brief, cwd=tmp_path)
    refused(result, "figures[0].chart", "memory")
    assert time.monotonic() - start < 60, str(result)


def test_the_chart_engine_under_an_address_space_limit_says_why(tmp_path: Path) -> None:
    brief = chart_brief(tmp_path, INLINE.format(year="2023"))
    result = run("validate", brief, cwd=tmp_path, address_space=4 * 1024**3)
    refused(result, "figures[0].chart", "could not start", "ulimit -v")


def test_charts_draw_under_the_harness_limits(tmp_path: Path) -> None:
    brief = chart_brief(tmp_path, INLINE.format(year="2023"))
    result = run("build", brief, "--format", "docx", "--out", tmp_path / "out", cwd=tmp_path)
    succeeded(result)
    assert (tmp_path / "out").is_dir()
