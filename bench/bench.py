"""reportgen benchmark: cold CLI builds, warm renders, table scaling, output size.

Medians of repeated runs, measured in one go, with ratios to the targets; these machines are noisy,
so the figures are for comparison within a run, not absolute truths. Run with ``make bench``.
"""

from __future__ import annotations

import dataclasses
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from reportgen.brief.load import load_brief
from reportgen.model import Brief, ComparisonTable, TableRow
from reportgen.render import renderer
from reportgen.source.yaml import read_yaml
from reportgen.theme import HOUSE

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "china-ai-governance.yaml"
CLI = [sys.executable, "-m", "reportgen"]
RUNS = int(os.environ.get("BENCH_RUNS", "7"))

TARGETS = {"cold both": 1.0, "docx 1000 rows": 0.5, "seed pdf KB": 80}


def cold_run(args: list[str], command: list[str] = CLI) -> tuple[float, int]:
    """Wall time and peak RSS (KB) of one whole `reportgen` process."""
    start = time.perf_counter()
    proc = subprocess.Popen(command + args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(args)}\n{proc.stderr.read()}")
    return elapsed, usage.ru_maxrss


def median_of(func: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
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


def main() -> None:
    print(f"reportgen benchmark: {SEED.name}, median of {RUNS} runs each\n")
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
               "from reportgen.build import build_one; "
               "build_one(Path(sys.argv[1]), ['pdf', 'docx'], Path(sys.argv[2]))"]
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

    brief = load_brief(SEED).brief
    render_pdf, render_docx = renderer("pdf"), renderer("docx")
    render_pdf(brief, HOUSE)  # warm up imports and font caches
    render_docx(brief, HOUSE)
    print("\nWarm render inside one process (imports done)")
    yaml_t = median_of(lambda: read_yaml(SEED), max(RUNS, 25))
    load_t = median_of(lambda: load_brief(SEED))
    pdf_t = median_of(lambda: render_pdf(brief, HOUSE))
    docx_t = median_of(lambda: render_docx(brief, HOUSE))
    print(f"  YAML load     {yaml_t * 1000:7.1f} ms   (file -> data with positions)")
    print(f"  load+validate {load_t * 1000:7.1f} ms")
    print(f"  pdf           {pdf_t * 1000:7.1f} ms")
    print(f"  docx          {docx_t * 1000:7.1f} ms")

    print("\nComparison table scaled (warm, whole brief rendered)")
    print(f"  {'rows':>5}  {'pdf':>9}  {'docx':>9}")
    for rows in (10, 100, 1000):
        b = scaled(brief, rows)
        runs = 3 if rows == 1000 else RUNS
        p = median_of(lambda b=b: render_pdf(b, HOUSE), runs)
        d = median_of(lambda b=b: render_docx(b, HOUSE), RUNS)
        print(f"  {rows:>5}  {p:7.3f} s  {d:7.3f} s")
        if rows == 1000:
            print(f"  target docx 1000 rows <= {TARGETS['docx 1000 rows']} s: "
                  f"{d / TARGETS['docx 1000 rows']:.2f} x target")


if __name__ == "__main__":
    main()
