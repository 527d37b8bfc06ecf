"""Answer types: what a question asks for (a number, a date, a time of day, a person, a
place), and which of them a passage holds, as classic factoid question answering matches
them. Cues for ranking (see ANSWER_TYPE_BONUS in index/search/preferences.py), read off the
words: not a parser.
"""

from __future__ import annotations

import re

from ..text.lexicon import CALENDAR_PREFIXES, MONTH_ABBREVIATIONS, MONTHS, WEEKDAYS
from .stemming import stems

#: What may stand before the words that ask: "roughly how many", "and when", "so what date".
_LEAD = r"^\s*(?:(?:and|so|but|roughly|approximately|around|about|exactly|just)\s+)?"
_ASKS = {
    # a count, or a measure: "how long did the talks last", "how big was the convoy", "what
    # number of prisoners"
    "number": re.compile(
        _LEAD + r"(?:how\s+(?:many|much|long|big|large|far|old|tall|high|wide|deep|heavy)|"
        r"what\s+(?:number|amount|total|share|percentage)\s+of)\b",
        re.IGNORECASE,
    ),
    "date": re.compile(_LEAD + r"(?:when|(?:on\s+)?what\s+(?:date|day))\b", re.IGNORECASE),
    # "at what time did the talks begin": a clock time
    "time": re.compile(_LEAD + r"(?:at\s+|by\s+)?what\s+time\b", re.IGNORECASE),
    # "in whose residence", "which European leader pressed for ..."
    "person": re.compile(
        _LEAD + r"(?:(?:(?:in|at|to|by|with|from|on)\s+)?(?:who|whose|whom)\b|"
        r"which\s+(?:\w+\s+){0,2}(?:leader|official|minister|president|diplomat|"
        r"negotiator|envoy|politician|spokes(?:man|woman|person)|person|people)\b)",
        re.IGNORECASE,
    ),
    "place": re.compile(
        _LEAD + r"(?:where\b|(?:in|at|to)\s+(?:which|what)\s+(?:city|town|country|place)\b|"
        r"(?:(?:what\s+(?:is|was)\s+)?the\s+)?(?:location|venue)\s+of\b)",
        re.IGNORECASE,
    ),
}
_TIME = re.compile(
    r"\b\d{1,2}[:.]\d{2}\b|\b\d{1,2}\s*(?:a\.m\.|p\.m\.|am\b|pm\b)|\b(?:noon|midnight|"
    r"morning|afternoon|evening)\b",
    re.IGNORECASE,
)
#: A count as news writes it: in figures, or in words, as style guides have every number under
#: ten ("two rounds", "a dozen people each"); not "one", which is mostly a pronoun.
_NUMBER = re.compile(
    r"\b\d[\d,.]*\b|\b(?:hundred|thousand|million|billion|dozen)s?\b|"
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
    r"fifty|sixty|seventy|eighty|ninety)\b",
    re.I,
)
_DATE = re.compile(
    rf"\b(?:{'|'.join(CALENDAR_PREFIXES[:12])})[a-z]*\.?\s+\d{{1,2}}\b|"
    # "the city fell in May 2022": a month is an answer to "when" too
    rf"\b(?:{'|'.join(CALENDAR_PREFIXES[:12])})[a-z]*\.?,?\s+(?:19|20)\d\d\b|"
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
    """What an answer to `question` must contain: "number", "date", "time" (of day),
    "person", "place" or None (a question of another kind: "what did X say", "why")."""
    return next((kind for kind, asks in _ASKS.items() if asks.search(question)), None)


#: "who said", "who claimed": the words that ask for a speaker ("who was it that said" is
#: read as "who said": index/search/wording.py).
WHO_SAID = re.compile(
    _LEAD + r"who\s+(?:said|says|told|tweeted|stated|announced|claimed|claims|described|"
    r"warned|insisted|declared|remarked|argued)\b",
    re.IGNORECASE,
)


def without_asking(question: str) -> str:
    """`question` without the words that ask for a number, a date, a time or a speaker
    ("roughly how many", "what number of", "on what date", "who claimed"): they say what
    kind of answer is wanted, not what it is about, and no passage that answers holds them.
    Which person or place stays ("which European leader", "in which city"): it says which."""
    for asks in (_ASKS["number"], _ASKS["date"], _ASKS["time"], WHO_SAID):
        found = asks.search(question)
        if found is not None:
            return question[found.end() :]
    return question


def types_in(text: str, names_someone: bool) -> frozenset[str]:
    """The answer types `text` holds; whether it names a person is the caller's to say (a
    passage's speaker counts, and the names are the alias table's)."""
    found = {
        "number": bool(_NUMBER.search(text)),
        "date": bool(_DATE.search(text)),
        "time": bool(_TIME.search(text)),
        "person": names_someone,
        "place": bool(_PLACE.search(text)),
    }
    return frozenset(kind for kind, holds in found.items() if holds)


#: Where a sentence ends, near enough for a cue: a stop and a capital after it. Not pysbd
#: (text/passages.py `sentences`), which is right about "Feb." and "U.S." but takes 1.9 ms a
#: passage against 0.006 ms: this runs on every candidate of a "where" or "how many" question.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[\"“‘']?[A-Z])")
#: A date is left out: news gives the day once and the sentences after it go on in that day
#: ("On Tuesday, March 29th, negotiators met. Moscow has stated that ..."), as the timeline
#: reads them (index/timeline/continuation.py); a count or a place belongs to its sentence.
_MENTIONS = {"number": _NUMBER, "place": _PLACE}


def told_of(text: str, kind: str, about: frozenset[str]) -> bool:
    """Whether `text` gives a `kind` ("number", "place"; any other kind: True) in a sentence
    that holds one of the question's words (stems, `about`): the place of "Where did Kuleba
    and Lavrov meet?" is the one in "met ... in Antalya", not the "back in Moscow" of a tweet
    after it. With no words to look for, any sentence does."""
    mention = _MENTIONS.get(kind)
    if mention is None or not about:
        return True
    return any(
        mention.search(sentence) and about.intersection(stems(sentence))
        for sentence in _SENTENCE_END.split(text)
    )
