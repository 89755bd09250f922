"""Files on disk: atomic writes, confinement to a folder, and human-readable sizes.

A reader of ``outputs/`` (a mail client, a sync tool, a colleague's viewer) must never see half a
file, and a failed build must leave the previous files as they were.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .errors import InputError, OutputError, Problem


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


def file_kind(mode: int) -> str:
    """What a file system node that is not a regular file is, in words for an error."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def check_target(path: Path) -> None:
    """Refuse a target that exists and is not a regular file.

    A rename would replace the node itself: a device (``/dev/full``), a FIFO another program
    reads, or a symbolic link (whose target would silently stay as it was) must never become
    our file, so they are refused before anything is written.
    """
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror}") from None
    if not stat.S_ISREG(mode):
        raise InputError([Problem(
            str(path), f"not a regular file: {path} is {file_kind(mode)}; refusing to replace it",
            hint="choose another output path, or remove what is there first")])


def _backup(path: Path) -> Path | None:
    """A hard link to the current target beside it, to put back if a later rename fails."""
    if not path.exists():
        return None
    backup = Path(tempfile.mktemp(prefix=f".{path.name}.", suffix=".old", dir=path.parent))
    os.link(path, backup)
    return backup


def _restore(done: list[tuple[Path, Path | None]]) -> None:
    for path, backup in reversed(done):
        with contextlib.suppress(OSError):
            if backup is None:
                path.unlink()
            else:
                os.replace(backup, path)


def write_all_atomic(files: Sequence[tuple[Path, bytes]]) -> None:
    """Write every file to a temporary name first, then rename them all into place.

    Every target is checked before the first byte is written, and a full disk or a permission
    problem shows up before any target is replaced. Should a rename still fail half-way, the
    targets already replaced are put back from hard links, so the formats of one brief are
    either all new or all as they were, and "left as they were" stays true.
    """
    for path, _ in files:
        check_target(path)
    temps: list[tuple[Path, Path]] = []
    backups: list[tuple[Path, Path | None]] = []
    done: list[tuple[Path, Path | None]] = []
    try:
        for path, data in files:
            try:
                temps.append((_temp_copy(path, data), path))
                backups.append((path, _backup(path)))
            except OSError as exc:
                raise OutputError(f"cannot write {path}: {exc.strerror}") from None
        for (tmp, path), (_, backup) in zip(temps, backups, strict=True):
            try:
                check_target(path)
                os.replace(tmp, path)
            except OSError as exc:
                _restore(done)
                raise OutputError(f"cannot write {path}: {exc.strerror}") from None
            except InputError:
                _restore(done)
                raise
            done.append((path, backup))
    finally:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
        for _, backup in backups:
            if backup is not None:
                backup.unlink(missing_ok=True)


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


def repository_root(path: Path | str) -> Path | None:
    """The real path of the git work tree that holds ``path`` (a folder with ``.git``), if any.

    A brief may name a brand anywhere in its own repository (``../brands/acme``), which is as
    far as its author's intent reaches; beyond it lies the rest of the machine.
    """
    start = real(path)
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def human_size(n: int) -> str:
    """1234 -> '1.2 KB', as printed after every written or attached file."""
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / 1024 / 1024:.2f} MB"
