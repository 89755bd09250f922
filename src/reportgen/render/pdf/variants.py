"""PDF variant names, checked without importing WeasyPrint (``--pdf-variant``, brand.yml)."""

from __future__ import annotations

from ...source.suggest import did_you_mean

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
