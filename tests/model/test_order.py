"""model.order: where every part of a brief goes, the same in every format."""

from __future__ import annotations

from conftest import sections
from reportgen.brief.load import Loaded
from reportgen.model import (
    BulletList,
    ComparisonTable,
    OrderedList,
    Paragraph,
    Quote,
    Section,
    Source,
    Text,
)
from reportgen.model.order import body_order, citations, quote_at, reading_order, section_order


def test_quotes_never_separate_a_lead_in_from_its_list() -> None:
    lead = Paragraph((Text("Three features stand out:"),))
    items = BulletList(((Text("one"),), (Text("two"),)))
    para = Paragraph((Text("A plain paragraph."),))
    assert quote_at(Section("s", "S", (lead, items))) == 2
    assert quote_at(Section("s", "S", (para, lead, items))) == 1
    assert quote_at(Section("s", "S", (para, para))) == 1
    assert quote_at(Section("s", "S", ())) == 0


def test_section_order_puts_quotes_after_the_lead_in() -> None:
    para = Paragraph((Text("First."),))
    lead = Paragraph((Text("Then:"),))
    items = BulletList(((Text("one"),),))
    quote = Quote("Words.", "Speaker", "Office")
    sub = Section("sub", "Sub", (para,))
    section = Section("s", "S", (para, lead, items), (quote,), (sub,))
    assert list(section_order(section)) == [para, quote, lead, items, sub]


def test_body_order_gives_subsections_their_level(seed: Loaded) -> None:
    levels = {item.id: level for level, item in body_order(seed.brief.body)
              if isinstance(item, Section | ComparisonTable)}
    for part in seed.brief.body:
        assert levels[part.id] == 1
        for sub in getattr(part, "subsections", ()):
            assert levels[sub.id] == 2
    assert [s.id for s in sections(seed.brief)] == [
        k for k in levels if k != seed.brief.table.id]


def test_reading_order_runs_from_summary_to_sources(seed: Loaded) -> None:
    brief = seed.brief
    parts = list(reading_order(brief))
    assert parts[:len(brief.summary)] == list(brief.summary)
    assert parts[len(brief.summary)] == OrderedList(brief.takeaways)
    assert parts[-len(brief.sources):] == list(brief.sources)
    assert sum(isinstance(p, Source) for p in parts) == len(brief.sources)
    assert parts.index(brief.table) > parts.index(brief.body[0])


def test_sources_are_numbered_in_reading_order(seed: Loaded) -> None:
    """The loader numbers sources as a reader first meets them: the order model.order gives."""
    first_seen: list[int] = []
    for cite in citations(seed.brief):
        first_seen += [n for n in cite.numbers if n not in first_seen]
    assert len(first_seen) > 10
    assert sorted(first_seen) == list(range(1, len(first_seen) + 1))
    # Numbers within one citation are shown ascending, so compare group by group.
    groups = [sorted(c.numbers) for c in citations(seed.brief)]
    highest = 0
    for group in groups:
        new = [n for n in group if n > highest]
        assert new == list(range(highest + 1, highest + 1 + len(new)))
        highest = max(highest, *group)
