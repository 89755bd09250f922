"""Many briefs in one run: worker processes render, this process writes and reports.

Why the split: each worker pays WeasyPrint's and python-docx's import once and then only turns a
brief path into bytes. Every file is written here, after the slug check, all formats of a brief
together (``files.write_all_atomic``) and in sorted order, so neither the files nor the screen
depend on which worker finished first, and a failing brief costs only its own outputs.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InputError, OutputError, Problem, ReportgenError
from .options import Overrides
from .pipeline import Kits, Request

if TYPE_CHECKING:
    from .build import Written
    from .render.pdf.worker import PdfWorker


@dataclass(frozen=True)
class Job:
    """One brief to build into one output folder (one edition, with one brand)."""

    path: Path
    out_dir: Path
    formats: tuple[str, ...]
    request: Request = field(default_factory=Request)  # the brand given, options overridden
    changed_only: bool = False  # skip the brief when its outputs are newer than its inputs

    @property
    def brand(self) -> Path | None:
        return self.request.brand


@dataclass(frozen=True)
class Rendered:
    """What a worker sends back: the bytes of every format, nothing written yet."""

    slug: str
    files: tuple[tuple[str, bytes, float], ...]  # (format, bytes, seconds)
    warnings: tuple[Problem, ...]
    up_to_date: bool = False
    inputs: tuple[Path, ...] = ()  # build.inputs: what ``watch`` follows for this brief


@dataclass(frozen=True)
class Outcome:
    """One job's result as the user hears it."""

    job: Job
    written: tuple[Written, ...] = ()
    warnings: tuple[Problem, ...] = ()
    error: ReportgenError | None = None
    up_to_date: bool = False
    inputs: tuple[Path, ...] = ()


@dataclass
class Tally:
    built: int = 0
    failed: int = 0
    up_to_date: int = 0
    exit_code: int = 0
    errors: list[ReportgenError] = field(default_factory=list)

    def add(self, outcome: Outcome) -> None:
        if outcome.error is not None:
            self.failed += 1
            self.exit_code = max(self.exit_code, outcome.error.exit_code)
            self.errors.append(outcome.error)
        elif outcome.up_to_date:
            self.up_to_date += 1
        else:
            self.built += 1

    def line(self, seconds: float) -> str:
        text = (f"built {self.built}, failed {self.failed}, up to date {self.up_to_date} "
                f"({seconds:.1f} s)")
        if self.failed:
            text += "; the failed briefs' earlier outputs were left as they were."
        return text


def default_jobs() -> int:
    """The CPUs this process may run on (a container or taskset limit counts, unlike cpu_count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def plan(paths: Sequence[Path], formats: Sequence[str], out_dir: Path,
         brands: Sequence[Path], overrides: Overrides | None = None,
         changed_only: bool = False) -> list[Job]:
    """Every (brief, brand) pair as a job, sorted. With more than one brand, each brand's
    edition goes to ``out_dir/<brand folder name>/``."""
    names = [b.resolve().name for b in brands]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise InputError([Problem("--brand", f"two brand folders are named '{twice[0]}'",
                                  hint="each edition goes to outputs/<brand folder name>/: "
                                  "rename one folder")])
    editions = [(b, out_dir / n) for b, n in zip(brands, names, strict=True)] if len(brands) > 1 \
        else [(brands[0] if brands else None, out_dir)]
    unique = sorted(dict.fromkeys(paths), key=str)
    return [Job(p, out, tuple(formats), Request(brand, overrides or Overrides()), changed_only)
            for brand, out in editions for p in unique]


# --- worker side: data in, data out --------------------------------------------------------

KITS = Kits()  # per process: each brand is resolved once per run


def forget_themes() -> None:
    """Resolve brands afresh (``watch`` calls it when a brand folder changed)."""
    KITS.forget()


def render_job(job: Job, pdf_worker: PdfWorker | None = None) -> Rendered:
    """Load, check and render one brief in memory (``pipeline``); raises ReportgenError for bad
    input or a failed render. The load time is shared out over the formats, as the CLI has
    always reported."""
    from .brief.load import load_brief  # after any PDF worker has started: see cli.build
    from .build import inputs
    from .fonts.warnings import prefetch
    from .pipeline import prepare_loaded, render_all

    prefetch()  # fontconfig's font list, while the brief loads
    start = time.perf_counter()
    loaded = load_brief(job.path)
    slug = loaded.brief.meta.slug
    made_from = tuple(inputs(loaded, job.brand))  # up to date or not: run() asked manifest.py
    prepared = prepare_loaded(loaded, job.request, kits=KITS)
    share = (time.perf_counter() - start) / max(1, len(job.formats))
    files = tuple((fmt, data, seconds + share)
                  for fmt, data, seconds in render_all(prepared, job.formats, pdf_worker))
    return Rendered(slug, files, prepared.warnings, inputs=made_from)


def build_one(job: Job, pdf_worker: PdfWorker | None = None) -> Outcome:
    """One brief, rendered and written in this process: what ``run`` does for each job."""
    try:
        result: Rendered | BaseException = render_job(job, pdf_worker)
    except ReportgenError as exc:
        result = exc
    return Writer().finish(job, result)


def warm_up(formats: Sequence[str]) -> None:
    """Pool initializer: ignore Ctrl-C (the parent stops the run) and import the engines once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from .brief import load  # noqa: F401  (imported for its start-up cost)

    if "pdf" in formats:
        from .render.pdf.writer import import_weasyprint

        with contextlib.suppress(Exception):  # the first PDF render reports it in context
            import_weasyprint()
    if "docx" in formats:
        from .render.docx import writer  # noqa: F401


# --- parent side: the only place that writes -------------------------------------------------

class Writer:
    """Turns rendered bytes into files, refusing a slug that an earlier brief of the same
    output folder already claimed (one would silently overwrite the other)."""

    def __init__(self) -> None:
        self.claimed: dict[tuple[Path, str], Path] = {}

    def finish(self, job: Job, result: Rendered | BaseException) -> Outcome:
        from .build import Written
        from .files import write_all_atomic

        if isinstance(result, BaseException):
            return Outcome(job, error=as_error(job, result))
        other = self.claimed.setdefault((job.out_dir, result.slug), job.path)
        if other != job.path:
            return Outcome(job, warnings=result.warnings, error=InputError([
                Problem(str(job.path), f"slug '{result.slug}' is also the slug of {other}",
                        field="meta.slug", hint="each brief needs its own slug, or one would "
                        "overwrite the other's files")]))
        if result.up_to_date:
            return Outcome(job, warnings=result.warnings, up_to_date=True,
                           inputs=result.inputs)
        targets = [(job.out_dir / f"{result.slug}.{fmt}", data) for fmt, data, _ in result.files]
        try:
            write_all_atomic(targets)
            record_job(job, result.inputs, targets)
        except ReportgenError as exc:
            return Outcome(job, warnings=result.warnings, error=exc, inputs=result.inputs)
        written = tuple(Written(path, len(data), secs)
                        for (path, data), (_, _, secs) in zip(targets, result.files, strict=True))
        return Outcome(job, written, result.warnings, inputs=result.inputs)


def _options(job: Job) -> dict[str, Any]:
    from .manifest import options

    return options(job.formats, job.brand, (job.request,), strict=False)  # request: every option


def job_is_fresh(job: Job) -> bool:
    """The job's outputs were made by the same files and options (``manifest.py``)."""
    from .manifest import fresh

    return fresh(job.path, job.out_dir, _options(job))


def record_job(job: Job, made_from: Sequence[Path], written: Sequence[tuple[Path, bytes]]
               ) -> None:
    from .manifest import record

    record(job.path, job.out_dir, _options(job), [*made_from], written)


def as_error(job: Job, exc: BaseException) -> ReportgenError:
    """A worker's failure as a reportable error: ours pass through, anything else (a crashed
    or killed worker, a bug) names the brief instead of printing a traceback."""
    if isinstance(exc, ReportgenError):
        return exc
    return OutputError([Problem(str(job.path), f"building failed: {type(exc).__name__}: {exc}")])


Report = Callable[[Outcome], None]


def run(jobs: Sequence[Job], workers: int, report: Report,
        ready: Callable[[], None] = lambda: None) -> Tally:
    """Build every job; ``report`` is called once per job, in the jobs' order.

    ``ready`` runs once every process has been forked: a progress display's thread must not
    exist at a fork (the child could inherit a lock that thread held).

    One worker (or one job) builds in this process; with one job and ``workers`` > 1 the PDF
    still renders in a second process while the DOCX renders here (``render.pdf.worker``).
    Otherwise a pool of ``min(workers, len(jobs))`` processes renders.
    """
    tally = Tally()

    def done(outcome: Outcome) -> None:
        tally.add(outcome)
        report(outcome)

    stale = []
    for job in jobs:  # --changed decides before any worker starts or engine is imported
        if job.changed_only and job_is_fresh(job):
            done(Outcome(job, up_to_date=True))
        else:
            stale.append(job)
    jobs = stale
    if not jobs:
        ready()
    elif workers > 1 and len(jobs) > 1:
        run_pool(jobs, min(workers, len(jobs)), done, ready)
    else:
        run_here(jobs, workers > 1, done, ready)
    return tally


def run_here(jobs: Sequence[Job], overlap: bool, done: Report,
             ready: Callable[[], None]) -> None:
    """Build one job after the other in this process."""
    from .render.pdf.worker import start as start_pdf_worker

    worker = start_pdf_worker() if overlap and any("pdf" in j.formats for j in jobs) else None
    writer = Writer()
    ready()
    try:
        for job in jobs:
            try:
                result: Rendered | BaseException = render_job(job, worker)
            except ReportgenError as exc:
                result = exc
            done(writer.finish(job, result))
    finally:
        if worker is not None:
            worker.close()


def run_pool(jobs: Sequence[Job], workers: int, done: Report,
             ready: Callable[[], None]) -> None:
    """Render in a pool of processes; write and report in the jobs' order as results arrive."""
    method = "fork" if sys.platform.startswith("linux") else "spawn"  # fork: no re-import
    formats = sorted({f for j in jobs for f in j.formats})
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method),
                               initializer=warm_up, initargs=(formats,))
    writer = Writer()
    try:
        futures = {pool.submit(render_job, job): i for i, job in enumerate(jobs)}
        ready()  # a forked pool has started all its processes at the first submit
        for i, result in in_order(futures, len(jobs)):
            done(writer.finish(jobs[i], result))
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()


def in_order(futures: dict[Future[Rendered], int], total: int
             ) -> Iterator[tuple[int, Rendered | BaseException]]:
    """(index, result or exception) in index order, each as soon as it and all before it are
    done: the order on screen and on disk stays the sorted one."""
    results: dict[int, Rendered | BaseException] = {}
    pending = set(futures)
    following = 0
    while following < total:
        finished, pending = wait(pending, return_when=FIRST_COMPLETED)
        for fut in finished:
            exc = fut.exception()
            results[futures[fut]] = exc if exc is not None else fut.result()
        while following in results:
            yield following, results.pop(following)
            following += 1
