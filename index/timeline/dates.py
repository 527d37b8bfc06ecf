"""Dates: which dates each sentence of an article reports.

A sentence names dates (`date_expressions.py` finds and resolves them); this module decides
which of them it reports: the narration's rather than a quotation's, the main clause's rather
than an aside's (`clauses.py` reads the grammar), an aside's or a quotation's where that is
an event of its own, and for a sentence that names none, the day its paragraph is at when it
goes on narrating that day (`narration.py`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from ..text.paragraphs import paragraphs
from ..text.passages import sentences
from ..text.quotation_marks import OPENING, outside, quoted_stretches
from ..text.sources import Source, Span
from . import clauses
from .date_expressions import BOUNDS, CALENDAR, resolve, still_to_come
from .date_patterns import candidates
from .narration import continues

#: "More than a month ago", "nearly three years ago": a bound, not a day. In an aside it
#: measures, as "since 2022" does ("the siege that began nearly two months ago"), and is no
#: event of its own; every labelled sample so labels it.
_BOUND = re.compile(rf"(?:{BOUNDS})\s", re.IGNORECASE)


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
    # "" in the clause the sentence reports; "clause" in a relative or adverbial clause
    # ("four regions Russia annexed in September 2022"), "subject" in one on the main
    # verb's subject, "since" under a "since" ("its largest since the invasion began in
    # 2022"): it dates that aside, never the sentence (`clauses.aside`).
    aside: str = ""
    # Quoted, relative to the day it was said, and another day: "We'll continue tomorrow."
    another_day: bool = False
    # A day to come told as a guess ("would probably meet this week", "unlikely to take
    # place next week": `clauses.hedged`): no event, and not where the narration is.
    hedged: bool = False

    @property
    def embedded(self) -> bool:
        return bool(self.aside)

    @property
    def own_event(self) -> bool:
        """Whether the aside it dates is an event of its own: a clause's ("who attended the
        meetings last week", "regions annexed in September 2022") is; a "since" phrase only
        measures ("its largest since 2022", "since mid-January"), unless it names a day
        outright ("since he became president on January 20"); a quotation's is when it is
        another day than the one it was said on ("We'll continue tomorrow"). Listing them
        raised recall on the tuning halves from 0.62 to 0.71 (seeds, where the parse alone
        had dropped it from 0.70) and 0.73 to 0.82 (talks), 0.75 to 0.79 for the quoted."""
        if self.hedged or (self.aside and _BOUND.match(self.expression)):
            return False
        if self.quoted:
            return self.another_day and not self.aside
        if self.aside == "since":
            return self.precision == "day" and self.kind in ("explicit", "calendar")
        return self.aside in ("clause", "subject")


@dataclass(frozen=True)
class DatedSentence:
    paragraph: int | None  # 1-based body paragraph; None for a headline, caption or byline
    start: int
    end: int
    mentions: tuple[DateMention, ...]
    # The day the paragraph's narration is at, for a sentence that names no date of its own
    # outside quotation marks but continues the same day (see `narration.continues`).
    carried: DateMention | None = None
    # A dateline ("ISTANBUL, June 2.", no verb): it dates what follows and reports nothing.
    # Listed, it was an event of its own and merged with any other article's that day.
    dateline: bool = False


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
    split = [(n, sentences(source.text, span) if n else [span]) for n, span in blocks]
    clauses.parse_all(source.text[s.start : s.end] for _, spans in split for s in spans)
    result: list[DatedSentence] = []
    carry: DateMention | None = None
    era: dt.date | None = None
    written = source.written_in
    for number, spans in split:
        dated, last, era = _paragraph(
            source.text, number, spans, source.published, carry, era, written
        )
        result.extend(dated)
        carry = last if number else carry
    return result


def find_dates(text: str, published: dt.date | None) -> list[DateMention]:
    """The date mentions of `text` read as one paragraph (offsets into `text`)."""
    dated, _, _ = _paragraph(text, 1, sentences(text, Span(0, len(text))), published, None)
    return [mention for sentence in dated for mention in sentence.mentions]


def _next_era(
    era: dt.date | None, mention: DateMention, published: dt.date | None
) -> dt.date | None:
    """Where the narration is, as far as the year of a date without one goes, after
    `mention` (one the narration states): at a date whose year the text gives ("in February
    2022", or "March 7" read in that year), if it is not the article's year; back at the
    article's day after one counted from it ("on Monday", "last week"); else unchanged."""
    stated = bool(re.search(r"\d{4}", mention.expression))
    if stated or (era is not None and mention.kind == "explicit"):
        return (
            None if published is not None and mention.date.year == published.year else mention.date
        )
    if mention.kind in ("relative", "calendar"):
        return None
    return era


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
    one of an aside: see `DateMention.embedded`). A quoted "today" or "yesterday" counts from
    the day it was said, which only the narration gives (then the sentence continues that
    day): on its own it dates nothing a reader could cite (talks tuning event precision 0.77
    -> 0.78, nothing lost)."""
    own = primary([m for m in sentence.mentions if not (m.quoted or m.embedded or m.hedged)])
    quoted = [
        m
        for m in sentence.mentions
        if m.quoted and not m.embedded and not m.hedged and m.kind != "relative"
    ]
    return own or sentence.carried or primary(quoted)


def sentence_dates(sentence: DatedSentence) -> list[DateMention]:
    """Every date the sentence reports something on ("On Wednesday there were signs ..., a
    follow-up to an initial meeting on Monday": two): its narrated dates, a coarser one left
    out where a finer one falls within it, and those of its asides that are events of their
    own ("Cavusoglu, who attended the meetings last week, told ...") or what someone says of
    another day ("We'll continue tomorrow."); and where its narration names none of these,
    what `sentence_date` gives (a sentence whose only dates are asides reports those)."""
    if sentence.dateline:
        return []
    own = [m for m in sentence.mentions if not (m.quoted or m.embedded or m.hedged)]
    asides = [m for m in sentence.mentions if m.own_event]
    finest = sorted(own, key=lambda m: (_PRECISION_RANK[m.precision], _KIND_RANK[m.kind], m.start))
    kept: list[DateMention] = []
    for mention in finest:
        if not any(_within(other, mention) for other in kept):
            kept.append(mention)
    if not any(not m.quoted for m in kept + asides):
        # nothing in its narration: the saying is on the day it gives, or continues
        kept += [single] if (single := sentence_date(sentence)) else []
    for mention in asides:
        if not any(_key(other) == _key(mention) for other in kept):
            kept.append(mention)
    return sorted(kept, key=lambda m: m.start)


def _key(mention: DateMention) -> tuple[dt.date, dt.date | None, str]:
    return mention.date, mention.end_date, mention.precision


def _within(finer: DateMention, coarser: DateMention) -> bool:
    """Whether `finer` falls in `coarser`'s period (the same day counts)."""
    return coarser.date <= finer.date <= _last_day(coarser)


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


_PRECISION_RANK = {"day": 0, "range": 1, "month": 2, "year": 3}
_KIND_RANK = {"explicit": 0, "calendar": 1, "relative": 2, "anaphoric": 3}


def _paragraph(
    text: str,
    number: int | None,
    spans: list[Span],
    published: dt.date | None,
    carry_in: DateMention | None,
    era: dt.date | None = None,
    written: dt.date | None = None,
) -> tuple[list[DatedSentence], DateMention | None, dt.date | None]:
    quotes = quoted_stretches(text, spans[0].start, spans[-1].end) if spans else []
    # A paragraph that opens with a quotation goes on reporting the previous one's speech.
    opens_quote = bool(spans) and text[spans[0].start] in f'"{OPENING}'
    # `running`: the last day the narration named, what "that day" and a quoted "tomorrow"
    # count from; `narrative`: the day the last dated sentence is about, which carries on,
    # into the next paragraph too while it goes on narrating ("convened Monday ..." then, a
    # paragraph later, "At the negotiation table, Russia presented a memorandum").
    running = carry_in if opens_quote else None
    narrative = carry_in
    lead = False  # after a dateline: the sentences of its paragraph report that day's news
    result = []
    for span in spans:
        sentence = text[span.start : span.end]
        mentions, running, after = _mentions(
            text, span, quotes, published, running, narrative, era if number else None, written
        )
        if number:  # a caption is no narration: it neither takes the era nor moves it
            # what is ("Russia holds about a fifth of the country") or has been brings the
            # narration back to the article's day
            now = clauses.tense(sentence, outside(span, quotes)) in ("present", "perfect")
            era = None if now else after
        narrated = [m for m in mentions if not m.quoted and not m.embedded and not m.hedged]
        own = primary(narrated)
        carried = None
        # A dateline is no event but dates its paragraph. Listed as events, datelines held
        # talks tuning event precision at 0.65 (0.68 without them), and the lead after one,
        # in the present perfect, went unlisted (recall 0.84; 0.87 with this).
        dateline = own is not None and not clauses.tense(sentence, outside(span, quotes))
        if dateline and own is not None and own.precision == "day":
            narrative, running, lead = own, own, True
        elif own is not None:
            # Of two days a sentence names outright, the later-named is where the narration
            # goes on: "..., a follow-up to an initial meeting on Monday. They parted ways"
            # (Monday); "the next day" in an aside ("were to resume the next day") is not,
            # nor a day still to come: what follows an announcement tells what happened (in
            # the library, "the weekend talks covered ..." had been put on the next round's
            # day, and two sentences after the talks on the day of a meeting announced; no
            # labelled tuning sentence moved).
            days = [
                m
                for m in narrated
                if m.precision == "day" and m.kind != "anaphoric" and not m.planned
            ]
            if clauses.tense(sentence, outside(span, quotes)) == "past perfect":
                # A flashback ("The first round had taken place on Feb. 28"): what follows is
                # not on its day, nor surely on the one before it (talks tuning event
                # precision 0.78 -> 0.80, nothing lost).
                narrative = None
            elif days:
                narrative = days[-1]
            elif not own.planned:  # what is planned is said on the day the narration is at
                narrative = own if own.precision == "day" else None
        elif subject := primary([m for m in mentions if m.aside == "subject" and not m.quoted]):
            # Its subject is dated ("The last attempt, held in mid-May, marked ..."): the
            # narration is at that time now (seeds tuning date precision 0.93 -> 0.95; any
            # clause moving it cost talks recall 0.93 -> 0.91).
            narrative = subject if subject.precision == "day" else None
        elif narrative is not None and (
            (lead and clauses.tense(sentence, outside(span, quotes)))
            or continues(text, span, quotes)
        ):
            carried = narrative
        result.append(
            DatedSentence(number, span.start, span.end, tuple(mentions), carried, dateline)
        )
    return result, narrative, era


def _mentions(
    text: str,
    span: Span,
    quotes: list[tuple[int, int]],
    published: dt.date | None,
    running: DateMention | None,
    narrative: DateMention | None = None,
    era: dt.date | None = None,
    written: dt.date | None = None,
) -> tuple[list[DateMention], DateMention | None, dt.date | None]:
    """The dates the sentence at `span` names, the day the narration is at after it, and its
    era after it (`_next_era`); `narrative`: the day the narration was at before this
    sentence (see `_paragraph`), which "the same day" counts from where its paragraph has
    named no day yet; `written`: the month an undated article was written in, where its
    file name gives it (`Source.written_in`)."""
    mentions = []
    for start, end, name, match in candidates(text, span):
        quoted = any(q0 <= start < q1 for q0, q1 in quotes)
        day = running.date if running else None
        if name == "anaphor" and running is None and narrative is not None:
            # "Earlier the same day, ..." opening a paragraph: the day the last one was at
            day = narrative.date
        resolved = resolve(name, match, text, span, quoted, published, day, quotes, era, written)
        if resolved is None:
            continue
        date, end_date, precision, kind = resolved
        sentence, at = text[span.start : span.end], (start - span.start, end - span.start)
        aside = clauses.aside(sentence, *at)
        if not aside and precision == "year" and not quoted and clauses.on_a_noun(sentence, *at):
            aside = "clause"  # a year said of a thing (see `clauses.on_a_noun`)
        said_on = day if (quoted and day) else published
        if published is not None:
            planned = date > published
        else:  # a day an undated article of a known month names: to come as its tense says
            planned = (
                written is not None
                and name in CALENDAR
                and not re.search(r"\d{4}", match.group("x"))
                and still_to_come(text, span, start, end, quoted, quotes)
            )
        another = quoted and kind in ("relative", "calendar") and precision == "day"
        # only days to come are guessed at: "could not reach an agreement on Thursday" is past
        to_come = said_on is not None and (end_date or date) >= said_on
        mention = DateMention(
            start, end, text[start:end], date, end_date, precision,
            planned=planned, quoted=quoted, kind=kind,
            aside=aside, another_day=another and date != said_on,
            hedged=to_come and clauses.hedged(sentence, *at),
        )  # fmt: skip
        mentions.append(mention)
        if not quoted and not aside and not mention.hedged:
            era = _next_era(era, mention, published)
            if precision == "day":
                running = mention
    return _joined(text, mentions), running, era


_AND = re.compile(r"\s+and\s+(?:on\s+)?")


def _joined(text: str, mentions: list[DateMention]) -> list[DateMention]:
    """Two days in a row joined by "and" as one range: "drone attacks on Wednesday and
    Thursday" is one event over two days, not two events (two days apart or more, they
    stay two: "met on Monday and Thursday"). Talks tuning date precision 0.95 -> 1.00."""
    result: list[DateMention] = []
    for mention in mentions:
        last = result[-1] if result else None
        if (
            last is not None
            and last.precision == mention.precision == "day"
            and (last.quoted, last.aside) == (mention.quoted, mention.aside)
            and mention.date - last.date == dt.timedelta(days=1)
            and _AND.fullmatch(text, last.end, mention.start)
        ):
            result[-1] = replace(
                last,
                end=mention.end,
                expression=text[last.start : mention.end],
                end_date=mention.date,
                precision="range",
                planned=last.planned and mention.planned,
            )
        else:
            result.append(mention)
    return result
