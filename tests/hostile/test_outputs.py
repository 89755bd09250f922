"""Threat: an output path that makes reportgen replace something it must not: a device, a FIFO,
a symbolic link, a file already built, or half of a brief's formats."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from harness import ROOT, brief_file, refused, run


def _special(tmp_path: Path, kind: str) -> Path:
    target = tmp_path / "target"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "symlink":
        (tmp_path / "real.json").write_text("keep me", encoding="utf-8")
        target.symlink_to(tmp_path / "real.json")
    elif kind == "dangling symlink":
        target.symlink_to(tmp_path / "nowhere.json")
    elif kind == "folder":
        target.mkdir()
    return target


KINDS = ["fifo", "symlink", "dangling symlink", "folder"]


@pytest.mark.parametrize("kind", KINDS)
def test_schema_out_refuses_what_is_not_a_regular_file(tmp_path: Path, kind: str) -> None:
    target = _special(tmp_path, kind)
    before = os.lstat(target)
    result = run("schema", "--out", target, cwd=tmp_path, timeout=30)
    assert result.code != 0, str(result)
    assert "Traceback" not in result.err
    assert any(w in result.err for w in ("not a regular file", "is a directory")), str(result)
    after = os.lstat(target)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)
    if kind == "symlink":
        assert (tmp_path / "real.json").read_text(encoding="utf-8") == "keep me"


def test_schema_out_refuses_a_character_device(tmp_path: Path) -> None:
    result = run("schema", "--out", "/dev/null", cwd=tmp_path, timeout=30)
    refused(result, "not a regular file")


@pytest.mark.parametrize("kind", ["fifo", "symlink"])
def test_build_refuses_special_outputs(tmp_path: Path, kind: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = _special(tmp_path, kind)
    target.rename(out / "small-brief.docx")
    brief = brief_file(tmp_path / "briefs")
    result = run("build", brief, "--format", "docx", "--out", out, cwd=tmp_path, timeout=60)
    assert result.code != 0 and "not a regular file" in result.err, str(result)
    assert not (out / "small-brief.docx").is_file() or (out / "small-brief.docx").is_symlink()


def test_all_or_nothing_when_one_target_cannot_be_replaced(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "small-brief.pdf").write_bytes(b"the previous PDF")
    (out / "small-brief.docx").mkdir()  # cannot be replaced by a file
    brief = brief_file(tmp_path / "briefs")
    result = run("build", brief, "--out", out, cwd=tmp_path)
    assert result.code != 0 and "Traceback" not in result.err, str(result)
    assert "small-brief.docx" in result.err
    assert (out / "small-brief.pdf").read_bytes() == b"the previous PDF"
    assert "left as they were" in result.err or "nothing was written" in result.err


@pytest.mark.parametrize("spelling", ["out/small-brief.docx", "out/../out/small-brief.docx",
                                      "link/small-brief.docx"])
def test_email_out_may_not_overwrite_an_attachment(tmp_path: Path, spelling: str) -> None:
    out = tmp_path / "out"
    (tmp_path / "link").symlink_to(out)
    brief = brief_file(tmp_path / "briefs")
    result = run("email", brief, "--to", "a@example.org", "--from", "b@example.org",
                 "--attach", "docx", "--outputs", out, "--out", spelling, cwd=tmp_path)
    refused(result, "--out", "attachment")
    docx = out / "small-brief.docx"
    assert not docx.exists() or docx.read_bytes()[:2] == b"PK"


# --- the PDF worker ------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the worker is Linux-only")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_pdf_worker_exits_with_its_parent(tmp_path: Path, sig: signal.Signals) -> None:
    brief = brief_file(tmp_path / "briefs")
    proc = subprocess.Popen([sys.executable, "-m", "reportgen", "build", str(brief), "--out",
                             str(tmp_path / "out")], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        workers: list[int] = []
        for _ in range(300):  # until the worker has been forked
            workers = _children(proc.pid)
            if workers or proc.poll() is not None:
                break
            time.sleep(0.02)
        assert workers, "no PDF worker was started"
        os.kill(proc.pid, sig)
        proc.wait(timeout=30)
        for _ in range(300):  # the worker must notice within a generous bound
            if not any(_alive(w) for w in workers):
                break
            time.sleep(0.1)
        assert not any(_alive(w) for w in workers), "the PDF worker outlived its parent"
    finally:
        with contextlib.suppress(OSError):  # the worker shares the group, even as an orphan
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
