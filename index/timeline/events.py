"""Timeline: the dated events each article reports, as stored and shown.

An event is one sentence that says something happened (or will) on a date: its own date, or
the day its paragraph is at when it continues that day (see `dates.dated_sentences`), unless
it only goes on about the sentence before (`continuation.py`). The same event told by several
articles is merged in `merge.py`; `selection.py` chooses the events a member asks for.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

from ..attribution.speakers import attribute
from ..text.lexicon import crude_stems, word_overlap
from ..text.names import Names
from ..text.paragraphs import paragraphs
from ..text.passages import sentences
from ..text.sources import Provenance, Source
from .continuation import goes_on, reports_nothing
from .dates import DatedSentence, DateMention, dated_sentences, sentence_dates


@dataclass(frozen=True)
class EventSource(Provenance):
    id: str
    title: str | None
    published: dt.date | None
    paragraph: int | None  # None: a photo's caption or a standfirst, outside the body
    start: int  # the sentence's offsets into the source text
    end: int
    text: str  # the sentence as this source tells it, verbatim
    # The paragraph's sentences before it, which may name what it only refers to ("the
    # corridors" after "humanitarian corridors"); searched by topic words, never shown.
    context: str = ""
    published_estimated: bool = False
    language_note: str | None = None
    written_in: dt.date | None = None  # undated, the month its file name gives (sources.py)


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
    # The date is that of a clause or a quotation inside the sentence ("regions Russia
    # annexed in September 2022", "We'll continue tomorrow"), not of what the sentence
    # reports: shown with the words around `expression`, so that a reader sees whose it is.
    aside: bool = False
    # False for a sentence that only goes on about an event already listed, on its day ("He
    # added ...", "According to his office, Macron told Putin ..."): no line of the timeline,
    # but it tells what happened that day, so a question about the day finds its passage
    # (index/search/days.py). Without it "What did Macron tell Putin on March 3?" lost its answer.
    listed: bool = True

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
            "aside": self.aside,
            "text": self.text,
            "expression": self.expression,
            "people": list(self.people),
            "sources": [
                {
                    "id": s.id,
                    "title": s.title,
                    **s.dating(),
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
        source["written_in"] = _iso(source["written_in"])
    return record


def event_from_record(record: dict[str, Any]) -> Event:
    def day(value: str | None) -> dt.date | None:
        return dt.date.fromisoformat(value) if value else None

    sources = tuple(
        EventSource(
            **{**s, "published": day(s.get("published")), "written_in": day(s.get("written_in"))}
        )
        for s in record["sources"]
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
        aside=bool(record.get("aside", False)),
        listed=bool(record.get("listed", True)),
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
    return {"events": [event.to_dict() for event in sorted(events, key=order)]}


def extract_events(
    source: Source,
    names: Names,
    continuations: bool = False,
    dated: Sequence[DatedSentence] | None = None,
    speakers: Mapping[int, str] | None = None,
) -> list[Event]:
    """The events each dated sentence of the article's body reports, and its captions
    (`_caption_events`), in date order; with `continuations`, also the sentences that only
    go on about one (`Event.listed` False). `dated`: the article's `dated_sentences`, and
    `speakers`, who speaks in each body sentence by where it starts, where the caller has
    read them already."""
    events = []
    opening: dict[int, int] = {}  # paragraph -> where its first sentence starts
    if speakers is None:
        speakers = _speakers(source, names)
    previous: str | None = None  # who spoke in the sentence before
    captions: list[tuple[dt.date, str]] = []  # the captions listed: their day and text
    for sentence in dated if dated is not None else dated_sentences(source):
        text = source.text[sentence.start : sentence.end]
        if sentence.paragraph is None:
            events += _caption_events(source, sentence, text, captions, names)
            continue
        opening.setdefault(sentence.paragraph, sentence.start)
        speaker = speakers.get(sentence.start)
        same, previous = speaker is not None and speaker == previous, speaker
        if reports_nothing(text):
            continue
        for mention in sentence_dates(sentence):
            if mention is sentence.carried and goes_on(text, same):
                if continuations:  # it goes on about an event already listed, on its day
                    events.append(_event(source, sentence, mention, opening, names, False))
                continue
            events.append(_event(source, sentence, mention, opening, names))
    return sorted(events, key=order)


#: A line outside the body that is no caption though it names a day: a byline or an update
#: stamp gives the clock time ("Filed 9:05 a.m., June 3, 2025"), a list of other stories
#: marks its items ("* Floods close the coast road for a week").
_NO_CAPTION = re.compile(r"\b\d{1,2}(?::\d{2})?\s?[ap]\.?m\b|\b\d{1,2}:\d{2}\b|^\W*[*•·]", re.I)
#: A caption this alike (`word_overlap`, as merging counts it) on the same day repeats an
#: earlier one: a page runs a photo's caption beside each of its copies.
SAME_CAPTION = 0.8


def _caption_events(
    source: Source,
    sentence: DatedSentence,
    text: str,
    captions: list[tuple[dt.date, str]],
    names: Names,
) -> list[Event]:
    """The events a line outside the body reports, a photo's caption ("Delegates arrive at
    the palace for the second round, June 2, 2025") or a standfirst ("Monday's talks ended
    without a deal"), dated by a day the line names itself. The labelled samples list such
    lines as events (six of the tuning halves' 251), and a photograph is of its day. A day
    carried in from the body dates no headline or teaser of another story, and a byline
    is no event."""
    if not crude_stems(text):
        return []  # a date alone: a dateline
    if _NO_CAPTION.search(text) or reports_nothing(text):
        return []
    found = []
    for mention in sentence_dates(sentence):
        if not sentence.start <= mention.start < sentence.end:
            continue
        if any(
            day == mention.date and word_overlap(text, earlier) >= SAME_CAPTION
            for day, earlier in captions
        ):
            continue
        captions.append((mention.date, text))
        found.append(_event(source, sentence, mention, {}, names))
    return found


def _speakers(source: Source, names: Names) -> dict[int, str]:
    """Who speaks in each body sentence, by where it starts (index/attribution/speakers.py)."""
    by_paragraph = [sentences(source.text, paragraph) for paragraph in paragraphs(source)]
    said = attribute(source.text, by_paragraph, names)
    return {
        span.start: attribution.speaker
        for spans, row in zip(by_paragraph, said, strict=True)
        for span, attribution in zip(spans, row, strict=True)
        if attribution.speaker
    }


def _event(
    source: Source,
    sentence: DatedSentence,
    mention: DateMention,
    opening: dict[int, int],
    names: Names,
    listed: bool = True,
) -> Event:
    """The event `sentence` reports on `mention`'s date."""
    text = source.text[sentence.start : sentence.end]
    paragraph = sentence.paragraph
    people = tuple(dict.fromkeys(m.person.name for m in names.mentions(text)))
    where = EventSource(
        source.id,
        source.title,
        source.published,
        paragraph,
        sentence.start,
        sentence.end,
        text,
        source.text[opening[paragraph] : sentence.start] if paragraph is not None else "",
        source.published_estimated,
        source.language_note,
        source.written_in,
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
        aside=mention.embedded or mention.another_day,
        listed=listed,
    )


def order(event: Event) -> tuple[Any, ...]:
    first = event.sources[0]
    return (event.date, event.last_day, first.published or dt.date.max, first.id, first.start)


def _iso(date: dt.date | None) -> str | None:
    return date.isoformat() if date else None
