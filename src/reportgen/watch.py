"""``reportgen watch``: rebuild briefs on every save, in one warm process.

Why a process that stays: a cold build pays Python's, WeasyPrint's and python-docx's imports and
the brand's font checks on every run; here they are paid once, and a save costs only the render.
The PDF renders in a second, forked process (``render.pdf.worker``) while the DOCX renders here.
The file system is watched with ``watchfiles`` (inotify on Linux, no polling loop of ours): the
folders of the briefs and of the files they use, their brand folders and the templates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .batch import Job, Outcome, Writer, forget_themes, render_job
from .errors import ReportgenError

if TYPE_CHECKING:
    from .render.pdf.worker import PdfWorker

# watchfiles yields once no new change has come for STEP_MS (an editor's save is a burst of
# writes and renames well under a millisecond apart), and at the latest after DEBOUNCE_MS. The
# step is on the path from save to PDF twice (it takes two quiet checks), so it is kept short.
STEP_MS = 10
DEBOUNCE_MS = 1000
IDLE_MS = 300  # how often the watcher wakes without changes (the first wake means "ready")


@dataclass
class Watched:
    """What each job is made from (from its last load; a brief that failed keeps its last
    known list), and the shared folders whose change rebuilds every job."""

    jobs: Sequence[Job]
    shared: tuple[Path, ...]
    inputs: dict[Job, tuple[Path, ...]] = field(default_factory=dict)

    def note(self, outcome: Outcome) -> None:
        if outcome.inputs:
            self.inputs[outcome.job] = tuple(p.resolve() for p in outcome.inputs)

    def made_from(self, job: Job) -> tuple[Path, ...]:
        return self.inputs.get(job, (job.path.resolve(),))

    def roots(self) -> list[Path]:
        """The folders to watch: each input's folder (editors save by writing a new file and
        renaming it over the old one, so a watch on the file itself would be lost), each brand
        folder and the shared folders; none inside another."""
        folders = {p if p.is_dir() else p.parent for job in self.jobs for p in self.made_from(job)}
        folders |= {p.resolve() for p in self.shared}
        return sorted(f for f in folders if not any(o != f and f.is_relative_to(o)
                                                   for o in folders))

    def affected(self, changed: Iterable[Path]) -> tuple[list[Job], bool]:
        """The jobs to rebuild for a set of changed paths (in the jobs' order), and whether a
        brand folder changed (its Theme must then be resolved again)."""
        changed = [c.resolve() for c in changed]
        if any(c.is_relative_to(s.resolve()) for c in changed for s in self.shared):
            return list(self.jobs), False
        hit: list[Job] = []
        brand_changed = False
        for job in self.jobs:
            for made in self.made_from(job):
                inside = [c for c in changed if c == made or c.is_relative_to(made)]
                if inside:
                    hit.append(job)
                    brand_changed |= made.is_dir()
                    break
        return hit, brand_changed


Show = Callable[[Outcome], None]


def build(jobs: Sequence[Job], watched: Watched, writer: Writer, show: Show,
          pdf_worker: PdfWorker | None) -> None:
    """Build ``jobs`` one after the other, each atomically; a failure keeps the old outputs."""
    for job in jobs:
        try:
            result = render_job(job, pdf_worker)
        except ReportgenError as exc:
            show(writer.finish(job, exc))
            continue
        outcome = writer.finish(job, result)
        watched.note(outcome)
        show(outcome)


def watch(jobs: Sequence[Job], shared: Sequence[Path], show: Show,
          ready: Callable[[Sequence[Path]], None]) -> None:
    """Build every job, then rebuild what each save touches until Ctrl-C (KeyboardInterrupt,
    which the caller turns into a clean stop). ``ready`` is told the watched folders once the
    watcher is running: saves from then on are seen."""
    from watchfiles import watch as changes_of

    from .render.pdf.worker import start as start_pdf_worker

    worker = start_pdf_worker() if any("pdf" in j.formats for j in jobs) else None
    watched, writer = Watched(jobs, tuple(shared)), Writer()
    try:
        build(jobs, watched, writer, show, worker)
        announced = False
        while True:  # a new watcher when a brief starts using a file in a new folder
            roots = watched.roots()
            for batch in changes_of(*roots, step=STEP_MS, debounce=DEBOUNCE_MS,
                                    rust_timeout=IDLE_MS, yield_on_timeout=True):
                if not batch:
                    if not announced:
                        ready(roots)
                        announced = True
                    continue
                todo, brand_changed = watched.affected(Path(p) for _, p in batch)
                if brand_changed:
                    forget_themes()
                build(todo, watched, writer, show, worker)
                if watched.roots() != roots:
                    break
    finally:
        if worker is not None:
            worker.close()
