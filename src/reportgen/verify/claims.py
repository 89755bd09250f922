"""Cited sentences against the archived texts of the sources they cite.

Two checks, run by ``reportgen check`` for every sentence of the prose that cites only sources
with an archive (a figure may come from a source without one, which nothing here can read):

- **figures**: every date, number, percentage and amount of the sentence must occur in at least
  one cited archive, under ``numbers``' one spelling; a miss is a warning naming the figure and
  the archives searched.
- **support**: the archive passage (sentence) sharing most of the sentence's key terms is its
  best support; where none shares at least ``MIN_SHARED`` of them, the citation probably names
  the wrong source. The ranking is lexical (key-term overlap, ties to the shorter passage):
  enough to catch a wrong citation, and no dependency.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Problem
from . import numbers
from .archive import ArchiveError, read_archive
from .linkcheck import prose_fields
from .quotes import normalize

if TYPE_CHECKING:
    from ..brief.load import Loaded

MIN_SHARED = 1  # 'shares none of its key terms': the wrong source, not a weak one
_CITE = re.compile(r"\[(@[^\]]+)\]")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[*\"'(]*[A-Z0-9])|(?<=[。\uff01\uff1f])|\n\s*\n|\n\s*-\s")
_TERM = re.compile(r"[A-Za-z][A-Za-z-]{3,}|[\u4e00-\u9fff]{2}")
_STOP = frozenset((
    "about", "above", "after", "again", "against", "also", "although", "among", "because",
    "been", "before", "being", "below", "between", "both", "but", "could", "does", "doing",
    "down", "during", "each", "from", "further", "have", "having", "here", "into", "itself",
    "just", "more", "most", "much", "must", "only", "other", "over", "same", "should", "since",
    "some", "such", "than", "that", "their", "theirs", "them", "then", "there", "these", "they",
    "this", "those", "through", "under", "until", "very", "were", "what", "when", "where",
    "which", "while", "will", "with", "within", "would", "your", "whose", "whether", "however",
    "many", "first", "least", "still", "like", "made", "make", "makes", "across",
))


@dataclass(frozen=True)
class Sentence:
    text: str  # as the brief writes it, citations included
    cites: tuple[str, ...]
    field: tuple[str | int, ...]


@dataclass(frozen=True)
class Support:
    sentence: Sentence
    passage: str  # the best supporting passage ('' if none shares a key term)
    source: str
    shared: tuple[str, ...]


def terms(text: str) -> set[str]:
    """The key terms of a text: content words, lower-cased, cut to their first five letters (a
    stem that makes 'regulated', 'regulation' and 'regulators' one term)."""
    return {w.lower().strip("-")[:5] for w in _TERM.findall(text)
            if w.lower().strip("-") not in _STOP}


def _script(text: str) -> str:
    return "cjk" if len(re.findall(r"[\u4e00-\u9fff]", text)) * 4 > len(text) else "latin"


def cited_sentences(loaded: Loaded) -> Iterator[Sentence]:
    for field, text in prose_fields(loaded):
        for sentence in _SENTENCE.split(text):
            ids = tuple(dict.fromkeys(
                i.strip().lstrip("@") for m in _CITE.finditer(sentence)
                for i in m.group(1).split(";")))
            if ids:
                yield Sentence(sentence.strip(), ids, field)


def _plain(sentence: str) -> str:
    return normalize(_CITE.sub("", _LINK_TARGET.sub("]", sentence)))


@dataclass
class Archives:
    """The archived texts a brief's sources name, read once each (errors are check_quotes')."""

    loaded: Loaded
    folder: Path | None
    _texts: dict[str, str | None]

    @classmethod
    def of(cls, loaded: Loaded, folder: Path | None) -> Archives:
        return cls(loaded, folder, {})

    def text(self, source_id: str) -> str | None:
        if source_id not in self._texts:
            src = next((s for s in self.loaded.raw.sources if s.id == source_id), None)
            try:
                self._texts[source_id] = (normalize(read_archive(
                    self.loaded.path, src.archive, self.folder)) if src and src.archive else None)
            except ArchiveError:
                self._texts[source_id] = None
        return self._texts[source_id]

    def name(self, source_id: str) -> str:
        src = next(s for s in self.loaded.raw.sources if s.id == source_id)
        return src.archive or source_id


def passages(text: str) -> list[str]:
    return [p for p in re.split(r"(?<=[.!?。\uff01\uff1f])\s+|\n", text) if p.strip()]


def best_support(sentence: Sentence, archives: Archives) -> Support:
    wanted = terms(_plain(sentence.text))
    best = Support(sentence, "", "", ())
    for sid in sentence.cites:
        for passage in passages(archives.text(sid) or ""):
            shared = tuple(sorted(wanted & terms(passage)))
            if len(shared) > len(best.shared) or (
                    len(shared) == len(best.shared) and shared
                    and len(passage) < len(best.passage)):
                best = Support(sentence, passage, sid, shared)
    return best


def _where(loaded: Loaded, field: tuple[str | int, ...], needle: str) -> tuple[int | None,
                                                                                 int | None]:
    """The position of ``needle`` in the brief's file, searched from its field's value on (a
    folded YAML value may break it across lines)."""
    locate = loaded.locate or (lambda _: (None, None))
    line, col = locate(field)
    if line is None:
        return line, col
    text = loaded.path.read_text(encoding="utf-8-sig")
    lines = text.split("\n")
    offset = sum(len(x) + 1 for x in lines[:line - 1]) + (col or 1) - 1
    words = needle.split()
    m = re.compile(r"\s+".join(map(re.escape, words[:8]))).search(text, offset) if words else None
    if m is None:
        return line, col
    before = text[:m.start()]
    return before.count("\n") + 1, m.start() - (before.rfind("\n") + 1) + 1


def check_claims(loaded: Loaded, archive_dir: Path | None = None,
                 on_support: Callable[[Support], None] | None = None) -> list[Problem]:
    """Warnings for figures no cited archive holds and for sentences no cited archive supports;
    ``on_support`` receives every sentence's best passage (for ``check --support``)."""
    archives = Archives.of(loaded, archive_dir)
    problems: list[Problem] = []
    file = str(loaded.path)
    other_script = 0
    for sentence in cited_sentences(loaded):
        texts = [archives.text(sid) for sid in sentence.cites]
        if not all(texts):
            continue
        names = ", ".join(archives.name(sid) for sid in sentence.cites)
        held = set().union(*(numbers.keys(t or "") for t in texts))
        dotted = _dotted(sentence.field)
        for fig in numbers.figures(_plain(sentence.text)):
            if fig.key not in held:
                problems.append(Problem(
                    file, f"'{fig.text}' is not in the cited source(s) ({names})",
                    *_where(loaded, sentence.field, fig.text), dotted,
                    hint="check the figure against the source, or cite the source it comes "
                    "from", severity="warning"))
        if any(_script(t or "") != _script(_plain(sentence.text)) for t in texts):
            other_script += 1
            continue
        support = best_support(sentence, archives)
        if on_support:
            on_support(support)
        if len(support.shared) < MIN_SHARED:
            problems.append(Problem(
                file, f"no passage of the cited source(s) ({names}) shares this sentence's "
                f"key terms: “{_plain(sentence.text)[:120]}”",
                *_where(loaded, sentence.field, sentence.text), dotted,
                hint="check that the citation names the source that makes this claim",
                severity="warning"))
    if other_script:
        problems.append(Problem(
            file, f"support not ranked for {other_script} cited sentence(s) written in another "
            "script than their archived source (the ranking compares words)", severity="info"))
    return problems


def _dotted(path: tuple[str | int, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def support_table(rows: list[Support]) -> str:
    """The sentence -> passage table as Markdown, for an editor to read beside the brief."""
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    out = ["| sentence | cited | best supporting passage | shared key terms |",
           "|---|---|---|---|"]
    for r in rows:
        out.append(f"| {cell(_plain(r.sentence.text))} | {', '.join(r.sentence.cites)} | "
                   f"{cell(r.passage) or '— none —'} | {', '.join(r.shared)} |")
    return "\n".join(out) + "\n"
