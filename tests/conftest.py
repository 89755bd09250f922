"""Shared fixtures: the seed brief, loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.brief.load import Loaded, load_brief
from reportgen.model import Brief, Section
from reportgen.model.order import body_order

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "china-ai-governance.yaml"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed() -> Loaded:
    return load_brief(SEED)


def sections(brief: Brief) -> list[Section]:
    """Every section of a brief in reading order, each followed by its subsections."""
    return [item for _, item in body_order(brief.body) if isinstance(item, Section)]
