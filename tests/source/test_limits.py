"""Limits of the YAML reader, in process: located, and measured without building anything."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reportgen.errors import InputError
from reportgen.source.limits import MAX_DEPTH, read_limited, yaml_problems

LAUGHS = "\n".join(["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
                   + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]"
                      for i in range(1, 8)])


def test_alias_expansion_is_measured_not_performed() -> None:
    [problem] = yaml_problems(LAUGHS, "b.yaml")
    assert problem.message.startswith("aliases here expand to more than")
    assert (problem.line, problem.field) == (5, "a4[7]")  # where the count passes 100,000


def test_depth_is_located_with_its_field() -> None:
    text = "meta:\n  x: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n"
    [problem] = yaml_problems(text, "b.yaml")
    assert (problem.line, problem.field) == (2, "meta.x" + "[0]" * (MAX_DEPTH - 2))
    assert "nested more than" in problem.message


def test_a_long_block_is_reported_at_its_text() -> None:
    text = "sections:\n  - id: a\n    body: |\n      " + "x" * 100_001 + "\n"
    [problem] = yaml_problems(text, "b.yaml")
    assert (problem.line, problem.column, problem.field) == (4, 7, "sections[0].body")


def test_an_ordinary_brief_passes(seed_path: Path) -> None:
    assert yaml_problems(seed_path.read_text(encoding="utf-8"), str(seed_path)) == []


def test_read_limited_refuses_devices_fifos_and_big_files(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * 101)
    for path, message in ((Path("/dev/zero"), "not a regular file"),
                          (fifo, "not a regular file"), (big, "reads at most")):
        with pytest.raises(InputError) as exc:
            read_limited(path, limit=100)
        assert message in exc.value.problems[0].message
    assert read_limited(big, limit=101) == b"#" * 101
