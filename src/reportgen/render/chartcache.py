"""Drawn charts and their PNGs kept on disk, so a rebuild skips the chart engine's start-up.

Drawing a chart starts a JavaScript engine inside vl-convert, which costs a cold build about as
much as the rest of the DOCX. An analyst rebuilds the same brief many times while editing its
text, and its charts rarely change, so each drawn SVG (and each PNG made from it for Word) is kept
under a key made of everything that decides its bytes: the specification, the theme's chart
config, the printed width, the number locale, the vl-convert version and the font files it may
use. The same key always names the same bytes, so a hit gives exactly what drawing would.

``REPORTGEN_CACHE`` names another folder, or ``off`` to draw every time. Failing to write the
cache (a read-only home) only means the next build draws again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable, Iterable
from functools import cache
from importlib import metadata
from pathlib import Path

from ..errors import OutputError
from ..files import write_atomic

CACHE_ENV = "REPORTGEN_CACHE"


def cache_dir() -> Path | None:
    """Where drawn charts are kept; None when the cache is off."""
    value = os.environ.get(CACHE_ENV, "").strip()
    if value.lower() == "off":
        return None
    if value:
        return Path(value)
    from platformdirs import user_cache_dir  # as the link checker's cache (verify/linkcheck)

    return Path(user_cache_dir("reportgen")) / "charts"


@cache
def _engine_version() -> str:
    try:
        return metadata.version("vl-convert-python")
    except metadata.PackageNotFoundError:  # pragma: no cover - a dependency of reportgen
        return "unknown"


def fonts_fingerprint(folders: Iterable[Path]) -> str:
    """Names, sizes and times of the font files a chart may be drawn with."""
    entries = sorted(
        f"{f}:{f.stat().st_size}:{f.stat().st_mtime_ns}"
        for folder in folders for f in folder.iterdir() if f.is_file())
    return "\n".join(entries)


def cache_key(*parts: str) -> str:
    digest = hashlib.sha256(_engine_version().encode())
    for part in parts:
        digest.update(b"\0" + part.encode("utf-8"))
    return digest.hexdigest()


def cached(key: str, suffix: str, make: Callable[[], bytes]) -> bytes:
    """The bytes kept under ``key``, or ``make()``'s, kept for next time."""
    folder = cache_dir()
    if folder is None:
        return make()
    path = folder / f"{key}{suffix}"
    with contextlib.suppress(OSError):
        return path.read_bytes()
    data = make()
    with contextlib.suppress(OSError, OutputError):
        write_atomic(path, data)
    return data
