"""``brand check`` warns about a logo without alt text (a build would read out the name)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _brand_check(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reportgen", "brand", "check", str(folder)],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)


def test_logo_without_alt_is_a_located_warning(tmp_path: Path) -> None:
    folder = tmp_path / "acme"
    init = subprocess.run([sys.executable, "-m", "reportgen", "brand", "init", str(folder),
                           "--name", "Acme"], capture_output=True, text=True, timeout=120)
    assert init.returncode == 0, init.stderr
    brand_yml = folder / "brand.yml"
    lines = brand_yml.read_text(encoding="utf-8").splitlines(keepends=True)
    alt = next(i for i, line in enumerate(lines) if line.strip().startswith("alt:"))
    brand_yml.write_text("".join(lines[:alt] + lines[alt + 1:]), encoding="utf-8")

    run = _brand_check(folder)
    assert run.returncode == 0, run.stderr  # a warning, not an error
    assert f"brand.yml:{alt}:" in run.stderr  # the image entry, the line above the alt
    assert "warning: logo.images." in run.stderr and "no alt text" in run.stderr


def test_shipped_brands_have_alt_text() -> None:
    for folder in sorted((ROOT / "brands").iterdir()):
        run = _brand_check(folder)
        assert run.returncode == 0, run.stderr
        assert "warning" not in run.stderr, run.stderr
