"""Narration: the quotations of a paragraph, and whether a sentence that names no date goes on
narrating the day its paragraph is at ("They parted ways to no avail." after "a meeting on
Monday") or tells of another time ("Russia has dropped its insistence ...")."""

from __future__ import annotations

import re

from ..text.quotation_marks import outside
from ..text.sources import Span
from . import clauses
from .date_expressions import REPORTING

# Words that move the time away from the narration's day: "previously", "since 2014"
# (the past perfect, "had agreed", is read from the parse: "had a conversation" is no shift).
# "Before the meeting" or "before the talks" places it by the occasion the paragraph tells, on
# its day, rather than earlier (talks tuning recall 0.96 -> 0.98, nothing lost); "before the
# war" still shifts.
_OCCASION = r"meeting|talks|negotiations|session|summit|call|round|conference|briefing|signing"
_SHIFT = re.compile(
    rf"\b(?:previously|earlier|before(?!\s+the\s+(?:\w+\s+)?(?:{_OCCASION})\b)|prior|since|"
    r"ago|already|ever|usually|often|always|years?|months?|weeks?)\b",
    re.I,
)


#: A sentence that tells how long something lasted ("The meeting lasted an hour", "they
#: discussed the situation for an hour and a half") describes an event already told, not a
#: new one: talks tuning event precision 0.74 -> 0.77, seeds 0.85 -> 0.87 by the duration.
_LENGTH = {"lasted", "last", "lasts"}
_DURATION = re.compile(
    r"\bfor\s+(?:about\s+|nearly\s+|almost\s+|more\s+than\s+|over\s+)?"
    r"(?:an?|one|two|three|four|\d+)\s+(?:hours?|minutes)\b",
    re.I,
)


def continues(text: str, span: Span, quotes: list[tuple[int, int]]) -> bool:
    """Whether a sentence with no date of its own continues the day the paragraph is at: it
    reports what someone said (the saying is that day's), or is wholly inside a quotation
    (the words being reported), or narrates in the simple past (`clauses.tense`) with
    nothing in its own clause that moves the time ("already", "before"). Read from the
    parse, not from word lists: "are" in "to inquire if they are willing" no longer makes a
    past-tense sentence present, nor "years" in "saying results hinge on the three-year-old
    conflict" move its time (talks tuning recall 0.93 -> 0.96)."""
    sentence = text[span.start : span.end]
    narrated = outside(span, quotes)
    if not any(sentence[a:b].strip(" .,;:!?-–—'’") for a, b in narrated):
        return True

    def narrates(match: re.Match[str]) -> bool:
        # in the narration and in the clause it reports, not in an aside
        at = match.start()
        return any(a <= at < b for a, b in narrated) and not clauses.aside(
            sentence, at, match.end()
        )

    if any(narrates(m) for m in REPORTING.finditer(sentence)) or any(
        narrates(m) for m in re.finditer(r"\baccording to\b", sentence, re.I)
    ):
        return True
    if clauses.main_verb(sentence, narrated) in _LENGTH or any(
        narrates(m) for m in _DURATION.finditer(sentence)
    ):
        return False
    shifted = any(
        narrates(m) and clauses.in_main_clause(sentence, m.start(), m.end())
        for m in _SHIFT.finditer(sentence)
    )
    return clauses.tense(sentence, narrated) == "past" and not shifted
