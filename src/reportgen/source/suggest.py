"""Did-you-mean hints for misspelt names (keys, ids, image names, PDF variants)."""

from __future__ import annotations

from collections.abc import Iterable
from difflib import get_close_matches


def closest(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The known name closest to ``word``, if any is close enough."""
    close = get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return close[0] if close else None


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """The hint for a misspelt name: the closest known one, if any is close."""
    close = closest(word, choices)
    return f"did you mean '{close}'?" if close else None
