"""Batches that scale: ``build --shard K/N`` parts that together are one run byte for byte."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from reportgen.errors import InputError
from reportgen.manifest import MANIFEST
from reportgen.shard import parse, part

ENV = {**os.environ, "PYTHONWARNINGS": "ignore"}
SMALL = ROOT / "tests" / "fixtures" / "pdf_small.yaml"
SLUGS = ("shard-d", "shard-a", "shard-c", "shard-b", "shard-e")


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reportgen", *args], cwd=ROOT, env=ENV,
                          capture_output=True, text=True, timeout=600)


def outputs(folder: Path) -> dict[str, bytes]:
    """The built files (each part's build manifest records only that part's briefs)."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.name != MANIFEST}


@pytest.fixture(scope="module")
def briefs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("briefs")
    text = SMALL.read_text(encoding="utf-8")
    paths = []
    for slug in SLUGS:
        path = folder / f"{slug}.yaml"
        path.write_text(text.replace("slug: pdf-small", f"slug: {slug}", 1), encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def whole(briefs: list[Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("whole")
    done = cli("build", *map(str, briefs), "--out", str(out), "-j", "1", "-q")
    assert done.returncode == 0, done.stderr
    return outputs(out)


def test_parts_are_disjoint_balanced_and_cover_the_plan() -> None:
    jobs = list(range(11))
    parts = [part(jobs, k, 3) for k in (1, 2, 3)]
    assert sorted(j for p in parts for j in p) == jobs
    assert [len(p) for p in parts] == [4, 4, 3]
    assert part(jobs, 2, 3) == part(list(jobs), 2, 3)  # the same list each time


@pytest.mark.parametrize("text", ["0/2", "3/2", "1/0", "2", "a/b", "-1/2"])
def test_a_bad_shard_is_refused(text: str) -> None:
    with pytest.raises(InputError) as caught:
        parse(text)
    assert caught.value.problems[0].file == "--shard"


def test_shards_together_equal_one_run_byte_for_byte(
        briefs: list[Path], whole: dict[str, bytes], tmp_path: Path) -> None:
    seen: list[set[str]] = []
    for k in (1, 2):
        out = tmp_path / f"part{k}"
        done = cli("build", *map(str, briefs), "--out", str(out), "--shard", f"{k}/2", "-q")
        assert done.returncode == 0, done.stderr
        seen.append(set(outputs(out)))
        for name, data in outputs(out).items():
            assert data == whole[name], name
    assert not seen[0] & seen[1]
    assert seen[0] | seen[1] == set(whole)
    assert len(seen[0]) == 6 and len(seen[1]) == 4  # 3 and 2 briefs, PDF and DOCX each


def test_a_bad_shard_on_the_command_line_exits_2(briefs: list[Path], tmp_path: Path) -> None:
    done = cli("build", str(briefs[0]), "--out", str(tmp_path), "--shard", "3/2")
    assert done.returncode == 2
    assert "--shard" in done.stderr and "Traceback" not in done.stderr
    assert not any(tmp_path.iterdir())
