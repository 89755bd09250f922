"""PDF variant names, checked without importing WeasyPrint (``--pdf-variant``, brand.yml), and
which of them reportgen tags and proves with validators (tests/render/test_pdf_conformance.py).

The default PDF is tagged PDF/UA-1. The archival variants in CHECKED_VARIANTS are tagged too, so
they also conform to PDF/UA-1; every other WeasyPrint variant is written as WeasyPrint writes it,
with the same repairs (``conform``) but no validator run in the tests.
"""

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


# Variant -> the page-validation profile that the tests check it against (besides PDF/UA-1).
CHECKED_VARIANTS = {"pdf/ua-1": "ua1", "pdf/a-2b": "2b", "pdf/a-3b": "3b", "pdf/a-3a": "3a"}
# Tagged whatever WeasyPrint's own default for the variant is.
TAGGED_VARIANTS = frozenset(CHECKED_VARIANTS)
# PDF/A-1 and PDF/A-2 forbid embedded files other than PDF/A files (ISO 19005-2, 6.8).
NO_ATTACHMENTS = ("pdf/a-1", "pdf/a-2")


def is_pdfa(variant: str | None) -> bool:
    """PDF/A of any part and level; a tagged one also declares PDF/UA-1 (``conform``)."""
    return bool(variant) and str(variant).startswith("pdf/a-")


def allows_attachments(variant: str | None) -> bool:
    """Whether the brief's YAML may be embedded (``embed.py``) in this variant."""
    return not (variant and variant.startswith(NO_ATTACHMENTS))
