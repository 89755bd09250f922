"""A problem found at a field path of a brief, before the loader knows its file position.

Shared by ``resolve.py`` and the modules it calls (``figures.py``), so that they need not import
each other. ``load.py`` turns each Issue into a located ``errors.Problem``.
"""

from __future__ import annotations

from dataclasses import dataclass

FieldPath = tuple[str | int, ...]  # ("sources", 3, "url"): keys and list indexes


@dataclass(frozen=True)
class Issue:
    """A problem found at a field path (a tuple of keys and list indexes)."""

    path: FieldPath
    message: str
    hint: str | None = None
    severity: str = "error"
    expected: str | None = None
    find: str | None = None  # regex locating the offending text inside the field's value
    # Fields this check relied on: if the schema rejected one of them (or a list holding it),
    # the loader drops this issue rather than report a consequence of that error.
    depends: tuple[FieldPath, ...] = ()
