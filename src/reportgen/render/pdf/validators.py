"""``reportgen check FILE.pdf``: run the installed PDF validators and say what to fix.

Two independent checkers, both optional Python packages (the ``test`` extra pins them):
``page-validation`` (module ``page``) checks the PDF/A and PDF/UA profiles the file declares in
its XMP, and ``outloud`` checks PDF/UA-1 and WCAG 2.2 the way a screen reader meets the file
(its heuristic "semantic" findings are warnings here; the tests allow none either way).
Every failure becomes a ``Problem`` with the rule, the page where the validator names one, and a
plain-language fix. A missing validator is reported, never skipped in silence.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from ...errors import Problem

# Profiles page-validation knows, by what the XMP declares.
_PDFA_PROFILES = {"1a", "1b", "2a", "2b", "2u", "3a", "3b", "3u"}
# page-validation rule ids name their subject (PDFUA1-LINK-..., PDFA3B-METADATA-...): the fix
# for the first keyword that a rule id contains. reportgen's own PDFs pass; these hints are for
# files made elsewhere or edited after the build.
_FIXES = (
    ("LINK", "put every link in a Link structure element and give it a description "
             "(/Contents); a PDF built by reportgen does both"),
    ("TABLE", "mark table header cells as TH with a scope (column or row)"),
    ("XMP", "declare every XMP property in a predefined schema or a PDF/A extension schema"),
    ("METADATA", "rebuild from the brief: reportgen writes the title, language and conformance "
                 "into uncompressed XMP metadata"),
    ("FONT", "embed every font (a brand font that cannot be embedded must be replaced)"),
    ("TAG", "tag the PDF: build without '--pdf-variant none' (tagged PDF/UA-1 is the default)"),
    ("STRUCT", "tag the PDF: build without '--pdf-variant none' (tagged PDF/UA-1 is the default)"),
    ("VIEWER", "set /DisplayDocTitle so the window shows the title; reportgen does this when "
               "tagging"),
    ("ID-", "declare the standard in the XMP metadata (pdfuaid:part, pdfaid:part)"),
    ("TABS", "set /Tabs /S on every page with annotations (tab order follows the structure)"),
    ("ANNOT", "give annotations the Print flag and a description"),
    ("LANG", "set the document language: meta.language in the brief"),
    ("COLOR", "use an output intent (pdf/a-* variants add sRGB) or device-independent colour"),
)
_DEFAULT_FIX = "rebuild with 'reportgen build' (tagged PDF/UA-1 by default); if the file was " \
    "edited afterwards, fix it in the editing tool"


def declared_profiles(path: Path) -> list[str]:
    """The page-validation profiles a PDF declares in its XMP ('3b', 'ua1'); ['ua1'] if none,
    because accessibility is what every published brief must have."""
    import pikepdf

    with pikepdf.open(path) as pdf, pdf.open_metadata() as meta:
        part = str(meta.get("pdfaid:part", "")).strip()
        level = str(meta.get("pdfaid:conformance", "")).strip().lower()
        ua = str(meta.get("pdfuaid:part", "")).strip()
    profiles = [f"{part}{level}"] if f"{part}{level}" in _PDFA_PROFILES else []
    if ua == "1" or not profiles:
        profiles.append("ua1")
    return profiles


def fix_for(rule: str) -> str:
    return next((fix for key, fix in _FIXES if key in rule.upper()), _DEFAULT_FIX)


def page_validation_problems(path: Path, profiles: list[str]) -> list[Problem]:
    import page

    problems = []
    for profile in profiles:
        try:
            report = page.validate_pdf(path, profile=profile)
        except page.PageError as exc:  # a file it cannot parse, or beyond its safety limits
            problems.append(Problem(str(path), f"page-validation could not check it: {exc}",
                                    field=f"page-validation {page.__version__}, {profile}"))
            continue
        for failure in report.failures:
            problems.append(Problem(
                str(path), failure.message,  # names the page ("annotation 3 on page 2") if any
                field=f"{failure.rule_id} (page-validation {page.__version__}, {profile})",
                hint=fix_for(failure.rule_id)))
    return problems


def outloud_problems(path: Path) -> list[Problem]:
    import outloud
    from outloud.registry import load_catalogue

    result = outloud.check(str(path))
    if result.error:
        return [Problem(str(path), f"outloud could not read the file: {result.error}")]
    catalogue: dict[str, Any] = load_catalogue()
    problems = []
    for finding in result.findings:
        if finding.severity not in ("error", "warning"):
            continue
        meta = catalogue.get(finding.rule)
        # outloud's "semantic" rules are heuristics beyond what PDF/UA-1 requires (a 3-page
        # brief's running header read as prose, TAG-002; row headers counted as "shredded",
        # TBL-010): worth a look, so printed, but they do not fail the check.
        heuristic = getattr(meta, "layer", "") == "semantic"
        count = f" ({finding.count} times)" if finding.count > 1 else ""
        page_part = f"page {finding.page}: " if finding.page else ""
        problems.append(Problem(
            str(path), page_part + finding.message + count,
            field=f"{finding.rule} (outloud {outloud.__version__})",
            hint=getattr(meta, "fix", None) or _DEFAULT_FIX,
            severity="error" if finding.severity == "error" and not heuristic else "warning"))
    return problems


def check_pdf(path: Path) -> list[Problem]:
    """Every validator failure in the PDF at ``path`` (errors and warnings), as Problems."""
    path = Path(path)
    if not path.is_file():
        return [Problem(str(path), "no such file")]
    problems: list[Problem] = []
    try:
        profiles = declared_profiles(path)
    except Exception as exc:  # pikepdf's own errors: not a PDF, damaged, encrypted
        return [Problem(str(path), f"cannot read the PDF: {exc}")]
    runners = (("page-validation", "page", lambda: page_validation_problems(path, profiles)),
               ("outloud", "outloud", lambda: outloud_problems(path)))
    missing = [name for name, module, _ in runners if importlib.util.find_spec(module) is None]
    for name, _, run in runners:
        if name not in missing:
            problems.extend(run())
    if len(missing) == 2:
        problems.append(Problem(str(path), "no PDF validator is installed",
                                hint="pip install page-validation outloud"))
    elif missing:
        problems.append(Problem(str(path), f"{missing[0]} is not installed: its checks did not run",
                                hint=f"pip install {missing[0]}", severity="warning"))
    return problems
