"""--embed-source, 'reportgen extract' and 'reportgen check FILE.pdf', through the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pikepdf
import pytest

from conftest import FIXTURES, ROOT

ENV = {**os.environ, "PYTHONWARNINGS": "ignore"}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reportgen", *args], cwd=ROOT, env=ENV,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def brief(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A brief whose bytes an XML round trip would change: CRLF line ends and a comment."""
    path = tmp_path_factory.mktemp("src") / "small.yaml"
    text = "# internal: not for the public\n" + (FIXTURES / "pdf_small.yaml").read_text("utf-8")
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    return path


@pytest.fixture(scope="module")
def embedded(brief: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("embedded")
    res = run("build", str(brief), "--embed-source", "--out", str(out), "-q")
    assert res.returncode == 0, res.stderr
    return out


def test_extract_gives_the_brief_back_and_rebuilding_gives_the_same_bytes(
        brief: Path, embedded: Path, tmp_path: Path) -> None:
    for fmt in ("pdf", "docx"):
        res = run("extract", str(embedded / f"pdf-small.{fmt}"), "--out", str(tmp_path / fmt))
        assert res.returncode == 0, res.stderr
        assert (tmp_path / fmt / "small.yaml").read_bytes() == brief.read_bytes()
    res = run("build", str(tmp_path / "pdf" / "small.yaml"), "--embed-source",
              "--out", str(tmp_path / "again"), "-q")
    assert res.returncode == 0, res.stderr
    for fmt in ("pdf", "docx"):
        assert (tmp_path / "again" / f"pdf-small.{fmt}").read_bytes() == \
            (embedded / f"pdf-small.{fmt}").read_bytes(), fmt


def test_the_pdf_carries_the_brief_as_its_source_associated_file(embedded: Path) -> None:
    with pikepdf.open(embedded / "pdf-small.pdf") as pdf:
        [spec] = list(pdf.Root.AF)
        assert spec.AFRelationship == pikepdf.Name.Source
        assert str(spec.UF) == "small.yaml"
        stream = spec.EF.F
        assert stream.Subtype == pikepdf.Name("/application/yaml")
        assert str(stream.Params.ModDate).startswith("D:20251208")  # the brief's date


def test_without_the_option_nothing_is_embedded(brief: Path, tmp_path: Path) -> None:
    res = run("build", str(brief), "--out", str(tmp_path), "-q")
    assert res.returncode == 0, res.stderr
    with pikepdf.open(tmp_path / "pdf-small.pdf") as pdf:
        assert "/AF" not in pdf.Root and not pdf.attachments
    with zipfile.ZipFile(tmp_path / "pdf-small.docx") as docx:
        assert not [n for n in docx.namelist() if b"reportgen:embedded" in docx.read(n)]
    res = run("extract", str(tmp_path / "pdf-small.pdf"), "--out", str(tmp_path / "x"))
    assert res.returncode == 2 and "carries no embedded brief" in res.stderr
    assert not (tmp_path / "x").exists()


def test_pdf_a_2_refuses_the_source(brief: Path, tmp_path: Path) -> None:
    res = run("build", str(brief), "--embed-source", "--pdf-variant", "pdf/a-2b",
              "--out", str(tmp_path / "out"))
    assert res.returncode == 2
    assert "pdf/a-2b forbids embedded files" in res.stderr and "pdf/a-3b" in res.stderr
    assert "Traceback" not in res.stderr and not (tmp_path / "out").exists()


def test_check_passes_a_built_pdf_and_explains_an_untagged_one(embedded: Path,
                                                               tmp_path: Path) -> None:
    res = run("check", str(embedded / "pdf-small.pdf"))
    assert res.returncode == 0, res.stderr
    assert "ok" in res.stdout
    # outloud's TAG-002 heuristic takes the running header of a 3-page brief for prose; the
    # standard makes it a pagination artifact (ISO 14289-1, 7.8), so it is a warning only.
    assert "error" not in res.stderr
    res = run("build", str(FIXTURES / "pdf_small.yaml"), "-f", "pdf", "--pdf-variant", "none",
              "--out", str(tmp_path), "-q")
    assert res.returncode == 0, res.stderr
    res = run("check", str(tmp_path / "pdf-small.pdf"))
    assert res.returncode == 2
    # Each failure: the rule, the validator, the page where there is one, and a fix.
    assert "PDFUA1-STRUCT-TREE-ROOT-001 (page-validation" in res.stderr
    assert "LNK-002 (outloud" in res.stderr and "page 1:" in res.stderr
    assert "hint: tag the PDF: build without '--pdf-variant none'" in res.stderr


def test_a_brand_can_turn_embedding_on_and_a_bad_value_is_located(tmp_path: Path) -> None:
    from reportgen.brand.load import load_brand, load_brand_kit
    from reportgen.errors import InputError

    (tmp_path / "brand.yml").write_text("defaults:\n  reportgen:\n    embed_source: true\n",
                                        encoding="utf-8")
    assert load_brand_kit(tmp_path).defaults.embed_source is True
    (tmp_path / "brand.yml").write_text("defaults:\n  reportgen:\n    embed_source: yes please\n",
                                        encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_brand(tmp_path)
    [problem] = err.value.problems
    assert problem.field == "defaults.reportgen.embed_source" and problem.line == 3


def test_check_takes_briefs_too(tmp_path: Path) -> None:
    """Files that are not PDFs are briefs: checked as 'validate' checks them (or by the content
    checks, where those exist)."""
    res = run("check", str(FIXTURES / "pdf_small.yaml"))
    assert res.returncode == 0 and "pdf_small.yaml: ok" in res.stdout, res.stderr
    bad = ROOT / "tests" / "bad" / "bad_url.yaml"
    res = run("check", str(bad))
    assert res.returncode == 2 and f"{bad}:" in res.stderr and "Traceback" not in res.stderr
