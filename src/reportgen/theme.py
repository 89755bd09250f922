"""The look of a brief, as data shared by every writer.

The house style is a Theme built here; a brand folder (brand.yml, see ``brand.py``) produces
another.
Writers read colours, fonts and the logo from the Theme and never hard-code them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path


def package_templates_dir() -> Path:
    """The default templates: inside the installed package, or the repository's ``templates/``."""
    packaged = Path(str(resources.files("reportgen"))) / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "templates"


@dataclass(frozen=True)
class Font:
    family: str  # CSS / Word family name
    files: tuple[Path, ...] = ()  # font files to embed via @font-face (brand fonts)
    weight: int = 400


@dataclass(frozen=True)
class FontFace:
    """One font file of a brand family and the weight and style it supplies.

    ``Font.files`` lists a family's files without saying which is bold or italic; writers that
    emit ``@font-face`` rules read those facts here instead of guessing them from file names.
    A variable font covers a range of weights: ``weight`` is then ``(low, high)``.
    """

    family: str
    path: Path
    weight: int | tuple[int, int] = 400
    style: str = "normal"  # "normal" or "italic"

    @property
    def css_weight(self) -> str:
        """The ``font-weight`` descriptor: ``700``, or ``100 900`` for a variable font."""
        if isinstance(self.weight, tuple):
            return f"{self.weight[0]} {self.weight[1]}"
        return str(self.weight)


@dataclass(frozen=True)
class Logo:
    path: Path
    alt: str


@dataclass(frozen=True)
class Theme:
    """Colours as #rrggbb, fonts, logo, and where templates are looked up (first wins)."""

    name: str = "house"
    primary: str = "#1f4e79"  # the one accent colour: headings, rules, table header
    secondary: str = "#5b6770"  # muted text: captions, metadata
    foreground: str = "#1a1a1a"
    background: str = "#ffffff"
    link: str = "#1f4e79"
    heading_color: str = "#1f4e79"  # brand.yml typography.headings.color; else the primary
    table_header_bg: str = "#1f4e79"
    table_header_fg: str = "#ffffff"
    table_stripe: str = "#f2f5f8"
    light: str = "#e8eef4"  # summary box background
    # Chart colours after the primary (charts.palette); a brand's are its colour palette.
    palette: tuple[str, ...] = ("#c9822b", "#5b8fb9", "#7a9a3a", "#9b4d5e")
    body_font: Font = Font("Noto Serif")
    heading_font: Font = Font("Inter", weight=600)
    mono_font: Font = Font("DejaVu Sans Mono")
    base_size_pt: float = 10.0
    line_height: float | None = None  # brand.yml typography.base.line-height; None = template's
    font_faces: tuple[FontFace, ...] = ()  # every brand font file, for @font-face rules
    logo: Logo | None = None
    logo_raster: Logo | None = None  # a PNG/JPEG of the logo for Word; else the SVG is rasterized
    logo_in_header: bool = False
    organization: str | None = None  # overrides the brief's organization in the footer
    organization_url: str | None = None
    template_dirs: tuple[Path, ...] = field(default_factory=lambda: (package_templates_dir(),))
    asset_dirs: tuple[Path, ...] = ()  # folders the PDF may load files from (besides templates)
    reference_docx: Path | None = None
    # A family per script, before the house one (fonts/stacks.py): (("Hans", "Source Han Serif
    # SC"), ("Arab", "Amiri")), from brand.yml defaults.reportgen.script_fonts.
    script_fonts: tuple[tuple[str, str], ...] = ()

    def css_variables(self) -> dict[str, str]:
        """The custom properties templates use (``--rg-primary`` ...); documented in the README."""
        variables = {
            "--rg-primary": self.primary,
            "--rg-secondary": self.secondary,
            "--rg-foreground": self.foreground,
            "--rg-background": self.background,
            "--rg-link": self.link,
            "--rg-table-header-bg": self.table_header_bg,
            "--rg-table-header-fg": self.table_header_fg,
            "--rg-table-stripe": self.table_stripe,
            "--rg-light": self.light,
            "--rg-body-font": f'"{self.body_font.family}", serif',
            "--rg-heading-font": f'"{self.heading_font.family}", sans-serif',
            "--rg-heading-weight": str(self.heading_font.weight),
            "--rg-mono-font": f'"{self.mono_font.family}", monospace',
            "--rg-base-size": f"{self.base_size_pt}pt",
            "--rg-heading-color": self.heading_color,
        }
        if self.line_height is not None:
            variables["--rg-line-height"] = f"{self.line_height:g}"
        return variables


HOUSE = Theme()
