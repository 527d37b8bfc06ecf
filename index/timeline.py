"""Timeline: dated events from the articles, the same event told by several merged into one.

An event is one sentence that says something happened (or will) on a date: its own date, or
the day its paragraph is at when it continues that day (see `dates.dated_sentences`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

import numpy as np
from rapidfuzz import fuzz

from .dates import DatedSentence, DateMention, dated_sentences, sentence_dates
from .embeddings import Embedder
from .errors import ParleyError
from .lexical import stems as lexical_stems
from .names import Names, fold
from .sources import Source, dated, translated_from


@dataclass(frozen=True)
class EventSource:
    id: str
    title: str | None
    published: dt.date | None
    paragraph: int
    start: int  # the sentence's offsets into the source text
    end: int
    text: str  # the sentence as this source tells it, verbatim
    # The paragraph's sentences before it, which may name what it only refers to ("the
    # corridors" after "humanitarian corridors"); searched by topic words, never shown.
    context: str = ""
    published_estimated: bool = False
    language_note: str | None = None

    @property
    def dated(self) -> str:
        return dated(self.published, self.published_estimated)

    @property
    def translated_from(self) -> str | None:
        return translated_from(self.language_note)


@dataclass(frozen=True)
class Event:
    date: dt.date
    end_date: dt.date | None
    precision: str  # "day", "month", "year" or "range"
    planned: bool
    text: str  # the first source's sentence, verbatim
    expression: str  # what the date was resolved from
    people: tuple[str, ...]  # canonical names
    sources: tuple[EventSource, ...]
    carried: bool = False  # dated by the paragraph's day, not by an expression in `text`
    # Worked out from a publication date that is itself estimated ("last Monday" in an article
    # whose date is inferred): the day is as uncertain as that date, and shown so.
    estimated: bool = False

    @property
    def last_day(self) -> dt.date:
        if self.end_date is not None:
            return self.end_date
        if self.precision == "month":
            return self.date.replace(day=calendar.monthrange(self.date.year, self.date.month)[1])
        if self.precision == "year":
            return self.date.replace(month=12, day=31)
        return self.date

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "end_date": self.end_date.isoformat() if self.end_date else None,
            "precision": self.precision,
            "planned": self.planned,
            "estimated": self.estimated,
            "text": self.text,
            "expression": self.expression,
            "people": list(self.people),
            "sources": [
                {
                    "id": s.id,
                    "title": s.title,
                    "published": s.published.isoformat() if s.published else None,
                    "published_estimated": s.published_estimated,
                    "language_note": s.language_note,
                    "translation": s.translated_from,
                    "paragraph": s.paragraph,
                    # the sentence as this source tells it: exactly its text[start:end]
                    "text": s.text,
                    "start": s.start,
                    "end": s.end,
                }
                for s in self.sources
            ],
        }


def event_record(event: Event) -> dict[str, Any]:
    """Everything about an event, for storing it beside the index (JSON, not pickle)."""
    record = asdict(event)
    record["date"] = event.date.isoformat()
    record["end_date"] = _iso(event.end_date)
    for source in record["sources"]:
        source["published"] = _iso(source["published"])
    return record


def event_from_record(record: dict[str, Any]) -> Event:
    def day(value: str | None) -> dt.date | None:
        return dt.date.fromisoformat(value) if value else None

    sources = tuple(
        EventSource(**{**s, "published": day(s.get("published"))}) for s in record["sources"]
    )
    date = day(record["date"])
    assert date is not None
    return Event(
        date=date,
        end_date=day(record.get("end_date")),
        precision=str(record["precision"]),
        planned=bool(record["planned"]),
        text=str(record["text"]),
        expression=str(record["expression"]),
        people=tuple(record.get("people", ())),
        sources=sources,
        carried=bool(record.get("carried", False)),
        estimated=bool(record.get("estimated", False)),
    )


def without_sources(events: Sequence[Event], gone: frozenset[str]) -> Sequence[Event]:
    """`events` as told by the sources not in `gone`: an event only they told is dropped."""
    if not gone:
        return events
    kept = []
    for event in events:
        sources = tuple(s for s in event.sources if s.id not in gone)
        if len(sources) == len(event.sources):
            kept.append(event)
        elif sources:
            kept.append(replace(event, sources=sources, text=sources[0].text))
    return kept


def timeline_dict(events: Iterable[Event]) -> dict[str, Any]:
    return {"events": [event.to_dict() for event in sorted(events, key=_order)]}


def extract_events(source: Source, names: Names) -> list[Event]:
    """One event per dated sentence of the article's body, in date order."""
    events = []
    opening: dict[int, int] = {}  # paragraph -> where its first sentence starts
    for sentence in dated_sentences(source):
        if sentence.paragraph is not None:
            opening.setdefault(sentence.paragraph, sentence.start)
        if sentence.paragraph is None:
            continue  # a caption or byline: no sentence to quote
        text = source.text[sentence.start : sentence.end]
        for mention in sentence_dates(sentence):
            if mention is sentence.carried and (
                _CONTINUATION.match(text) or _GOES_ON_SPEAKING.match(text)
            ):
                continue  # it goes on about an event already listed, on its day
            events.append(_event(source, sentence, mention, opening, names))
    return sorted(events, key=_order)


#: A sentence with no date of its own that goes on about the one before rather than
#: reporting something new: one that opens as a rejoinder ("But ...", "At the same time,
#: there was not a single flaw ...", "That was the first public mention ..."), or whose
#: "he" or "she" goes on speaking ("He added ...", "In a tweet, he said ..."). "He also
#: signed treaties" and "They parted ways" are events; they keep the day and are listed.
_CONTINUATION = re.compile(
    r"^\W*(?:but|and|yet|still|however|at the same time|that|this|these|it|according to)\b",
    re.IGNORECASE,
)
_GOES_ON_SPEAKING = re.compile(
    r"^\W*(?:[^,]{0,30},\s*)?(?:he|she)\b[^.]{0,40}?\b(?:said|added|told|noted|stated|"
    r"stressed|suggested|insisted|underscored|reiterated|tweeted|wrote|made it clear)\b",
    re.IGNORECASE,
)


def _event(
    source: Source,
    sentence: DatedSentence,
    mention: DateMention,
    opening: dict[int, int],
    names: Names,
) -> Event:
    """The event `sentence` reports on `mention`'s date."""
    assert sentence.paragraph is not None
    text = source.text[sentence.start : sentence.end]
    people = tuple(dict.fromkeys(m.person.name for m in names.mentions(text)))
    where = EventSource(
        source.id,
        source.title,
        source.published,
        sentence.paragraph,
        sentence.start,
        sentence.end,
        text,
        source.text[opening[sentence.paragraph] : sentence.start],
        source.published_estimated,
        source.language_note,
    )
    return Event(
        mention.date,
        mention.end_date,
        mention.precision,
        mention.planned,
        text,
        mention.expression,
        people,
        (where,),
        carried=mention is sentence.carried,
        estimated=source.published_estimated and mention.kind != "explicit",
    )


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
    return sorted((_merged(group) for group in groups if group), key=_order)


def _merged(group: list[Event]) -> Event:
    # The earliest-published telling leads; its sentence and expression represent the event.
    group = sorted(group, key=lambda e: (e.sources[0].published or dt.date.max, _order(e)))
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


_STOP = set(
    "a an and are as at be been but by for from had has have he her his in into is it its of on "
    "or said says she that the their them they this to was were which who will with would "
    "also after before between than then there these those not no".split()
)
_CALENDAR = re.compile(
    r"^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun|"
    r"yesterday|today|tomorrow|\d)",
)


def stems(text: str) -> set[str]:
    """Content words cut to six letters, a crude stem that still joins "negotiators" and
    "negotiations", "Russia" and "Russian"; dates are left out, they are compared apart."""
    words = re.findall(r"[a-z0-9]+", fold(text).replace("'s", ""))
    return {w[:6] for w in words if w not in _STOP and len(w) > 2 and not _CALENDAR.match(w)}


def word_overlap(a: str, b: str) -> float:
    first, second = stems(a), stems(b)
    if not first or not second:
        return 0.0
    return len(first & second) / min(len(first), len(second))


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
        return sorted(kept, key=_order)
    people, topic = _split_about(about, names)
    if people:
        kept = [e for e in kept if set(e.people) & people]
    if topic and kept:
        wanted = stems(topic)
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
    return sorted(kept, key=_order)


def _mentions_topic(where: EventSource, wanted: set[str]) -> bool:
    """Every word of the topic in the sentence or the paragraph before it, and one at least
    in the sentence itself: it is about the topic, not only next to it."""
    own = stems(where.text)
    return bool(wanted & own) and wanted <= own | stems(where.context)


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
    return people, " ".join(w for w in rest if fold(w) not in _STOP)


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
            from dateparser.date import DateDataParser  # only here: see index/dates.py

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


def _order(event: Event) -> tuple[Any, ...]:
    first = event.sources[0]
    return (event.date, event.last_day, first.published or dt.date.max, first.id, first.start)


def _iso(date: dt.date | None) -> str | None:
    return date.isoformat() if date else None
