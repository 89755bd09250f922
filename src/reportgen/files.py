"""Files on disk: atomic writes, confinement to a folder, and human-readable sizes.

A reader of ``outputs/`` (a mail client, a sync tool, a colleague's viewer) must never see half a
file, and a failed build must leave the previous files as they were.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .errors import OutputError


def _temp_copy(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def write_all_atomic(files: Sequence[tuple[Path, bytes]]) -> None:
    """Write every file to a temporary name first, then rename them all into place.

    A full disk or a permission problem shows up before any target is replaced, so the
    formats of one brief are either all new or all as they were.
    """
    temps: list[tuple[Path, Path]] = []
    try:
        for path, data in files:
            try:
                temps.append((_temp_copy(path, data), path))
            except OSError as exc:
                raise OutputError(f"cannot write {path}: {exc.strerror}") from None
        for tmp, path in temps:
            try:
                os.replace(tmp, path)
            except OSError as exc:
                raise OutputError(f"cannot write {path}: {exc.strerror}") from None
    finally:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)


def write_atomic(path: Path, data: bytes) -> None:
    """Write one file via a temporary file in the same folder and a rename."""
    write_all_atomic([(path, data)])


def real(path: Path | str) -> Path:
    """The path with symbolic links and '..' resolved: what the file system will really open."""
    return Path(os.path.realpath(path))


def confined(path: Path | str, *roots: Path | str) -> Path | None:
    """The real path of ``path`` if it lies inside one of ``roots``, else None.

    The one place that decides whether a file named by user input (a brand asset, a template, a
    stylesheet URL, a figure) stays inside the folder it is allowed to read: links and '..' are
    resolved on both sides, so neither can lead out.
    """
    target = real(path)
    return target if any(target.is_relative_to(real(root)) for root in roots) else None


def human_size(n: int) -> str:
    """1234 -> '1.2 KB', as printed after every written or attached file."""
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / 1024 / 1024:.2f} MB"
