"""How a brief is rendered this run, apart from how it looks: the third argument of every renderer.

A brand supplies defaults (brand.yml ``defaults: reportgen:``); the command line overrides them
(``Overrides``); neither is the look, so none of this lives on ``Theme``. The PDF variant names
are checked here, without importing WeasyPrint, because both the brand and the command line
name them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .source.suggest import did_you_mean

# WeasyPrint's PDF variants (``weasyprint.pdf.VARIANTS``), listed here so that checking a name
# (``--pdf-variant``, brand.yml) never imports WeasyPrint; tests/render/test_pdf.py keeps the two
# in step.
# pdf/ua-* and pdf/a-*a are tagged (structure tree, /MarkInfo); pdf/a-* adds an sRGB output intent.
PDF_VARIANTS = (
    "pdf/ua-1", "pdf/ua-2",
    "pdf/a-1a", "pdf/a-1b", "pdf/a-2a", "pdf/a-2b", "pdf/a-2u", "pdf/a-3a", "pdf/a-3b",
    "pdf/a-3u", "pdf/a-4e", "pdf/a-4f", "pdf/a-4u",
    "pdf/x-1a", "pdf/x-3", "pdf/x-4", "pdf/x-5g",
)
# WeasyPrint variants left out: 'debug' (not a standard; WeasyPrint 70 raises TypeError for it).
EXCLUDED_VARIANTS = ("debug",)
NO_VARIANT = "none"  # switches a brand's variant off on the command line


def pdf_variant(value: str) -> str | None:
    """A variant name as WeasyPrint spells it ('PDF/UA-1' -> 'pdf/ua-1'); 'none' -> None.

    Raises ValueError, whose message is a hint (did you mean ...?) or empty, for other names.
    """
    name = value.strip().lower()
    if name == NO_VARIANT:
        return None
    if name not in PDF_VARIANTS:
        raise ValueError(did_you_mean(name, PDF_VARIANTS) or "")
    return name


def pdf_variants_expected() -> str:
    """The allowed names, for an error's 'expected' part."""
    return f"one of: {NO_VARIANT}, " + ", ".join(PDF_VARIANTS)


@dataclass(frozen=True)
class RenderOptions:
    """What the writers are asked to do besides drawing the brief in its theme."""

    # A WeasyPrint PDF variant: pdf/ua-1 (the default) for an accessible, tagged PDF, pdf/a-3b
    # for archives ... None: a plain, untagged PDF (smallest).
    pdf_variant: str | None = "pdf/ua-1"
    embed_source: bool = False  # the brief's YAML inside the PDF and DOCX (embed.py)
    strict: bool = False  # --strict: the PDF engine's warnings fail the PDF instead of printing


DEFAULT = RenderOptions()
UNSET = "unset"  # an override the command line did not give: the brand's default stands


@dataclass(frozen=True)
class Overrides:
    """The command line's options: each one given replaces the brand's default."""

    pdf_variant: str | None = UNSET  # a checked name, None for 'none', or UNSET
    embed_source: bool | None = None
    strict: bool = False

    def apply(self, defaults: RenderOptions) -> RenderOptions:
        options = replace(defaults, strict=self.strict or defaults.strict)
        if self.pdf_variant != UNSET:
            options = replace(options, pdf_variant=self.pdf_variant)
        if self.embed_source is not None:
            options = replace(options, embed_source=self.embed_source)
        return options
