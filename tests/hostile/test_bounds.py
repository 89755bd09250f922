"""Threat: a small file that costs unbounded memory or time. Every input has a size, a depth and
an expansion limit, reported with a position and exit 2 before the cost is paid."""

from __future__ import annotations

import os
import struct
import zlib
from pathlib import Path

import pytest
from harness import brand_folder, brief_file, civic_yml, refused, run

LAUGHS = "\n".join(
    ["a0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]"]
    + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)])


def test_alias_expansion_in_a_brief_is_bounded(tmp_path: Path) -> None:
    brief = brief_file(tmp_path, {"meta:": LAUGHS + "\nmeta:"})
    refused(run("validate", brief, cwd=tmp_path, memory=1024**3), "brief.yaml:", "alias")


def test_alias_expansion_in_a_brand_is_bounded(tmp_path: Path) -> None:
    brand = brand_folder(tmp_path / "brand", brand_yml=LAUGHS + "\n" + civic_yml())
    refused(run("brand", "check", brand, cwd=tmp_path, memory=1024**3), "brand.yml:", "alias")


@pytest.mark.parametrize("recursive", ["x: &a [1, *a]", "x: &a {b: [1, {c: *a}]}"])
def test_a_recursive_alias_in_a_brief_is_refused_at_once(tmp_path: Path, recursive: str) -> None:
    brief = brief_file(tmp_path, {"meta:": recursive + "\nmeta:"})
    refused(run("validate", brief, cwd=tmp_path, memory=1024**3, timeout=20),
            "brief.yaml:2:", "inside the value it names")


def test_a_recursive_alias_in_a_brand_is_refused_at_once(tmp_path: Path) -> None:
    brand = brand_folder(tmp_path / "brand", brand_yml="x: &a [1, *a]\n" + civic_yml())
    refused(run("brand", "check", brand, cwd=tmp_path, memory=1024**3, timeout=20),
            "brand.yml:1:", "inside the value it names")


def test_a_huge_brief_is_refused_unread(tmp_path: Path) -> None:
    brief = brief_file(tmp_path)
    with brief.open("a", encoding="utf-8") as fh:
        line = "# " + "x" * 1021 + "\n"
        for _ in range(12 * 1024):  # 12 MB of comments
            fh.write(line)
    refused(run("validate", brief, cwd=tmp_path, memory=1024**3), "brief.yaml", "MB")


def test_a_huge_string_is_refused_with_its_position(tmp_path: Path) -> None:
    brief = brief_file(tmp_path, {"Governments disagree": "Governments " + "x" * 300_000})
    refused(run("validate", brief, cwd=tmp_path), "brief.yaml:28:", "sections[0].body",
            "characters")


@pytest.mark.parametrize("path", ["/dev/zero", "/dev/urandom", "/proc/self/fd/0"])
def test_validate_refuses_what_is_not_a_regular_file(tmp_path: Path, path: str) -> None:
    refused(run("validate", path, cwd=tmp_path, memory=1024**3, timeout=30),
            "not a regular file")


def test_validate_refuses_a_fifo_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "brief.yaml"
    os.mkfifo(fifo)
    refused(run("validate", fifo, cwd=tmp_path, timeout=30), "not a regular file")


def test_deep_yaml_nesting_in_a_brief(tmp_path: Path) -> None:
    deep = "[" * 5000 + "]" * 5000
    brief = brief_file(tmp_path, {"meta:": f"x: {deep}\nmeta:"})
    refused(run("validate", brief, cwd=tmp_path), "brief.yaml:2:", "deep")


def test_deep_yaml_nesting_in_a_brand(tmp_path: Path) -> None:
    deep = "{a: " * 3000 + "1" + "}" * 3000
    brand = brand_folder(tmp_path / "brand", brand_yml=civic_yml() + f"\nextra: {deep}\n")
    refused(run("brand", "check", brand, cwd=tmp_path), "brand.yml:", "deep")


@pytest.mark.parametrize("markup", [
    "*a " * 400 + "b" + " a*" * 400,
    "**a " * 300 + "b" + " a**" * 300,
    "*a _a " * 300 + "b" + " a_ a*" * 300,
])
def test_deep_inline_markup_is_refused_with_its_field(tmp_path: Path, markup: str) -> None:
    brief = brief_file(tmp_path, {"Treaties remain thin [@coe-convention].":
                                  markup.replace('"', "") + " [@coe-convention]"})
    result = run("build", brief, "--format", "pdf,docx", "--out", tmp_path / "o", cwd=tmp_path)
    refused(result, "brief.yaml:22:", "takeaways[2]")


def test_pathological_inline_layout_is_bounded(tmp_path: Path) -> None:
    word = "*a*a" * 10_000
    brief = brief_file(tmp_path, {"More rules will come [@eu-ai-act].":
                                  f"More rules {word} [@eu-ai-act]."})
    result = run("build", brief, "--format", "pdf", "--out", tmp_path / "o", cwd=tmp_path,
                 timeout=120)
    refused(result, "brief.yaml:", "sections[1].body")


# --- reference.docx ------------------------------------------------------------------------


def _reference(brand: Path, extra: dict[str, bytes], *, stored: bool = False) -> Path:
    """python-docx's own default template plus ``extra`` parts, as the brand's reference.docx."""
    import zipfile

    import docx

    default = Path(docx.__file__).parent / "templates" / "default.docx"
    target = brand / "reference.docx"
    with zipfile.ZipFile(default) as src, zipfile.ZipFile(target, "w") as out:
        for item in src.infolist():
            data = extra.pop(item.filename, None)
            out.writestr(item, src.read(item) if data is None else data,
                         compress_type=zipfile.ZIP_DEFLATED)
        for name, data in extra.items():
            out.writestr(name, data, compress_type=zipfile.ZIP_STORED if stored
                         else zipfile.ZIP_DEFLATED)
    return target


def _zip_bomb(brand: Path, size: int) -> Path:
    """A reference.docx whose styles.xml inflates to ``size`` bytes of spaces (written in chunks:
    the test itself never holds it)."""
    import zipfile

    import docx

    default = Path(docx.__file__).parent / "templates" / "default.docx"
    target = brand / "reference.docx"
    chunk = b" " * (1024 * 1024)
    with zipfile.ZipFile(default) as src, zipfile.ZipFile(target, "w") as out:
        for item in src.infolist():
            if item.filename == "word/styles.xml":
                info = zipfile.ZipInfo(item.filename)
                info.compress_type = zipfile.ZIP_DEFLATED
                with out.open(info, "w", force_zip64=True) as fh:
                    fh.write(src.read(item))
                    for _ in range(size // len(chunk)):
                        fh.write(chunk)
            else:
                out.writestr(item, src.read(item), compress_type=zipfile.ZIP_DEFLATED)
    return target


def test_reference_docx_zip_bomb_is_refused(tmp_path: Path) -> None:
    brand = brand_folder(tmp_path / "brand")
    _zip_bomb(brand, 80 * 1024 * 1024)  # over the 64 MB limit, 1000 times compressed
    result = run("brand", "check", brand, cwd=tmp_path, memory=1024**3)
    refused(result, "reference.docx", "uncompressed")
    brief = brief_file(tmp_path / "briefs")
    result = run("build", brief, "--brand", brand, "--format", "docx", "--out", tmp_path / "o",
                 cwd=tmp_path, memory=1024**3)
    refused(result, "reference.docx")


@pytest.mark.parametrize("doctype", [
    b'<!DOCTYPE w:styles [<!ENTITY a "aaaaaaaaaa">]>',
    b'<!DOCTYPE w:styles SYSTEM "http://example.org/evil.dtd">',
])
def test_reference_docx_with_a_dtd_is_refused_at_brand_check(tmp_path: Path,
                                                              doctype: bytes) -> None:
    import zipfile

    import docx

    default = Path(docx.__file__).parent / "templates" / "default.docx"
    with zipfile.ZipFile(default) as z:
        styles = z.read("word/styles.xml")
    head, _, rest = styles.partition(b"?>")
    brand = brand_folder(tmp_path / "brand")
    _reference(brand, {"word/styles.xml": head + b"?>" + doctype + rest})
    refused(run("brand", "check", brand, cwd=tmp_path), "reference.docx", "DTD")
    brief = brief_file(tmp_path / "briefs")
    result = run("build", brief, "--brand", brand, "--format", "docx", "--out", tmp_path / "o",
                 cwd=tmp_path)
    refused(result, "reference.docx")


# --- images --------------------------------------------------------------------------------


def _png(width: int, height: int) -> bytes:
    """A valid one-bit grey PNG of this size, built row by row (a few KB for any size)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    row = b"\x00" + b"\xff" * ((width + 7) // 8)
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data)
            + chunk(b"IEND", b""))


def test_a_gigantic_logo_is_refused(tmp_path: Path) -> None:
    brand = brand_folder(tmp_path / "brand")
    (brand / "logo.png").write_bytes(_png(20_000, 20_000))
    refused(run("brand", "check", brand, cwd=tmp_path, memory=1024**3), "logo.png", "pixels")


def test_a_truncated_logo_is_refused_with_a_message(tmp_path: Path) -> None:
    brand = brand_folder(tmp_path / "brand")
    data = (brand / "logo.png").read_bytes()
    (brand / "logo.png").write_bytes(data[: len(data) // 2])
    result = run("brand", "check", brand, cwd=tmp_path)
    refused(result, "brand.yml:10:11", "logo.png")
    message = result.err.split("error:", 1)[1].split("\n", 1)[0]
    assert len(message.strip()) > len("logo.png"), str(result)


def test_deep_json_bibliography_is_refused(tmp_path: Path) -> None:
    brief = brief_file(tmp_path, {"meta:": "bibliography: refs.json\nmeta:"})
    (tmp_path / "refs.json").write_text("[" * 5000 + "]" * 5000, encoding="utf-8")
    refused(run("validate", brief, cwd=tmp_path), "refs.json:1:", "deep")
