"""Building with the PDF worker process: same bytes as in process, errors intact, no leftovers."""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import pickle
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, SEED, build_one
from reportgen import render as registry
from reportgen.brief.load import load_brief
from reportgen.errors import InputError, OutputError, Problem
from reportgen.model import Brief
from reportgen.options import DEFAULT
from reportgen.pipeline import Prepared
from reportgen.pipeline import render_all as render_prepared
from reportgen.render.pdf.worker import PdfWorker
from reportgen.theme import HOUSE, Theme

SMALL = FIXTURES / "pdf_small.yaml"


@pytest.fixture(scope="module")
def small() -> Brief:
    return load_brief(SMALL).brief


def broken_theme(tmp_path: Path) -> Theme:
    """The house theme with a templates folder whose brief.html.j2 fails on line 2."""
    (tmp_path / "brief.html.j2").write_text("line one\n{% if %}\n", encoding="utf-8")
    return dataclasses.replace(HOUSE, template_dirs=(tmp_path, *HOUSE.template_dirs))


def test_errors_pickle_with_their_problems() -> None:
    problem = Problem("brief.html.j2", "unexpected end", line=2, column=3, hint="close it")
    for error in (InputError([problem]), OutputError("rendering PDF failed")):
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is type(error) and copy.problems == error.problems
        assert copy.exit_code == error.exit_code and str(copy) == str(error)


def render_all(brief: Brief, theme: Theme, formats: list[str],
               worker: PdfWorker | None = None) -> list[tuple[str, bytes, float]]:
    """``pipeline.render_all`` for a brief that needs no embedding (so no loaded file)."""
    return render_prepared(Prepared(None, theme, DEFAULT, brief, ()),  # type: ignore[arg-type]
                           formats, worker)


def test_worker_gives_the_same_bytes_as_in_process(tmp_path: Path) -> None:
    here, there = tmp_path / "here", tmp_path / "there"
    build_one(SMALL, ["pdf", "docx"], here)
    with PdfWorker() as worker:
        _, written = build_one(SMALL, ["pdf", "docx"], there, pdf_worker=worker)
    assert [w.path.suffix for w in written] == [".pdf", ".docx"]
    for name in ("pdf", "docx"):
        [a], [b] = here.glob(f"*.{name}"), there.glob(f"*.{name}")
        assert a.read_bytes() == b.read_bytes(), name
    assert not multiprocessing.active_children()


def test_template_error_in_the_worker_is_a_located_input_error(
        small: Brief, tmp_path: Path) -> None:
    with PdfWorker() as worker:
        with pytest.raises(InputError) as info:
            render_all(small, broken_theme(tmp_path), ["pdf"], worker)
        problem = info.value.problems[0]
        assert problem.file.endswith("brief.html.j2") and problem.line == 2
        # The worker is still usable afterwards.
        [(fmt, data, _)] = render_all(small, HOUSE, ["pdf"], worker)
        assert fmt == "pdf" and data.startswith(b"%PDF-")
    assert not multiprocessing.active_children()


def test_a_local_failure_keeps_the_worker_in_step(
        small: Brief, monkeypatch: pytest.MonkeyPatch) -> None:
    with PdfWorker() as worker:
        def failing(fmt: str) -> registry.Renderer:
            def render(brief: Brief, theme: Theme, options: object) -> bytes:
                raise RuntimeError("docx writer bug")
            return render
        with monkeypatch.context() as m:
            m.setattr(registry, "renderer", failing)  # only here: the worker was forked already
            with pytest.raises(OutputError, match="rendering DOCX failed"):
                render_all(small, HOUSE, ["pdf", "docx"], worker)
        rendered = render_all(small, HOUSE, ["pdf"], worker)
    assert rendered[0][1] == render_all(small, HOUSE, ["pdf"])[0][1]


def test_a_dead_worker_is_an_output_error(small: Brief) -> None:
    with PdfWorker() as worker:
        worker.submit(small, HOUSE, DEFAULT)
        os.kill(worker._process.pid, signal.SIGKILL)  # type: ignore[arg-type]
        with pytest.raises(OutputError, match="PDF process ended unexpectedly"):
            worker.result()
        with pytest.raises(OutputError, match="PDF process ended unexpectedly"):
            render_all(small, HOUSE, ["pdf", "docx"], worker)  # the next brief, too
    assert not multiprocessing.active_children()


def test_bad_brief_with_a_worker_writes_nothing_and_leaves_no_process(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(SEED.read_text(encoding="utf-8").replace("[@eu-ai-act]", "[@nope]", 1),
                   encoding="utf-8")
    with PdfWorker() as worker, pytest.raises(InputError):
        build_one(bad, ["pdf", "docx"], tmp_path / "out", pdf_worker=worker)
    assert not (tmp_path / "out").exists()
    assert not multiprocessing.active_children()


def cli(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.Popen([sys.executable, "-m", "reportgen", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def test_cli_docx_build_starts_no_worker(tmp_path: Path) -> None:
    code = ("import sys\n"
            "from reportgen.cli import main\n"
            f"main(['build', {str(SEED)!r}, '-f', 'docx', '-q', '-o', {str(tmp_path)!r}],"
            " standalone_mode=False)\n"
            "assert 'weasyprint' not in sys.modules, 'weasyprint imported'\n"
            "assert 'multiprocessing.popen_fork' not in sys.modules, 'a process was started'\n")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr


def test_ctrl_c_during_a_build_exits_130_and_leaves_no_process(tmp_path: Path) -> None:
    proc = cli("build", str(SEED), "--out", str(tmp_path))
    # Interrupt once the PDF worker exists (it is forked before the brief loads, seconds before
    # anything is written): the interrupt must end both processes.
    while len(live_in_group(proc.pid)) < 2 and proc.poll() is None:
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal does: the whole process group
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    deadline = time.monotonic() + 5  # WeasyPrint's own short-lived helpers (ldconfig) may linger
    while live_in_group(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not live_in_group(proc.pid)
    assert not list(tmp_path.iterdir())


def live_in_group(pgid: int) -> list[str]:
    """Processes of a process group that are still running (zombies awaiting init excluded)."""
    ps = subprocess.run(["ps", "-o", "stat=,args=", "-g", str(pgid)],
                        capture_output=True, text=True).stdout.splitlines()
    return [line for line in ps if line.strip() and not line.strip().startswith("Z")]


def test_a_failed_write_replaces_no_format(tmp_path: Path) -> None:
    """Both formats are written to temporary files before either target is replaced."""
    from reportgen.errors import OutputError
    from reportgen.files import write_all_atomic

    first = tmp_path / "brief.pdf"
    first.write_bytes(b"old pdf")
    blocked = tmp_path / "not-a-folder"
    blocked.write_bytes(b"")  # the second target's folder is a file: its write fails
    with pytest.raises(OutputError, match="cannot write"):
        write_all_atomic([(first, b"new pdf"), (blocked / "brief.docx", b"new docx")])
    assert first.read_bytes() == b"old pdf"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.pdf", "not-a-folder"]


def test_outputs_older_than_the_brand_are_out_of_date(tmp_path: Path) -> None:
    import os

    from reportgen.brief.load import load_brief
    from reportgen.build import out_of_date

    brand = tmp_path / "brand"
    brand.mkdir()
    (brand / "brand.yml").write_text('color:\n  primary: "#336699"\n', encoding="utf-8")
    brief = tmp_path / "brief.yaml"
    brief.write_text(SEED.read_text(encoding="utf-8").replace(
        "\nmeta:", "\nbrand: brand\nmeta:", 1), encoding="utf-8")
    target = tmp_path / "out.pdf"
    target.write_bytes(b"%PDF")
    loaded = load_brief(brief)
    assert out_of_date([target], loaded) == []
    old = target.stat().st_mtime - 100
    os.utime(target, (old, old))
    assert out_of_date([target], loaded) == [target]
    assert out_of_date([tmp_path / "missing.pdf"], loaded) == [tmp_path / "missing.pdf"]
