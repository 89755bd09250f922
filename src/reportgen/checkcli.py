"""What ``reportgen check`` does with each file: a brief gets check_brief, a PDF the PDF checks.

Kept apart from cli.py so the command stays a thin shell: arguments in, Problems out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .errors import Problem


def _summary(path: Path, problems: Sequence[Problem]) -> str:
    count = {s: sum(p.severity == s for p in problems) for s in ("error", "warning", "info")}
    unverified = sum(p.message.startswith("not verified") for p in problems)
    parts = [f"{count['error']} error(s)", f"{count['warning']} warning(s)"]
    if unverified:
        parts.append(f"{unverified} quote(s) not verified")
    return f"{path}: {'ok' if not count['error'] else 'failed'} ({', '.join(parts)})"


def run_checks(files: Sequence[Path], links: bool, quiet: bool, echo: Callable[..., Any],
               archive_dir: Path | None = None, support: Path | None = None) -> list[Problem]:
    """Check every file; print its problems (errors only with ``quiet``) in file order and a
    summary line; return the problems, from which the CLI takes its exit code."""
    from .check import check_brief
    from .verify.claims import Support

    out: list[Problem] = []
    rows: list[Support] = []
    for path in files:
        if path.suffix.lower() == ".pdf":
            from .render.pdf.check import check_pdf

            problems = check_pdf(path)
        else:
            problems = check_brief(path, links, archive_dir, rows)
        for p in sorted(problems, key=lambda p: (p.file, p.line or 0, p.column or 0)):
            if p.severity == "error" or not quiet:
                echo(p.format(), err=True)
        if not quiet:
            echo(_summary(path, problems))
        out.extend(problems)
    if support is not None:
        from .files import write_atomic
        from .verify.claims import support_table

        write_atomic(support, support_table(rows).encode("utf-8"))
        if not quiet:
            echo(f"{support}: {len(rows)} cited sentence(s) with their best supporting passage")
    return out
