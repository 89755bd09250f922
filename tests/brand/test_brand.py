"""Brand folders: brand.yml -> Theme, every bad input as a located error, the init kit, and what
a brand changes in the rendered PDF and DOCX (real files in tmp_path, no mocks)."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from docx import Document
from docx.shared import RGBColor
from PIL import Image, ImageChops
from pypdf import PdfReader

from conftest import FIXTURES, ROOT, build_one
from reportgen.brand.colours import contrast, parse_colour
from reportgen.brand.load import load_brand, load_brand_kit
from reportgen.brief.load import Loaded, load_brief
from reportgen.errors import InputError, Problem
from reportgen.pipeline import load_theme
from reportgen.theme import HOUSE, FontFace, Theme

BRANDS = ROOT / "brands"
EPI = BRANDS / "example-policy-institute"
CIVIC = BRANDS / "civic-ledger"
SVG = "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 10 10'/>"
EPI_FONT = EPI / "fonts" / "EPIDisplay-Regular.ttf"


@pytest.fixture
def make_brand(tmp_path: Path) -> Callable[..., Path]:
    """A brand folder holding ``brand.yml`` with ``text``, a logo.svg, and any extra files."""

    def make(text: str, files: dict[str, str | bytes | Path] | None = None) -> Path:
        folder = tmp_path / "brand"
        folder.mkdir(exist_ok=True)
        (folder / "brand.yml").write_text(text, encoding="utf-8")
        (folder / "logo.svg").write_text(SVG)
        for name, content in (files or {}).items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, Path):
                shutil.copyfile(content, path)
            elif isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content)
        return folder

    return make


def problems_of(folder: Path) -> list[Problem]:
    with pytest.raises(InputError) as caught:
        load_theme(folder)  # the brand with the writers' checks of its templates, as used
    assert caught.value.exit_code == 2
    return caught.value.problems


def only_problem(folder: Path) -> Problem:
    found = problems_of(folder)
    assert len(found) == 1, "\n".join(p.format() for p in found)
    return found[0]


# ---------------------------------------------------------------------------------------------
# The example brands


def test_example_policy_institute_loads() -> None:
    theme = load_brand(EPI)
    assert (theme.primary, theme.secondary, theme.foreground, theme.background) == (
        "#0b5563", "#4a5a62", "#1c2b33", "#ffffff")
    assert theme.link == "#0b5563"  # typography.link.color: teal (a palette name)
    assert theme.heading_color == "#073640"  # typography.headings.color: teal-dark
    assert theme.table_header_bg == "#0b5563" and theme.table_header_fg == "#ffffff"
    assert theme.light == "#e7eeef" and theme.table_stripe == "#f3f6f7"  # tints of the primary
    assert theme.body_font.family == "Noto Sans" and theme.body_font.files == ()
    assert theme.heading_font.family == "EPI Display" and theme.heading_font.weight == 700
    fonts = EPI / "fonts"
    assert theme.font_faces == (
        FontFace("EPI Display", fonts / "EPIDisplay-Regular.ttf", 400, "normal"),
        FontFace("EPI Display", fonts / "EPIDisplay-Bold.ttf", 700, "normal"),
        FontFace("EPI Display", fonts / "EPIDisplay-Italic.ttf", 400, "italic"),
    )
    assert theme.heading_font.files == tuple(f.path for f in theme.font_faces)
    assert (theme.base_size_pt, theme.line_height) == (9.5, 1.45)
    assert theme.logo is not None and theme.logo.path == EPI / "logo.svg"
    assert theme.logo.alt == "Example Policy Institute"
    assert theme.logo_raster is not None and theme.logo_raster.path == EPI / "logo.png"
    assert not theme.logo_in_header
    assert theme.organization == "Example Policy Institute"
    assert theme.organization_url == "https://example.org/epi"
    assert theme.template_dirs == HOUSE.template_dirs  # no templates/ folder in this brand
    assert theme.asset_dirs == (EPI,) and theme.reference_docx is None
    assert theme.name == "example-policy-institute"


def test_civic_ledger_loads() -> None:
    theme = load_brand(CIVIC)
    assert (theme.primary, theme.secondary, theme.foreground) == ("#b5391c", "#6b6259", "#262626")
    assert theme.link == "#8f2c15"  # color.link, which Quarto accepts and brand_yml 0.2.0 not
    assert theme.heading_color == theme.primary
    assert (theme.body_font.family, theme.heading_font.family) == ("DejaVu Serif", "DejaVu Sans")
    assert theme.heading_font.weight == 700 and theme.font_faces == ()
    assert theme.logo is not None and theme.logo.path == CIVIC / "logo.png"
    assert theme.logo_raster == theme.logo and theme.logo.alt == "Civic Ledger"
    assert theme.logo_in_header  # defaults: reportgen: logo_in_header: true
    assert theme.organization == "Civic Ledger"
    assert theme.organization_url == "https://example.org/civic-ledger"
    assert theme.base_size_pt == 9.0


def test_example_brands_are_small_and_licensed() -> None:
    for brand in (EPI, CIVIC):
        total = sum(p.stat().st_size for p in brand.rglob("*") if p.is_file())
        assert total < 400 * 1024, brand
        assert (brand / "README.md").is_file()
    assert "SIL Open Font License" in (EPI / "fonts" / "OFL.txt").read_text()
    assert "<title" in (EPI / "logo.svg").read_text()


def test_primary_colour_alone_keeps_the_house_style(make_brand: Callable[..., Path]) -> None:
    theme = load_brand(make_brand('color:\n  primary: "#ff0000"\n'))
    assert theme.primary == theme.link == theme.heading_color == theme.table_header_bg == "#ff0000"
    assert theme.light == "#ffe6e6"
    for name in ("secondary", "foreground", "background", "body_font", "heading_font",
                 "mono_font", "base_size_pt", "logo", "logo_in_header",
                 "organization",
                 "template_dirs", "reference_docx"):
        assert getattr(theme, name) == getattr(HOUSE, name), name


def test_references_resolve_through_palette_and_theme(make_brand: Callable[..., Path]) -> None:
    folder = make_brand("""\
color:
  palette:
    base: "#0B5563"
    brand: base          # palette -> palette
    red: "#aa0000"       # a palette name wins over the CSS colour 'red'
  primary: brand
  secondary: primary     # theme -> theme
  tertiary: rebeccapurple
  foreground: "rgb(28 43 51)"
  background: "#fff"
  danger: red
typography:
  headings:
    color: secondary
  link:
    color: "hsl(0 100% 25%)"
""")
    theme = load_brand(folder)
    assert theme.primary == theme.secondary == theme.heading_color == "#0b5563"
    assert theme.foreground == "#1c2b33" and theme.background == "#ffffff"
    assert theme.link == "#800000"


@pytest.mark.parametrize(("text", "expected"), [
    ("#abc", "#aabbcc"), ("teal", "#008080"), ("rgb(11, 85, 99)", "#0b5563"),
    ("RebeccaPurple", "#663399"), ("hsl(120 100% 25%)", "#008000"),
])
def test_css_colours_normalize_to_hex(text: str, expected: str) -> None:
    assert parse_colour(text) == (expected, None)


def test_light_primary_gets_dark_table_header_text(make_brand: Callable[..., Path]) -> None:
    theme = load_brand(make_brand('color:\n  primary: "#ffd54f"\n  foreground: "#222222"\n'))
    assert theme.table_header_fg == "#222222"
    assert contrast(theme.table_header_bg, theme.table_header_fg) >= 4.5


@pytest.mark.parametrize(("size", "points"), [
    ("11pt", 11.0), ("16px", 12.0), ("1rem", 12.0), (".8rem", 9.6), ("0.9em", 10.8),
    ("100%", 12.0), ("4mm", 11.34),
])
def test_base_size_units(make_brand: Callable[..., Path], size: str, points: float) -> None:
    theme = load_brand(make_brand(f"typography:\n  base:\n    size: {size}\n"))
    assert theme.base_size_pt == points


def test_headings_fall_back_to_the_base_family(make_brand: Callable[..., Path]) -> None:
    theme = load_brand(make_brand("typography:\n  base: Lato\n  monospace: Fira Mono\n"))
    assert theme.body_font.family == theme.heading_font.family == "Lato"
    assert theme.heading_font.weight == HOUSE.heading_font.weight
    assert theme.mono_font.family == "Fira Mono"


def test_forms_quarto_accepts_and_brand_yml_does_not(make_brand: Callable[..., Path]) -> None:
    """Plain font paths, a font without source, monospace colours, oblique, colour.link."""
    folder = make_brand("""\
logo: logo.svg
color:
  link: "#123456"
typography:
  fonts:
    - family: Brand Serif
      files: [fonts/a.ttf]
    - family: Installed Sans
  headings:
    family: Brand Serif
    style: oblique
  monospace:
    family: DejaVu Sans Mono
    color: "#333333"
""", {"fonts/a.ttf": EPI_FONT})
    theme = load_brand(folder)
    assert theme.link == "#123456"
    assert theme.logo is not None and theme.logo.path.name == "logo.svg"
    assert theme.heading_font.files == ((folder / "fonts" / "a.ttf").resolve(),)
    assert theme.font_faces[0].weight == 400  # read from the font file (weight: auto)


def test_file_url_and_absolute_path_inside_the_folder(make_brand: Callable[..., Path]) -> None:
    folder = make_brand("logo:\n  medium: LOGO\n").resolve()
    (folder / "brand.yml").write_text(f"logo:\n  medium: {folder / 'logo.svg'}\n"
                                      f"  small: {(folder / 'logo.svg').as_uri()}\n")
    theme = load_brand(folder)
    assert theme.logo is not None and theme.logo.path == folder / "logo.svg"


def test_brand_file_path_and_quarto_file_name(make_brand: Callable[..., Path]) -> None:
    folder = make_brand('color:\n  primary: "#00ff00"\n')
    assert load_brand(folder / "brand.yml").primary == "#00ff00"
    (folder / "brand.yml").rename(folder / "_brand.yml")
    assert load_brand(folder).primary == "#00ff00"


def test_raster_logo_next_to_svg_is_found_for_word(make_brand: Callable[..., Path]) -> None:
    folder = make_brand("logo:\n  medium: logo.svg\n", {"logo.png": EPI / "logo.png"})
    theme = load_brand(folder)
    assert theme.logo is not None and theme.logo.path.suffix == ".svg"
    assert theme.logo_raster is not None and theme.logo_raster.path == folder / "logo.png"


def test_brand_templates_and_reference_docx_come_first(make_brand: Callable[..., Path],
                                                       tmp_path: Path) -> None:
    Document().save(tmp_path / "ref.docx")
    folder = make_brand("meta:\n  name: X\n", {
        "templates/brief.html.j2": '{% extends "base.html.j2" %}',
        "reference.docx": (tmp_path / "ref.docx").read_bytes(),
    })
    theme = load_brand(folder)
    assert theme.template_dirs == (folder / "templates", *HOUSE.template_dirs)
    assert theme.reference_docx == folder / "reference.docx"


# ---------------------------------------------------------------------------------------------
# Bad input: one located problem each


# One bad brand folder a case (bad_brands.yaml): its brand.yml, other files, and where and how
# the one problem must be reported.
BAD = {name: (case["brand.yml"], case.get("files", {}), case["field"], tuple(case["at"]),
              case["message"], case.get("hint"))
       for name, case in yaml.safe_load(
           Path(__file__).with_name("bad_brands.yaml").read_text("utf-8")).items()}


@pytest.mark.parametrize("case", BAD.values(), ids=BAD.keys())
def test_bad_brand_is_one_located_problem(make_brand: Callable[..., Path],
                                          case: tuple[object, ...]) -> None:
    text, files, field, position, message, hint = case
    folder = make_brand(text, files)
    problem = only_problem(folder)
    assert problem.file == str(folder / "brand.yml")
    assert (problem.field, (problem.line, problem.column)) == (field, position), problem.format()
    assert message in problem.message, problem.format()
    if hint:
        assert problem.hint and hint in problem.hint, problem.format()


def test_symlink_out_of_the_folder_is_refused(make_brand: Callable[..., Path],
                                              tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.svg"
    outside.write_text(SVG)
    folder = make_brand("logo:\n  medium: linked.svg\n")
    (folder / "linked.svg").symlink_to(outside)
    problem = only_problem(folder)
    assert "brand assets must be inside the brand folder" in problem.message
    assert problem.hint and "symbolic link" in problem.hint
    (folder / "templates").symlink_to(tmp_path, target_is_directory=True)
    (folder / "brand.yml").write_text("meta:\n  name: X\n")
    problem = only_problem(folder)
    assert problem.file == str(folder / "templates") and "symbolic link" in problem.message


def test_every_problem_is_reported_at_once_in_file_order(make_brand: Callable[..., Path]) -> None:
    folder = make_brand("""\
meta:
  name:
    ful: X
logo:
  medium: missing.svg
color:
  primary: nope
typography:
  base:
    size: 99pt
""")
    found = problems_of(folder)
    assert [p.line for p in found] == [3, 5, 7, 10]


def test_template_syntax_error_names_the_template_and_line(
        make_brand: Callable[..., Path]) -> None:
    folder = make_brand("meta:\n  name: X\n", {
        "templates/brief.html.j2": '{% extends "base.html.j2" %}\n\n'
        "{% block colophon %}{{ meta.title }{% endblock %}\n",
    })
    problem = only_problem(folder)
    assert problem.file == str(folder / "templates" / "brief.html.j2")
    assert problem.line == 3 and "template syntax error" in problem.message


def test_reference_docx_that_is_not_word(make_brand: Callable[..., Path]) -> None:
    folder = make_brand("meta:\n  name: X\n", {"reference.docx": "not a zip"})
    problem = only_problem(folder)
    assert problem.file == str(folder / "reference.docx") and "not a Word document" in \
        problem.message


@pytest.mark.parametrize(("setup", "message"), [
    (lambda d: None, "brand folder not found"),
    (lambda d: d.mkdir(), "brand.yml not found in the brand folder"),
    (lambda d: (d.mkdir(), (d / "brand.yml").write_text("# only a comment\n")),
     "brand.yml is empty"),
    (lambda d: (d.mkdir(), (d / "brand.yml").write_text("- a\n- b\n")), "the top level is"),
    (lambda d: (d.mkdir(), (d / "brand.yml").write_text("color: [\n")), "YAML syntax error"),
])
def test_missing_or_unreadable_brand(tmp_path: Path, setup: Callable[[Path], object],
                                     message: str) -> None:
    folder = tmp_path / "b"
    setup(folder)
    problem = only_problem(folder)
    assert message in problem.message and problem.hint


def test_bad_brand_writes_nothing(make_brand: Callable[..., Path], tmp_path: Path) -> None:
    folder = make_brand("color:\n  primary: tael\n")
    out = tmp_path / "out"
    with pytest.raises(InputError):
        build_one(ROOT / "seeds" / "china-ai-governance.yaml", ("pdf", "docx"), out, folder)
    assert not out.exists() or not any(out.iterdir())


# ---------------------------------------------------------------------------------------------
# What a brand changes in the output (real WeasyPrint and python-docx renders)


@pytest.fixture(scope="module")
def small() -> Loaded:
    return load_brief(FIXTURES / "pdf_small.yaml")


@pytest.fixture(scope="module")
def epi_pdf(small: Loaded) -> bytes:
    from reportgen.render.pdf.writer import render_pdf

    return render_pdf(small.brief, load_brand(EPI))


@pytest.fixture(scope="module")
def civic_pdf(small: Loaded) -> bytes:
    from reportgen.render.pdf.writer import render_pdf

    return render_pdf(small.brief, load_brand(CIVIC))


def _pixels(pdf: bytes, tmp: Path, page: int = 1) -> Image.Image:
    (tmp / "in.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", str(page), "-l", str(page),
                    "-singlefile", str(tmp / "in.pdf"), str(tmp / "page")], check=True)
    return Image.open(tmp / "page.png").convert("RGB")


def _share(image: Image.Image, hex_colour: str, tolerance: int = 10) -> float:
    """Fraction of the page's pixels within ``tolerance`` of ``hex_colour`` on every channel."""
    target = tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    bands = [band.point(lambda v, t=t: 255 if abs(v - t) <= tolerance else 0)
             for band, t in zip(image.split(), target, strict=True)]
    mask = ImageChops.multiply(ImageChops.multiply(bands[0], bands[1]), bands[2])
    return mask.histogram()[255] / (image.width * image.height)


def _fonts(pdf: bytes, tmp: Path) -> set[str]:
    reader = PdfReader(_write(pdf, tmp))
    names = set()
    for page in reader.pages:
        for font in (page.get("/Resources", {}).get("/Font") or {}).values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


def _write(data: bytes, tmp: Path, name: str = "out.pdf") -> Path:
    (tmp / name).write_bytes(data)
    return tmp / name


def _images(pdf: bytes, tmp: Path, page: int) -> list[tuple[int, int]]:
    reader = PdfReader(_write(pdf, tmp))
    return [(img.image.width, img.image.height) for img in reader.pages[page].images
            if img.image is not None]


def test_pdf_pages_show_the_brand_colours(epi_pdf: bytes, civic_pdf: bytes,
                                          tmp_path: Path) -> None:
    epi = _pixels(epi_pdf, tmp_path)
    assert _share(epi, "#0b5563") > 0.002  # the primary: rules, table header
    assert _share(epi, "#e0a43a") > 0  # the amber pediment: only the logo has it
    assert _share(epi, HOUSE.primary) == 0
    civic = _pixels(civic_pdf, tmp_path)
    assert _share(civic, "#b5391c") > 0.002 and _share(civic, HOUSE.primary) == 0


def test_pdf_embeds_the_brand_font(epi_pdf: bytes, tmp_path: Path) -> None:
    assert any(name.startswith("EPI-Display") or name.startswith("EPIDisplay")
               for name in _fonts(epi_pdf, tmp_path))


def test_pdf_embeds_the_png_logo_on_page_one(civic_pdf: bytes, tmp_path: Path) -> None:
    assert (477, 120) in _images(civic_pdf, tmp_path, 0)


def test_pdf_logo_in_running_header_when_the_brand_asks(civic_pdf: bytes,
                                                        tmp_path: Path) -> None:
    reader = PdfReader(_write(civic_pdf, tmp_path))
    assert len(reader.pages) > 1
    assert (477, 120) in _images(civic_pdf, tmp_path, 1)


def test_pdf_shows_an_overridden_block(small: Loaded, make_brand: Callable[..., Path],
                                       tmp_path: Path) -> None:
    from reportgen.render.pdf.writer import render_pdf

    folder = make_brand("color:\n  primary: '#0b5563'\n", {
        "templates/brief.html.j2": '{% extends "base.html.j2" %}\n'
        "{% block colophon %}<p>Override marker 4711</p>{% endblock %}\n",
    })
    reader = PdfReader(_write(render_pdf(small.brief, load_brand(folder)), tmp_path))
    assert "Overridemarker4711" in "".join(p.extract_text() for p in reader.pages).replace(
        " ", "").replace("\n", "")


def _docx(theme: Theme, small: Loaded) -> Document:
    import io

    from reportgen.render.docx.writer import render_docx

    return Document(io.BytesIO(render_docx(small.brief, theme)))


def _header_images(doc: Document) -> int:
    section = doc.sections[0]
    return sum(len(h._element.xpath(".//a:blip"))
               for h in (section.header, section.first_page_header))


def test_docx_follows_the_brand(small: Loaded) -> None:
    for folder in (EPI, CIVIC):
        theme = load_brand(folder)
        doc = _docx(theme, small)
        heading = doc.styles["Heading 1"].font
        assert heading.color.rgb == RGBColor.from_string(theme.heading_color[1:].upper())
        assert heading.name == theme.heading_font.family
        assert doc.styles["Normal"].font.name == theme.body_font.family
        link = doc.styles["Hyperlink"].font.color.rgb
        assert link == RGBColor.from_string(theme.link[1:].upper())
        # EPI's logo is SVG; Word gets its PNG version (theme.logo_raster)
        assert len(doc.inline_shapes) + _header_images(doc) >= 1, folder.name


@pytest.mark.parametrize("folder", [CIVIC, EPI], ids=["civic-ledger", "example-policy-institute"])
def test_docx_logo_in_page_header(small: Loaded, folder: Path) -> None:
    """Issue 3: the logo is in the DOCX page header: page 1's, and the running one on request."""
    theme = load_brand(folder)
    doc = _docx(theme, small)
    section = doc.sections[0]
    assert section.different_first_page_header_footer
    assert len(section.first_page_header._element.xpath(".//a:blip")) == 1
    running = len(section.header._element.xpath(".//a:blip"))
    assert running == (1 if theme.logo_in_header else 0)
    for header in (section.first_page_header, section.header):
        for r_id in header._element.xpath(".//a:blip/@r:embed"):
            assert header.part.related_parts[r_id].content_type == "image/png"
    assert not doc.element.body.xpath(".//w:drawing")  # not repeated in the title block


def test_docx_reference_style_wins_over_the_brand(small: Loaded, tmp_path: Path) -> None:
    reference = Document()
    reference.styles["Heading 1"].font.color.rgb = RGBColor(0x12, 0x34, 0x56)
    folder = tmp_path / "epi"
    shutil.copytree(EPI, folder)
    reference.save(folder / "reference.docx")
    theme = load_brand(folder)
    assert theme.reference_docx == folder / "reference.docx"
    doc = _docx(theme, small)
    assert doc.styles["Heading 1"].font.color.rgb == RGBColor(0x12, 0x34, 0x56)
    assert doc.styles["Normal"].font.name == theme.body_font.family  # left open: the brand's


def test_theme_is_frozen_and_new_fields_have_defaults() -> None:
    assert Theme().heading_color == HOUSE.primary and Theme().font_faces == ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        HOUSE.primary = "#000000"  # type: ignore[misc]
    assert os.path.isdir(HOUSE.template_dirs[0])


def test_pdf_headings_use_the_brand_heading_colour(epi_pdf: bytes, tmp_path: Path) -> None:
    assert _share(_pixels(epi_pdf, tmp_path), "#073640", tolerance=6) > 0.0001


def test_links_out_of_templates_are_refused_whatever_their_name(
        make_brand: Callable[..., Path], tmp_path: Path) -> None:
    """Jinja follows links: 'pw', 'pw.css' or a linked folder would let {% include %} or
    stylesheet() copy /etc/passwd into the PDF, so brand check refuses every one of them."""
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0")
    folder = make_brand("meta:\n  name: X\n", {"templates/brief.html.j2": "{{ 1 }}"})
    (folder / "templates" / "pw").symlink_to(secret)
    (folder / "templates" / "pw.css").symlink_to(secret)
    (folder / "templates" / "etc").symlink_to(tmp_path, target_is_directory=True)
    found = problems_of(folder)
    assert sorted(Path(p.file).name for p in found) == ["etc", "pw", "pw.css"]
    assert all("symbolic link" in p.message and "templates/" in p.message for p in found)


def test_pdf_variant_setting(make_brand: Callable[..., Path]) -> None:
    from reportgen.options import PDF_VARIANTS

    for given, expected in (("PDF/UA-1", "pdf/ua-1"), ("pdf/a-3b", "pdf/a-3b"), ("none", None),
                            ("~", None)):
        folder = make_brand(f"defaults:\n  reportgen:\n    pdf_variant: {given}\n")
        assert load_brand_kit(folder).defaults.pdf_variant == expected, given
    folder = make_brand("defaults:\n  reportgen:\n    pdf_variant: pdf/ua-3\n")
    problem = only_problem(folder)
    assert problem.expected and all(name in problem.expected for name in PDF_VARIANTS)


@pytest.mark.parametrize("brand", [CIVIC, EPI], ids=["civic-ledger", "example-policy-institute"])
def test_pdf_bytes_do_not_depend_on_the_checkout_folder(brand: Path, tmp_path: Path) -> None:
    """The same brief and brand copied to two folders build the same PDF bytes (WeasyPrint
    names a raster image after its URL, so a file: URL to a PNG logo would leak the folder)."""
    pdfs = []
    for where in ("one", "elsewhere/two"):
        tree = tmp_path / where
        shutil.copytree(brand, tree / "brand")
        shutil.copyfile(FIXTURES / "pdf_small.yaml", tree / "brief.yaml")
        _, written = build_one(tree / "brief.yaml", ["pdf"], tree / "out", brand=tree / "brand")
        pdfs.append(written[0].path.read_bytes())
    assert pdfs[0] == pdfs[1]


def test_svg_logo_with_an_external_reference_is_refused(make_brand: Callable[..., Path]) -> None:
    """An SVG logo is rasterized for Word: it must reference no file and declare no entities."""
    linked = ("<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/"
              "xlink' viewBox='0 0 10 10'><image xlink:href='file:///etc/hostname'/></svg>")
    folder = make_brand("logo: mark.svg\n", {"mark.svg": linked})
    problem = only_problem(folder)
    assert (problem.line, problem.column, problem.field) == (1, 7, "logo")
    assert "refers to another file or web address" in problem.message
