"""Threat: a brand value that is silently not applied, or reported at the wrong place."""

from __future__ import annotations

from pathlib import Path

import pytest
from harness import brand_folder, civic_yml, refused, replace_in, run


@pytest.mark.parametrize("family", ['Evil"Sans', "Evil\\Sans", "Evil;Sans", "Evil}Sans",
                                    "Evil\u0085Sans"])
def test_unsafe_characters_in_a_font_family_are_refused(tmp_path: Path, family: str) -> None:
    quoted = family.replace("\\", "\\\\").replace('"', '\\"').replace("\u0085", "\\x85")
    yml = replace_in(civic_yml(), "    family: DejaVu Serif\n    size: 9pt",
                     f'    family: "{quoted}"\n    size: 9pt')
    brand = brand_folder(tmp_path / "brand", brand_yml=yml)
    refused(run("brand", "check", brand, cwd=tmp_path), "brand.yml:33:13")


def test_a_list_as_the_base_family_is_reported_at_its_line(tmp_path: Path) -> None:
    yml = replace_in(civic_yml(), "    family: DejaVu Serif\n    size: 9pt",
                     "    family: [DejaVu Serif, DejaVu Sans]\n    size: 9pt")
    brand = brand_folder(tmp_path / "brand", brand_yml=yml)
    refused(run("brand", "check", brand, cwd=tmp_path), "brand.yml:33:13")
