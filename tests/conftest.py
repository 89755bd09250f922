"""Shared fixtures: the seed brief, loaded once per test session."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from reportgen.batch import Job
from reportgen.batch import build_one as batch_build_one
from reportgen.brief.load import Loaded, load_brief
from reportgen.build import Written
from reportgen.errors import Problem
from reportgen.model import Brief, ComparisonTable, Figure, Paragraph, Section, plain_text
from reportgen.model.order import body_order
from reportgen.options import Overrides
from reportgen.pipeline import Request
from reportgen.render.pdf.worker import PdfWorker
from tiers import (  # noqa: F401  the fast tier's hooks, defined beside it
    _fast_tier_guard,
    pytest_addoption,
    pytest_collection_modifyitems,
    pytest_configure,
)

# Charts are drawn in every test (and CLI subprocess), never taken from a user's chart cache.
os.environ["REPORTGEN_CACHE"] = "off"

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "china-ai-governance.yaml"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass(frozen=True)
class Built:
    """What a test needs of one build: the brief as loaded and what the user was told."""

    brief: Brief
    warnings: tuple[Problem, ...]


def build_one(path: Path, formats: Sequence[str], out: Path, brand: Path | None = None,
              pdf_worker: PdfWorker | None = None,
              strict: bool = False) -> tuple[Built, list[Written]]:
    """Build one brief the way ``reportgen build`` does (``batch.build_one``); raise its error."""
    job = Job(path, out, tuple(formats), Request(brand, Overrides(strict=strict)))
    outcome = batch_build_one(job, pdf_worker)
    if outcome.error is not None:
        raise outcome.error
    return Built(load_brief(path).brief, outcome.warnings), list(outcome.written)


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
              for key in ("executive_summary", "key_takeaways", "sources", "figure")}
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
        elif isinstance(part, Figure):  # captioned "Figure n"
            items += [Label(f"{labels['figure']} {part.number}"), plain_text(part.caption)]
    items.append(labels["sources"])
    items += [source.title for source in brief.sources]
    return items
