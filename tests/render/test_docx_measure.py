"""Word at the brand's measure: every seed with every shipped brand, built with ``--strict``,
and each DOCX laid out by LibreOffice runs within one page of its PDF."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_LINE_SPACING
from docx.shared import Pt
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "seeds").glob("*.yaml"))
BRANDS = sorted(p for p in (ROOT / "brands").iterdir() if (p / "brand.yml").is_file())
EDITIONS = ["house", *(b.name for b in BRANDS)]


def _build(out: Path, *brand_args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reportgen", "build", *map(str, SEEDS), "--out", str(out),
         "--strict", "-j", "1", *brand_args],
        capture_output=True, text=True, timeout=600, cwd=ROOT)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Edition name → its output folder; every build passed --strict."""
    out = tmp_path_factory.mktemp("editions")
    runs = [_build(out / "house")]
    runs.append(_build(out, *(arg for b in BRANDS for arg in ("--brand", str(b)))))
    for run in runs:
        assert run.returncode == 0, run.stderr
        assert "warning" not in run.stderr, run.stderr
    return {"house": out / "house", **{b.name: out / b.name for b in BRANDS}}


def test_every_seed_and_brand_builds_strict(built: dict[str, Path]) -> None:
    for edition, folder in built.items():
        pdfs = sorted(p.stem for p in folder.glob("*.pdf"))
        assert len(pdfs) == len(SEEDS), (edition, pdfs)
        assert sorted(p.stem for p in folder.glob("*.docx")) == pdfs, edition


@pytest.fixture(scope="module")
def libreoffice_pages(built: dict[str, Path], tmp_path_factory: pytest.TempPathFactory,
                      ) -> dict[tuple[str, str], int]:
    """(edition, slug) → the page count of LibreOffice's PDF of the DOCX: one soffice call
    for every file, in a private profile (no user's settings, no clash with a running office)."""
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is not installed (scripts/test-deps.sh)"
    work = tmp_path_factory.mktemp("libreoffice")
    names: dict[str, tuple[str, str]] = {}
    for edition, folder in built.items():
        for docx in sorted(folder.glob("*.docx")):
            name = f"{edition}--{docx.stem}"
            shutil.copy(docx, work / f"{name}.docx")
            names[name] = (edition, docx.stem)
    subprocess.run(
        [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(work), *sorted(str(work / f"{n}.docx")
                                                               for n in names)],
        capture_output=True, timeout=600, check=True)
    return {key: len(PdfReader(work / f"{name}.pdf").pages) for name, key in names.items()}


def test_docx_runs_as_long_as_the_pdf(built: dict[str, Path],
                                      libreoffice_pages: dict[tuple[str, str], int]) -> None:
    assert len(libreoffice_pages) == len(SEEDS) * len(EDITIONS)
    far = {}
    for (edition, slug), docx_pages in libreoffice_pages.items():
        pdf_pages = len(PdfReader(built[edition] / f"{slug}.pdf").pages)
        if abs(docx_pages - pdf_pages) > 1:
            far[edition, slug] = (pdf_pages, docx_pages)
    assert not far, f"(PDF pages, DOCX pages in LibreOffice): {far}"


def test_body_is_set_at_the_brands_size_and_pitch(built: dict[str, Path]) -> None:
    """The Example Policy Institute sets 9.5 pt at line-height 1.45: 13.78 pt, not a multiple
    Word would apply to the font's own (taller) line."""
    doc = Document(str(built["example-policy-institute"] / "china-ai-governance.docx"))
    normal = doc.styles["Normal"]
    assert normal.font.size == Pt(9.5)
    pf = normal.paragraph_format
    assert pf.line_spacing_rule == WD_LINE_SPACING.AT_LEAST
    assert abs(pf.line_spacing.pt - 9.5 * 1.45) < 0.05
    section = doc.sections[0]
    assert round(section.left_margin.mm) == 18 and round(section.top_margin.mm) == 21
