"""Choosing events: those in a range of days, about a person or a topic (`parley timeline
--about`, `/timeline`), and the days a member types for the range."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Sequence

import numpy as np

from ..errors import ParleyError
from ..search.embeddings import Embedder
from ..search.stemming import stems as lexical_stems
from ..text.lexicon import NARRATION_WORDS, crude_stems, fold
from ..text.names import Names
from .events import Event, EventSource, order

#: Cosine (all-MiniLM-L6-v2) between a topic and an event's sentence from which the event is
#: about the topic. Measured over the 108 seed events with 12 multi-word topics, a sentence
#: counting as on the topic when it has the topic's key word: for "humanitarian corridors"
#: those score 0.38-0.64 and every other sentence 0.32 or less. Across all 12, unrelated
#: sentences pass 0.5 three times (0.51 "sanctions against Russia", 0.50 and 0.60 "peace
#: talks in Istanbul"), and 0.45 about a dozen times, mostly where the topic names Russia or
#: Crimea, which every sentence is near. Words already find the literal matches; the model
#: is for paraphrases, so the threshold is where it lets almost nothing unrelated in.
TOPIC_THRESHOLD = 0.5
#: ... and from which a sentence that holds the topic's most telling word is about it:
#: "prisoner exchange" finds "the two delegations agreed on ... the exchange of 6,000 bodies
#: of soldiers" (0.35; the library holds no "prisoner"). Over nine topics (corridors, drone
#: attacks, NATO membership, sanctions, security guarantees, ...) this admitted 7 sentences
#: more: 5 on the topic, 2 next to it ("Negotiation status" for "neutral status" at 0.32).
PARTIAL_THRESHOLD = 0.3


def filter_events(
    events: Sequence[Event],
    about: str | None = None,
    names: Names | None = None,
    embedder: Embedder | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    rarity: Callable[[str], float] | None = None,
) -> list[Event]:
    """Events in [start, end] (an event counts when any of its days is) that are about a
    person (any spelling, through the alias table) or a topic: by meaning (embedding
    similarity to the sentence), by its words (see `_mentions_topic`), or by both, a
    sentence somewhat near it that holds its most telling word (the rarest in the library,
    as `rarity` weighs them, among those the library holds)."""
    kept = [
        e
        for e in events
        if (start is None or e.last_day >= start) and (end is None or e.date <= end)
    ]
    if not about or not about.strip():
        return sorted(kept, key=order)
    people, topic = _split_about(about, names)
    if people:
        kept = [e for e in kept if set(e.people) & people]
    if topic and kept:
        wanted = crude_stems(topic)
        known = [w for w in lexical_stems(topic) if rarity is not None and rarity(w) > 0]
        telling = max(known, key=lambda w: rarity(w) if rarity else 0.0) if known else None
        cosines = np.zeros(len(kept))
        if embedder is not None:
            vectors = embedder.encode([topic, *(e.text for e in kept)])
            cosines = vectors[1:] @ vectors[0]
        kept = [
            e
            for e, cosine in zip(kept, cosines, strict=True)
            if cosine >= TOPIC_THRESHOLD
            or any(_mentions_topic(s, wanted) for s in e.sources)
            or (
                telling is not None
                and cosine >= PARTIAL_THRESHOLD
                and any(telling in lexical_stems(s.text) for s in e.sources)
            )
        ]
    return sorted(kept, key=order)


def _mentions_topic(where: EventSource, wanted: set[str]) -> bool:
    """Every word of the topic in the sentence or the paragraph before it, and one at least
    in the sentence itself: it is about the topic, not only next to it."""
    own = crude_stems(where.text)
    return bool(wanted & own) and wanted <= own | crude_stems(where.context)


def _split_about(about: str, names: Names | None) -> tuple[set[str], str]:
    """The people `about` names (canonical), and the rest of it, the topic."""
    if names is None:
        return set(), about
    whole = names.resolve(about)
    if whole is not None:
        return {whole.name}, ""
    people, rest = set(), []
    for word in re.findall(r"[\w'’@.-]+", about):
        person = names.resolve(re.sub(r"['’]s$", "", word)) if len(word) > 2 else None
        if person is None:
            rest.append(word)
        else:
            people.add(person.name)
    return people, " ".join(w for w in rest if fold(w) not in NARRATION_WORDS)


_BOUND_FORMS = 'YYYY-MM-DD, YYYY-MM, YYYY, or a written date such as "March 3, 2022"'


def parse_bound(text: str, *, end: bool = False) -> dt.date:
    """A --from or --to value as a day. A month or a year stands for its first day, or with
    `end` (for --to) its last: --to 2022-03 includes March 31."""
    value = text.strip()
    try:
        iso = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", value)
        if iso:
            year, month, day = (int(g) if g else None for g in iso.groups())
            return _bound(dt.date(year or 1, month or 1, day or 1), day, month, end)
        # Written dates go to dateparser, but only with a year and a month name in them:
        # "yesterday" or "3/4" as a bound would be a guess.
        if re.fullmatch(
            r"(?:\d{1,2}\s+)?[A-Za-z]{3,}\.?(?:\s+\d{1,2}(?:st|nd|rd|th)?)?,?\s+\d{4}", value
        ):
            from dateparser.date import DateDataParser  # only here: see index/timeline/dates.py

            parser = DateDataParser(languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first"})
            data = parser.get_date_data(value)
            if data.date_obj is not None and data.period in ("day", "month"):
                date = data.date_obj.date()
                return _bound(date, date.day if data.period == "day" else None, 1, end)
    except ValueError:
        pass
    raise ParleyError(f"cannot read the date {text!r}: use {_BOUND_FORMS}")


def parse_range(start: str | None, end: str | None) -> tuple[dt.date | None, dt.date | None]:
    """--from and --to (either may be missing) as days; the earlier must come first."""
    first = parse_bound(start) if start else None
    last = parse_bound(end, end=True) if end else None
    if first is not None and last is not None and first > last:
        raise ParleyError(
            f"the range runs backwards: {start} comes after {end}; give the earlier date first"
        )
    return first, last


def _bound(date: dt.date, day: int | None, month: int | None, end: bool) -> dt.date:
    if not end or day is not None:
        return date
    if month is None:
        return date.replace(month=12, day=31)
    return date.replace(day=calendar.monthrange(date.year, date.month)[1])
