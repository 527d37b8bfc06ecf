"""Where an article's text names a date: patterns of English date grammar ("on Feb. 21",
"between June 20 and June 30", "last week", "three days ago", "the next day", "over the
weekend", "over the past 24 hours"), each marking its expression as group `x` and naming its
kind for `date_expressions.resolve`. Written here because `dateparser.search` turns "may",
"now" and "second" into dates and cannot tell a duration ("two weeks") from a point ("two
weeks ago")."""

from __future__ import annotations

import re

from ..text.lexicon import MONTH_ABBREVIATIONS, MONTHS, WEEKDAYS
from ..text.sources import Span

WEEKDAY = rf"(?:{'|'.join(WEEKDAYS)})"
_MONTH_FULL = rf"(?:{'|'.join(MONTHS)})\b"
_SHORT = "|".join(sorted(MONTH_ABBREVIATIONS, key=len, reverse=True))  # "Sept" before "Sep"
MONTH = rf"(?:{_MONTH_FULL}|(?:{_SHORT})\.?(?![A-Za-z]))"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d%])"
_YEAR = r"(?:1[89]\d\d|20\d\d)(?!\d|,\d)"
_MD = rf"(?:{MONTH}\s*{_DAY}|(?:the\s+)?{_DAY}(?:\s+of)?\s+{MONTH})"
_MOD = r"(?:(?:early|mid|late|Early|Mid|Late)[-\s]+)"  # keeps the precision: "mid-May" is May
_PREP = r"(?i:in|since|by|until|till|from|through|during|before|after|of)"
_NUM = r"(?i:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty)"
_ORDINAL = (
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))"
)

# Each pattern marks the expression as group `x`; text outside it is context that must be
# there (a preposition before a bare month or year, which is what makes "2014" a date).
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (name, re.compile(pattern))
    for name, pattern in [
        (
            "range",
            rf"\b(?P<x>(?i:between|from)\s+(?P<a>{_MD})\s+(?:and|to|until|through)\s+"
            rf"(?P<b>{_MD}|{_DAY})(?:,?\s+(?P<y>{_YEAR}))?)",
        ),
        (
            "range",
            rf"\b(?P<x>(?P<a>{MONTH}\s*{_DAY})\s*[-–]\s*(?P<b>{_DAY})(?:,?\s+(?P<y>{_YEAR}))?)",
        ),
        ("date", rf"\b(?P<x>(?:{WEEKDAY},?\s+)?{_MD}(?:,?\s+(?P<y>{_YEAR}))?)"),
        ("date", r"\b(?P<x>(?:19|20)\d\d-[01]\d-[0-3]\d)\b"),
        ("month", rf"\b(?P<x>{_MOD}?{MONTH},?\s+{_YEAR})"),
        ("month", rf"\b(?P<x>{_MOD}{MONTH})"),
        ("month", rf"\b{_PREP}\s+(?P<x>{_MONTH_FULL})"),  # an abbreviation needs a day
        ("year", rf"\b{_PREP}\s+(?P<x>{_MOD}?{_YEAR})"),
        ("year", rf"\b(?P<x>{_MOD}{_YEAR})"),
        ("period", rf"\b(?P<x>{_MOD}?(?i:last|next|this)\s+(?:week|month|year))\b"),
        ("weekend", r"\b(?P<x>(?P<dir>(?i:last|next|this))\s+weekend)\b"),
        ("weekend", r"\b(?i:over|at|on|during)\s+(?P<x>the\s+weekend)\b"),
        ("named month", rf"\b(?P<x>{_MOD}?(?P<dir>(?i:last|next|this))\s+{_MONTH_FULL})"),
        # "in February last year": the month of the year before (a month alone would be read
        # as the last February, which in a February's article is this one)
        (
            "month of year",
            rf"\b(?P<x>{_MOD}?{_MONTH_FULL}\s+(?:of\s+)?(?P<dir>(?i:last|next|this))\s+year)\b",
        ),
        (
            "ago",
            rf"\b(?P<x>(?i:(?:more than|less than|just over|over|about|nearly|almost|some)\s+)?"
            rf"{_NUM}\s+(?:day|week|month|year)s?\s+(?P<dir>ago|later|earlier))\b",
        ),
        (
            "anaphor",
            r"\b(?P<x>(?i:(?:later\s+|earlier\s+)?(?:that|the\s+same|the\s+previous|the\s+next"
            r"|the\s+following)\s+(?:day|morning|afternoon|evening|night)"
            r"|(?:later|earlier)\s+in\s+the\s+(?:day|morning|afternoon|evening)))\b",
        ),
        # "this morning" is today, as news written that day says it
        (
            "deictic",
            r"\b(?P<x>(?i:yesterday|today|tomorrow|tonight|this\s+(?:morning|afternoon|evening)))\b",
        ),
        (
            "past day",
            r"\b(?i:over|in|during|within)\s+(?P<x>(?i:the\s+(?:past|last)\s+"
            r"(?:24|twenty-four)\s+hours|the\s+(?:past|last)\s+day))(?![\w-])",
        ),
        (
            "weekday",
            rf"\b(?P<x>(?:(?P<dir>(?i:last|next|this))\s+)?{WEEKDAY}"
            rf"(?:\s+(?:morning|afternoon|evening|night))?"
            rf"(?:,\s+the\s+{_ORDINAL}\s+day\s+of\s+(?:the\s+)?[a-z]+)?)",
        ),
        (
            "ordinal",
            r"\b(?i:on|since|by|until|till|from|before|after)\s+"
            r"(?P<x>the\s+(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th))\b",
        ),
    ]
]
# "on the 29th, and": an ordinal day is followed by punctuation or a function word, never by
# a noun ("on the 2nd floor", "the 20th century").
_AFTER_ORDINAL = re.compile(
    r"\s*(?:[^\w\s]|$|(?:and|or|but|as|at|in|on|to|by|for|from|with|after|before|during|until"
    r"|amid|when|while|that|which|where|the|a|an|he|she|it|they|we)\b)"
)


def candidates(text: str, span: Span) -> list[tuple[int, int, str, re.Match[str]]]:
    """Leftmost-longest, non-overlapping matches of the patterns inside the sentence."""
    found = []
    chunk = text[: span.end]
    for name, pattern in _PATTERNS:
        for match in pattern.finditer(chunk, span.start):
            start, end = match.span("x")
            if name == "ordinal" and not _AFTER_ORDINAL.match(text, end, span.end):
                continue
            found.append((start, end, name, match))
    found.sort(key=lambda c: (c[0], -c[1]))
    kept: list[tuple[int, int, str, re.Match[str]]] = []
    for candidate in found:
        if not kept or candidate[0] >= kept[-1][1]:
            kept.append(candidate)
    return kept
