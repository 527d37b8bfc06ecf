"""Continuation: whether a sentence that carries its paragraph's day reports something new
that day, or only goes on about what the sentence before reported (kept with the day, not
listed as an event of its own); and whether a sentence reports that nothing happened.
"""

from __future__ import annotations

import re

from ..text.lexicon import GOES_ON_SAYING, REPORTED
from ..text.quotation_marks import in_quotes
from . import clauses


def goes_on(text: str, same_speaker: bool) -> bool:
    """Whether `text`, a sentence with no date of its own, goes on about the one before
    (`same_speaker`: its speaker spoke in the sentence before), rather than reporting
    something new on the day it carries."""
    rejoinder = (
        _CONTINUATION.match(text)
        or _GOES_ON_SPEAKING.match(text)
        or same_speaker
        or _THE_SPEAKER.match(text)
        or clauses.main_verb(text, [(0, len(text))]) in _RESTATED
    )
    return bool(rejoinder) and not _NEW_OCCASION.match(text) and not _ANOTHER_VOICE.match(text)


def reports_nothing(text: str) -> bool:
    """Whether the sentence's narration says nothing happened ("There were no reports of
    any big gains"): no event of a timeline."""
    nothing = _NOTHING_HAPPENED.search(text)
    return nothing is not None and not in_quotes(text, nothing.start())


#: A sentence with no date of its own that goes on about the one before rather than
#: reporting something new: one that opens as a rejoinder ("But ...", "At the same time,
#: there was not a single flaw ...", "That was the first public mention ..."), or with a
#: quotation (the words of a statement already told: talks tuning event precision 0.72 ->
#: 0.74, seeds tuning unchanged), or whose speaker goes on speaking ("He added ...", "In a
#: tweet, he said ...", or the one index/attribution/ finds in the sentence before: talks
#: 0.68 -> 0.71). "He also signed treaties" and "They parted ways" are events; they keep the
#: day and are listed.
_CONTINUATION = re.compile(
    r"^(?:[\"“]|\W*(?:but|and|yet|still|however|at the same time|that|this|these|it"
    r"|according to)\b)",
    re.IGNORECASE,
)
#: ... unless it opens on a new occasion ("Later, he tweeted ...", "Speaking earlier, ..."):
#: seeds tuning recall 0.73 -> 0.75.
_NEW_OCCASION = re.compile(r"^\W*(?:\w+\s+)?(?:later|earlier|afterwards?)\b", re.IGNORECASE)
#: ... or on another party's word, named ("But Kyiv said ...", "However, according to the
#: Ukrainian side, ..."): its statement that day, not a rejoinder to the one before (seeds
#: tuning recall 0.80 -> 0.84; "But both suggested" and "But it was" stay rejoinders).
_ANOTHER_VOICE = re.compile(
    r"^\W*(?:but|however)\W+(?:according\s+to\s+(?!(?:him|her|them|it)\b)"
    rf"|(?:the\s+)?(?:(?-i:[A-Z])[\w'’.-]*\s+){{1,6}}(?:{'|'.join(REPORTED)})\b)",
    re.IGNORECASE,
)
#: ... or, by its main verb, says again what was said before ("Lavrov restated that ..."):
#: talks tuning event precision 0.80 -> 0.81.
_RESTATED = {"restated", "reiterated", "repeated", "reaffirmed"}
#: ... or whose subject is the speaker just named, by a title alone ("The diplomat called the
#: talks difficult", "The minister also promised ..."): talks tuning event precision 0.81 ->
#: 0.83. A name after it ("The president Ana Ruiz") or a possessive is someone new.
_THE_SPEAKER = re.compile(
    r"^The\s+(?:[\w-]+\s+){0,2}?(?:diplomat|minister|president|official|spokes(?:man|woman|person)"
    r"|envoy|leader|adviser|advisor|negotiator|premier|chancellor)\b(?!['’]s\b|\s+(?-i:[A-Z]))",
    re.IGNORECASE,
)
#: "There were no reports of any big gains over the past day": what did not
#: happen is no event of a timeline (three sentences of one talks3 tuning article, listed
#: once "over the past 24 hours" was read; no other sentence of the library or the seeds).
_NOTHING_HAPPENED = re.compile(
    r"\bthere\s+(?:was|were|has\s+been|have\s+been|had\s+been)\s+no\b", re.IGNORECASE
)
_GOES_ON_SPEAKING = re.compile(
    r"^\W*(?:[^,]{0,30},\s*)?(?:he|she)\b[^.]{0,40}?\b"
    rf"(?:{'|'.join(GOES_ON_SAYING)}|made it clear)\b",
    re.IGNORECASE,
)
