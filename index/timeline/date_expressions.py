"""Which calendar date a date expression names (where the text names one is
`date_patterns.py`'s concern).

Each candidate is normalized by dateparser against the right reference day: the publication
date, or for words inside a quotation and for anaphora ("the next day") the day the narration
is at. What dateparser cannot know is done here and marked so: which reference day applies,
choosing the year of "June 20", the qualifiers it rejects ("more than three weeks ago"),
turning its "week" into a range, and the weekend. Which of a sentence's dates is the one it
reports is `dates.py`'s concern."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from ..text.lexicon import MONTHS, REPORTED, WEEKDAYS
from ..text.sources import Span
from . import clauses
from .date_patterns import MONTH, WEEKDAY

#: Words that bound a count of time ("more than a month ago"): a limit, not a day.
BOUNDS = r"more than|less than|just over|over|nearly|almost"
_QUALIFIER = re.compile(rf"^(?:{BOUNDS}|about|some)\s+", re.I)
#: Cues that a day is still to come. "can" reaches forward like "will" ("can go on talking
#: Monday"), but only to a day after it (`_future`); "could" and "might" are left out, as
#: they tell a past as often ("could not meet on Monday").
_FUTURE = re.compile(
    r"\b(?:will|would|shall|can|'ll|’ll|going to|plans? to|scheduled|set to|expected to"
    r"|(?:is|are) due to)\b"
)
REPORTING = re.compile(rf"\b(?:{'|'.join(REPORTED)})\b")
_WEEKDAY_ONLY = re.compile(rf"(?:(?i:last|next|this)\s+)?{WEEKDAY}")


Resolved = tuple[dt.date, dt.date | None, str, str]
#: The kinds of expression that name a calendar day or month ("February 17", "in March",
#: "between June 20 and June 30"), which a month of writing can give a year.
CALENDAR = frozenset({"date", "month", "range", "month of year"})
#: Expressions that name a day within a few days of the one they are said on.
_WITHIN_DAYS = frozenset({"weekday", "weekend", "deictic"})


def resolve(
    name: str,
    match: re.Match[str],
    text: str,
    span: Span,
    quoted: bool,
    published: dt.date | None,
    running: dt.date | None,
    quotes: list[tuple[int, int]],
    era: dt.date | None = None,
    written: dt.date | None = None,
) -> Resolved | None:
    """The date `match` (a candidate of `date_patterns`, named `name`) names; `era`: where
    the narration is in an earlier year than the article's, see `dates._next_era`;
    `written`: the month an undated article was written in (its first day), where its file
    name gives it."""
    expression = _strip_modifier(match.group("x"))
    if name == "year":
        # A four-digit year needs no parser; the pattern already demands a year's context.
        return dt.date(int(expression), 1, 1), None, "year", "explicit"
    if name in ("date", "month") and re.search(r"\d{4}", expression):
        parsed = _parse(expression, dt.date(2000, 1, 1), "past")  # the year is stated
        return _truncated(parsed, "explicit") if parsed else None
    # Words inside a quotation ("yesterday", "tomorrow") count from the day they were said,
    # which is the day the narration is at; outside, from the publication date.
    speech_day = running if (quoted and running) else published
    if name == "anaphor":
        if running is None and " in the " in expression.lower():
            # "earlier in the day" names no other day: in news it is "earlier today"
            running = speech_day
        if running is None:
            return None  # "that day" with no day before it in the paragraph: not resolvable
        offset = {"previous": -1, "next": 1, "following": 1}
        shift = next((v for k, v in offset.items() if k in expression), 0)
        return running + dt.timedelta(days=shift), None, "day", "anaphoric"
    if name == "ago" and match.group("dir") != "ago":
        if running is None:
            return None
        # dateparser has no "N days later"; relative to the narration's day it is "in N days".
        phrase = _QUALIFIER.sub("", expression).rsplit(" ", 1)[0]
        later = match.group("dir") == "later"
        parsed = _parse(f"in {phrase}" if later else f"{phrase} ago", running, "past")
        return _truncated(parsed, "anaphoric", week_as_day=True) if parsed else None
    # An undated article known to be of a month: "on February 17" is the last such day up
    # to that month's end (in a future-tense clause the first from its start), as it would
    # be from a publication day then. "On Tuesday" needs the day: it is of the month (below);
    # "last week", which may be the month before, stays undated.
    by_month = written if speech_day is None and name in CALENDAR else None
    if by_month is not None:
        speech_day = (by_month + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1)
    if speech_day is None and written is not None and name in _WITHIN_DAYS:
        # "On Tuesday", "yesterday" in an article known only to be of a month: a day of that
        # month, as near as it can be told (timeline-talks4's labeller dated them so; on its
        # tuning half recall 0.68 -> 0.79, date precision 0.81 -> 0.83)
        return written, None, "month", "relative"
    if speech_day is None:
        return None  # relative to an unknown publication date
    if name in ("ago", "deictic", "period"):
        # dateparser rejects qualifiers; "more than three weeks ago" is read as three weeks.
        parsed = _parse(_QUALIFIER.sub("", expression), speech_day, "past")
        if parsed is None:
            return None
        return _truncated(parsed, "relative", week_as_day=name != "period")
    if name == "past day":
        # "over the past 24 hours", as a daily report of the war counts: the day before it
        # and its own. Four events of the talks3 tuning half (recall 0.84 -> 0.90; event
        # precision 0.75 -> 0.73: three sentences of the same roundup report no event).
        return speech_day - dt.timedelta(days=1), speech_day, "range", "relative"
    if name == "named month":
        return _named_month(expression, match.group("dir").lower(), speech_day)
    if name == "month of year":
        named = next(m for m in MONTHS if re.search(rf"\b{m}\b", expression, re.IGNORECASE))
        shift = {"last": -1, "this": 0, "next": 1}[match.group("dir").lower()]
        return (
            dt.date(speech_day.year + shift, MONTHS.index(named) + 1, 1),
            None,
            "month",
            "relative",
        )
    future = _future(text, span, match.start("x"), quoted, quotes)
    # A day that dates a verb in the past tense is past, whatever future the sentence holds
    # elsewhere: in "Rubio and Yermak, on Sunday highlighted progress on Trump's plan to end
    # the war", "plan to" names a plan, and that Sunday is not the coming one (three events
    # of the talks library were a week late; date precision 0.69 -> 0.77 on a third labelled
    # sample's tuning half). The parse is asked only where the answer can change something.
    past = (future or name not in ("weekday", "ordinal")) and clauses.dates_a_past_verb(
        text[span.start : span.end], match.start("x") - span.start, match.end("x") - span.start
    )
    future = future and not past
    if by_month is not None and future:
        speech_day = by_month
    if name == "weekend":
        return _weekend(match.groupdict().get("dir") or "", speech_day, future, past)
    if name == "ordinal":
        return _day_of_month(int(re.sub(r"\D", "", expression)), speech_day, future)
    if name == "weekday":
        # dateparser reads "last Monday" but not "Monday evening" or an appositive after it
        head = _WEEKDAY_ONLY.match(expression)
        phrase = head.group() if head else expression
        direction = match.group("dir").lower() if match.group("dir") else ""
        if direction == "this":
            # dateparser takes "this Monday" for the next one; it is the one of this week
            monday = speech_day - dt.timedelta(days=speech_day.weekday())
            day_index = WEEKDAYS.index(phrase.split()[-1])
            parsed = (monday + dt.timedelta(days=day_index), "day")
        elif direction:
            parsed = _parse(phrase, speech_day, "past")  # dateparser knows last and next
        elif WEEKDAYS.index(phrase.split()[-1]) == speech_day.weekday():
            # The day's own name is that day, in any tense: a story of a Tuesday that says a
            # call "will be held on Tuesday" means today (a week on is "next Tuesday")
            parsed = (speech_day, "day")
        else:
            parsed = _directed(phrase, speech_day, future)
        return _truncated(parsed, "calendar") if parsed else None
    if name == "range":
        first = _directed(match.group("a"), speech_day, future, match.group("y"))
        if first is None:
            return None
        last = _parse(_with_month(match.group("b"), match.group("a")), first[0], "future")
        if last is None or last[0] < first[0]:
            return None
        return first[0], last[0], "range", "explicit"
    if era is not None and not quoted:
        # A story told year by year names the year once: "In February 2022 ... ending on
        # March 7" is March 7, 2022, not the March 7 before the article's day. The first such
        # day from where the narration is, unless that is after the article's. Of the 86
        # articles (seeds and the real library) it dates three mentions anew, all in one 2026
        # overview of the talks since 2022 (its March 7 and March 10 had been 2025, its
        # "early April" a plan for 2026); no labelled tuning sentence moved.
        told = _parse(expression, era - dt.timedelta(days=1), "future")
        if told is not None and told[0] <= speech_day:
            return _truncated(told, "explicit")
    # a month-day or a month, no year: the past one where it dates a verb in the past tense
    parsed = _directed(expression, speech_day, future, past=past)
    return _truncated(parsed, "explicit") if parsed else None


def _day_of_month(day: int, base: dt.date, future: bool) -> Resolved | None:
    """ "on the 10th": the latest such day on or before `base`; in a future-tense clause the
    next one, unless the last is less than half as far (a future read wrongly: "Shoigu has
    indicated that he will focus on the east on the 29th", in an article of the 30th, is
    the day before). dateparser read "the 10th" as October and "the 12th" as December."""
    last, following = _month_day(day, base, -1), _month_day(day, base, 1)
    if not future or following is None:
        return (last, None, "day", "calendar") if last else None
    if last is not None and 2 * (base - last).days < (following - base).days:
        return last, None, "day", "calendar"
    return following, None, "day", "calendar"


def _month_day(day: int, base: dt.date, step: int) -> dt.date | None:
    """Day `day` of `base`'s month if it is on or before `base` (`step` -1) or on or after
    it (1), else of the month before (after); None if that month has no such day."""
    month = base.replace(day=1)
    if step * (day - base.day) < 0:
        month = month - dt.timedelta(days=1) if step < 0 else month + dt.timedelta(days=31)
    try:
        return month.replace(day=day)
    except ValueError:  # "the 31st" of a month that has no 31st: no such day is meant
        return None


def _named_month(expression: str, direction: str, base: dt.date) -> Resolved:
    """ "last June": the latest June before `base`'s month; "next June" the first after it;
    "this June" the one of `base`'s year. dateparser reads none of them; unread, "as set out
    by Putin last June" was dated by the day before (talks tuning date precision 0.93 ->
    0.95)."""
    month = MONTHS.index(expression.split()[-1].capitalize()) + 1
    year = base.year
    if direction == "last":
        year -= 1 if month >= base.month else 0
    elif direction == "next":
        year += 1 if month <= base.month else 0
    return dt.date(year, month, 1), None, "month", "relative"


def _weekend(direction: str, base: dt.date, future: bool, past: bool) -> Resolved:
    """Saturday to Sunday, as "last week" is Monday to Sunday. Without "last" or "next", a
    weekend still to come that week is the coming one in a future-tense clause, the one before
    where it dates a verb in the past tense ("Trump said over the weekend", in a Monday's
    news), else the nearer of the two ("the swap is due to go ahead over the weekend", on a
    Friday)."""
    saturday = base + dt.timedelta(days=5 - base.weekday())  # of the week of `base`
    before = saturday - dt.timedelta(days=7)
    if direction.lower() == "next":
        return _two_days(saturday + dt.timedelta(days=7))
    if direction.lower() == "last":
        return _two_days(before)
    if saturday > base and (past or (not future and base - before < saturday - base)):
        return _two_days(before)
    return _two_days(saturday)


def _two_days(saturday: dt.date) -> Resolved:
    return saturday, saturday + dt.timedelta(days=1), "range", "relative"


def _directed(
    phrase: str, base: dt.date, future: bool, year: str | None = None, past: bool = False
) -> tuple[dt.date, str] | None:
    """A date without a year, or a weekday: after `base` in a future-tense clause; for a
    weekday or day of month otherwise the latest on or before `base` (past-tense news). A
    month ("June 20", "December") is the past one unless the next is less than half as far
    away: news tells mostly what happened, but "between June 20 and June 30" in an article
    of June 3 is this June; unless `past` (`clauses.dates_a_past_verb`): "he spoke to the
    Foreign Ministry in June", in an article of February, is last June, not the next.
    dateparser's PREFER_DATES_FROM is all past or all future."""
    if year:
        return _parse(f"{phrase} {year}", base, "past")
    after = _parse(phrase, base, "future")
    # dateparser's "past" excludes the base day itself; counting from the day after includes it
    before = _parse(phrase, base + dt.timedelta(days=1), "past")
    if future or before is None:
        return after
    if after is None or past or not re.search(rf"\b{MONTH}", phrase):
        return before
    return after if 2 * (after[0] - base).days < (base - before[0]).days else before


def still_to_come(
    text: str, span: Span, start: int, end: int, quoted: bool, quotes: list[tuple[int, int]]
) -> bool:
    """Whether the date at `start`..`end` is told as still to come: a future-tense cue
    governs it and it dates no verb in the past tense (as `resolve` reads it)."""
    sentence = text[span.start : span.end]
    return _future(text, span, start, quoted, quotes) and not clauses.dates_a_past_verb(
        sentence, start - span.start, end - span.start
    )


def _future(text: str, span: Span, at: int, quoted: bool, quotes: list[tuple[int, int]]) -> bool:
    """Whether a future-tense cue governs the date at `at`: one in the same voice (both
    narration or both quotation), and no reporting verb that the date could belong to
    instead: between them when the cue comes first ("talks will resume, he said on
    Friday"), anywhere before the cue when the date does ("On Tuesday, he said talks
    will...", "Putin said on Sunday that talks will..." are about the saying). "would" is
    a cue only in a reported clause ("said that the envoys would meet on Thursday"):
    elsewhere it is a conditional ("one would say") or tells of a past plan ("signs that the
    parties would meet again, a follow-up to a meeting on Monday"), and with it as a cue
    everywhere seeds tuning date precision fell from 0.93 to 0.90."""
    for cue in _FUTURE.finditer(text, span.start, span.end):
        if any(q0 <= cue.start() < q1 for q0, q1 in quotes) != quoted:
            continue
        if cue.group() == "would" and not REPORTING.search(text, span.start, cue.start()):
            continue  # the future of the past only where it is reported ("said ... would")
        if cue.group() == "can" and cue.start() > at:
            continue  # a modal reaches the verb after it: "his remarks on Saturday ... who can"
        lo = cue.start() if cue.start() < at else span.start
        if not REPORTING.search(text, lo, max(cue.start(), at)):
            return True
    return False


@lru_cache(maxsize=4096)
def _parse(phrase: str, base: dt.date, prefer: str) -> tuple[dt.date, str] | None:
    settings = {
        "RELATIVE_BASE": dt.datetime.combine(base, dt.time()),
        "PREFER_DATES_FROM": prefer,
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_TIME_AS_PERIOD": True,
    }
    # Imported here: dates are found when an article is indexed, not when a question is asked,
    # and dateparser takes a tenth of a second to import.
    from dateparser.date import DateDataParser

    data = DateDataParser(languages=["en"], settings=settings).get_date_data(phrase)
    if data.date_obj is None:
        return None
    return data.date_obj.date(), str(data.period)


def _truncated(
    parsed: tuple[dt.date, str] | None, kind: str, week_as_day: bool = False
) -> Resolved | None:
    """dateparser's date at the precision of its period: "week" is the Monday-to-Sunday
    week for "last week", but a day for "two weeks ago" (an exact count back)."""
    if parsed is None:
        return None
    date, period = parsed
    if period == "year":
        return dt.date(date.year, 1, 1), None, "year", kind
    if period == "month":
        return date.replace(day=1), None, "month", kind
    if period == "week" and not week_as_day:
        monday = date - dt.timedelta(days=date.weekday())
        return monday, monday + dt.timedelta(days=6), "range", kind
    return date, None, "day", kind


def _strip_modifier(expression: str) -> str:
    # "early last year", "mid-May": dateparser reads neither; the period itself is the value.
    return re.sub(r"^(?:early|mid|late)[-\s]+", "", expression, flags=re.I)


def _with_month(day_or_date: str, first: str) -> str:
    """ "30" in "June 20-30" is June 30: the end of a range takes the start's month."""
    if re.search(rf"\b{MONTH}", day_or_date):
        return day_or_date
    month = re.search(rf"\b{MONTH}", first)
    return f"{month.group()} {day_or_date}" if month else day_or_date
