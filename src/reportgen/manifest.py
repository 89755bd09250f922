"""What made each output: a build manifest beside the outputs, for ``build --changed``.

File times cannot tell which brand, variant or options built a file: after a build with
``--brand acme`` or ``--pdf-variant none`` every output is newer than its inputs, and a plain
``--changed`` build would keep the wrong edition. So every build records, per brief, the hash
of every file the outputs were made from (the brief, its bibliography, images and chart data,
every file of the brand folder), the options (formats, brand, variant, embedding, strict),
reportgen's code and templates, and the hash of each output written. A brief is up to date
only when all of it is the same again, which this module decides from the files alone: without
loading the brief, starting a worker or importing a rendering engine.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from .files import write_all_atomic

MANIFEST = ".reportgen-manifest.json"  # one per output folder
FORMAT = 1


def _files(path: Path) -> Iterator[Path]:
    """A file, or every file under a folder (bytecode caches do not count), sorted."""
    if path.is_dir():
        yield from sorted(f for f in path.rglob("*")
                          if f.is_file() and "__pycache__" not in f.parts)
    else:
        yield path


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _hashes(paths: Iterable[Path]) -> dict[str, str | None]:
    return {str(f): _digest(f) for p in paths for f in _files(p)}


@cache
def code_hash() -> str:
    """reportgen's version, code and default templates, as one hash (once per process)."""
    from importlib.metadata import PackageNotFoundError, version

    from .theme import package_templates_dir

    try:
        release = version("reportgen")
    except PackageNotFoundError:  # a source checkout: the code's hash still tells
        release = "unknown"
    whole = hashlib.sha256(release.encode())
    for folder in (Path(__file__).parent, package_templates_dir()):
        for f in _files(folder):
            whole.update(f.relative_to(folder).as_posix().encode() + b"\0" + f.read_bytes())
    return whole.hexdigest()


def options(formats: Sequence[str], brand: Path | None, theme_changes: Iterable[Any],
            strict: bool) -> dict[str, Any]:
    """The run's options that decide the outputs' bytes, as JSON-ready values."""
    return {"formats": sorted(formats), "brand": str(brand.resolve()) if brand else None,
            "theme": repr(tuple(theme_changes)), "strict": strict, "code": code_hash()}


def _read(out_dir: Path) -> dict[str, Any]:
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return {}
    briefs = data.get("briefs")
    return briefs if isinstance(briefs, dict) else {}


def fresh(brief: Path, out_dir: Path, opts: dict[str, Any]) -> bool:
    """True when the outputs recorded for ``brief`` are on disk, unchanged, and were made with
    these options from files that are all unchanged."""
    entry = _read(out_dir).get(str(brief.resolve()))
    if not isinstance(entry, dict) or not isinstance(entry.get("options"), dict):
        return False
    made = dict(entry["options"])  # fewer formats than were built are fresh too (email)
    if not set(opts["formats"]) <= set(made.pop("formats", [])) or made != {
            k: v for k, v in opts.items() if k != "formats"}:
        return False
    inputs, outputs = entry.get("inputs"), entry.get("outputs")
    if not isinstance(inputs, dict) or not isinstance(outputs, dict) or not outputs:
        return False
    roots = [Path(p) for p in entry.get("roots", [])]
    if _hashes(roots) != inputs:  # a changed, added or removed file
        return False
    return all(_digest(out_dir / name) == h for name, h in outputs.items())


def record(brief: Path, out_dir: Path, opts: dict[str, Any], made_from: Sequence[Path],
           written: Sequence[tuple[Path, bytes]]) -> None:
    """Records what made ``written`` (called once the files are in place)."""
    briefs = _read(out_dir)
    roots = [str(p.resolve()) for p in made_from]
    briefs[str(brief.resolve())] = {
        "options": opts,
        "roots": roots,
        "inputs": _hashes(Path(p) for p in roots),
        "outputs": {path.relative_to(out_dir).as_posix(): hashlib.sha256(data).hexdigest()
                    for path, data in written},  # beside the manifest
    }
    text = json.dumps({"format": FORMAT, "briefs": dict(sorted(briefs.items()))},
                      indent=1, sort_keys=True)
    write_all_atomic([(out_dir / MANIFEST, text.encode())])
