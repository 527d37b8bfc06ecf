"""Dates: the date expressions in an article's sentences, resolved to calendar dates.

A sentence names dates (`date_expressions.py` finds and resolves them); this module decides
which of them it reports: the narration's rather than a quotation's, the main clause's rather
than an aside's, and for a sentence that names none, the day its paragraph is at when it goes
on narrating that day.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .date_expressions import CLOSING, OPENING, REPORTING, candidates, resolve
from .passages import sentences
from .sources import Source, Span, paragraphs


@dataclass(frozen=True)
class DateMention:
    start: int  # offsets into the source text
    end: int
    expression: str
    date: dt.date  # first day of the month or year for those precisions
    end_date: dt.date | None  # only for precision "range"
    precision: str  # "day", "month", "year" or "range"
    planned: bool = False  # after the publication date: announced, not yet happened
    quoted: bool = False  # inside quotation marks: someone's words, not the narration
    kind: str = "explicit"  # explicit, calendar (weekday, "the 29th"), relative, anaphoric
    # In a relative clause or a "since" phrase ("four regions Russia annexed in September
    # 2022", "its largest since the invasion began in 2022"): it dates that aside, never
    # what the sentence reports.
    embedded: bool = False


@dataclass(frozen=True)
class DatedSentence:
    paragraph: int | None  # 1-based body paragraph; None for a headline, caption or byline
    start: int
    end: int
    mentions: tuple[DateMention, ...]
    # The day the paragraph's narration is at, for a sentence that names no date of its own
    # outside quotation marks but continues the same day (see `_continues`).
    carried: DateMention | None = None


def dated_sentences(source: Source) -> list[DatedSentence]:
    """Every sentence of the article with its resolved dates, in reading order; lines that
    are not body paragraphs (captions, bylines) are one sentence each, with paragraph None."""
    body = paragraphs(source)
    blocks: list[tuple[int | None, Span]] = [(n, span) for n, span in enumerate(body, 1)]
    for match in re.finditer(r"[^\n]+", source.text):
        if match.group().strip() and not any(
            s.start < match.end() and match.start() < s.end for s in body
        ):
            blocks.append((None, Span(match.start(), match.end())))
    blocks.sort(key=lambda block: block[1].start)
    result: list[DatedSentence] = []
    carry: DateMention | None = None
    for number, span in blocks:
        spans = sentences(source.text, span) if number else [span]
        dated, last = _paragraph(source.text, number, spans, source.published, carry)
        result.extend(dated)
        carry = last if number else carry
    return result


def find_dates(text: str, published: dt.date | None) -> list[DateMention]:
    """The date mentions of `text` read as one paragraph (offsets into `text`)."""
    dated, _ = _paragraph(text, 1, sentences(text, Span(0, len(text))), published, None)
    return [mention for sentence in dated for mention in sentence.mentions]


def primary(mentions: tuple[DateMention, ...] | list[DateMention]) -> DateMention | None:
    """The date a sentence is about: one the narration states rather than one quoted; the
    finest precision ("on Feb. 21 ... in 2014" is about Feb. 21); then the most explicit (in
    "Four weeks ago, on Feb. 21" the explicit date wins); then the first."""
    if not mentions:
        return None
    return min(
        mentions,
        key=lambda m: (m.quoted, _PRECISION_RANK[m.precision], _KIND_RANK[m.kind], m.start),
    )


def sentence_date(sentence: DatedSentence) -> DateMention | None:
    """A sentence's own narrated date, else the day it continues, else a quoted date (never
    one of an aside: see `DateMention.embedded`)."""
    own = primary([m for m in sentence.mentions if not m.quoted and not m.embedded])
    quoted = [m for m in sentence.mentions if m.quoted and not m.embedded]
    return own or sentence.carried or primary(quoted)


def sentence_dates(sentence: DatedSentence) -> list[DateMention]:
    """Every date the sentence reports something on ("On Wednesday there were signs ..., a
    follow-up to an initial meeting on Monday": two): its narrated dates, a coarser one left
    out where a finer one falls within it; else what `sentence_date` gives."""
    own = [m for m in sentence.mentions if not m.quoted and not m.embedded]
    if not own:
        single = sentence_date(sentence)
        return [single] if single else []
    finest = sorted(own, key=lambda m: (_PRECISION_RANK[m.precision], _KIND_RANK[m.kind], m.start))
    kept: list[DateMention] = []
    for mention in finest:
        if not any(_within(other, mention) for other in kept):
            kept.append(mention)
    return sorted(kept, key=lambda m: m.start)


def _within(finer: DateMention, coarser: DateMention) -> bool:
    """Whether `finer` falls in `coarser`'s period (the same day counts)."""
    return _first_day(coarser) <= finer.date <= _last_day(coarser)


def _first_day(mention: DateMention) -> dt.date:
    return mention.date


def _last_day(mention: DateMention) -> dt.date:
    if mention.end_date is not None:
        return mention.end_date
    if mention.precision == "month":
        return (mention.date.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(
            days=1
        )
    if mention.precision == "year":
        return mention.date.replace(month=12, day=31)
    return mention.date


#: What opens an aside that a date inside it dates, rather than the sentence: a relative
#: pronoun, "since", or a clause that began earlier ("the war began", "Russia annexed").
_ASIDE = re.compile(r"\b(?:which|who|whom|whose|where|since|that\s+began|began|annexed)\b", re.I)


_ASIDE_TEXT = re.compile(r"\b(?i:which|who|whom|whose|where|since)\b[^,;–—]*")


def _embedded(text: str, sentence_start: int, at: int) -> bool:
    """Whether the date at `at` lies in an aside: between an opener of `_ASIDE` and it,
    no comma, dash or semicolon closes the aside."""
    clause = re.split(r"[,;–—]|\s-\s", text[sentence_start:at])[-1]
    return bool(_ASIDE.search(clause))


_PRECISION_RANK = {"day": 0, "range": 1, "month": 2, "year": 3}
_KIND_RANK = {"explicit": 0, "calendar": 1, "relative": 2, "anaphoric": 3}


def _paragraph(
    text: str,
    number: int | None,
    spans: list[Span],
    published: dt.date | None,
    carry_in: DateMention | None,
) -> tuple[list[DatedSentence], DateMention | None]:
    quotes = _quote_spans(text, spans[0].start, spans[-1].end) if spans else []
    # A paragraph that opens with a quotation goes on reporting the previous one's speech.
    opens_quote = bool(spans) and text[spans[0].start] in f'"{OPENING}'
    # `running`: the last day the narration named, what "that day" and a quoted "tomorrow"
    # count from; `narrative`: the day the last dated sentence is about, which carries on,
    # into the next paragraph too while it goes on narrating ("convened Monday ..." then, a
    # paragraph later, "At the negotiation table, Russia presented a memorandum").
    running = carry_in if opens_quote else None
    narrative = carry_in
    result = []
    for span in spans:
        mentions = []
        for start, end, name, match in candidates(text, span):
            quoted = any(q0 <= start < q1 for q0, q1 in quotes)
            day = running.date if running else None
            resolved = resolve(name, match, text, span, quoted, published, day, quotes)
            if resolved is None:
                continue
            date, end_date, precision, kind = resolved
            planned = published is not None and date > published
            aside = _embedded(text, span.start, start)
            mention = DateMention(
                start, end, text[start:end], date, end_date, precision, planned, quoted, kind, aside
            )
            mentions.append(mention)
            if precision == "day" and not quoted and not aside:
                running = mention
        narrated = [m for m in mentions if not m.quoted and not m.embedded]
        own = primary(narrated)
        carried = None
        if own is not None:
            # Of two days a sentence names outright, the later-named is where the narration
            # goes on: "..., a follow-up to an initial meeting on Monday. They parted ways"
            # (Monday); "the next day" in an aside ("were to resume the next day") is not.
            days = [m for m in narrated if m.precision == "day" and m.kind != "anaphoric"]
            if days:
                narrative = days[-1]
            elif not own.planned:  # what is planned is said on the day the narration is at
                narrative = own if own.precision == "day" else None
        elif narrative is not None and _continues(text, span, quotes):
            carried = narrative
        result.append(DatedSentence(number, span.start, span.end, tuple(mentions), carried))
    return result, narrative


def _quote_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The quoted stretches of a paragraph: straight quotes alternate, curly ones say which
    side they are; a quotation still open at the paragraph's end runs to it."""
    spans, opened = [], None
    for i in range(start, end):
        char = text[i]
        if opened is None and char in f'"{OPENING}':
            opened = i
        elif opened is not None and char in f'"{CLOSING}':
            spans.append((opened, i + 1))
            opened = None
    if opened is not None:
        spans.append((opened, end))
    return spans


_PAST = re.compile(
    r"\b(?:[a-z]{2,}ed|said|told|met|spoke|made|gave|took|held|began|went|saw|came|left|sent|"
    r"wrote|led|was|were|got|brought|became|found|thought|heard|kept|won|lost|fell|rose)\b"
)
# Words that move the time away from the narration's day: "had agreed", "since 2014".
_SHIFT = re.compile(
    r"\b(?:had|previously|earlier|before|prior|since|ago|already|ever|usually|often|always|"
    r"years?|months?|weeks?)\b",
    re.I,
)


_PRESENT = re.compile(r"\b(?:is|are|am|has|have|will|can|may|must|do|does)\b", re.I)


def _continues(text: str, span: Span, quotes: list[tuple[int, int]]) -> bool:
    """Whether a sentence with no date of its own continues the day the paragraph is at: it
    reports what someone said (the saying is that day's), or is wholly inside a quotation
    (the words being reported), or narrates in the simple past with nothing that moves the
    time ("had agreed", "since", "already") and no present or perfect ("has dropped")."""
    narration = "".join(
        " " if any(q0 <= i < q1 for q0, q1 in quotes) else text[i]
        for i in range(span.start, span.end)
    )
    if not narration.strip(" .,;:!?-–—'’"):
        return True
    # An aside ("its largest since the invasion began in 2022", "regions Russia annexed")
    # speaks of another time; what the sentence narrates is the rest.
    narration = _ASIDE_TEXT.sub(" ", narration)
    if REPORTING.search(narration) or re.search(r"\baccording to\b", narration, re.I):
        return True
    past = _PAST.search(narration)
    return bool(past) and not _SHIFT.search(narration) and not _PRESENT.search(narration)
