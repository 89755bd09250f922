"""A Review as the lines ``reportgen review`` prints, and as a Markdown review report."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby

from .findings import Finding
from .run import Review

_VERB = {"insertion": "inserted", "deletion": "deleted", "formatting": "reformatted",
         "replacement": "replaced", "comment": "commented"}


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "\u2026"


def _what(f: Finding) -> str:
    if f.what == "comment":
        on = f" on \"{_short(f.words, 40)}\"" if f.words else ""
        return f"comment{on}: {_short(f.text)}"
    if f.what == "replacement":
        return f"replaced \"{_short(f.text, 40)}\" with \"{_short(f.words, 40)}\""
    return f"{_VERB[f.what]} \"{_short(f.text)}\""


def _at(review: Review, f: Finding) -> str:
    if f.field is None:
        return f"{review.docx}: not in the YAML ({f.where})"
    return f"{review.brief}:{f.line}:{f.column}: {f.field}"


def lines(review: Review) -> Iterator[str]:
    """Grouped by reviewer, in document order within each."""
    if not review.findings:
        yield f"{review.docx}: no changes and no comments (against {review.brief})"
    ordered = sorted(review.findings, key=lambda f: f.author)
    for author, group in groupby(ordered, key=lambda f: f.author):
        yield f"{author or 'unknown reviewer'}:"
        for f in group:
            yield f"  {_at(review, f)}: {_what(f)} ({f.date[:10] or 'no date'})"
    if review.missing:
        yield (f"warning: {review.missing} anchored paragraph(s) of the brief are no longer in "
               "the DOCX (deleted, or their hidden bookmarks removed); changes there are not "
               "mapped")
    for r in review.refused:
        yield f"{review.brief}:{r.line}:{r.column}: not applied: {r.field}: {r.reason}"
    for f in review.applied:
        yield f"{review.brief}: rewrote {f}"
    if review.commented:
        yield f"{review.brief}: wrote {review.commented} comment(s) as YAML comments"


def markdown_report(review: Review) -> str:
    """The review as Markdown, to keep beside the brief."""
    out = [f"# Review of {review.docx.name}", "", f"Brief: `{review.brief}`", ""]
    ordered = sorted(review.findings, key=lambda f: f.author)
    for author, group in groupby(ordered, key=lambda f: f.author):
        out += [f"## {author or 'unknown reviewer'}", ""]
        out += [f"- `{_at(review, f)}`: {_what(f)} ({f.date[:10] or 'no date'})" for f in group]
        out.append("")
    if not review.findings:
        out.append("No changes and no comments.")
    return "\n".join(out).rstrip() + "\n"
