"""``brand check`` measures WCAG contrast: a gold link on white is a warning, not an "ok"."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from reportgen.brand.contrast import contrast_warnings
from reportgen.theme import HOUSE


def test_house_style_and_shipped_brands_pass() -> None:
    assert contrast_warnings(HOUSE, None) == []
    for brand in ("civic-ledger", "example-policy-institute"):
        result = subprocess.run([sys.executable, "-m", "reportgen", "brand", "check",
                                 str(ROOT / "brands" / brand)], capture_output=True, text=True,
                                timeout=120, check=False)
        assert result.returncode == 0 and "contrast" not in result.stderr, result.stderr


def test_large_text_needs_three_to_one() -> None:
    grey = dataclasses.replace(HOUSE, heading_color="#8a8a8a")  # 3.45:1 on white
    assert contrast_warnings(grey, None) == []
    pale = dataclasses.replace(HOUSE, heading_color="#a0a0a0")  # 2.6:1
    assert [p.message.split(" has")[0] for p in contrast_warnings(pale, None)] == [
        "headings #a0a0a0 on the page #ffffff"]


def test_a_gold_link_is_reported(tmp_path: Path) -> None:
    brand = tmp_path / "gold"
    shutil.copytree(ROOT / "brands" / "civic-ledger", brand)
    yml = brand / "brand.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace(
        'link: "#8f2c15"', 'link: "#c9a227"'), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "reportgen", "brand", "check", str(brand)],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0
    assert f"{yml}: warning: color: links #c9a227 on the page #ffffff has a contrast of 2.4" \
        in result.stderr, result.stderr
    assert "WCAG AA (4.5:1)" in result.stderr
