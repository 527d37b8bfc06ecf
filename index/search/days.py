"""A day the question names, and the passages that tell what happened on it.

"What happened on March 4, 2022?" says almost nothing by meaning (it scored below the
abstention threshold against every passage), but the day it names is exact: the timeline
already dated every sentence of every article (index/timeline/dates.py), so the passages holding a
sentence of that day are the answer's candidates, ranked like any others.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from ..store.passage_table import PassageTable
from ..text.lexicon import MONTH_NUMBERS
from ..timeline.events import Event

_MONTH = "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True))
# "March 4", "Mar. 4th, 2022", "4 March 2022", "2022-03-04"
_DAY = re.compile(
    rf"\b(?:(?P<m1>{_MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y1>\d{{4}})\b)?"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MONTH})\b\.?(?:,?\s+(?P<y2>\d{{4}})\b)?"
    rf"|(?P<y3>\d{{4}})-(?P<m3>\d{{2}})-(?P<d3>\d{{2}})\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Day:
    month: int
    day: int
    year: int | None  # None: the question did not say, any year will do

    def covers(self, date: dt.date) -> bool:
        return (date.month, date.day) == (self.month, self.day) and self.year in (None, date.year)


def days_named(question: str) -> frozenset[Day]:
    """The calendar days `question` names ("on March 4, 2022", "on March 3")."""
    days = set()
    for match in _DAY.finditer(question):
        month = match["m1"] or match["m2"] or match["m3"]
        day = int(match["d1"] or match["d2"] or match["d3"])
        year = match["y1"] or match["y2"] or match["y3"]
        number = int(month) if month.isdigit() else MONTH_NUMBERS[month.lower()]
        try:
            dt.date(int(year or 2000), number, day)  # 2000: a leap year, so Feb. 29 passes
        except ValueError:
            continue  # "March 40" is no day
        days.add(Day(number, day, int(year) if year else None))
    return frozenset(days)


@dataclass(frozen=True)
class Month:
    month: int
    year: int | None  # None: the question did not say

    def covers(self, date: dt.date) -> bool:
        return date.month == self.month and self.year in (None, date.year)


# "in July 2025", "the july round", "in febuary" (spelling is corrected before). "May" and
# "March" are verbs too: they are months only with a year or after a word that takes a time.
_MONTH_NAMED = re.compile(
    rf"(?P<before>\b\w+\s+)?\b(?P<m>{_MONTH})\b\.?(?:,?\s+(?P<y>\d{{4}})\b)?", re.IGNORECASE
)
_AMBIGUOUS = frozenset({"may", "march", "mar"})
_TAKES_A_TIME = frozenset(
    "in of since until till during before after by from early mid late the last next this".split()
)


def months_named(question: str) -> frozenset[Month]:
    """The months `question` names besides its days ("in July 2025": July 2025; "after the
    june talks": June of any year)."""
    months = set()
    for match in _MONTH_NAMED.finditer(without_days(question)):
        name, before = match["m"].lower(), (match["before"] or "").strip().lower()
        if name in _AMBIGUOUS and not match["y"] and before not in _TAKES_A_TIME:
            continue
        months.add(Month(MONTH_NUMBERS[name], int(match["y"]) if match["y"] else None))
    return frozenset(months)


def without_days(question: str) -> str:
    """`question` without the days it names: they pick passages by the day they tell of, not
    by their words ("What did Medinsky say on March 16?" asks nothing the words "16" hold)."""
    return " ".join(_DAY.sub(" ", question).split())


class DayIndex:
    """Which passages hold a sentence the timeline dated to a given day, and the newest day
    each passage tells of."""

    def __init__(self, events: Iterable[Event], passages: PassageTable) -> None:
        self._by_date: dict[dt.date, set[int]] = {}
        self._reported: dict[int, dt.date] = {}
        self._newest: dict[str, dt.date] = {}  # of each source, the newest day it tells of
        spans: dict[str, list[tuple[Event, int, int]]] = {}
        for event in events:
            for source in event.sources:
                spans.setdefault(source.id, []).append((event, source.start, source.end))
        if not spans:
            return
        rows = passages.rows
        numbers = np.asarray(rows["source"])
        order = np.argsort(numbers, kind="stable")
        ordered = numbers[order]
        for number, source_id in enumerate(passages.source_ids):
            if source_id not in spans:
                continue
            low, high = np.searchsorted(ordered, [number, number + 1])
            own = order[low:high]
            starts, ends = np.asarray(rows["start"][own]), np.asarray(rows["end"][own])
            for event, start, end in spans[source_id]:
                overlapping = [int(row) for row in own[(starts < end) & (ends > start)]]
                if event.precision == "day":
                    self._by_date.setdefault(event.date, set()).update(overlapping)
                # What is to come, and the date of a clause inside a sentence ("regions Russia
                # annexed in September 2022"), say nothing of when the sentence's news is.
                if event.planned or event.aside or _the_file_month(event, source_id):
                    continue
                day = event.last_day
                for row in overlapping:
                    self._reported[row] = max(self._reported.get(row, day), day)
                self._newest[source_id] = max(self._newest.get(source_id, day), day)
            # A paragraph that names no day goes on from the last one that did: an overview
            # telling the talks year by year names the year once, not in each paragraph.
            last = None
            for row in own[np.argsort(starts, kind="stable")].tolist():
                if row in self._reported:
                    last = self._reported[row]
                elif last is not None:
                    self._reported[row] = last

    def rows_on(self, days: Iterable[Day]) -> set[int]:
        """The passages (rows) telling what happened on any of `days`."""
        wanted = list(days)
        return {
            row
            for date, rows in self._by_date.items()
            if any(day.covers(date) for day in wanted)
            for row in rows
        }

    def reported_day(self, row: int) -> dt.date | None:
        """The newest day of what passage `row` reports, where the timeline dated it: a
        paragraph of a 2026 overview telling the talks of 2022 is news of 2022."""
        return self._reported.get(row)

    def newest_reported_day(self, source_id: str) -> dt.date | None:
        """The newest day source `source_id` tells of: an article without a date is at least
        as new as that."""
        return self._newest.get(source_id)


def _the_file_month(event: Event, source_id: str) -> bool:
    """Whether the event is dated only by the month an undated article's file name gives ("on
    Tuesday" in a "2025-03_..." article): that says nothing of when its news is that the
    month itself (`Source.written_in`, which recency falls back to) does not."""
    where = next((s for s in event.sources if s.id == source_id), None)
    return (
        where is not None
        and event.precision == "month"
        and where.published is None
        and where.written_in == event.date
    )
