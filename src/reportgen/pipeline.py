"""The one application layer: load → theme → options → checks → render, for every command.

``validate``, ``check``, ``build``, batch workers, ``watch`` and ``email`` all go through here,
so two commands cannot disagree about a brief: a broken brand template, a bad chart or a missing
font gets the same verdict from each. The stages:

1. ``load_brief`` reads and resolves the brief (every schema and meaning problem, located);
2. ``kit_for`` loads its brand (``brand/``) with the writers' own checks of the brand's templates
   and reference.docx (``render.preflight``), or the house style;
3. the brand's default ``RenderOptions``, overridden by the command line (``Overrides``);
4. checks: the brand's templates rendered with this brief (validate and check; a build renders
   them anyway), charts drawn (only Vega-Lite knows a bad spec), fonts, ``--strict``;
5. ``render``: every format in memory (the PDF in a second process when one is given), with the
   brief's YAML embedded when asked. Files are written by the caller (``batch.Writer``), all
   formats of a brief together.

Nothing here prints: problems travel as ``Problem`` records and the CLI reports them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError, Problem, ReportgenError
from .model import Brief
from .options import DEFAULT, Overrides, RenderOptions
from .render import render
from .theme import HOUSE, Theme

if TYPE_CHECKING:
    from .brand.load import BrandKit
    from .brief.load import Loaded
    from .render.pdf.worker import PdfWorker
    from .verify.claims import Support


@dataclass(frozen=True)
class Request:
    """What a command asks for besides the brief: a brand folder given on the command line
    (else the brief's ``brand:``, else the house style) and the options it overrides."""

    brand: Path | None = None
    overrides: Overrides = field(default_factory=Overrides)


@dataclass(frozen=True)
class Prepared:
    """A brief that passed every check, ready for any writer."""

    loaded: Loaded
    theme: Theme
    options: RenderOptions
    brief: Brief  # charts drawn
    warnings: tuple[Problem, ...]


@dataclass
class Result:
    """Everything one command found in one brief: every problem, and the prepared brief when
    nothing stopped it."""

    path: Path
    problems: list[Problem] = field(default_factory=list)
    prepared: Prepared | None = None

    @property
    def failed(self) -> bool:
        return any(p.severity == "error" for p in self.problems)


# --- the brand ------------------------------------------------------------------------------

def load_theme(brand_dir: Path) -> BrandKit:
    """A brand folder with the writers' checks of what it gives them (one report)."""
    from .brand.load import load_brand_kit  # only briefs that use a brand pay for brand-yml
    from .render.preflight import check_files

    return load_brand_kit(brand_dir, check_files)


class Kits:
    """Brand folders resolved once per process (a batch worker builds many briefs with one
    brand); ``forget`` when a brand folder changed (``watch``)."""

    def __init__(self) -> None:
        self._kits: dict[Path, BrandKit] = {}

    def forget(self) -> None:
        self._kits.clear()

    def get(self, brand_dir: Path) -> BrandKit:
        key = brand_dir.resolve()
        if key not in self._kits:
            self._kits[key] = load_theme(brand_dir)
        return self._kits[key]


def kit_for(loaded: Loaded, brand: Path | None = None,
            kits: Kits | None = None) -> tuple[Theme, RenderOptions]:
    """The look and the default options for a brief: --brand wins over the brief's 'brand:'
    key; neither is the house style."""
    brand_dir = brand or loaded.brand_dir
    if brand_dir is None:
        return HOUSE, DEFAULT
    if brand is None and not brand_dir.exists():  # point at the brief's 'brand:' value
        raise InputError([Problem(
            str(loaded.path), f"brand folder not found: {brand_dir}", *loaded.brand_at,
            field="brand", expected="a folder holding brand.yml, relative to this brief",
            hint="fix the path, pass --brand DIR, or remove 'brand:' for the house style")])
    kit = (kits or Kits()).get(brand_dir)
    return kit.theme, kit.defaults


# --- checks ---------------------------------------------------------------------------------

def refuse_warnings(warnings: Sequence[Problem]) -> None:
    """``--strict``: every warning is an error (exit code 2, nothing written)."""
    if warnings:
        raise InputError([replace(w, severity="error",
                                  hint=(w.hint + "; " if w.hint else "") + "--strict is on")
                          for w in warnings])


def chart_warnings(loaded: Loaded) -> list[Problem]:
    """Vega-Lite's own warnings about a brief's charts (an unknown aggregate ...), at each
    figure: a chart that draws wrong is reported, never silently shown."""
    if not any(f.spec is not None for f in loaded.brief.figures):
        return []
    from .render.chartwarnings import chart_warnings as warnings_of

    return warnings_of(loaded)


def draw_charts(brief: Brief, theme: Theme) -> Brief:
    """The brief with its charts drawn, once for all formats: a bad chart stops every format
    before anything is written."""
    if not any(f.spec is not None and not f.data for f in brief.figures):
        return brief
    from .render.charts import render_figures  # vl-convert only for briefs with charts

    return render_figures(brief, theme)


def prepare_loaded(loaded: Loaded, request: Request | None = None, *, templates: bool = True,
                   kits: Kits | None = None) -> Prepared:
    """Stages 2 to 4 for a loaded brief; raises InputError with what stopped it.

    ``templates``: render a brand's own templates (the PDF's HTML and both e-mail bodies) with
    this brief now, whatever formats follow: a DOCX-only build must not pass a brand whose PDF
    template is broken while ``validate`` fails it. The house templates are tested here.
    """
    from .fonts.warnings import font_warnings

    request = request or Request()
    theme, defaults = kit_for(loaded, request.brand, kits)
    options = request.overrides.apply(defaults)
    if templates:
        from .render.preflight import has_own_templates, render_templates

        if has_own_templates(theme):
            render_templates(theme, loaded.brief)
    brief = draw_charts(loaded.brief, theme)
    warnings = [*loaded.warnings, *chart_warnings(loaded),
                *font_warnings(loaded, theme, request.brand or loaded.brand_dir)]
    if options.strict:
        refuse_warnings(warnings)
    return Prepared(loaded, theme, options, brief, tuple(warnings))


def prepare(path: Path, request: Request | None = None, *, templates: bool = True,
            kits: Kits | None = None) -> Prepared:
    """Stages 1 to 4 for a brief file; raises InputError with what stopped it."""
    from .brief.load import load_brief
    from .fonts.warnings import prefetch

    prefetch()  # fontconfig's font list, while the brief loads
    return prepare_loaded(load_brief(path), request, templates=templates, kits=kits)


def validate(path: Path, request: Request | None = None) -> Result:
    """Every check short of rendering: the problems, and the prepared brief if none stopped it."""
    try:
        prepared = prepare(path, request)
    except InputError as exc:
        return Result(path, list(exc.problems))
    return Result(path, list(prepared.warnings), prepared)


def check(path: Path, request: Request | None = None, *, links: bool = False,
          archive_dir: Path | None = None, support: list[Support] | None = None) -> Result:
    """``validate``, then what only a careful reader would catch: quotes against their sources'
    archived text (beside the brief, or in ``archive_dir``), the dates and figures of cited
    sentences against those sources (each sentence's best supporting passage joins ``support``)
    and, with ``links``, every link. The content checks run on what could be read even when the
    brief has schema errors, so one report holds everything."""
    from .brief.load import read_brief
    from .verify.brief import check_quotes
    from .verify.claims import check_claims

    result = validate(path, request)
    draft = read_brief(path) if result.prepared is None else None
    if result.prepared is not None:
        loaded = result.prepared.loaded
        result.problems += check_quotes(loaded, archive_dir)
        result.problems += check_claims(loaded, archive_dir,
                                        support.append if support is not None else None)
    elif draft is not None and draft.raw is not None:
        result.problems += [p for p in check_quotes(draft, archive_dir)
                            if p not in result.problems]
    if links and result.prepared is not None:
        from .verify.linkcheck import check_links

        result.problems += check_links(result.prepared.loaded)
    return result


def check_brief(path: Path, links: bool = False, archive_dir: Path | None = None,
                support: list[Support] | None = None) -> list[Problem]:
    """``check``'s problems for one brief with its own brand."""
    return check(path, links=links, archive_dir=archive_dir, support=support).problems


# --- rendering ------------------------------------------------------------------------------

def render_all(prepared: Prepared, formats: Sequence[str],
               pdf_worker: PdfWorker | None = None) -> list[tuple[str, bytes, float]]:
    """Render each format in memory; (format, bytes, seconds), with the brief's YAML embedded
    when the options ask for it.

    With a ``pdf_worker`` the PDF renders in that process while the other formats render here.
    """
    brief, theme, options = prepared.brief, prepared.theme, prepared.options
    if options.embed_source and "pdf" in formats:  # refused before any time goes into rendering
        from .embed import check_variant

        check_variant(options.pdf_variant)
    if pdf_worker is None or "pdf" not in formats:
        rendered = [render(fmt, brief, theme, options) for fmt in formats]
    else:
        pdf_worker.submit(brief, theme, options)
        try:
            local = {fmt: render(fmt, brief, theme, options) for fmt in formats if fmt != "pdf"}
        except ReportgenError:
            with contextlib.suppress(ReportgenError):
                pdf_worker.result()  # keep the worker in step for the next brief
            raise
        local["pdf"] = ("pdf", *pdf_worker.result())
        rendered = [local[fmt] for fmt in formats]
    if options.embed_source:  # the brief's YAML inside each file, for 'reportgen extract'
        from .embed import embed_all

        loaded = prepared.loaded
        rendered = embed_all(rendered, loaded.path, loaded.brief.meta.date, options.pdf_variant)
    return rendered
