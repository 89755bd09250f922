"""``build --shard K/N``: one machine's part of a batch too big for one machine.

Why round robin over the sorted plan: the split depends only on the briefs and brands given, never
on the machine or timing, so N machines of a CI matrix build disjoint parts that together are
the whole plan, each brief's files byte for byte those of a single run, and the parts stay within
one brief of each other in size.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TypeVar

from .errors import InputError, Problem

T = TypeVar("T")

SHARD = re.compile(r"\s*(\d+)\s*/\s*(\d+)\s*")


def parse(text: str) -> tuple[int, int]:
    """``"K/N"`` as (K, N), 1 ≤ K ≤ N; a clear error otherwise."""
    found = SHARD.fullmatch(text)
    k, n = (int(found[1]), int(found[2])) if found else (0, 0)
    if not found or n < 1 or not 1 <= k <= n:
        raise InputError([Problem("--shard", f"'{text}' is not a part of a batch",
                                  hint="give K/N with 1 ≤ K ≤ N, e.g. --shard 2/4 for the "
                                  "second of four machines")])
    return k, n


def part(jobs: Sequence[T], k: int, n: int) -> list[T]:
    """The K-th of N parts of ``jobs`` (already in the plan's sorted order)."""
    return [job for i, job in enumerate(jobs) if i % n == k - 1]
