"""Threat (to trust, not to the machine): `validate` and `brand check` say ok, then `build`
fails. Whatever can be known from the input is checked there, with a position, exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from harness import brief_file, refused, run

LONG = "x" * 256

# (replacement in the small brief, where the error must be reported)
CORE_PROPERTIES = {
    "title": ({'title: "Small brief on AI rules"': f'title: "{LONG}"'}, "brief.yaml:3:10"),
    "subject": ({'subject: "A short test brief."': f'subject: "{LONG}"'}, "brief.yaml:12:12"),
    "author": ({'authors: ["Test Author"]': f'authors: ["{LONG}"]'}, "brief.yaml:7:"),
    "keywords": ({"keywords: [AI, rules]": "keywords: [" + ", ".join(["word" * 10] * 8) + "]"},
                 "brief.yaml:11:"),
}


@pytest.mark.parametrize("name", sorted(CORE_PROPERTIES))
def test_word_core_property_limit_is_checked_by_validate(tmp_path: Path, name: str) -> None:
    changes, where = CORE_PROPERTIES[name]
    brief = brief_file(tmp_path, changes)
    refused(run("validate", brief, cwd=tmp_path), where,
            "Word stores at most 255 characters here")


@pytest.mark.parametrize("entity", ["&#12;", "&#x0B;", "&#0;", "&#x85;", "&#127;"])
def test_control_character_entities_are_refused_by_validate(tmp_path: Path,
                                                            entity: str) -> None:
    brief = brief_file(tmp_path, {"More rules will come": f"More {entity} rules will come"})
    refused(run("validate", brief, cwd=tmp_path), "brief.yaml:35:", "control character")


@pytest.mark.parametrize("char", ["\x85", "\x9b", "\x80"])
def test_c1_control_characters_are_refused(tmp_path: Path, char: str) -> None:
    brief = brief_file(tmp_path, {"Small brief on AI rules": f"Small brief{char} on AI rules"})
    result = run("validate", brief, cwd=tmp_path)
    refused(result, "brief.yaml:3:", f"U+{ord(char):04X}")
    assert char not in result.text


def test_c1_control_characters_never_reach_the_terminal(tmp_path: Path) -> None:
    brief = brief_file(tmp_path, {"Treaties remain thin": "Treaties\u009b2J remain thin"})
    result = run("email", brief, "--to", "a@example.org", "--from", "b@example.org",
                 "--attach", "none", cwd=tmp_path)
    assert "\u009b" not in result.text
    refused(result, "brief.yaml:22:")
