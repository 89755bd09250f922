"""Dates, numbers, percentages and amounts in one spelling, so a brief's figure can be looked up
in its source however either writes it: 1 November 2025 = Nov. 1, 2025 = 2025-11-01 =
2025年11月1日; 35 million = 35m = 3500万; 7 % = 7 per cent.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_MONTHS = {m: i + 1 for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))}
_MONTH = (r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t|tember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_SCALE = {"thousand": 10**3, "k": 10**3, "million": 10**6, "m": 10**6, "mn": 10**6,
          "billion": 10**9, "bn": 10**9, "b": 10**9, "万": 10**4, "亿": 10**8, "千": 10**3}
_NUM = r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
_PATTERNS = [
    ("dmy", re.compile(r"\b(\d{1,2})\s+" + _MONTH + r"\s+(\d{4})\b")),
    ("mdy", re.compile(r"\b" + _MONTH + r"\s+(\d{1,2}),?\s+(\d{4})\b")),
    ("iso", re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")),
    ("cjk", re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")),
    ("cjk_month", re.compile(r"(\d{4})年(\d{1,2})月(?!\d)")),
    ("my", re.compile(r"\b" + _MONTH + r"\s+(\d{4})\b")),
    ("percent", re.compile(_NUM + r"\s*(?:%|per\s*cent\b|percent\b)")),
    ("scaled", re.compile(_NUM + r"\s*(thousand|million|billion|mn|bn|[kmb](?![\w])|万|亿|千)")),
    ("number", re.compile(r"(?<![\w.,/-])" + _NUM + r"(?:st|nd|rd|th)?(?![\w]|\.\d|,\d)")),
]


@dataclass(frozen=True)
class Figure:
    """A figure as the brief writes it, and its one spelling (``key``)."""

    text: str
    key: str
    start: int


def _month(name: str) -> int:
    return _MONTHS[name[:3].lower()]


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _fmt(value: float) -> str:
    return f"{value:g}" if value != int(value) else str(int(value))


def _key(kind: str, g: tuple[str, ...]) -> str:
    match kind:
        case "dmy":
            return f"{g[2]}-{_month(g[1]):02d}-{int(g[0]):02d}"
        case "mdy":
            return f"{g[2]}-{_month(g[0]):02d}-{int(g[1]):02d}"
        case "iso":
            return f"{g[0]}-{g[1]}-{g[2]}"
        case "cjk":
            return f"{g[0]}-{int(g[1]):02d}-{int(g[2]):02d}"
        case "cjk_month":
            return f"{g[0]}-{int(g[1]):02d}"
        case "my":
            return f"{g[1]}-{_month(g[0]):02d}"
        case "percent":
            return _fmt(_number(g[0])) + "%"
        case "scaled":
            return _fmt(_number(g[0]) * _SCALE[g[1].lower()])
    return _fmt(_number(g[0]))


def figures(text: str) -> Iterator[Figure]:
    """Every figure in ``text``, longest spelling first where two overlap (a date's day is not
    also a number)."""
    taken: list[tuple[int, int]] = []
    found = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append(m.span())
            found.append(Figure(m.group(0), _key(kind, m.groups()), m.start()))
    return iter(sorted(found, key=lambda f: f.start))


def keys(text: str) -> set[str]:
    """Every spelling under which a source holds a figure: a date also counts as its month and
    its year, so a brief may say 'November 2025' of a source that says '1 November 2025'."""
    out: set[str] = set()
    for f in figures(text):
        out.add(f.key)
        if re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", f.key):
            out.add(f.key[:7])
            out.add(str(int(f.key[:4])))
    return out
