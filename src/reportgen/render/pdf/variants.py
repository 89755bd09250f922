"""Which PDF variants (their names: ``reportgen.options``) reportgen tags and proves with
validators (tests/render/test_pdf_conformance.py).

The default PDF is tagged PDF/UA-1. The archival variants in CHECKED_VARIANTS are tagged too, so
they also conform to PDF/UA-1; every other WeasyPrint variant is written as WeasyPrint writes it,
with the same repairs (``conform``) but no validator run in the tests.
"""

from __future__ import annotations

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
