"""reportgen.source: a YAML file read into a Located document, with positions by field path."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, SEED
from reportgen.errors import InputError, dotted
from reportgen.source.suggest import did_you_mean
from reportgen.source.yaml import compose, read_yaml

VALID = FIXTURES / "valid_small.yaml"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "doc.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_positions_of_keys_values_and_items() -> None:
    doc = read_yaml(VALID)
    assert doc.key(("summary",)) == (15, 1)  # 1-based, as problems report them
    assert doc.value(("meta", "title")) == (3, 10)
    assert doc.key(("meta", "no-such-key")) == doc.key(("meta",))
    line, _ = doc.value(("sources", 1))
    assert doc.text.split("\n")[line - 1].lstrip().startswith("- id:")


def test_find_points_inside_a_block_and_at_successive_matches(tmp_path: Path) -> None:
    doc = read_yaml(_write(tmp_path, "body: |\n  one [@a]\n  two [@a]\n"))
    assert doc.find(("body",), "@a") == (2, 8)
    assert doc.find(("body",), "@a") == (3, 8)
    assert doc.find(("body",), "@zzz") == doc.value(("body",))


def _marks(node: yaml.Node | None) -> list[tuple[object, ...]]:
    if node is None:
        return []
    own = [(node.start_mark.index, node.end_mark.index, node.start_mark.line,
            node.start_mark.column)]
    if isinstance(node, yaml.MappingNode):
        return own + [m for k, v in node.value for m in _marks(k) + _marks(v)]
    if isinstance(node, yaml.SequenceNode):
        return own + [m for v in node.value for m in _marks(v)]
    return [*own, node.value]


def test_the_fast_parser_gives_the_positions_of_the_pure_python_one() -> None:
    """libyaml composes the tree; every position must be the one the Python parser reports."""
    for path in (SEED, VALID):
        text = path.read_text(encoding="utf-8")
        fast = _marks(compose(text))
        assert len(fast) > 100
        assert fast == _marks(yaml.compose(text, Loader=yaml.SafeLoader))


def test_scalars_resolve_as_in_yaml_1_2(tmp_path: Path) -> None:
    doc = read_yaml(_write(tmp_path, "a: yes\nb: on\nc: 010\nd: 0o17\ne: true\nf: 2025-12-08\n"
                                     "g: 2025-02-30\nh: ~\n"))
    assert doc.data == {"a": "yes", "b": "on", "c": 10, "d": 15, "e": True,
                        "f": dt.date(2025, 12, 8), "g": "2025-02-30", "h": None}


def test_a_time_stamp_is_quoted_as_written(tmp_path: Path) -> None:
    """Messages such as "'2025-12-08T10:00:00' has a time of day" show what the user wrote."""
    doc = read_yaml(_write(tmp_path, "a: 2025-12-08T10:00:00\nb: 2025-12-08 10:00:00\n"))
    assert [str(doc.data["a"]), str(doc.data["b"])] == [
        "2025-12-08T10:00:00", "2025-12-08 10:00:00"]
    assert doc.data["a"] == dt.datetime(2025, 12, 8, 10)


def test_keys_merged_from_an_anchor_are_data_without_a_place_of_their_own(
        tmp_path: Path) -> None:
    doc = read_yaml(_write(tmp_path, "base: &b\n  x: 1\nother:\n  <<: *b\n  y: 2\n"))
    assert doc.data["other"] == {"x": 1, "y": 2}
    assert doc.value(("other", "x")) == doc.key(("other",))


def test_a_duplicate_key_is_an_error_at_its_second_place(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        read_yaml(_write(tmp_path, "a:\n  b: 1\n  c: 2\n  b: 3\n"))
    (problem,) = caught.value.problems
    assert (problem.message, problem.line, problem.column, problem.field) == (
        "duplicate key 'b'", 4, 3, "a.b")
    assert problem.hint is not None and "line 2" in problem.hint


def test_field_paths_and_suggestions_read_well() -> None:
    assert dotted(("sources", 3, "url")) == "sources[3].url"
    assert dotted(()) == ""
    assert did_you_mean("pubisher", ["publisher", "title"]) == "did you mean 'publisher'?"
    assert did_you_mean("zzz", ["publisher"]) is None


def test_reading_a_brief_does_not_import_ruamel() -> None:
    """ruamel.yaml is installed for brand_yml only; reportgen reads YAML with PyYAML."""
    code = ("import sys\nfrom pathlib import Path\nfrom reportgen.brief.load import load_brief\n"
            f"load_brief(Path({str(SEED)!r}))\nassert 'ruamel' not in sys.modules\n")
    subprocess.run([sys.executable, "-c", code], check=True)
