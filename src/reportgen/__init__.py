"""reportgen: YAML policy brief -> PDF and DOCX.

The public entry point is imported on first use, so ``python -m reportgen`` starts without
paying for pydantic and PyYAML before it knows what it has to do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .brief.load import load_brief

__all__ = ["load_brief"]


def __getattr__(name: str) -> Any:
    if name == "load_brief":
        from .brief.load import load_brief

        return load_brief
    raise AttributeError(f"module 'reportgen' has no attribute {name!r}")
