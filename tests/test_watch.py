"""`reportgen watch` in a subprocess: save, break, fix, Ctrl-C. Every wait has a deadline, so a
watcher that misses a save fails the test instead of hanging it."""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from pypdf import PdfReader

from conftest import ROOT, SEED

ENV = {**os.environ, "PYTHONWARNINGS": "ignore"}
TITLE = "China's bid to lead global AI governance"
WAIT = 180.0  # seconds; generous for a loaded machine, but never forever


class Lines:
    """A subprocess's output lines, read on a thread so that waiting can time out."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.seen: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        assert proc.stdout is not None
        stream = proc.stdout
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream: object) -> None:
        for line in stream:  # type: ignore[attr-defined]
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def wait_for(self, text: str, timeout: float = WAIT) -> str:
        """The next line containing ``text``; AssertionError (with all output) at the deadline."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self._queue.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                raise AssertionError(f"exited before {text!r}:\n" + "\n".join(self.seen))
            self.seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"no {text!r} within {timeout} s:\n" + "\n".join(self.seen))


def save(path: Path, text: str) -> None:
    """Save as editors do: a new file renamed over the old one, so no half-written state."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def first_page(pdf: Path) -> str:
    return PdfReader(pdf).pages[0].extract_text()


def test_watch_rebuilds_on_save_keeps_outputs_on_error_and_stops_on_ctrl_c(
        tmp_path: Path) -> None:
    brief, out = tmp_path / "brief.yaml", tmp_path / "out"
    text = SEED.read_text(encoding="utf-8")
    save(brief, text)
    pdf = out / "china-ai-governance.pdf"
    proc = subprocess.Popen(
        [sys.executable, "-m", "reportgen", "watch", str(brief), "--out", str(out)],
        cwd=ROOT, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True)  # its own process group: a failed test ends the PDF worker too
    lines = Lines(proc)
    try:
        lines.wait_for("watching 1 brief(s)")
        assert f"{brief}: ok" in lines.seen
        assert "bid to lead global AI governance" in first_page(pdf)

        save(brief, text.replace(TITLE, "A title saved while watching", 1))
        lines.wait_for(f"{brief}: ok")
        assert "A title saved while watching" in first_page(pdf)
        good = pdf.read_bytes(), (out / "china-ai-governance.docx").read_bytes()

        save(brief, text.replace("[@eu-ai-act]", "[@eu-ai-akt]", 1))
        error = lines.wait_for("unknown source 'eu-ai-akt'")
        line = next(i for i, t in enumerate(text.splitlines(), 1) if "[@eu-ai-act]" in t)
        assert error.startswith(f"{brief}:{line}:")
        assert (pdf.read_bytes(), (out / "china-ai-governance.docx").read_bytes()) == good

        save(brief, text.replace(TITLE, "The fixed title", 1))
        lines.wait_for(f"{brief}: ok")
        assert "The fixed title" in first_page(pdf)

        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=60) == 0
        lines.wait_for("stopped.")
        assert not any("Traceback" in line for line in lines.seen)
        assert sorted(p.name for p in out.iterdir()) == [  # and the build manifest
            ".reportgen-manifest.json", "china-ai-governance.docx", "china-ai-governance.pdf"]
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def test_a_change_rebuilds_the_briefs_made_from_it(tmp_path: Path) -> None:
    from reportgen.batch import Job, Outcome
    from reportgen.watch import Watched

    templates, brand, briefs = tmp_path / "templates", tmp_path / "brand", tmp_path / "briefs"
    for folder in (templates, brand, briefs):
        folder.mkdir()
    one, two = briefs / "one.yaml", briefs / "two.yaml"
    jobs = [Job(one, tmp_path / "out", ("pdf",)), Job(two, tmp_path / "out", ("pdf",))]
    watched = Watched(jobs, (templates,))
    watched.note(Outcome(jobs[1], inputs=(two, brand)))  # two names a brand folder
    assert watched.roots() == sorted([brand.resolve(), briefs.resolve(), templates.resolve()])
    assert watched.affected([one]) == ([jobs[0]], False)
    assert watched.affected([brand / "brand.yml"]) == ([jobs[1]], True)
    assert watched.affected([templates / "partials" / "table.html.j2"]) == (jobs, False)
    assert watched.affected([briefs / "notes.txt"]) == ([], False)
