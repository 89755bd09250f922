"""The command line end to end, in subprocesses, as a user runs it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from conftest import ROOT, SEED

ENV = {**os.environ, "PYTHONWARNINGS": "ignore"}
Built = tuple[Path, subprocess.CompletedProcess[str]]


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reportgen", *args], cwd=cwd, env=ENV,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    out = tmp_path_factory.mktemp("out")
    return out, run("build", str(SEED), "--out", str(out))


def test_help_lists_commands_and_exit_codes() -> None:
    res = run("--help")
    assert res.returncode == 0
    for word in ("build", "validate", "schema", "Exit codes", "bad input"):
        assert word in res.stdout
    build_help = run("build", "--help").stdout
    assert "--format" in build_help and "--out" in build_help and "Exit codes" in build_help


def test_build_writes_both_files_and_reports_them(built: Built) -> None:
    out, res = built
    assert res.returncode == 0, res.stderr
    pdf, docx_path = out / "china-ai-governance.pdf", out / "china-ai-governance.docx"
    lines = res.stdout.splitlines()
    assert any(line.startswith(f"wrote {pdf} (") and " KB, " in line for line in lines)
    assert any(line.startswith(f"wrote {docx_path} (") for line in lines)
    assert len(PdfReader(pdf).pages) >= 2
    assert docx.Document(str(docx_path)).core_properties.title
    assert sorted(p.name for p in out.iterdir()) == [docx_path.name, pdf.name]  # no temp files


def test_build_is_reproducible(built: Built, tmp_path: Path) -> None:
    out, _ = built
    res = run("build", str(SEED), "--out", str(tmp_path), "-q")
    assert res.returncode == 0 and res.stdout == ""
    for name in ("china-ai-governance.pdf", "china-ai-governance.docx"):
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name


def test_format_option_limits_outputs(tmp_path: Path) -> None:
    res = run("build", str(SEED), "--format", "docx", "--out", str(tmp_path))
    assert res.returncode == 0, res.stderr
    assert [p.suffix for p in tmp_path.iterdir()] == [".docx"]
    bad = run("build", str(SEED), "--format", "pdf,odt", "--out", str(tmp_path))
    assert bad.returncode == 2
    assert "unknown format 'odt'" in bad.stderr and "Traceback" not in bad.stderr


def test_docx_and_validate_do_not_import_weasyprint() -> None:
    code = (
        "import sys\n"
        "from reportgen.build import build_one\n"
        "from reportgen.load import load_brief\n"
        "import tempfile, pathlib\n"
        f"build_one(pathlib.Path({str(SEED)!r}), ['docx'], pathlib.Path(tempfile.mkdtemp()))\n"
        "assert 'weasyprint' not in sys.modules, 'weasyprint imported'\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=ENV)
    assert res.returncode == 0, res.stderr


def test_bad_input_exits_2_with_location_and_keeps_old_outputs(
        built: Built, tmp_path: Path) -> None:
    out, _ = built
    work = tmp_path / "out"
    shutil.copytree(out, work)
    before = {p.name: p.read_bytes() for p in work.iterdir()}
    broken = tmp_path / "china-ai-governance.yaml"
    text = SEED.read_text(encoding="utf-8").replace("[@eu-ai-act]", "[@eu-ai-akt]", 1)
    broken.write_text(text, encoding="utf-8")
    res = run("build", str(broken), "--out", str(work))
    assert res.returncode == 2
    assert "Traceback" not in res.stderr
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "[@eu-ai-akt]" in ln)
    assert f"{broken}:{line}:" in res.stderr
    assert "unknown source 'eu-ai-akt'" in res.stderr and "did you mean 'eu-ai-act'" in res.stderr
    assert "nothing was written" in res.stderr or "left as they were" in res.stderr
    assert {p.name: p.read_bytes() for p in work.iterdir()} == before


def test_validate_reports_all_files(tmp_path: Path) -> None:
    ok = run("validate", str(SEED))
    assert ok.returncode == 0 and "ok (" in ok.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text("meta: [\n", encoding="utf-8")
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")
    res = run("validate", str(SEED), str(bad), str(empty), str(tmp_path / "missing.yaml"))
    assert res.returncode == 2
    assert "Traceback" not in res.stderr
    assert f"{bad}:2:" in res.stderr and "YAML syntax error" in res.stderr
    assert f"{empty}:1:1: error: the file is empty" in res.stderr
    assert "missing.yaml: error: file not found" in res.stderr
    assert "3 errors" in res.stderr


def test_schema_is_json_schema_and_committed_copy_is_current() -> None:
    res = run("schema")
    assert res.returncode == 0
    schema = json.loads(res.stdout)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert {"meta", "summary", "sources", "comparison"} <= set(schema["properties"])
    committed = ROOT / "schema" / "brief.schema.json"
    assert committed.read_text(encoding="utf-8") == res.stdout, "run `make schema`"
    assert SEED.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../schema/brief.schema.json")


def test_installed_wheel_finds_its_templates(tmp_path: Path) -> None:
    """An installed package must render without the repository's templates/ folder."""
    pytest.importorskip("hatchling")
    wheel_dir = tmp_path / "wheel"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(wheel_dir), str(ROOT)], check=True, capture_output=True)
    wheel = next(wheel_dir.glob("reportgen-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "reportgen/templates/base.html.j2" in names
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(site)
    out = tmp_path / "out"
    res = subprocess.run(
        [sys.executable, "-m", "reportgen", "build", str(SEED), "--out", str(out), "-q"],
        cwd=tmp_path, env={**ENV, "PYTHONPATH": str(site), "PYTHONSAFEPATH": "1"},
        capture_output=True, text=True, timeout=120,
    )
    assert res.returncode == 0, res.stderr
    assert (out / "china-ai-governance.pdf").stat().st_size > 10_000
