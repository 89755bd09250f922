"""Shared fixtures: the seed brief, loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.brief.load import Loaded, load_brief
from reportgen.model import Brief, ComparisonTable, Paragraph, Section, plain_text
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


class Label(str):
    """A fixed word that the PDF may print in capitals (CSS text-transform)."""


def outline(brief: Brief, prose: bool = False) -> list[str]:
    """What every format prints of a brief, in reading order: the fixed labels, the summary's
    paragraphs, the takeaways, every heading (with its section's paragraphs if ``prose``), the
    table's heading, caption, columns and cells, and the source titles."""
    labels = {key: Label(brief.labels[key])
              for key in ("executive_summary", "key_takeaways", "sources")}
    items: list[str] = [labels["executive_summary"]]
    items += [plain_text(b.inlines) for b in brief.summary if isinstance(b, Paragraph)]
    items.append(labels["key_takeaways"])
    items += [plain_text(t) for t in brief.takeaways]
    for _, part in body_order(brief.body):
        if isinstance(part, Section):
            items.append(part.heading)
        elif isinstance(part, Paragraph) and prose:
            items.append(plain_text(part.inlines))
        elif isinstance(part, ComparisonTable):
            items += [part.heading, part.caption, *part.columns]
            items += [plain_text(cell) for row in part.rows for cell in row.cells]
    items.append(labels["sources"])
    items += [source.title for source in brief.sources]
    return items
