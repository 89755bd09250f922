"""What to build: which briefs, which formats, what each brief's outputs are made from.

How a brief is checked and rendered is ``pipeline``'s; how many are built and written is
``batch``'s (every format of a brief rendered in memory before any file is replaced, so a failure
leaves the previous outputs exactly as they were).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError, Problem
from .render import FORMATS

if TYPE_CHECKING:
    from .brief.load import Loaded


@dataclass(frozen=True)
class Written:
    path: Path
    size: int
    seconds: float


def parse_formats(value: str, option: str = "--format") -> tuple[str, ...]:
    """'pdf,docx' -> ('pdf', 'docx'), rejecting unknown names with a hint naming ``option``."""
    names = tuple(dict.fromkeys(n.strip().lower() for n in value.split(",") if n.strip()))
    bad = [n for n in names if n not in FORMATS]
    if bad or not names:
        raise InputError([Problem(option, f"unknown format '{', '.join(bad) or value}'",
                                  expected="a comma-separated list of: " + ", ".join(FORMATS),
                                  hint=f"e.g. {option} pdf,docx")])
    return names


def discover(paths: Sequence[Path], seeds_dir: Path = Path("seeds")) -> list[Path]:
    """The briefs to build: the given files, or every seeds/*.yaml."""
    if paths:
        return list(paths)
    found = sorted(seeds_dir.glob("*.yaml")) + sorted(seeds_dir.glob("*.yml"))
    if not found:
        raise InputError([Problem(str(seeds_dir), "no briefs found (*.yaml)",
                                  hint="pass a brief file: reportgen build path/to/brief.yaml")])
    return found


def _newest(folder: Path) -> float:
    """Latest change to a source file under ``folder`` (bytecode caches do not count)."""
    return max((f.stat().st_mtime for f in folder.rglob("*")
                if f.is_file() and "__pycache__" not in f.parts), default=0.0)


def inputs(loaded: Loaded, brand: Path | None = None) -> list[Path]:
    """What a brief's outputs are made from besides reportgen's code and templates: the YAML,
    its bibliography files, its figures' images and chart data, and the brand folder in use (a
    folder stands for everything in it). ``build --changed`` and ``watch`` follow this list: a
    new kind of file a brief names joins it here."""
    brand_dir = brand or loaded.brand_dir
    named = loaded.raw.bibliography
    files = [named] if isinstance(named, str) else list(named or [])
    pictures: list[Path] = []
    if loaded.raw.figures:  # the images and chart data beside the brief
        from .brief.figures import figure_files

        pictures = list(figure_files(loaded.raw, loaded.path.parent))
    return [loaded.path, *(loaded.path.parent / f for f in files), *pictures,
            *([brand_dir] if brand_dir is not None else [])]


def out_of_date(targets: Sequence[Path], loaded: Loaded,
                brand: Path | None = None) -> list[Path]:
    """The targets that are missing or older than what they are made from: the brief, its
    files, the brand folder in use, the templates and reportgen itself."""
    from .theme import package_templates_dir

    made_from = [*inputs(loaded, brand), Path(__file__).parent, package_templates_dir()]
    newest = max(_newest(p) if p.is_dir() else p.stat().st_mtime
                 for p in made_from if p.exists())
    return [t for t in targets if not t.is_file() or t.stat().st_mtime < newest]
