"""Merging: the same event told by several articles becomes one event with several sources,
each source's own sentence kept."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from rapidfuzz import fuzz

from ..text.lexicon import word_overlap
from .events import Event, order

#: Two sentences from different articles, on the same date at the same precision, tell one
#: event when this share of the shorter one's content stems (dates left out) is in the
#: other. Measured on the seeds, whose only cross-article date is 2022-03-29: the tellings
#: of the talks share 0.25-0.33 ("negotiators continued peace talks" / "negotiations ...
#: took place in Istanbul"), sentences on other things that day (Shoigu's refocus,
#: Kirby's briefing, a quotation on Kyiv) 0.00-0.25. Above the highest of those, so that
#: a near miss stays two events rather than one wrong one.
MERGE_OVERLAP = 0.3


def merge_events(events: Sequence[Event]) -> list[Event]:
    """The same event told by several articles becomes one event with several sources.

    Conservative: only events of the same date and precision, from different articles,
    each stating that date itself, whose sentences share enough content words
    (`MERGE_OVERLAP`) and no conflicting people merge; each group keeps at most one
    sentence per article, the most similar pairs first.
    """
    groups: list[list[Event]] = [[event] for event in events]
    pairs = []
    for i, a in enumerate(events):
        for j in range(i + 1, len(events)):
            b = events[j]
            if (a.date, a.end_date, a.precision) != (b.date, b.end_date, b.precision):
                continue
            if a.sources[0].id == b.sources[0].id:
                continue
            # Dated only by the paragraph they are in, two sentences are too loosely the same
            # day to be called the same event ("If true, that would ease hostilities around
            # Kyiv" is not Kirby's briefing): each must state its date itself.
            if a.carried or b.carried:
                continue
            if a.people and b.people and not set(a.people) & set(b.people):
                continue
            score = word_overlap(a.text, b.text)
            if score >= MERGE_OVERLAP:
                # equal overlaps (short sentences) are ordered by rapidfuzz's token set ratio
                pairs.append((score, fuzz.token_set_ratio(a.text, b.text), i, j))
    home = list(range(len(events)))  # which group each event is in
    for _, _, i, j in sorted(pairs, reverse=True):
        gi, gj = home[i], home[j]
        if gi == gj:
            continue
        if {e.sources[0].id for e in groups[gi]} & {e.sources[0].id for e in groups[gj]}:
            continue
        groups[gi].extend(groups[gj])
        for k, g in enumerate(home):
            if g == gj:
                home[k] = gi
        groups[gj] = []
    return sorted((_merged(group) for group in groups if group), key=order)


def _merged(group: list[Event]) -> Event:
    # The earliest-published telling leads; its sentence and expression represent the event.
    group = sorted(group, key=lambda e: (e.sources[0].published or dt.date.max, order(e)))
    first = group[0]
    people = tuple(dict.fromkeys(p for e in group for p in e.people))
    sources = tuple(s for e in group for s in e.sources)
    return replace(
        first,
        people=people,
        sources=sources,
        planned=all(e.planned for e in group),
        estimated=all(e.estimated for e in group),  # one article stating the day settles it
    )
