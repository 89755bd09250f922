"""Field paths: where in a document a value sits, independent of the file format."""

from __future__ import annotations

FieldPath = tuple[str | int, ...]  # ("sources", 3, "url"): mapping keys and list indexes


def dotted(path: FieldPath) -> str:
    """('sources', 3, 'url') -> 'sources[3].url': the one way a field is named to the user."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out
