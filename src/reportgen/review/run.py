"""``reportgen review``: an edited DOCX against its brief; what changed, and where in the YAML.

Data in, data out: the CLI prints the ``Review``. With ``apply`` the YAML is rewritten in place,
atomically, and only after the rewritten brief has been loaded and built again and found to say
what the reviewers' document says.
"""

from __future__ import annotations

import base64
import contextlib
import os
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from ..brief.load import Loaded, load_brief
from ..errors import InputError, Problem, dotted
from ..files import write_atomic
from ..model.walk import map_figures
from ..render.docx.anchors import Anchor, anchor_names, content_digest, parse_identifier
from ..source.located import Located
from ..source.yaml import read_located
from ..theme import HOUSE
from .apply import Edit, Refused, changed_paragraphs, edits, spliced
from .findings import Finding, findings
from .markdown import to_markdown
from .package import HINT, Package, open_docx
from .paragraphs import Para, comments, paragraphs
from .yamlcomments import with_comments

Mode = Literal["accepted", "all"]


@dataclass
class Review:
    docx: Path
    brief: Path
    findings: list[Finding]
    applied: list[str] = field(default_factory=list)  # dotted fields rewritten
    refused: list[Refused] = field(default_factory=list)
    missing: int = 0  # anchors of the fresh build the edited document no longer has
    commented: int = 0  # comments written into the YAML (--comments-to-yaml)


def find_brief(pkg: Package, given: Path | None) -> Path:
    """``--brief``, else ``<slug>.yaml`` beside the DOCX, in the current folder or its seeds/."""
    if given is not None:
        return given
    slug, _ = parse_identifier(pkg.identifier)
    if slug and "/" not in slug and not slug.startswith("."):
        for folder in (pkg.path.parent, Path("."), Path("seeds")):
            if (folder / f"{slug}.yaml").is_file():
                return folder / f"{slug}.yaml"
    raise InputError([Problem(str(pkg.path), f"cannot find the brief this DOCX was built from"
                              f"{f' ({slug}.yaml)' if slug else ''}",
                              hint="name it with --brief BRIEF.yaml")])


def _anchored(paras: list[Para]) -> dict[str, Para]:
    out: dict[str, Para] = {}
    for p in paras:
        if p.anchor is not None:
            out.setdefault(p.anchor.name, p)
    return out


def _markdown(paras: dict[str, Para], keys: dict[int, str], accepted: bool) -> dict[str, str]:
    return {name: to_markdown(p.view(accepted), keys) for name, p in paras.items()}


# A 1x1 PNG: only the text of a fresh build is compared, so figures need not be drawn.
_DOT = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBA"
                        "EAwS2OUAAAAABJRU5ErkJggg==")


def _build(loaded: Loaded) -> dict[str, Para]:
    """The anchored paragraphs of a fresh DOCX of the brief, as it is now."""
    from ..render.docx.writer import render_docx

    brief = map_figures(lambda f: replace(f, spec=None, data=_DOT, media_type="image/png"),
                        loaded.brief)
    data = render_docx(brief, HOUSE)
    return _anchored(list(paragraphs(open_docx(loaded.path, data))))


def review(docx: Path, brief: Path | None = None, apply: Mode | None = None,
           comments_to_yaml: bool = False) -> Review:
    if apply is not None and comments_to_yaml:
        raise InputError([Problem(str(docx), "--apply and --comments-to-yaml rewrite the same "
                                  "file", hint="run review twice: --apply first")])
    pkg = open_docx(docx)
    paras = list(paragraphs(pkg))
    edited = _anchored(paras)
    if not edited:
        raise InputError([Problem(str(docx), "has no reportgen anchors: it was not built by "
                                  "reportgen, or its anchors (hidden bookmarks) were removed",
                                  hint=HINT)])
    path = find_brief(pkg, brief)
    loaded = load_brief(path)
    doc, _ = read_located(path)
    result = Review(docx, path, findings(paras, comments(pkg), doc))
    result.missing = sum(name not in edited for name in anchor_names(loaded.brief))
    if comments_to_yaml:
        paths = {dotted(p.anchor.path): p.anchor.path for p in paras if p.anchor}
        text, result.commented = with_comments(doc, result.findings, paths)
        if result.commented:
            write_atomic(path, text.encode("utf-8"))
    if apply is not None:
        _unchanged_since_build(pkg, loaded)
        _apply(result, loaded, _build(loaded), edited, apply == "all", doc)
    return result


def _unchanged_since_build(pkg: Package, loaded: Loaded) -> None:
    """Applying against a brief edited since the build would undo those edits."""
    _, digest = parse_identifier(pkg.identifier)
    if digest != content_digest(loaded.brief):
        raise InputError([Problem(
            str(loaded.path), f"has changed since {pkg.path} was built from it" if digest
            else f"cannot tell whether it changed since {pkg.path} was built (no digest)",
            hint="apply by hand, or rebuild the DOCX, have it reviewed again, or check out "
                 "the brief as it was when the DOCX was built; without --apply, review lists "
                 "the changes")])


def _apply(result: Review, loaded: Loaded, fresh: dict[str, Para], edited: dict[str, Para],
           accept_pending: bool, doc: Located) -> None:
    keys = {s.number: s.id for s in loaded.brief.sources}
    before = _markdown(fresh, keys, True)
    after = _markdown(edited, keys, accept_pending)
    changed = changed_paragraphs(before, after)
    all_edits: list[Edit] = []
    for name, md in changed.items():
        anchor: Anchor = edited[name].anchor  # type: ignore[assignment]
        found, refused = edits(doc, anchor.path, before[name], md)
        if refused is not None:
            result.refused.append(refused)
        else:
            all_edits += found
    if result.refused:  # all or nothing: a half-applied review would be lost work
        raise InputError([Problem(str(loaded.path), f"not applied: {r.field}: {r.reason}",
                                  r.line, r.column, r.field,
                                  hint="the YAML changed since the DOCX was built, or the "
                                  "paragraph was rewritten too much to place; apply it by hand")
                          for r in result.refused])
    if not all_edits:
        return
    text = spliced(doc.text, all_edits)
    _verify(loaded.path, text, {n: after[n] for n in changed}, before, keys)
    write_atomic(loaded.path, text.encode("utf-8"))
    result.applied = sorted({e.field for e in all_edits})


def _verify(path: Path, text: str, want: dict[str, str], before: dict[str, str],
            keys: dict[int, str]) -> None:
    """Load and build the rewritten brief beside the original (its files resolve the same);
    every paragraph must read as reviewed, or as before; else raise and write nothing."""
    fd, name = tempfile.mkstemp(prefix=f".{path.stem}.review-", suffix=".yaml", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        rebuilt = _markdown(_build(load_brief(Path(name))), keys, True)
    except InputError as exc:
        raise InputError([*exc.problems, Problem(str(path), "the reviewed text does not make a "
                                                 "valid brief; the YAML is unchanged",
                                                 hint="fix the DOCX, or apply by hand")]) from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(name)
    wrong = [n for n, md in rebuilt.items() if md != want.get(n, before.get(n))]
    if wrong:
        raise InputError([Problem(str(path), f"rewriting gave other text in {len(wrong)} "
                                  "paragraph(s), e.g. " + dotted(_anchor(wrong[0])),
                                  hint="the YAML is unchanged; apply these changes by hand")])


def _anchor(name: str) -> tuple[str | int, ...]:
    from ..render.docx.anchors import parse

    found = parse(name)
    return found.path if found else ()
