"""Who a source gives a quote to: the nearest attribution, not any name nearby.

A journalist attributes words with a few fixed turns of phrase: '…,” says X', '…,” X said',
'…,” X, a researcher at Y, told reporters', 'according to X, “…”', or '…,” she says' after a
sentence that named X. The speaker is the name in the nearest such turn; a name that merely
stands close to the quote (the previous speaker, someone the speaker answers) is not.
"""

from __future__ import annotations

import re

_VERB = (r"(?:says|said|told|tells|adds|added|argues|argued|notes|noted|explains|explained|"
         r"writes|wrote|warns|warned|observes|observed)")
_NOT_NAMES = r"(?!(?:He|She|They|It|We|I|The|This|That|These|Those|But|And|Despite|In)\b)"
_NAME = r"(" + _NOT_NAMES + r"(?:[A-Z][\w'-]+)(?:\s+[A-Z][\w'-]+){0,3})"
_OPEN = r"^[\s,.;:\"']*"
# '," says X' or '," said the mayor, X'
_VERB_NAME = re.compile(_OPEN + _VERB + r"\s+(?:[a-z][^.\"]{0,60}?,\s+)?" + _NAME)
# '," X said' or '," X, a researcher at Y, told reporters'
_NAME_VERB = re.compile(_OPEN + _NAME + r"(?:,[^.\"]{0,160}?,)?\s+" + _VERB + r"\b")
_PRONOUN = re.compile(_OPEN + r"(?:he|she|they)\s+" + _VERB + r"\b")
_PRONOUN_BEFORE = re.compile(r"\b(?:[Hh]e|[Ss]he|[Tt]hey)\s+" + _VERB + r"\b[^.\"]{0,120}$")
_ACCORDING = re.compile(r"according to\s+" + _NAME + r"[^.\"]{0,80}$")
_NAME_COLON = re.compile(_NAME + r"\s+" + _VERB + r"[:,]?\s*\"?\s*$")
# Any attribution in running text, for a pronoun to refer back to.
_ANY = re.compile(_VERB + r"\s+" + _NAME + r"|" + _NAME + r"(?:,[^.\"]{0,160}?,)?\s+" + _VERB
                  + r"\b")
LOOK_AHEAD = 240  # characters after a quote searched for its attribution
LOOK_BACK = 600  # characters before it, for 'according to' and for a pronoun's referent


def latin_names(speaker: str) -> list[str]:
    """The words of a speaker's name in Latin script ('温迪·霍尔 (Wendy Hall)' -> Wendy, Hall)."""
    return re.findall(r"[A-Za-zÀ-ɏ][\w'-]*", speaker)


def attributed(text: str, start: int, end: int) -> tuple[str, str] | None:
    """The name the source gives the words text[start:end] to, with the phrase that says so;
    None when no attribution is found."""
    after = text[end:end + LOOK_AHEAD]
    for pattern in (_VERB_NAME, _NAME_VERB):
        m = pattern.match(after)
        if m:
            return m.group(1), m.group(0).strip(" ,\"'")
    before = text[max(0, start - LOOK_BACK):start]
    sentence_start = max(before.rfind(". "), before.rfind('." '))
    own = before[sentence_start + 1:] if sentence_start != -1 else before
    for pattern in (_ACCORDING, _NAME_COLON):
        m = pattern.search(own)
        if m:
            return m.group(1), m.group(0).strip(" ,\"'")
    if _PRONOUN.match(after) or _PRONOUN_BEFORE.search(own):
        found = list(_ANY.finditer(before[:len(before) - len(own)] or before))
        if found:
            m = found[-1]
            return (m.group(1) or m.group(2)), m.group(0).strip(" ,\"'")
    return None


def same_person(speaker: str, name: str) -> bool:
    """Does the name a source uses ('Ng', 'Kwan Yee Ng') stand for this speaker?"""
    mine = latin_names(speaker)
    theirs = latin_names(name)
    if not mine or not theirs:
        return False
    return mine[-1] in theirs or theirs[-1] == mine[-1]
