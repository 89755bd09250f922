"""reportgen brand init: the kit it writes is a valid brand as written, and explains itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.brand.init import init_brand, next_steps
from reportgen.brand.load import load_brand
from reportgen.errors import InputError
from reportgen.theme import package_templates_dir


def test_init_brand_round_trip(tmp_path: Path) -> None:
    target = tmp_path / "brands" / "acme"
    files = init_brand(target, name='Acme "Policy" & Co')
    assert files[:2] == [target / "brand.yml", target / "logo.svg"]
    assert all(f.is_file() for f in files)
    defaults = sorted(p.relative_to(package_templates_dir()) for p in
                      package_templates_dir().rglob("*") if p.is_file())
    copied = sorted(f.relative_to(target / "templates") for f in files[2:])
    assert copied == defaults and defaults
    theme = load_brand(target)
    assert theme.organization == 'Acme "Policy" & Co'
    assert theme.logo is not None and theme.logo.path == target / "logo.svg"
    assert theme.template_dirs[0] == target / "templates"
    text = (target / "brand.yml").read_text()
    assert "logo_in_header" in text and "reference.docx" in text
    assert [p.name for p in tmp_path.joinpath("brands").iterdir()] == ["acme"]  # no leftovers
    message = next_steps(target, files)
    assert f"reportgen build --brand {target.as_posix()}" in message


def test_init_brand_refuses_a_folder_with_files(tmp_path: Path) -> None:
    target = tmp_path / "kit"
    target.mkdir()
    init_brand(target)  # an empty folder is fine
    before = sorted(target.rglob("*"))
    with pytest.raises(InputError) as caught:
        init_brand(target)
    assert "not empty" in caught.value.problems[0].message and caught.value.problems[0].hint
    assert sorted(target.rglob("*")) == before
    (tmp_path / "file").write_text("x")
    with pytest.raises(InputError):
        init_brand(tmp_path / "file")


def test_brand_init_documents_every_pdf_variant(tmp_path: Path) -> None:
    from reportgen.options import PDF_VARIANTS

    init_brand(tmp_path / "kit", name="Kit")
    text = (tmp_path / "kit" / "brand.yml").read_text()
    assert "# pdf_variant: pdf/ua-1" in text
    assert [name for name in PDF_VARIANTS if name not in text] == []
