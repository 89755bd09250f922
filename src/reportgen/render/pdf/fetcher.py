"""A URL fetcher for WeasyPrint that can only read what the brief's look is made of.

Templates and brand folders are user input: a template could reference ``file:///etc/passwd`` or
an internal web address, and WeasyPrint's default fetcher would happily embed whatever comes back.
Building a brief must never read outside the template and asset folders, and must never touch the
network, so this fetcher serves ``data:`` URLs and ``file:`` URLs whose real path (symlinks and
``..`` resolved) lies inside an allowed folder, and refuses everything else.

WeasyPrint is imported only when a fetcher is built: commands that never render a PDF
(``validate``, ``schema``, a DOCX-only build) should not pay for importing it.

Templates are read the same way (``render.templates.ConfinedLoader``); both ask
``files.confined`` whether a real path stays inside its folders.
"""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from ...files import confined, real

LOGGER = logging.getLogger("reportgen")

# Types WeasyPrint needs to recognise that mimetypes may not know on every system.
_EXTRA_TYPES = {
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".otf": "font/otf",
    ".ttf": "font/ttf",
}


class FetchRefused(ValueError):
    """A template or stylesheet asked for a resource the build is not allowed to read."""


def file_url_path(url: str) -> Path:
    """The local path a ``file:`` URL names; refuses URLs naming another host."""
    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        raise FetchRefused(f"refusing to load {url!r}: file URLs on another host are not allowed")
    return Path(url2pathname(parts.path))  # decodes %XX once


def allowed_path(url: str, roots: Sequence[Path]) -> Path:
    """The real path of a ``file:`` URL, if it lies inside one of ``roots``."""
    path = confined(file_url_path(url), *roots)
    if path is None:
        where = ", ".join(str(r) for r in roots) or "(none)"
        raise FetchRefused(
            f"refusing to load {url!r}: only files inside the template and asset folders "
            f"({where}) may be used; copy the file into the brand folder"
        )
    if not path.is_file():
        raise FetchRefused(f"cannot load {url!r}: {path} is not a file")
    return path


def _content_type(path: Path) -> str:
    return _EXTRA_TYPES.get(path.suffix.lower()) or (
        mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    )


@cache
def _fetcher_class() -> type:
    """Subclass WeasyPrint's fetcher (v70 requires one: it reads its private settings)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class RestrictedFetcher(URLFetcher):  # type: ignore[misc]  # untyped base
        """Serves data: URLs and files under ``roots``; refuses everything else."""

        def __init__(self, roots: tuple[Path, ...]) -> None:
            # No network handler matters: fetch() below never calls the parent's open() for
            # anything but data: URLs. Errors stay non-fatal so one missing image does not
            # abort a build; each refusal is logged and recorded in ``refused``.
            super().__init__(allowed_protocols=("data", "file"), fail_on_errors=False)
            self.roots = roots
            self.refused: list[str] = []

        def fetch(self, url: str, headers: dict[str, str] | None = None) -> Any:
            scheme = url.split(":", 1)[0].lower() if ":" in url else ""
            try:
                if scheme == "data":
                    return super().fetch(url, headers)
                if scheme == "file":
                    path = allowed_path(url, self.roots)
                    return URLFetcherResponse(
                        path.as_uri(), path.read_bytes(),
                        {"Content-Type": _content_type(path)},
                    )
                raise FetchRefused(
                    f"refusing to load {url!r}: a brief may only use files from its template "
                    "and asset folders (and data: URLs), never the network"
                )
            except FetchRefused as exc:
                self.refused.append(url)
                LOGGER.warning("%s", exc)
                raise

    return RestrictedFetcher


def restricted_fetcher(allowed_dirs: Sequence[Path]) -> Callable[[str], Any]:
    """A WeasyPrint ``url_fetcher`` confined to ``allowed_dirs`` (templates and assets).

    The returned object is callable with a URL and has a ``refused`` list of the URLs it turned
    down, for callers that want to report them.
    """
    roots = tuple(dict.fromkeys(real(d) for d in allowed_dirs))
    fetcher: Callable[[str], Any] = _fetcher_class()(roots)
    return fetcher

