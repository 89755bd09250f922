"""reportgen's own settings in brand.yml (``defaults: reportgen:``), and the folder's templates/
and reference.docx.

brand.yml keeps tool-specific settings under ``defaults``::

    defaults:
      reportgen:
        logo_in_header: true   # also show the logo in the running header of every page
        pdf_variant: pdf/ua-1  # every PDF tagged and accessible (PDF/UA-1); pdf/a-3b ... archival
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..errors import FieldPath, Problem
from ..files import confined, real
from ..fonts.stacks import parse_script_fonts
from ..options import pdf_variant, pdf_variants_expected
from ..source.suggest import did_you_mean
from .report import Report

REPORTGEN_OPTIONS = {"logo_in_header": "true or false",
                     "embed_source": "true or false",
                     "pdf_variant": "a PDF variant such as pdf/ua-1 or pdf/a-3b",
                     "script_fonts": "a family per script, e.g. {zh-Hans: Source Han Serif SC}"}
TEMPLATE_TYPES = (".j2", ".html", ".jinja", ".jinja2")


def reportgen_options(report: Report, data: dict[str, Any]) -> dict[str, Any]:
    defaults = data.get("defaults")
    options = defaults.get("reportgen") if isinstance(defaults, dict) else None
    if options is None:
        return {}
    at: FieldPath = ("defaults", "reportgen")
    if not isinstance(options, dict):
        report.add(at, "reportgen settings must be a mapping",
                   hint="e.g.  reportgen: {logo_in_header: true}")
        return {}
    checked = dict(options)
    for key, value in options.items():
        if key not in REPORTGEN_OPTIONS:
            report.add((*at, key), f"unknown reportgen setting '{key}'",
                       hint=did_you_mean(key, tuple(REPORTGEN_OPTIONS))
                       or "known settings: " + ", ".join(REPORTGEN_OPTIONS), at_key=True)
        elif key == "pdf_variant":
            checked[key] = _pdf_variant(report, (*at, key), value)
        elif key == "script_fonts":  # fonts/stacks.py: a family per script, before the house one
            checked[key], problems = parse_script_fonts(value)
            for problem in problems:
                report.add((*at, key), problem, expected=REPORTGEN_OPTIONS[key])
        elif not isinstance(value, bool):
            report.add((*at, key), f"{value!r} is not true or false",
                       expected=REPORTGEN_OPTIONS[key])
    return checked


def _pdf_variant(report: Report, at: FieldPath, value: Any) -> str | None:
    """``pdf_variant: pdf/ua-1`` -> 'pdf/ua-1'; ``none`` (or no value) -> None."""
    if value is None:
        return None
    try:
        if not isinstance(value, str):
            raise ValueError("")
        return pdf_variant(value)
    except ValueError as exc:
        report.add(at, f"unknown PDF variant {value!r}", expected=pdf_variants_expected(),
                   hint=str(exc) or "pdf/ua-1 makes an accessible (tagged) PDF, "
                   "pdf/a-3b an archival one")
        return None


def _inside(report: Report, path: Path, root: Path, what: str,
            where: str = "brand assets must be inside the brand folder") -> bool:
    if confined(path, root) is not None:
        return True
    report.problems.append(Problem(
        str(path), f"{what} is a symbolic link to {real(path)}: {where}",
        hint="copy it into the brand folder instead of linking to it"))
    return False


# What the writers make of a template set or a reference.docx is theirs to check (render/):
# the brand finds the files, keeps them inside the folder, and hands them to the checker it is
# given (``render.preflight.check_files``), so every problem still comes in one report.
CheckFiles = Callable[[Sequence[Path], Path | None], list[Problem]]


def template_files(report: Report, folder: Path, root: Path) -> tuple[Path | None, list[Path]]:
    """The brand's templates/ folder (as a real path, as the PDF's URL fetcher compares them)
    and the template files in it, each kept inside it."""
    templates = folder / "templates"
    if not templates.is_dir() or not _inside(report, templates, root, "templates/"):
        return None, []
    real_templates = real(templates)
    files: list[Path] = []
    for path in sorted(templates.rglob("*")):
        # Every entry, not only templates: Jinja follows links, so a link named 'pw' or
        # 'x.css' would let {% include %} or stylesheet() copy any file into the PDF.
        if not _inside(report, path, real_templates, path.relative_to(templates).as_posix(),
                       "templates must be inside the brand's templates/ folder"):
            continue
        if path.suffix in TEMPLATE_TYPES and path.is_file():
            files.append(path)
    return root / "templates", files


def reference_file(report: Report, folder: Path, root: Path) -> Path | None:
    """The brand's reference.docx, kept inside the folder (its content: ``CheckFiles``)."""
    reference = folder / "reference.docx"
    if not reference.exists() or not _inside(report, reference, root, "reference.docx"):
        return None
    return reference
