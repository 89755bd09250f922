"""Orchestration: which briefs, which formats, where; writes are atomic.

Every format of a brief is rendered in memory before any file is replaced, so a failure (bad
template, bad brand, a crash in a writer) leaves the previous outputs exactly as they were.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InputError, Problem, ReportgenError
from .files import write_all_atomic
from .model import Brief
from .render import FORMATS, render
from .theme import HOUSE, Theme

if TYPE_CHECKING:
    from .brief.load import Loaded
    from .render.pdf.worker import PdfWorker


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


def theme_for(loaded: Loaded, brand: Path | None = None) -> Theme:
    """The Theme for a brief: --brand wins over the brief's 'brand:' key; none = house style."""
    brand_dir = brand or loaded.brand_dir
    if brand_dir is None:
        return HOUSE
    if brand is None and not brand_dir.exists():  # point at the brief's 'brand:' value
        raise InputError([Problem(
            str(loaded.path), f"brand folder not found: {brand_dir}", *loaded.brand_at,
            field="brand", expected="a folder holding brand.yml, relative to this brief",
            hint="fix the path, pass --brand DIR, or remove 'brand:' for the house style")])
    from .brand.load import load_brand  # only briefs that use a brand pay for brand-yml

    return load_brand(brand_dir)


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


def render_all(brief: Brief, theme: Theme, formats: Iterable[str],
               pdf_worker: PdfWorker | None = None) -> list[tuple[str, bytes, float]]:
    """Render each format in memory; (format, bytes, seconds).

    With a ``pdf_worker`` the PDF renders in that process while the other formats render here.
    """
    formats = list(formats)
    if any(f.spec is not None and not f.data for f in brief.figures):
        from .render.charts import render_figures  # once for all formats; an error stops all

        brief = render_figures(brief, theme)
    if pdf_worker is None or "pdf" not in formats:
        return [render(fmt, brief, theme) for fmt in formats]
    pdf_worker.submit(brief, theme)
    try:
        local = {fmt: render(fmt, brief, theme) for fmt in formats if fmt != "pdf"}
    except ReportgenError:
        with contextlib.suppress(ReportgenError):
            pdf_worker.result()  # keep the worker in step for the next brief
        raise
    local["pdf"] = ("pdf", *pdf_worker.result())
    return [local[fmt] for fmt in formats]


def build_one(path: Path, formats: Sequence[str], out_dir: Path, brand: Path | None = None,
              pdf_worker: PdfWorker | None = None,
              claimed: dict[str, Path] | None = None,
              theme_changes: Mapping[str, Any] | None = None,
              strict: bool = False) -> tuple[Loaded, list[Written]]:
    """Load, render every format, then replace the outputs; nothing is written on failure.

    ``pdf_worker`` (from ``render.pdf.worker.start``) renders the PDF in a second process;
    without one everything happens in this process. ``claimed`` maps slugs already built in
    this run to their briefs, so two briefs with one slug are an error instead of a silent
    overwrite.
    ``theme_changes`` (Theme fields, e.g. ``{"pdf_variant": "pdf/ua-1"}`` from the command line)
    override the brand's or house style's values. Font checks run before rendering and add
    their warnings to ``loaded.warnings``; with ``strict`` any warning (the brief's, the fonts',
    WeasyPrint's) is an error and nothing is written.
    """
    from .brief.load import load_brief  # after the CLI has started the PDF worker: see cli.build
    from .fonts.warnings import prefetch

    prefetch()  # fontconfig's font list, while the brief loads
    start = time.perf_counter()
    loaded = load_brief(path)
    theme = theme_for(loaded, brand)
    if theme_changes:
        theme = replace(theme, **theme_changes)
    theme = checked(loaded, theme, brand, strict)
    load_seconds = time.perf_counter() - start
    slug = loaded.brief.meta.slug
    if claimed is not None:
        other = claimed.setdefault(slug, path)
        if other != path:
            raise InputError([Problem(
                str(path), f"slug '{slug}' is also the slug of {other}", field="meta.slug",
                hint="each brief needs its own slug, or one would overwrite the other's files")])
    return loaded, write_formats(loaded, theme, formats, out_dir, pdf_worker, load_seconds)


def checked(loaded: Loaded, theme: Theme, brand: Path | None, strict: bool) -> Theme:
    """The font checks (their warnings join ``loaded.warnings``) and ``--strict``: the theme
    to render with, or InputError when strict and anything warned."""
    from .fonts.warnings import font_warnings

    loaded.warnings.extend(font_warnings(loaded, theme, brand or loaded.brand_dir))
    if strict:
        theme = replace(theme, strict=True)
        refuse_warnings(loaded.warnings)
    return theme


def refuse_warnings(warnings: Sequence[Problem]) -> None:
    """``--strict``: every warning is an error (exit code 2, nothing written)."""
    if warnings:
        raise InputError([replace(w, severity="error",
                                  hint=(w.hint + "; " if w.hint else "") + "--strict is on")
                          for w in warnings])


def render_loaded(loaded: Loaded, theme: Theme, formats: Sequence[str],
                  pdf_worker: PdfWorker | None = None) -> list[tuple[str, bytes, float]]:
    """``render_all`` for a loaded brief, with its YAML embedded when the theme asks for it
    (one path for single builds, batch workers and watch)."""
    if theme.embed_source and "pdf" in formats:  # refused before any time goes into rendering
        from .embed import check_variant

        check_variant(theme.pdf_variant)
    rendered = render_all(loaded.brief, theme, formats, pdf_worker)
    if theme.embed_source:  # the brief's YAML inside each file, for 'reportgen extract'
        from .embed import embed_all

        rendered = embed_all(rendered, loaded.path, loaded.brief.meta.date, theme.pdf_variant)
    return rendered


def write_formats(loaded: Loaded, theme: Theme, formats: Sequence[str], out_dir: Path,
                  pdf_worker: PdfWorker | None = None,
                  load_seconds: float = 0.0) -> list[Written]:
    """Render a loaded brief in every format, then replace its outputs all together."""
    rendered = render_loaded(loaded, theme, formats, pdf_worker)
    slug = loaded.brief.meta.slug
    targets = [(out_dir / f"{slug}.{fmt}", data) for fmt, data, _ in rendered]
    write_all_atomic(targets)
    return [Written(target, len(data), seconds + load_seconds / len(rendered))
            for (target, data), (_, _, seconds) in zip(targets, rendered, strict=True)]
