"""Reviewers' comments written into the brief as YAML comments, above the field they concern.

A comment line goes above the field's key (or its list item's dash), never inside a value: a
``#`` line inside a ``|`` block would become text of the brief. The data must read the same
afterwards, which is checked before anything is written.
"""

from __future__ import annotations

from collections.abc import Sequence

import yaml

from ..errors import FieldPath, InputError, Problem
from ..source.located import Located
from .findings import Finding


def _line(f: Finding) -> str:
    text = " ".join(f.text.split())
    on = f' on "{" ".join(f.words.split())}"' if f.words else ""
    return f"# review: {f.author or 'unknown'} ({f.date[:10] or 'no date'}){on}: {text}"


def with_comments(doc: Located, found: Sequence[Finding],
                  paths: dict[str, FieldPath]) -> tuple[str, int]:
    """The brief's text with a comment line above each commented field; and how many."""
    lines = doc.text.split("\n")
    inserts: list[tuple[int, str]] = []
    for f in found:
        if f.what != "comment" or f.field is None or f.field not in paths:
            continue
        line, _ = doc.key(paths[f.field])
        if line is None:
            continue
        # The line's own indent (a list item's dash), never deeper: a comment indented like
        # the value of the item above would become text of that block scalar.
        target = lines[line - 1]
        inserts.append((line - 1, target[:len(target) - len(target.lstrip())] + _line(f)))
    for index, text in sorted(inserts, key=lambda i: i[0], reverse=True):
        lines.insert(index, text)
    out = "\n".join(lines)
    if yaml.safe_load(out) != yaml.safe_load(doc.text):
        raise InputError([Problem(doc.file, "the comments could not be placed without changing "
                                  "the brief's data; the YAML is unchanged",
                                  hint="use --report FILE.md instead")])
    return out, len(inserts)
