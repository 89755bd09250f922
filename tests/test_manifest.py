"""``--changed`` follows the build manifest: what made each output, not file times."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

BRIEF = ROOT / "seeds" / "harbour-town-algorithm-register.yaml"
BRAND = ROOT / "brands" / "civic-ledger"


def build(out: Path, *extra: str) -> str:
    res = subprocess.run([sys.executable, "-m", "reportgen", "build", str(BRIEF), "--out",
                          str(out), *extra], capture_output=True, text=True, timeout=300,
                         cwd=ROOT)
    assert res.returncode == 0, res.stderr
    return res.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("manifest")
    assert build(folder, "--changed").startswith("built 1,")
    return folder


def test_a_brand_edition_is_rebuilt_by_the_next_plain_build(out: Path) -> None:
    assert build(out, "--changed", "--brand", str(BRAND)).startswith("built 1,")
    assert build(out, "--changed").startswith("built 1,")  # `make brief` after the README's walk
    assert build(out, "--changed").startswith("built 0, failed 0, up to date 1")


def test_a_variant_build_is_rebuilt_by_the_next_changed_build(out: Path) -> None:
    assert build(out, "--changed", "--pdf-variant", "none").startswith("built 1,")
    assert build(out, "--changed").startswith("built 1,")
    assert build(out, "--changed").startswith("built 0, failed 0, up to date 1")


def test_a_replaced_output_is_rebuilt(out: Path) -> None:
    pdf = out / "harbour-town-algorithm-register.pdf"
    good = pdf.read_bytes()
    pdf.write_bytes(good + b"\n%")
    assert build(out, "--changed").startswith("built 1,")
    assert pdf.read_bytes() == good


def test_the_manifest_records_inputs_options_and_outputs(out: Path) -> None:
    build(out, "--changed")
    entry = json.loads((out / ".reportgen-manifest.json").read_text())["briefs"][
        str(BRIEF.resolve())]
    inputs = {Path(p).name for p in entry["inputs"]}
    assert {BRIEF.name, "harbour-town.bib"} <= inputs  # the bibliography it names
    assert entry["options"]["brand"] is None and entry["options"]["formats"] == ["docx", "pdf"]
    assert sorted(Path(p).name for p in entry["outputs"]) == [
        "harbour-town-algorithm-register.docx", "harbour-town-algorithm-register.pdf"]


def test_a_no_op_imports_no_engine_and_starts_no_worker(out: Path) -> None:
    build(out, "--changed")
    probe = (
        "import sys, multiprocessing\n"
        "from reportgen.cli import main\n"
        "try:\n"
        f"    main(['build', {str(BRIEF)!r}, '--out', {str(out)!r}, '--changed', '-q'])\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "engines = [m for m in ('weasyprint', 'docx', 'vl_convert') if m in sys.modules]\n"
        "print(engines, multiprocessing.active_children())\n")
    res = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         timeout=120, cwd=ROOT)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "[] []"
