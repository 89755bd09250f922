"""The look of a brief, as data shared by every writer.

The house style is a Theme built here; a brand folder (brand.yml, see ``brand.py``) produces another.
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
    table_header_bg: str = "#1f4e79"
    table_header_fg: str = "#ffffff"
    table_stripe: str = "#f2f5f8"
    light: str = "#e8eef4"  # summary box background
    body_font: Font = Font("Noto Serif")
    heading_font: Font = Font("Inter", weight=600)
    mono_font: Font = Font("DejaVu Sans Mono")
    base_size_pt: float = 10.0
    logo: Logo | None = None
    logo_in_header: bool = False
    organization: str | None = None  # overrides the brief's organization in the footer
    organization_url: str | None = None
    template_dirs: tuple[Path, ...] = field(default_factory=lambda: (package_templates_dir(),))
    asset_dirs: tuple[Path, ...] = ()  # folders the PDF may load files from (besides templates)
    reference_docx: Path | None = None

    def css_variables(self) -> dict[str, str]:
        """The custom properties templates use (``--rg-primary`` ...); documented in the README."""
        return {
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
        }


HOUSE = Theme()
