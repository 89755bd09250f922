"""reportgen benchmark: cold CLI builds, warm renders, table scaling, output size.

Medians of repeated runs, measured in one go, with ratios to the targets; these machines are noisy,
so the figures are for comparison within a run, not absolute truths. Run with ``make bench``.
"""

from __future__ import annotations

import dataclasses
import json
import os
import queue
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import ratios  # bench/ratios.py, beside this file

from reportgen.brief.load import load_brief
from reportgen.model import Brief, ComparisonTable, TableRow
from reportgen.options import DEFAULT
from reportgen.render import renderer
from reportgen.source.yaml import read_yaml
from reportgen.theme import HOUSE

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "china-ai-governance.yaml"
SEED_ZH = ROOT / "seeds" / "china-ai-governance-zh.yaml"  # the same brief in Chinese
CLI = [sys.executable, "-m", "reportgen"]
RUNS = int(os.environ.get("BENCH_RUNS", "7"))
# Every chart is drawn (no chart kept on disk from an earlier build) unless a run says otherwise.
os.environ["REPORTGEN_CACHE"] = "off"

TARGETS = {"cold both": 1.0, "docx 1000 rows": 0.5, "seed pdf KB": 116, "zh / en": 1.3,
           "zh pdf KB": 150, "figure cost": 0.4, "tagged / none": 1.15, "batch j2/j1": 1.8,
           "watch / weasyprint": 1.1, "1000 rows / weasyprint": 1.05,
           "no-op make brief": 0.2, "no-op build --changed": 0.3,
           "warm html ms": 50, "cold html": 0.5, "seed html KB": 300}
BATCH = int(os.environ.get("BENCH_BATCH", "40"))  # briefs in the parallel-build benchmark
BATCH_RUNS = int(os.environ.get("BENCH_BATCH_RUNS", "3"))


def cold_run(args: list[str], command: list[str] = CLI,
             env: dict[str, str] | None = None) -> tuple[float, int]:
    """Wall time and peak RSS (KB) of one whole `reportgen` process."""
    start = time.perf_counter()
    proc = subprocess.Popen(command + args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, **(env or {})})
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(args)}\n{proc.stderr.read()}")
    return elapsed, usage.ru_maxrss


def make_briefs(folder: Path, count: int) -> list[Path]:
    """``count`` copies of the seed, each with its own slug (brief-01, brief-02 ...)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = SEED.read_text(encoding="utf-8")
    paths = []
    for i in range(1, count + 1):
        path = folder / f"brief-{i:02d}.yaml"
        path.write_text(text.replace("slug: china-ai-governance", f"slug: brief-{i:02d}", 1),
                        encoding="utf-8")
        paths.append(path)
    return paths


def _children() -> dict[int, list[int]]:
    """Every process's children, from /proc (Linux)."""
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            tree.setdefault(parent, []).append(int(entry.name))
    return tree


def _peak_rss_kb(pid: int) -> int:
    """The process's peak resident set so far (VmHWM), 0 once it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_run(command: list[str]) -> tuple[float, int, float]:
    """Wall time and the sum over the process and its descendants of each one's peak RSS (KB),
    sampled every 20 ms (pages a forked worker shares with its parent count in both: an upper
    bound); and the CPU seconds the tree used."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peaks: dict[int, int] = {}
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        tree, todo = _children(), [proc.pid]
        while todo:
            current = todo.pop()
            # The latest reading, not the largest: VmHWM only grows within one program, and
            # a child that forks and then runs another program (ldconfig, for one) starts
            # afresh, so its copy of the parent's pages does not count.
            peaks[current] = _peak_rss_kb(current) or peaks.get(current, 0)
            todo.extend(tree.get(current, []))
        time.sleep(0.02)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(command)}\n"
                         f"{proc.stderr.read().decode()}")  # type: ignore[union-attr]
    peaks[proc.pid] = max(peaks.get(proc.pid, 0), usage.ru_maxrss)
    # CPU seconds of the whole tree (a process's usage includes the children it waited for):
    # what the run costs whatever else the machine is doing.
    return elapsed, sum(peaks.values()), usage.ru_utime + usage.ru_stime


# Today's serial path before -j: one brief after another, the PDF in a forked second process.
OLD_SERIAL = ("import sys; from pathlib import Path; "
              "from reportgen.render.pdf.worker import start; "
              "w = start(); from reportgen.batch import Job, build_one; out = Path(sys.argv[1]); "
              "[build_one(Job(Path(p), out, ('pdf', 'docx')), w) for p in sys.argv[2:]]; "
              "w.close()")


def batch_section(tmp: Path) -> None:
    """40 briefs, cold, both formats: -j 2 against -j 1 and against the old serial path."""
    names = [str(p) for p in make_briefs(tmp / "briefs", BATCH)]
    out = tmp / "batch-out"
    modes = {
        "-j 2": [*CLI, "build", *names, "--out", str(out), "-q", "-j", "2"],
        "-j 1": [*CLI, "build", *names, "--out", str(out), "-q", "-j", "1"],
        "old serial": [sys.executable, "-c", OLD_SERIAL, str(out), *names],
    }
    times: dict[str, list[float]] = {m: [] for m in modes}
    memory: dict[str, int] = {}
    cpu: dict[str, list[float]] = {m: [] for m in modes}
    for _ in range(BATCH_RUNS):
        for mode, command in modes.items():  # interleaved: load drift hits every mode alike
            shutil.rmtree(out, ignore_errors=True)
            seconds, kb, cpu_seconds = tree_run(command)
            times[mode].append(seconds)
            cpu[mode].append(cpu_seconds)
            memory[mode] = max(memory.get(mode, 0), kb)
    med = {m: statistics.median(t) for m, t in times.items()}
    print(f"\n{BATCH} briefs, cold `reportgen build`, PDF and DOCX, median of {BATCH_RUNS} "
          f"(CPUs available: {len(os.sched_getaffinity(0))})")
    for mode, t in med.items():
        print(f"  {mode:<11} {t:7.2f} s  {BATCH / t:5.2f} briefs/s   CPU "
              f"{statistics.median(cpu[mode]):7.2f} s   peak RSS summed over processes "
              f"{memory[mode] / 1024:7.1f} MB")
    speedup = med["-j 1"] / med["-j 2"]
    print(f"  -j 2 is {speedup:.2f}x -j 1 (target >= {TARGETS['batch j2/j1']}x) and "
          f"{med['old serial'] / med['-j 2']:.2f}x the old serial path")


def scale_section(tmp: Path) -> None:
    """Batches of growing size at -j 2 (BENCH_SCALE, default 20,100 briefs): time per brief and
    peak memory should stay flat (WeasyPrint's memory grows over a long process)."""

    sizes = [int(n) for n in os.environ.get("BENCH_SCALE", "20,100").split(",")]
    names = [str(p) for p in make_briefs(tmp / "scale-briefs", max(sizes))]
    print(f"\nBatches at -j 2, cold, PDF and DOCX; load average {os.getloadavg()[0]:.2f}")
    first = None
    for n in sizes:
        out = tmp / f"scale-{n}"
        seconds, kb, cpu_seconds = tree_run([*CLI, "build", *names[:n], "--out", str(out), "-q",
                                             "-j", "2"])
        first = first or seconds / n
        print(f"  {n:>4} briefs {seconds:7.1f} s  {seconds / n:5.2f} s/brief "
              f"({seconds / n / first:.2f}x the first size)  CPU {cpu_seconds:6.1f} s  "
              f"peak RSS summed {kb / 1024:6.1f} MB")
        shutil.rmtree(out, ignore_errors=True)
    print(f"  load average at the end {os.getloadavg()[0]:.2f}")


class _Lines:
    """A subprocess's output lines, read on a thread so that a wait can have a deadline."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=lambda: [self.lines.put(x) for x in proc.stdout or ()],
                         daemon=True).start()

    def wait_for(self, text: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if text in self.lines.get(timeout=1):
                    return
            except queue.Empty:
                continue
        raise SystemExit(f"benchmark: `reportgen watch` printed no {text!r} in {timeout} s")


def _save(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def watch_section(tmp: Path) -> None:
    """`reportgen watch`: from a save to the new PDF on disk, against WeasyPrint's warm render
    of the same HTML in this process."""
    from reportgen.render.html import render_html
    from reportgen.render.pdf.writer import import_weasyprint

    folder, out = tmp / "watch", tmp / "watch-out"
    folder.mkdir()
    brief, pdf = folder / "brief.yaml", out / "china-ai-governance.pdf"
    text = SEED.read_text(encoding="utf-8")
    _save(brief, text)
    proc = subprocess.Popen([*CLI, "watch", str(brief), "--out", str(out)], text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    lines = _Lines(proc)
    saves = []
    try:
        lines.wait_for("watching")
        for i in range(RUNS):
            before = pdf.stat().st_ino  # every build renames a new file into place
            start = time.perf_counter()
            _save(brief, text.replace("lead global AI governance", f"lead AI governance {i}"))
            deadline = start + 120
            while pdf.stat().st_ino == before and time.perf_counter() < deadline:
                time.sleep(0.002)
            saves.append(time.perf_counter() - start)
            lines.wait_for(": ok")  # the DOCX too: the next save starts from rest
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=60)
    weasyprint = import_weasyprint()
    html = render_html(load_brief(brief).brief, HOUSE)
    base = HOUSE.template_dirs[0].resolve().as_uri() + "/"
    weasyprint.HTML(string=html, base_url=base).write_pdf()  # warm
    plain = median_of(lambda: weasyprint.HTML(string=html, base_url=base).write_pdf())
    save_t = statistics.median(saves)
    print(f"\n`reportgen watch`, save -> new PDF on disk (PDF and DOCX), median of {RUNS}")
    print(f"  save to PDF   {save_t:6.3f} s   plain WeasyPrint, same HTML, warm {plain:6.3f} s")
    print(f"  ratio {save_t / plain:.2f} (target <= {TARGETS['watch / weasyprint']})")


def table_section(brief: Brief) -> None:
    """The 1000-row table: reportgen's whole PDF render against WeasyPrint on the same HTML."""
    from reportgen.render.html import render_html
    from reportgen.render.pdf.writer import import_weasyprint, render_pdf

    weasyprint = import_weasyprint()
    rows = int(os.environ.get("BENCH_TABLE_ROWS", "1000"))
    big = scaled(brief, rows)
    html = render_html(big, HOUSE)
    base = HOUSE.template_dirs[0].resolve().as_uri() + "/"
    ours: list[tuple[float, float]] = []
    plain: list[tuple[float, float]] = []
    for _ in range(int(os.environ.get("BENCH_TABLE_RUNS", "3"))):  # interleaved, as above
        ours.append(wall_and_cpu(lambda: render_pdf(big, HOUSE)))
        plain.append(wall_and_cpu(lambda: weasyprint.HTML(string=html, base_url=base).write_pdf()))
    print(f"\n{rows}-row table, whole PDF (warm; CPU time is less disturbed by other processes)")
    for i, what in enumerate(("wall", "CPU")):
        o, p = statistics.median(t[i] for t in ours), statistics.median(t[i] for t in plain)
        print(f"  {what:<4} reportgen {o:7.2f} s   plain WeasyPrint, same HTML {p:7.2f} s   "
              f"ratio {o / p:.3f} (target <= {TARGETS['1000 rows / weasyprint']})")


def wall_and_cpu(func: Callable[[], object]) -> tuple[float, float]:
    """Seconds of wall-clock time and of this process's CPU time for one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    func()
    return time.perf_counter() - wall, time.process_time() - cpu


def median_of(func: Callable[[], object], runs: int = RUNS,
              clock: Callable[[], float] = time.perf_counter) -> float:
    times = []
    for _ in range(runs):
        start = clock()
        func()
        times.append(clock() - start)
    return statistics.median(times)


def scaled(brief: Brief, rows: int) -> Brief:
    """The seed brief with its comparison table grown (or cut) to ``rows`` rows."""
    table = brief.table
    base = table.rows
    new_rows = tuple(base[i % len(base)] for i in range(rows))
    grown: ComparisonTable = dataclasses.replace(table, rows=tuple(
        TableRow(r.cells, r.cite) for r in new_rows))
    body = tuple(grown if p is table else p for p in brief.body)
    return dataclasses.replace(brief, body=body)


def without_figures(text: str) -> str:
    """The seed's YAML with its ``figures:`` list left out."""
    start = text.index("\nfigures:\n")
    return text[:start] + text[text.index("\nquotes:", start):]


def figures_cost(tmp: str) -> None:
    """Cold builds of the seed with and without its figures, interleaved, in one run."""
    plain = Path(tmp) / "seed-without-figures.yaml"
    plain.write_text(without_figures(SEED.read_text(encoding="utf-8")), encoding="utf-8")
    kept = str(Path(tmp) / "chart-cache")
    runs = {"without": (plain, "off"), "with, first build": (SEED, "off"),
            "with, rebuild": (SEED, kept)}
    cold_run(["build", str(SEED), "--out", tmp, "-q"], env={"REPORTGEN_CACHE": kept})
    times: dict[str, list[float]] = {label: [] for label in runs}
    for _ in range(RUNS):
        for label, (path, cache) in runs.items():
            times[label].append(cold_run(["build", str(path), "--out", tmp, "-q"],
                                         env={"REPORTGEN_CACHE": cache})[0])
    without_t = statistics.median(times["without"])
    print("\nFigures: cold `reportgen build`, PDF and DOCX, seed with and without its chart "
          f"(target <= +{TARGETS['figure cost']:.1f} s)")
    print(f"  without its chart                      {without_t:6.3f} s")
    for label in ("with, first build", "with, rebuild"):
        t = statistics.median(times[label])
        note = "chart drawn" if label.endswith("first build") else "chart kept on disk"
        print(f"  {label + ' (' + note + ')':<38} {t:6.3f} s   cost {t - without_t:+.3f} s")

    from reportgen.render.charts import chart_config, draw_svg, svg_to_png, text_width_px

    figure = load_brief(SEED).brief.figures[0]
    config = json.dumps(chart_config(HOUSE))
    assert figure.spec is not None
    draw_svg(figure.spec, config, text_width_px("A4"), None)  # the engine's start-up, once
    chart = median_of(lambda: draw_svg(figure.spec or "", config, text_width_px("A4"), None))
    svg = draw_svg(figure.spec, config, text_width_px("A4"), None).encode()
    png = median_of(lambda: svg_to_png(svg, text_width_px("A4"), 6.7))
    print(f"  warm chart render {chart * 1000:6.1f} ms   SVG -> 200 dpi PNG {png * 1000:6.1f} ms")


SMALL_CHART = {"data": {"values": [{"a": 1}, {"a": 2}]}, "mark": "point",
               "encoding": {"x": {"field": "a", "type": "quantitative"}}}
FIRST_CHART = {
    "in process": "import vl_convert as vlc\nvlc.vegalite_to_svg(SPEC, allowed_base_urls=[])",
    "child engine": "from reportgen.render.chartengine import engine\n"
                    "engine().svg(SPEC, {}, None, [])",
}


def chart_engine_section() -> None:
    """The first chart of a process: vl-convert in the process (as before the bounded engine)
    against the warm child process (``render.chartengine``), each in a fresh interpreter."""
    times: dict[str, list[float]] = {label: [] for label in FIRST_CHART}
    for _ in range(RUNS):
        for label, code in FIRST_CHART.items():
            # reportgen.render is imported before the clock starts: every build has it already.
            script = (f"import time, reportgen.render\nSPEC = {SMALL_CHART!r}\n"
                      "start = time.perf_counter()\n"
                      f"{code}\nprint(time.perf_counter() - start)")
            out = subprocess.run([sys.executable, "-c", script], capture_output=True,
                                 text=True, check=True).stdout
            times[label].append(float(out.split()[-1]))
    inside, child = (statistics.median(times[k]) for k in FIRST_CHART)
    print("First chart of a process (engine start-up included)")
    print(f"  in process {inside:6.3f} s   child engine {child:6.3f} s   "
          f"difference {child - inside:+.3f} s\n")


def tagged_vs_untagged(tmp: str) -> None:
    """Cold PDF builds of the seed: the default (tagged PDF/UA-1, repaired with pikepdf) against
    --pdf-variant none, alternated so that both see the same machine load."""
    times: dict[str, list[float]] = {"tagged": [], "none": []}
    for _ in range(RUNS):
        for label, extra in (("tagged", []), ("none", ["--pdf-variant", "none"])):
            out = str(Path(tmp) / label)
            args = ["build", str(SEED), "--format", "pdf", "--out", out, "-q", *extra]
            times[label].append(cold_run(args)[0])
    tagged, plain = (statistics.median(times[k]) for k in ("tagged", "none"))
    ratio = tagged / plain
    print("Cold `reportgen build --format pdf`: tagged default against --pdf-variant none")
    print(f"  tagged {tagged:6.3f} s   none {plain:6.3f} s   ratio {ratio:.2f} "
          f"(target <= {TARGETS['tagged / none']:.2f}: {ratio / TARGETS['tagged / none']:.2f} x)")
    sizes = {k: (Path(tmp) / k / "china-ai-governance.pdf").stat().st_size / 1024
             for k in times}
    print(f"  size: tagged {sizes['tagged']:.1f} KB "
          f"({sizes['tagged'] / TARGETS['seed pdf KB']:.2f} x the {TARGETS['seed pdf KB']} KB "
          f"target), none {sizes['none']:.1f} KB\n")


def cold_section() -> None:
    """Whole `reportgen` processes, as a user runs them."""
    with tempfile.TemporaryDirectory() as tmp:
        tagged_vs_untagged(tmp)
    with tempfile.TemporaryDirectory() as tmp:
        print("Cold whole-process `reportgen build` (new Python process each run)")
        results = {}
        for label, fmt in (("pdf", "pdf"), ("docx", "docx"), ("both", "pdf,docx")):
            runs = [cold_run(["build", str(SEED), "--format", fmt, "--out", tmp, "-q"])
                    for _ in range(RUNS)]
            t = statistics.median(r[0] for r in runs)
            mem = max(r[1] for r in runs) / 1024
            results[label] = t
            print(f"  {label:<5} {t:6.3f} s   peak RSS {mem:6.1f} MB")
        # The same build in one process (no PDF worker), to see what the overlap saves.
        one = [sys.executable, "-c", "import sys; from pathlib import Path; "
               "from reportgen.batch import Job, build_one; "
               "build_one(Job(Path(sys.argv[1]), Path(sys.argv[2]), ('pdf', 'docx')))"]
        alone = statistics.median(cold_run([str(SEED), tmp], one)[0] for _ in range(RUNS))
        print(f"  both, one process {alone:6.3f} s   (the CLI's PDF worker saves "
              f"{alone - results['both']:.3f} s)")
        print(f"  target both <= {TARGETS['cold both']:.1f} s: "
              f"{results['both'] / TARGETS['cold both']:.2f} x target")
        validate = statistics.median(
            cold_run(["validate", str(SEED), "-q"])[0] for _ in range(RUNS))
        print(f"  validate {validate:6.3f} s (no PDF engine imported)")
        pdf_size = (Path(tmp) / "china-ai-governance.pdf").stat().st_size / 1024
        docx_size = (Path(tmp) / "china-ai-governance.docx").stat().st_size / 1024
        ratio = pdf_size / TARGETS["seed pdf KB"]
        print(f"\nOutput size: pdf {pdf_size:.1f} KB ({ratio:.2f} x the "
              f"{TARGETS['seed pdf KB']} KB target), docx {docx_size:.1f} KB")
        figures_cost(tmp)


def warm_section(brief: Brief) -> None:
    """Renders inside one process, imports done."""
    render_pdf, render_docx = renderer("pdf"), renderer("docx")
    render_pdf(brief, HOUSE, DEFAULT)  # warm up imports and font caches
    render_docx(brief, HOUSE, DEFAULT)
    print("\nWarm render inside one process (imports done)")
    yaml_t = median_of(lambda: read_yaml(SEED), max(RUNS, 25))
    load_t = median_of(lambda: load_brief(SEED))
    pdf_t = median_of(lambda: render_pdf(brief, HOUSE, DEFAULT))
    docx_t = median_of(lambda: render_docx(brief, HOUSE, DEFAULT))
    print(f"  YAML load     {yaml_t * 1000:7.1f} ms   (file -> data with positions)")
    print(f"  load+validate {load_t * 1000:7.1f} ms")
    print(f"  pdf           {pdf_t * 1000:7.1f} ms")
    print(f"  docx          {docx_t * 1000:7.1f} ms")


def scaling_section(brief: Brief) -> None:
    """The comparison table grown to 10, 100 and 1000 rows."""
    render_pdf, render_docx = renderer("pdf"), renderer("docx")
    print("\nComparison table scaled (warm, whole brief rendered)")
    print(f"  {'rows':>5}  {'pdf':>9}  {'docx':>9}")
    for rows in (10, 100, 1000):  # the 1000-row PDF is measured above, against WeasyPrint
        b = scaled(brief, rows)
        p = median_of(lambda b=b: render_pdf(b, HOUSE, DEFAULT), RUNS) if rows < 1000 else None
        d = median_of(lambda b=b: render_docx(b, HOUSE, DEFAULT), RUNS)
        print(f"  {rows:>5}  " + (f"{p:7.3f} s" if p is not None else "  (above)")
              + f"  {d:7.3f} s")
        if rows == 1000:
            print(f"  target docx 1000 rows <= {TARGETS['docx 1000 rows']} s: "
                  f"{d / TARGETS['docx 1000 rows']:.2f} x target")


def web_section() -> None:
    """The web edition: a warm render (charts drawn once, as a build draws them for every
    format), a cold `build --format html`, and the file's size with and without brand fonts."""
    from reportgen.brand.load import load_brand
    from reportgen.render.charts import render_figures
    from reportgen.render.web.writer import render_web as render_html

    brief = render_figures(load_brief(SEED).brief, HOUSE)
    brand = load_brand(ROOT / "brands" / "example-policy-institute")
    print("\nWeb edition")
    warm = median_of(lambda: render_html(brief, HOUSE), max(RUNS, 15))
    branded = median_of(lambda: render_html(brief, brand), max(RUNS, 15))
    print(f"  warm html {warm * 1000:7.1f} ms ({warm * 1000 / TARGETS['warm html ms']:.2f} x "
          f"the {TARGETS['warm html ms']} ms target); with brand fonts {branded * 1000:.1f} ms")
    with tempfile.TemporaryDirectory() as tmp:
        cold = statistics.median(cold_run(["build", str(SEED), "--format", "html", "--out", tmp,
                                           "-q"])[0] for _ in range(RUNS))
        print(f"  cold build --format html {cold:6.3f} s ({cold / TARGETS['cold html']:.2f} x "
              f"the {TARGETS['cold html']} s target)")
    size = len(render_html(brief, HOUSE)) / 1024
    brand_size = len(render_html(brief, brand)) / 1024
    print(f"  seed html {size:.1f} KB, with the example brand's fonts {brand_size:.1f} KB "
          f"({brand_size / TARGETS['seed html KB']:.2f} x the {TARGETS['seed html KB']} KB "
          "target)")


def main() -> None:
    """Every section, or those named in BENCH_ONLY (e.g. BENCH_ONLY=watch,batch)."""
    only = {name for name in os.environ.get("BENCH_ONLY", "").split(",") if name}
    print(f"reportgen benchmark: {SEED.name}, median of {RUNS} runs each\n")
    brief = load_brief(SEED).brief
    with tempfile.TemporaryDirectory() as tmp:
        sections: dict[str, Callable[[], None]] = {
            "ratios": lambda: ratios.section(SEED, make_briefs, RUNS),
            "cold": cold_section,
            "zh": chinese_edition,
            "warm": lambda: warm_section(brief),
            "table": lambda: table_section(brief),
            "watch": lambda: watch_section(Path(tmp)),
            "batch": lambda: batch_section(Path(tmp)),
            "scale": lambda: scale_section(Path(tmp)),
            "scaling": lambda: scaling_section(brief),
            "bibliography": bibliography_bench,
            "charts": chart_engine_section,
            "noop": lambda: noop_section(Path(tmp)),
            "web": web_section,
            "citations": citations_bench,
            "review": lambda: review_section(brief, Path(tmp)),
        }
        for name, section in sections.items():
            if not only or name in only:
                section()


def noop_section(tmp: Path) -> None:
    """Nothing to do: `build --changed` (default -j) and `make brief` decide from the build
    manifest alone, without starting workers or importing an engine."""
    out = tmp / "noop"
    args = ["build", "--changed", "--out", str(out), "-q"]
    cold_run(args)  # builds the seeds once
    changed = median_of(lambda: cold_run(args))
    make = ["make", "-s", "-C", str(ROOT), "brief"]
    subprocess.run(make, check=True, capture_output=True)  # outputs/ current once
    brief = median_of(lambda: subprocess.run(make, check=True, capture_output=True))
    print(f"no-op build --changed: {changed:.3f} s (target {TARGETS['no-op build --changed']} s)")
    print(f"no-op make brief: {brief:.3f} s (target {TARGETS['no-op make brief']} s)")


def big_bibliography(folder: Path, entries: int = 2000) -> dict[str, Path]:
    """The seed with its sources moved into CSL-JSON and BibTeX files of ``entries`` entries:
    the seed's own, then uncited ones (a reference manager's whole library)."""
    import json
    import re

    fixtures = ROOT / "tests" / "fixtures"
    items = json.loads((fixtures / "seed-sources.json").read_text(encoding="utf-8"))
    extra = [dict(items[i % len(items)], id=f"extra-{i}") for i in range(entries - len(items))]
    (folder / "big.json").write_text(json.dumps(items + extra, indent=2), encoding="utf-8")
    bib = (fixtures / "seed-sources.bib").read_text(encoding="utf-8")
    blocks = re.findall(r"(?ms)^@.*?^}\n", bib)
    more = [re.sub(r"\{[^,]+,", f"{{extra-{i},", blocks[i % len(blocks)], count=1)
            for i in range(entries - len(blocks))]
    (folder / "big.bib").write_text(bib + "\n".join(more), encoding="utf-8")
    seed = SEED.read_text(encoding="utf-8")
    out = {}
    for name in ("big.json", "big.bib"):
        brief = folder / f"seed-{name}.yaml"
        brief.write_text(re.sub(r"(?ms)^sources:\n.*\Z", f"bibliography: {name}\n", seed),
                         encoding="utf-8")
        out[name] = brief
    return out


def cpu_median(func: Callable[[], object], runs: int = RUNS) -> float:
    """Median CPU time of this process: less disturbed than wall time by other processes."""
    return median_of(func, runs, clock=time.process_time)


def bibliography_bench() -> None:
    print("\nBibliography of 2000 entries (22 cited): load+validate, warm, CPU time;"
          " cold validate, wall time")
    with tempfile.TemporaryDirectory() as tmp:
        briefs = big_bibliography(Path(tmp))
        base = cpu_median(lambda: load_brief(SEED))
        cold_base = statistics.median(
            cold_run(["validate", str(SEED), "-q"])[0] for _ in range(RUNS))
        print(f"  sources in YAML  {base * 1000:7.1f} ms   cold validate {cold_base:6.3f} s")
        for name, brief in briefs.items():
            warm = cpu_median(lambda brief=brief: load_brief(brief))
            cold = statistics.median(
                cold_run(["validate", str(brief), "-q"])[0] for _ in range(RUNS))
            print(f"  {name:<16} {warm * 1000:7.1f} ms   cold validate {cold:6.3f} s  "
                  f"(+{(warm - base) * 1000:.0f} ms CPU over YAML sources)")


def citations_bench() -> None:
    """Pandoc citations at scale: 200 of them, with locators, prefixes and author-in-text
    forms, citing 200 entries of a 2,000-entry CSL-JSON library. Target: load + format
    (every citation's printed words) <= 0.5 s CPU."""
    import re

    from reportgen.model import Section, blocks_text

    print("\nCitations: 200 Pandoc citations into a 2000-entry library, load + format, CPU")
    forms = ("[@extra-{i}]", "[see @extra-{i}, pp. 3-5]", "@extra-{i} [chap. 2]",
             "[-@extra-{i}, p. 7; also @extra-{j}]")
    with tempfile.TemporaryDirectory() as tmp:
        brief = big_bibliography(Path(tmp))["big.json"]
        prose = "\n\n".join(f"      Claim {i} {forms[i % 4].format(i=i + 100, j=i + 1000)}."
                             for i in range(200))
        text = brief.read_text(encoding="utf-8")
        text = re.sub(r"(?m)^(    body: )[|>]-?\n", lambda m: f"{m.group(1)}|\n{prose}\n\n",
                      text, count=1)
        brief.write_text(text, encoding="utf-8")

        def run() -> str:
            loaded = load_brief(brief).brief
            return "".join(blocks_text(p.blocks) for p in loaded.body if isinstance(p, Section))

        printed = run()
        assert printed.count("[") >= 200, "the citations were not read"
        cpu = cpu_median(run)
        print(f"  load + format    {cpu * 1000:7.1f} ms CPU   (target 500 ms; numeric style)")


def chinese_edition() -> None:
    """The Chinese seed against the English one: cold builds interleaved in one run (so both
    see the same machine load), PDF size, and the CJK font shrinking on its own."""
    import reportgen.render.pdf.writer as pdf_writer

    print("\nChinese edition (cold `reportgen build`, both formats, runs interleaved)")
    times: dict[str, list[float]] = {"en": [], "zh": []}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(RUNS):
            for key, seed in (("en", SEED), ("zh", SEED_ZH)):
                times[key].append(cold_run(["build", str(seed), "--out", tmp, "-q"])[0])
        size = (Path(tmp) / "china-ai-governance-zh.pdf").stat().st_size / 1024
    en, zh = statistics.median(times["en"]), statistics.median(times["zh"])
    print(f"  en {en:6.3f} s   zh {zh:6.3f} s   zh / en {zh / en:.2f} "
          f"(target <= {TARGETS['zh / en']})")
    print(f"  zh pdf {size:.1f} KB ({size / TARGETS['zh pdf KB']:.2f} x the "
          f"{TARGETS['zh pdf KB']} KB target)")

    shrink = pdf_writer.shrink_fonts
    spent: list[float] = []

    def timed(document: object, pdf: object) -> None:
        start = time.perf_counter()
        shrink(document, pdf)
        spent.append(time.perf_counter() - start)

    brief = load_brief(SEED_ZH).brief
    render_pdf = renderer("pdf")
    render_pdf(brief, HOUSE, DEFAULT)  # warm up
    pdf_writer.shrink_fonts = timed  # type: ignore[assignment]
    try:
        total = median_of(lambda: render_pdf(brief, HOUSE, DEFAULT))
    finally:
        pdf_writer.shrink_fonts = shrink
    print(f"  warm zh pdf render {total * 1000:7.1f} ms, of which CJK font shrinking "
          f"{statistics.median(spent) * 1000:6.1f} ms")



REVIEW_TARGET = 0.5  # seconds for `review` of the seed's DOCX, 50 tracked changes, 20 comments


def reviewed_docx(brief: Brief, path: Path, changes: int = 50, notes: int = 20) -> None:
    """The seed's DOCX as reviewers leave it: ``changes`` words replaced with change tracking
    (w:del + w:ins, as Word and LibreOffice write them) and ``notes`` comments."""
    import copy
    import io

    import docx
    from docx.oxml.ns import qn

    document = docx.Document(io.BytesIO(renderer("docx")(brief, HOUSE)))
    runs = [r for p in document.paragraphs for r in p.runs if len(r.text.split()) > 3]
    for i, run in enumerate(runs[:changes]):
        first, rest = run.text.split(" ", 1)
        gone, new = copy.deepcopy(run._r), copy.deepcopy(run._r)
        gone.find(qn("w:t")).tag = qn("w:delText")
        gone.find(qn("w:delText")).text = first + " "
        new.find(qn("w:t")).text = f"word{i} "
        attrs = {qn("w:id"): str(9000 + i), qn("w:author"): f"Reviewer {i % 3}",
                 qn("w:date"): "2026-01-05T10:00:00Z"}
        deleted, inserted = document.element.makeelement(qn("w:del"), attrs), \
            document.element.makeelement(qn("w:ins"), {**attrs, qn("w:id"): str(9500 + i)})
        deleted.append(gone)
        inserted.append(new)
        run._r.addprevious(deleted)
        run._r.addprevious(inserted)
        run.text = rest
    for i, run in enumerate(runs[changes:changes + notes]):
        document.add_comment(run, text=f"Comment {i}", author="Director", initials="D")
    document.save(str(path))


def review_section(brief: Brief, tmp: Path) -> None:
    """`reportgen review` of an edited DOCX, in process (the command without start-up)."""
    from reportgen.review.run import review

    path = tmp / "reviewed.docx"
    reviewed_docx(brief, path)
    found = review(path, SEED)
    t = median_of(lambda: review(path, SEED))
    kinds = {k: sum(f.what == k for f in found.findings) for k in ("replacement", "comment")}
    print(f"\n`reportgen review`, seed DOCX with {kinds['replacement']} tracked replacements "
          f"and {kinds['comment']} comments, median of {RUNS}")
    print(f"  {t:6.3f} s (target <= {REVIEW_TARGET} s)")


if __name__ == "__main__":
    main()

