"""The day each statement was made, where the article tells it: "Medinsky said on Friday"
in an article of the Monday after is Friday's, not Monday's.

A quote is cited by when it was said; the article's date is only when it was printed, and a
weekly round-up quotes words from every day of the week before. The day is the one the
article dates the reporting verb with ("said on Friday", "After Tuesday's meeting, Podoliak
tweeted"), never a date in the words reported ("said Russia attacked on Sunday") or one on a
noun ("reiterated Macron's message of the previous day"); else the day the paragraph names
and the sentence goes on with (`DatedSentence.carried`: "On Friday, Macron called Putin.
... Medinsky said ..."). The statement goes on on that day in the passages of the same
speaker that follow, in its paragraph or in a next one that opens with a quotation. A day
an earlier paragraph named is not taken: on the real library it gave Lavrov's words of
February the day of a speech of June, named paragraphs before, and an answer "after the
talks" the day of talks weeks earlier that a comparison had named. Only days, never a month
or a year or "two weeks ago", and never one after publication. Where the article does not
say, there is none, and readers see the article's date as such.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Sequence

from ..attribution.cues import CUE, STANCE
from ..text.paragraphs import paragraphs
from ..text.passages import Passage
from ..text.quotation_marks import in_quotes, starts_quoted
from ..text.sources import Source
from . import clauses
from .dates import DatedSentence, DateMention, dated_sentences


def statement_days(
    source: Source,
    passages: Sequence[Passage],
    dated: Sequence[DatedSentence] | None = None,
) -> list[dt.date | None]:
    """For each of `passages` (of `source`, in order), the day its speaker said it, where
    the article tells it; None for a passage with no speaker or no such day. `dated`: the
    article's `dated_sentences`, where the caller has read them already."""
    if dated is None:
        dated = dated_sentences(source) if any(p.speaker for p in passages) else []
    days: list[dt.date | None] = []
    before: Passage | None = None
    spans = paragraphs(source)
    # the sentences are in reading order and do not overlap: those of a passage are a slice
    starts, ends = [d.start for d in dated], [d.end for d in dated]
    for passage in passages:
        inside = dated[
            bisect.bisect_right(ends, passage.start) : bisect.bisect_left(starts, passage.end)
        ]
        day = None
        if passage.speaker:
            opening = spans[passage.paragraph - 1].start
            said = (_said_on(source.text, d, opening) for d in inside)
            day = next(filter(None, said), None)
            # the statement before goes on, unless this passage names a day of its own
            new_day = any(_narrated_day(m) for d in inside for m in d.mentions)
            if day is None and not new_day and before is not None:
                day = days[-1] if _goes_on(before, passage, source.text) else None
        days.append(day)
        before = passage
    return days


def _goes_on(before: Passage, passage: Passage, text: str) -> bool:
    """Whether `passage` goes on with the statement of the passage before it."""
    if passage.speaker != before.speaker:
        return False
    if passage.paragraph == before.paragraph:
        return True
    return passage.paragraph == before.paragraph + 1 and starts_quoted(text[passage.start :])


def _said_on(text: str, sentence: DatedSentence, opening: int) -> dt.date | None:
    """The day the sentence dates its reporting verb with, else the day its paragraph
    (which starts at `opening`) has named and the sentence goes on with."""
    words = text[sentence.start : sentence.end]
    cues = [
        (m.start(), m.end())
        for pattern in (CUE, STANCE)
        for m in pattern.finditer(words)
        if not in_quotes(words, m.start())
    ]
    for mention in sentence.mentions:
        if _narrated_day(mention) and _a_past_day(mention):
            at = mention.start - sentence.start
            if clauses.dated_verb(words, at, mention.end - sentence.start) in cues:
                return mention.date
    carried = sentence.carried
    if carried is not None and _a_past_day(carried) and carried.start >= opening:
        return carried.date
    return None


def _narrated_day(mention: DateMention) -> bool:
    """A day the narration names for its own sentence (not in a quotation or an aside)."""
    return mention.precision == "day" and not mention.quoted and not mention.embedded


def _a_past_day(mention: DateMention) -> bool:
    # "two weeks ago" is read as a day for the timeline's sake; a citation needs the day
    rough = mention.kind == "relative" and _ROUGH.search(mention.expression)
    return mention.precision == "day" and not mention.planned and not rough


_ROUGH = re.compile(r"\b(?:weeks?|months?|years?)\b", re.IGNORECASE)
