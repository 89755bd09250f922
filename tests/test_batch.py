"""Building many briefs in one run, in subprocesses as a user runs it: parallel workers, a bad
brief among good ones, editions per brand, --changed, and the progress display on a terminal."""

from __future__ import annotations

import contextlib
import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import ROOT, SEED
from reportgen.manifest import MANIFEST

ENV = {**os.environ, "PYTHONWARNINGS": "ignore"}
TITLE = "China's bid to lead global AI governance"
BRANDS = ROOT / "brands"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reportgen", *args], cwd=ROOT, env=ENV,
                          capture_output=True, text=True, timeout=300)


def copy_seed(folder: Path, slug: str, edit: tuple[str, str] | None = None) -> Path:
    """The seed brief under another slug (and title), optionally with one text replaced."""
    text = SEED.read_text(encoding="utf-8")
    text = text.replace("slug: china-ai-governance", f"slug: {slug}", 1)
    text = text.replace(TITLE, f"{TITLE} ({slug})", 1)
    if edit is not None:
        assert edit[0] in text
        text = text.replace(*edit, 1)
    path = folder / f"{slug}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def briefs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("briefs")
    return [copy_seed(folder, slug) for slug in ("brief-c", "brief-a", "brief-b")]


@pytest.fixture(scope="module")
def serial(briefs: list[Path], tmp_path_factory: pytest.TempPathFactory
           ) -> tuple[Path, subprocess.CompletedProcess[str]]:
    out = tmp_path_factory.mktemp("serial")
    return out, run("build", *map(str, briefs), "--out", str(out), "-j", "1")


def outputs(folder: Path) -> dict[str, bytes]:
    """The outputs (the build manifest beside them names the folder's own paths)."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.name != MANIFEST}


def test_two_jobs_give_the_same_bytes_as_one(
        briefs: list[Path], serial: tuple[Path, subprocess.CompletedProcess[str]],
        tmp_path: Path) -> None:
    one, first = serial
    assert first.returncode == 0, first.stderr
    res = run("build", *map(str, briefs), "--out", str(tmp_path), "-j", "2")
    assert res.returncode == 0, res.stderr
    assert outputs(tmp_path) == outputs(one)
    assert len(outputs(one)) == 6
    for slug in ("brief-a", "brief-b", "brief-c"):
        assert f"({slug})" in PdfReader(tmp_path / f"{slug}.pdf").pages[0].extract_text()


def test_lines_come_in_sorted_order_with_a_summary(
        serial: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    out, res = serial
    written = [line.split()[1] for line in res.stdout.splitlines() if line.startswith("wrote ")]
    assert written == [str(out / f"brief-{x}.{f}") for x in "abc" for f in ("pdf", "docx")]
    assert res.stdout.splitlines()[-1].startswith("built 3, failed 0, up to date 0 (")


def test_one_bad_brief_fails_alone_and_keeps_its_old_outputs(
        briefs: list[Path], tmp_path: Path) -> None:
    bad = copy_seed(tmp_path, "brief-bad", ("[@eu-ai-act]", "[@eu-ai-akt]"))
    out = tmp_path / "out"
    out.mkdir()
    (out / "brief-bad.pdf").write_bytes(b"the earlier PDF")
    res = run("build", str(briefs[0]), str(bad), str(briefs[1]), "--out", str(out), "-j", "2")
    assert res.returncode == 2
    assert "Traceback" not in res.stderr
    line = next(i for i, text in enumerate(bad.read_text(encoding="utf-8").splitlines(), 1)
                if "[@eu-ai-akt]" in text)
    assert f"{bad}:{line}:" in res.stderr and "unknown source 'eu-ai-akt'" in res.stderr
    assert "built 2, failed 1, up to date 0" in res.stderr
    assert sorted(p.name for p in out.iterdir() if p.name != MANIFEST) == [
        "brief-a.docx", "brief-a.pdf", "brief-bad.pdf", "brief-c.docx", "brief-c.pdf"]
    assert (out / "brief-bad.pdf").read_bytes() == b"the earlier PDF"


def test_two_briefs_with_one_slug_are_refused(briefs: list[Path], tmp_path: Path) -> None:
    twin = tmp_path / "twin.yaml"
    twin.write_text(briefs[1].read_text(encoding="utf-8"), encoding="utf-8")
    res = run("build", str(briefs[1]), str(twin), "--out", str(tmp_path / "out"),
              "-f", "docx", "-j", "2")
    assert res.returncode == 2
    assert f"slug 'brief-a' is also the slug of {briefs[1]}" in res.stderr
    assert (tmp_path / "out" / "brief-a.docx").is_file()


def test_changed_skips_briefs_whose_outputs_are_current(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    briefs = [copy_seed(tmp_path / "src", slug) for slug in ("brief-c", "brief-a", "brief-b")]
    tmp_path = tmp_path / "out"
    args = ("build", *map(str, briefs), "--out", str(tmp_path), "-f", "docx", "--changed")
    assert run(*args).returncode == 0
    stamps = {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()}
    again = run(*args)
    assert again.returncode == 0, again.stderr
    assert "wrote " not in again.stdout
    assert "built 0, failed 0, up to date 3" in again.stdout
    assert {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()} == stamps
    os.utime(briefs[1])  # a save that changes nothing: the manifest compares contents
    assert "up to date 3" in run(*args).stdout
    with briefs[2].open("a", encoding="utf-8") as f:  # brief-b edited
        f.write("# edited\n")
    third = run(*args)
    assert "built 1, failed 0, up to date 2" in third.stdout
    assert [line.split()[1] for line in third.stdout.splitlines()
            if line.startswith("wrote")] == [str(tmp_path / "brief-b.docx")]


def test_each_brand_gets_its_own_edition(briefs: list[Path], tmp_path: Path) -> None:
    ledger, institute = BRANDS / "civic-ledger", BRANDS / "example-policy-institute"
    res = run("build", str(briefs[1]), "--out", str(tmp_path), "-f", "pdf",
              "--brand", str(ledger), "--brand", str(institute))
    assert res.returncode == 0, res.stderr
    first = tmp_path / "civic-ledger" / "brief-a.pdf"
    second = tmp_path / "example-policy-institute" / "brief-a.pdf"
    assert first.read_bytes() != second.read_bytes()
    alone = run("build", str(briefs[1]), "--out", str(tmp_path / "one"), "-f", "pdf",
                "--brand", str(ledger))
    assert alone.returncode == 0, alone.stderr
    assert (tmp_path / "one" / "brief-a.pdf").read_bytes() == first.read_bytes()


def run_on_terminal(args: list[str], timeout: float = 300) -> tuple[int, str]:
    """Run with standard output and error on a pseudo-terminal; (exit code, all it printed)."""
    main, child = pty.openpty()
    proc = subprocess.Popen(args, cwd=ROOT, stdin=child, stdout=child, stderr=child,
                            env={**ENV, "TERM": "xterm", "COLUMNS": "160"},
                            start_new_session=True)  # a group: a kill reaches its workers
    os.close(child)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if select.select([main], [], [], 0.5)[0]:
                try:
                    data = os.read(main, 65536)
                except OSError:  # EIO: every writer of the terminal has closed it
                    break
                if not data:
                    break
                chunks.append(data)
            elif proc.poll() is not None:
                break
        else:
            raise AssertionError(f"no exit within {timeout} s: {b''.join(chunks)!r}")
        return proc.wait(timeout=30), b"".join(chunks).decode("utf-8", "replace")
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        os.close(main)


def test_progress_bar_on_a_terminal_plain_lines_in_a_pipe(
        briefs: list[Path], tmp_path: Path) -> None:
    args = ["build", *map(str, briefs[:2]), "--out", str(tmp_path), "-f", "docx"]
    code, shown = run_on_terminal([sys.executable, "-m", "reportgen", *args])
    assert code == 0, shown
    assert "2/2" in shown and "briefs" in shown and "\x1b[" in shown
    assert "wrote " not in shown  # the bar stands in for the file lines
    assert "built 2, failed 0, up to date 0" in shown
    piped = run(*args)
    assert piped.returncode == 0, piped.stderr
    assert "2/2" not in piped.stdout + piped.stderr and "\x1b[" not in piped.stdout
    assert sum(line.startswith("wrote ") for line in piped.stdout.splitlines()) == 2
    code, quiet = run_on_terminal([sys.executable, "-m", "reportgen", *args, "--quiet"])
    assert code == 0 and quiet.strip() == ""
