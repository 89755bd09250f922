"""reportgen: YAML policy brief -> PDF and DOCX."""

from .load import load_brief

__all__ = ["load_brief"]
