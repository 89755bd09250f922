# ruff: noqa: RUF001  (Chinese text: full-width punctuation is the point)
"""Briefs in Chinese and Arabic, rendered and inspected: fonts, words, direction, warnings.

Real files throughout: the Chinese seed and an Arabic fixture are built to PDF and DOCX; the PDF's
embedded fonts are read with pypdf, its text with pdftotext, a page image with pdftoppm; the
DOCX's XML is read from the package.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from conftest import FIXTURES, ROOT, build_one
from reportgen.brief.load import Loaded, load_brief
from reportgen.errors import InputError
from reportgen.labels import labels_for, long_date, quote_marks
from reportgen.writing_systems import direction, script, translation_stem

ZH_SEED = ROOT / "seeds" / "china-ai-governance-zh.yaml"
ARABIC = FIXTURES / "arabic-brief.yaml"
SMALL = FIXTURES / "valid_small.yaml"


def embedded_fonts(pdf: Path) -> set[str]:
    """BaseFont names of every font the PDF embeds, subset prefix removed."""
    names = set()
    for page in PdfReader(pdf).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


def pdftotext(pdf: Path, *args: str) -> str:
    return subprocess.run(["pdftotext", *args, str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def docx_part(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(name).decode("utf-8")


def variant(tmp: Path, source: Path, changes: dict[str, str], name: str) -> Path:
    """A copy of a fixture with some lines replaced (``old line`` -> ``new line``)."""
    text = source.read_text(encoding="utf-8")
    for old, new in changes.items():
        assert old in text, old
        text = text.replace(old, new)
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def zh(tmp_path_factory: pytest.TempPathFactory) -> tuple[Loaded, Path]:
    out = tmp_path_factory.mktemp("zh")
    loaded, _ = build_one(ZH_SEED, ("pdf", "docx"), out)
    return loaded, out


@pytest.fixture(scope="module")
def ar(tmp_path_factory: pytest.TempPathFactory) -> tuple[Loaded, Path]:
    out = tmp_path_factory.mktemp("ar")
    loaded, _ = build_one(ARABIC, ("pdf", "docx"), out)
    return loaded, out


# ---------------------------------------------------------------------------------------------
# Language tags, words, dates


@pytest.mark.parametrize("tag", ["zh", "zh-Hans", "zh-CN", "zh-SG", "zh-Hans-HK"])
def test_simplified_chinese_tags(tag: str) -> None:
    assert script(tag) == "Hans" and translation_stem(tag) == "zh-Hans"
    assert labels_for(tag)["sources"] == "资料来源"
    assert quote_marks(tag) == ("\u201c", "\u201d")


@pytest.mark.parametrize("tag", ["zh-Hant", "zh-TW", "zh-HK", "zh-MO", "zh-Hant-TW"])
def test_traditional_chinese_tags(tag: str) -> None:
    assert script(tag) == "Hant" and translation_stem(tag) == "zh-Hant"
    assert labels_for(tag)["sources"] == "資料來源"
    assert quote_marks(tag) == ("\u300c", "\u300d")


def test_dates_in_chinese_and_arabic() -> None:
    assert long_date("2025-12-08", "zh") == "2025年12月8日"
    assert long_date("2025-07", "zh-TW") == "2025年7月"
    assert long_date("2025-12-08", "ar") == "8 ديسمبر 2025"
    assert quote_marks("ar") == ("«", "»")


@pytest.mark.parametrize(("tag", "expected"), [("ar", "rtl"), ("he", "rtl"), ("fa-IR", "rtl"),
                                               ("ur", "rtl"), ("en", "ltr"), ("zh", "ltr")])
def test_direction_from_language(tag: str, expected: str) -> None:
    assert direction(tag) == expected


def test_meta_direction_overrides_the_language(tmp_path: Path) -> None:
    path = variant(tmp_path, SMALL, {"  paper: A4": "  paper: A4\n  direction: rtl"}, "d.yaml")
    assert load_brief(path).brief.meta.direction == "rtl"


def test_a_language_without_translation_warns_naming_the_english_words(tmp_path: Path) -> None:
    path = variant(tmp_path, SMALL, {"language: en": "language: ja"}, "ja.yaml")
    warnings = [w.format() for w in load_brief(path).warnings]
    [warning] = [w for w in warnings if "translation" in w]
    assert "'ja'" in warning and "Executive summary" in warning and "month names" in warning
    assert re.match(r".*ja\.yaml:\d+:\d+: warning: meta\.language", warning)


def test_labels_in_the_brief_still_win_and_are_not_listed(tmp_path: Path) -> None:
    path = variant(tmp_path, SMALL, {"language: en": "language: ja",
                                     "summary: |": "labels:\n  executive_summary: 概要\n"
                                     "summary: |"}, "ja.yaml")
    loaded = load_brief(path)
    assert loaded.brief.labels["executive_summary"] == "概要"
    [warning] = [w.message for w in loaded.warnings if "translation" in w.message]
    assert "Executive summary" not in warning and "Key takeaways" in warning


def test_labels_can_give_a_language_its_months_and_date_pattern(tmp_path: Path) -> None:
    labels = ('labels:\n  months: "1月, 2月, 3月, 4月, 5月, 6月, 7月, 8月, 9月, 10月, 11月, 12月"\n'
              '  date_long: "{year}年{month}{day}日"\nsummary: |')
    path = variant(tmp_path, SMALL, {"language: en": "language: ja", "summary: |": labels},
                   "ja.yaml")
    loaded = load_brief(path)
    assert long_date(loaded.brief.meta.date, "ja", loaded.brief.labels) == "2025年12月8日"
    [warning] = [w.message for w in loaded.warnings if "translation" in w.message]
    assert "month names" not in warning


@pytest.mark.parametrize(("line", "message"), [
    ('  months: "Jan, Feb"', "2 month names"),
    ('  date_long: "{dya} {month}"', "is not a date pattern"),
])
def test_bad_month_names_or_date_pattern_are_errors(tmp_path: Path, line: str,
                                                    message: str) -> None:
    path = variant(tmp_path, SMALL, {"summary: |": f"labels:\n{line}\nsummary: |"}, "bad.yaml")
    with pytest.raises(InputError) as caught:
        load_brief(path)
    [problem] = caught.value.problems
    assert message in problem.message and problem.line == 16


# ---------------------------------------------------------------------------------------------
# Chinese


def test_chinese_seed_pdf_embeds_simplified_cjk_fonts(zh: tuple[Loaded, Path]) -> None:
    fonts = embedded_fonts(zh[1] / "china-ai-governance-zh.pdf")
    assert "Noto-Serif-CJK-SC" in fonts and "Noto-Sans-CJK-SC-Bold" in fonts
    assert not any("Oblique" in f or "TC" in f for f in fonts), fonts  # no synthetic slant


def test_chinese_chart_is_drawn_in_the_sc_faces(zh: tuple[Loaded, Path]) -> None:
    """The chart's labels take the text's stack: pdffonts (which sees the chart's form
    XObject too) lists no Japanese, Traditional or Lisu fallback, only SC CJK faces."""
    listing = subprocess.run(["pdffonts", str(zh[1] / "china-ai-governance-zh.pdf")],
                             capture_output=True, text=True, check=True).stdout
    fonts = {line.split()[0].split("+", 1)[-1] for line in listing.splitlines()[2:]}
    cjk = {f for f in fonts if "CJK" in f}
    assert cjk and all("CJK-SC" in f for f in cjk), fonts
    assert not any("Lisu" in f for f in fonts), fonts


def test_chinese_fonts_are_shrunk_and_still_draw(zh: tuple[Loaded, Path], tmp_path: Path) -> None:
    """The CJK faces are bare CID-keyed CFF subsets (fonts/shrink.py), not 60,000-glyph
    tables, and poppler still draws their glyphs: the title line has ink across the page."""
    pdf = zh[1] / "china-ai-governance-zh.pdf"
    reader = PdfReader(pdf)
    subtypes = {str(font.get_object()["/BaseFont"]).split("+")[-1]: str(
        font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        ["/FontFile3"].get_object()["/Subtype"])
        for font in reader.pages[0]["/Resources"]["/Font"].values()
        if "CJK" in str(font.get_object()["/BaseFont"])}
    assert subtypes and set(subtypes.values()) == {"/CIDFontType0C"}, subtypes
    assert pdf.stat().st_size < 300_000  # tagged, with its chart: ~270 KB; 700 KB unshrunk
    words = pdftotext(pdf, "-bbox", "-f", "1", "-l", "1")
    page_height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', words)[1])
    boxes = [(float(m[1]), float(m[2])) for m in re.finditer(
        r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">', words)]
    title = max(boxes, key=lambda box: box[1] - box[0])
    left, right = _ink_columns(pdf, 1, title[0] / page_height, title[1] / page_height, tmp_path)
    width = Image.open(next(tmp_path.glob("page*.pgm"))).size[0]
    assert left < width * 0.12 and right - left > width * 0.5  # 15 characters of 24 pt type


def test_chinese_pdf_text_in_reading_order_and_metadata(zh: tuple[Loaded, Path]) -> None:
    loaded, out = zh
    pdf = out / "china-ai-governance-zh.pdf"
    text = re.sub(r"\s+", "", pdftotext(pdf))
    brief = loaded.brief
    items = [brief.meta.title, "2025年12月8日", "执行摘要", "要点",
             *(p.heading for p in brief.body), "资料来源"]
    position = 0
    for item in items:
        found = text.find(re.sub(r"\s+", "", item), position)
        assert found >= 0, item
        position = found
    assert "第1页，共" in text
    reader = PdfReader(pdf)
    assert reader.trailer["/Root"]["/Lang"] == "zh-Hans"


def test_chinese_quote_is_translated_with_the_english_original(zh: tuple[Loaded, Path]) -> None:
    text = re.sub(r"\s+", " ", pdftotext(zh[1] / "china-ai-governance-zh.pdf"))
    assert "“在透明度和人工智能政策方面，‘目前，中国是好人’” （译文）" in text
    assert ("原文：“When it comes to transparency and AI policy, ‘China is the good guy at the "
            "moment’”") in text
    assert "——Wendy Hall，南安普敦大学" in text
    document = docx_part(zh[1] / "china-ai-governance-zh.docx", "word/document.xml")
    assert "“在透明度和人工智能政策方面，‘目前，中国是好人’” （译文）" in document
    assert re.search(r'<w:lang w:val="en"/></w:rPr><w:t xml:space="preserve">'
                     r"“When it comes to transparency and AI policy, ‘China is the good guy",
                     document)


def test_chinese_figure_source_takes_a_full_width_colon(zh: tuple[Loaded, Path]) -> None:
    """Chinese punctuation is full-width (U+FF1A after 来源), as the text around it, in both
    editions."""
    pdf_text = re.sub(r"\s+", "", pdftotext(zh[1] / "china-ai-governance-zh.pdf"))
    assert re.search(r"来源\uff1a\[\d", pdf_text) and "来源:" not in pdf_text
    document = docx_part(zh[1] / "china-ai-governance-zh.docx", "word/document.xml")
    assert "来源\uff1a" in document and "来源: " not in document


def test_chinese_docx_names_east_asian_fonts_and_language(zh: tuple[Loaded, Path]) -> None:
    docx = zh[1] / "china-ai-governance-zh.docx"
    styles = docx_part(docx, "word/styles.xml")
    assert 'w:eastAsia="Noto Serif CJK SC"' in styles  # body
    assert 'w:eastAsia="Noto Sans CJK SC"' in styles  # headings
    assert "<w:i/>" not in styles  # python-docx's italic Subtitle and Quote would slant Chinese
    assert re.search(r'<w:lang w:val="en-US" w:eastAsia="zh-CN"/>', styles)
    document = docx_part(docx, "word/document.xml")
    assert '<w:em w:val="dot"/>' in document  # emphasis dots, not a slanted 通用人工智能
    assert "<w:bidi/>" not in document
    assert "<dc:language>zh-Hans</dc:language>" in docx_part(docx, "docProps/core.xml")


def test_traditional_chinese_picks_tc_fonts_and_corner_quotes(tmp_path: Path) -> None:
    path = variant(tmp_path, SMALL, {"language: en": "language: zh-TW",
                                     "heading: \"Context\"": "heading: \"背景與「規則」\""},
                   "tw.yaml")
    build_one(path, ("pdf", "docx"), tmp_path)
    fonts = embedded_fonts(tmp_path / "small-brief.pdf")
    assert any("CJK-TC" in f for f in fonts) and not any("CJK-SC" in f for f in fonts), fonts
    text = pdftotext(tmp_path / "small-brief.pdf")
    assert "資料來源" in text and "2025年12月8日" in text
    styles = docx_part(tmp_path / "small-brief.docx", "word/styles.xml")
    assert 'w:eastAsia="Noto Serif CJK TC"' in styles and 'w:eastAsia="zh-TW"' in styles


# ---------------------------------------------------------------------------------------------
# Arabic, right to left


def test_arabic_pdf_embeds_an_arabic_font(ar: tuple[Loaded, Path]) -> None:
    fonts = embedded_fonts(ar[1] / "arabic-brief.pdf")
    assert "Noto-Naskh-Arabic" in fonts


def test_arabic_pdf_text_and_latin_runs_in_order(ar: tuple[Loaded, Path]) -> None:
    pdf = ar[1] / "arabic-brief.pdf"
    # pdftotext marks direction with embedding controls; it also reverses the lam-alef
    # ligature's two letters (a poppler quirk), so words with one are not looked for.
    text = re.sub("[\u202a-\u202e]", "", pdftotext(pdf))
    for words in ("الملخص التنفيذي", "أبرز", "المصادر", "فريق تحليل السياسات",
                  "حتى ديسمبر 2025", "https://doi.org/qhbv", "Council of Europe Framework "
                  "Convention on Artificial Intelligence (CETS No. 225)."):
        assert words in text, words
    # A citation group reads left to right ("1, 2"), never reversed ("2 ,1"); pdftotext moves
    # the closing bracket of a left-to-right run inside a right-to-left line, so it is left out.
    assert "[1, 2" in text and "2 ,1" not in text and "]1[" not in text
    assert PdfReader(pdf).trailer["/Root"]["/Lang"] == "ar"


def _ink_columns(pdf: Path, page: int, top: float, bottom: float, tmp: Path) -> tuple[int, int]:
    """Leftmost and rightmost inked pixel columns between two heights (fractions of the page)."""
    subprocess.run(["pdftoppm", "-gray", "-r", "50", "-f", str(page), "-l", str(page), str(pdf),
                    str(tmp / "page")], check=True)
    image = Image.open(next(tmp.glob("page*.pgm")))
    width, height = image.size
    band = image.crop((0, int(top * height), width, int(bottom * height)))
    darkest = [min(band.getpixel((x, y)) for y in range(band.size[1])) for x in range(width)]
    inked = [x for x, value in enumerate(darkest) if value < 128]
    return inked[0], inked[-1]


def test_arabic_title_is_right_aligned_on_the_page(ar: tuple[Loaded, Path],
                                                   tmp_path: Path) -> None:
    """The title (a short line of large type) starts at the right margin, far from the left."""
    pdf = ar[1] / "arabic-brief.pdf"
    words = pdftotext(pdf, "-bbox", "-f", "1", "-l", "1")
    page_height = float(re.search(r'<page width="[\d.]+" height="([\d.]+)"', words)[1])
    boxes = [(float(m[1]), float(m[2])) for m in re.finditer(
        r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">', words)]
    title = max(boxes, key=lambda box: box[1] - box[0])  # the largest type on the page
    left, right = _ink_columns(pdf, 1, title[0] / page_height, title[1] / page_height, tmp_path)
    width = Image.open(next(tmp_path.glob("page*.pgm"))).size[0]
    assert width - right < width * 0.12  # at the right margin (18 mm of 210)
    assert left > width * 0.25  # and a short line: the left side is empty


def test_arabic_docx_is_right_to_left(ar: tuple[Loaded, Path]) -> None:
    docx = ar[1] / "arabic-brief.docx"
    document = docx_part(docx, "word/document.xml")
    paragraphs = document.count("<w:p>") + document.count("<w:p ")
    assert document.count("<w:bidi/>") == paragraphs > 20
    assert "<w:bidiVisual/>" in document
    assert re.search(r"<w:rtl/></w:rPr><w:t[^>]*>الملخص التنفيذي<", document)
    assert "\u200e[" in document and "]\u200e" in document  # citation groups held LTR
    for part in ("word/header1.xml", "word/footer1.xml"):
        assert "<w:bidi/>" in docx_part(docx, part)
    styles = docx_part(docx, "word/styles.xml")
    assert 'w:bidi="ar-SA"' in styles and 'w:cs="Noto Naskh Arabic"' in styles
    assert "<w:spacing w:val=" not in styles  # spaced letters would not join


# ---------------------------------------------------------------------------------------------
# No silent boxes


def garay(tmp: Path) -> Path:
    return variant(tmp, SMALL, {'subtitle: "A test fixture"': 'subtitle: "A test \U00010d50"'},
                   "garay.yaml")


def test_a_character_no_font_has_is_a_located_warning(tmp_path: Path) -> None:
    out = tmp_path / "out"
    loaded, written = build_one(garay(tmp_path), ("pdf",), out)
    [warning] = [w for w in loaded.warnings if "U+10D50" in w.message]
    assert (warning.line, warning.column, warning.severity) == (4, 21, "warning")
    assert "empty box" in warning.message and warning.hint
    assert written  # without --strict the build goes on


def test_strict_fails_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(InputError) as caught:
        build_one(garay(tmp_path), ("pdf", "docx"), out, strict=True)
    assert any("U+10D50" in p.message and p.severity == "error" for p in caught.value.problems)
    assert not out.exists() or not any(out.iterdir())


def test_cli_prints_the_warning_and_weasyprints_own(tmp_path: Path) -> None:
    path = garay(tmp_path)
    res = subprocess.run([sys.executable, "-m", "reportgen", "build", str(path), "--out",
                          str(tmp_path / "out")], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0
    assert f"{path}:4:21: warning: no font has the character" in res.stderr
    assert "warning: PDF renderer (WeasyPrint): .notdef glyph" in res.stderr
    strict = subprocess.run([sys.executable, "-m", "reportgen", "build", "--strict", str(path),
                             "--out", str(tmp_path / "strict")], capture_output=True, text=True,
                            timeout=120)
    assert strict.returncode == 2 and "error: no font has the character" in strict.stderr
    assert not (tmp_path / "strict").exists()


POSIT_BRAND = """\
meta:
  name: Posit Software, PBC
color:
  primary: "#447099"
typography:
  fonts:
    - family: Open Sans
      source: google
    - family: Roboto Slab
      source: google
  base: Open Sans
  headings: Roboto Slab
"""


@pytest.mark.skipif(shutil.which("fc-match") is None, reason="needs fontconfig")
def test_brand_fonts_missing_as_a_whole_are_reported(tmp_path: Path) -> None:
    brand = tmp_path / "posit"
    brand.mkdir()
    (brand / "brand.yml").write_text(POSIT_BRAND, encoding="utf-8")
    res = subprocess.run([sys.executable, "-m", "reportgen", "brand", "check", str(brand)],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 0
    assert "ok (primary #447099, headings in Roboto Slab, body in Open Sans)" in res.stdout
    assert re.search(r"brand\.yml:7:15: warning: font 'Open Sans' \(typography\.base\) is "
                     r"neither installed nor shipped with the brand: Noto Serif is used instead",
                     res.stderr)
    assert "fonts-open-sans" in res.stderr and "fonts-roboto-slab" in res.stderr
    loaded, _ = build_one(SMALL, ("pdf",), tmp_path / "out", brand=brand)
    assert sum("neither installed" in w.message for w in loaded.warnings) == 2


def test_docx_core_language_follows_the_brief(ar: tuple[Loaded, Path]) -> None:
    core = docx_part(ar[1] / "arabic-brief.docx", "docProps/core.xml")
    assert "<dc:language>ar</dc:language>" in core


def test_a_brand_names_its_own_font_for_a_script(tmp_path: Path) -> None:
    """brand.yml script_fonts: the brand's CJK family comes before the house one, in the PDF's
    stack (Noto Sans CJK SC for body text, instead of the house serif) and in the DOCX."""
    brand = tmp_path / "brand"
    brand.mkdir()
    (brand / "brand.yml").write_text(
        "meta:\n  name: Script Brand\ncolor:\n  primary: '#224466'\n"
        "defaults:\n  reportgen:\n    script_fonts:\n      zh-Hans: Noto Sans CJK SC\n",
        encoding="utf-8")
    path = variant(tmp_path, SMALL, {"language: en": "language: zh",
                                     "Governments disagree": "各国政府意见不一"}, "zh.yaml")
    loaded, _ = build_one(path, ("pdf", "docx"), tmp_path / "out", brand=brand)
    assert not [w for w in loaded.warnings if "font" in w.message]
    fonts = embedded_fonts(tmp_path / "out" / "small-brief.pdf")
    assert "Noto-Sans-CJK-SC" in fonts and "Noto-Serif-CJK-SC" not in fonts, fonts
    styles = docx_part(tmp_path / "out" / "small-brief.docx", "word/styles.xml")
    assert 'w:eastAsia="Noto Sans CJK SC"' in styles
    assert 'w:eastAsia="Noto Serif CJK SC"' not in styles


def test_an_unknown_script_in_brand_fonts_is_a_located_error(tmp_path: Path) -> None:
    brand = tmp_path / "brand"
    brand.mkdir()
    (brand / "brand.yml").write_text(
        "meta:\n  name: Script Brand\ndefaults:\n  reportgen:\n    script_fonts:\n"
        "      Klingon: Foo\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        build_one(SMALL, ("pdf",), tmp_path / "out", brand=brand)
    [problem] = caught.value.problems
    assert problem.line == 6 and "no font stack for 'Klingon'" in problem.message
