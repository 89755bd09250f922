"""JSON files as located documents: positions of keys and values, syntax errors."""

from __future__ import annotations

from reportgen.source.json import read_json

TEXT = '[\n  {"id": "a",\n   "author": [{"family": "Hall"}], "note": null},\n  7\n]\n'


def test_positions_of_keys_values_and_items() -> None:
    doc, problems = read_json("refs.json", TEXT)
    assert problems == [] and doc is not None
    assert doc.data[0]["id"] == "a"
    lines = TEXT.split("\n")

    def at(path: tuple[str | int, ...]) -> str:
        line, col = doc.value(path)
        return lines[line - 1][col - 1:]  # type: ignore[operator]

    assert at((0, "id")).startswith('"a"')
    assert at((0, "author", 0, "family")).startswith('"Hall"')
    assert at((0,)).startswith('{"id"')
    assert at((1,)) == "7"
    assert at((0, "missing")).startswith('{"id"')  # the deepest part that exists
    assert at((0, "note")).startswith('"note"')  # an empty value: its key


def test_syntax_error_has_line_and_column() -> None:
    doc, [problem] = read_json("refs.json", '[\n  {"id": "a",}\n]')
    assert doc is None
    assert (problem.line, problem.column) == (2, 14)  # the "}" after the comma
    assert problem.message.startswith("JSON syntax error")
