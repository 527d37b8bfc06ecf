"""Answer types: what a question asks for (a number, a date, a person, a place), and which
of them a passage holds, as classic factoid question answering matches them. Cues for
ranking (see ANSWER_TYPE_BONUS in index/search/retrieval.py), read off the words: not a parser.
"""

from __future__ import annotations

import re

from ..text.lexicon import CALENDAR_PREFIXES, MONTH_ABBREVIATIONS, MONTHS, WEEKDAYS

_ASKS = {
    # a count, or a measure: "how long did the talks last", "how big was the convoy"
    "number": re.compile(
        r"^\s*how\s+(?:many|much|long|big|large|far|old|tall|high|wide|deep|heavy)\b",
        re.IGNORECASE,
    ),
    "date": re.compile(r"^\s*(?:when|on what date|what day)\b", re.IGNORECASE),
    "person": re.compile(r"^\s*who\b", re.IGNORECASE),
    "place": re.compile(
        r"^\s*(?:where\b|(?:in|at|to)\s+(?:which|what)\s+(?:city|town|country|place)\b)",
        re.IGNORECASE,
    ),
}
_NUMBER = re.compile(r"\b\d[\d,.]*\b|\b(?:hundred|thousand|million|billion)s?\b", re.I)
_DATE = re.compile(
    rf"\b(?:{'|'.join(CALENDAR_PREFIXES[:12])})[a-z]*\.?\s+\d{{1,2}}\b|"
    rf"\b(?:{'|'.join(WEEKDAYS)}|yesterday)\b|"
    r"\bthe\s+\d{1,2}(?:st|nd|rd|th)\b",
    re.IGNORECASE,
)

#: A place as news gives where something happened: "in Gomel, Belarus", "near Brest", "at the
#: border with Poland", "traveled to Brest". A capitalised word after one of these
#: prepositions, not a month or a day. It also takes some that are not places ("talk to
#: Putin"): a cue for ranking, as the other answer types are, not a gazetteer.
_PLACE = re.compile(
    r"\b(?:in|at|near|outside|to)\s+(?:the\s+(?:\w+\s+)?border\s+with\s+|the\s+)?"
    rf"(?!(?:{'|'.join([*MONTHS, *MONTH_ABBREVIATIONS, *WEEKDAYS])})\b)[A-Z][\w'’-]+"
)


def asked_type(question: str) -> str | None:
    """What an answer to `question` must contain: "number", "date", "person", "place" or
    None (a question of another kind: "what did X say", "why")."""
    return next((kind for kind, asks in _ASKS.items() if asks.search(question)), None)


def types_in(text: str, names_someone: bool) -> frozenset[str]:
    """The answer types `text` holds; whether it names a person is the caller's to say (a
    passage's speaker counts, and the names are the alias table's)."""
    found = {
        "number": bool(_NUMBER.search(text)),
        "date": bool(_DATE.search(text)),
        "person": names_someone,
        "place": bool(_PLACE.search(text)),
    }
    return frozenset(kind for kind, holds in found.items() if holds)
