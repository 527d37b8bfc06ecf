"""Readable answers for a terminal: each quote verbatim, then who said it and where it is from."""

from __future__ import annotations

import re

from parley.index import Answer, Event, EventSource, Quote

from .shortening import ELLIPSIS, one_line

#: Terminal escape sequences and the other control characters but line breaks and tabs: an
#: article holds few (ingest refuses a text with more than 1 in 100), but one is enough to
#: recolour or retitle a member's terminal. Shown, article text is only ever text.
_CONTROL = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-_]?|[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """`text` without escape sequences or control characters, safe to print to a terminal."""
    return _CONTROL.sub("", text)


NOTHING_FOUND = "Nothing in the library answers that."
ONLY_SOURCES = "Parley only quotes its sources; `parley sources list` shows what it has."


def render_answer(answer: Answer) -> str:
    if answer.abstained or not answer.quotes:
        return printable(f"{answer.question}\n\n{answer.reason or NOTHING_FOUND} {ONLY_SOURCES}")
    blocks = [answer.question]
    for number, quote in enumerate(answer.quotes, start=1):
        shown = in_quotation_marks(quote.passage.text, quote.passage.cut_short)
        blocks.append(f"[{number}] {shown}\n" + "\n".join(_attribution(quote)))
    return printable("\n\n".join(blocks))


#: The pairs of marks a passage that is itself one quotation may come in.
_PAIRS = {"“": "”", '"': '"', "«": "»", "„": "“", "‘": "’"}


def quotation(text: str, cut_short: bool = False) -> str:
    """What goes between the quotation marks a passage is shown in: its white space folded (a
    passage across a broken line of the article keeps no blank lines), without its own marks
    when it is one quotation (else they would show doubled, ““...””), and a quotation inside
    it in single marks, as nested quotations are printed, and an ellipsis where the passage
    is `cut_short` (see `Passage.cut_short`). `--json` keeps the exact text."""
    flat = " ".join(text.split())
    close = _PAIRS.get(flat[:1])
    inner = flat[1:-1]
    if close and len(flat) > 1 and flat.endswith(close) and not _has_marks(inner, flat[0] + close):
        flat = inner.strip()
    if cut_short:  # said so, not passed off as the whole statement
        flat += f" {ELLIPSIS}"
    return re.sub(r'(?:(?<=^)|(?<=[\s(\[—-]))"', "‘", flat).replace('"', "’").translate(_NESTED)


_NESTED = str.maketrans({"“": "‘", "”": "’", "«": "‘", "»": "’", "„": "‘"})


def _has_marks(text: str, pair: str) -> bool:
    return any(mark in text for mark in '“”"«»„' + pair)


def in_quotation_marks(text: str, cut_short: bool = False) -> str:
    """A passage as shown on the terminal and in Discord: “...”, with `quotation`'s care."""
    return f"“{quotation(text, cut_short)}”"


def speaker_line(quote: Quote) -> str | None:
    """'Medinsky (head of the Russian delegation)', or None when the passage has no speaker."""
    passage = quote.passage
    if not passage.speaker:
        return None
    named = (
        f"{passage.speaker} ({passage.speaker_role})" if passage.speaker_role else passage.speaker
    )
    if said := said_on(quote):
        named += f", {said}"
    # An attribution the extractor is unsure of ("he said" after two people) is not shown
    # as a fact.
    return named if passage.speaker_certain else f"probably {named}: who said it is not certain"


def said_on(quote: Quote) -> str | None:
    """'said 2022-03-18', where the article tells the day and it is not the day the article
    came out (a round-up of the week quotes every day of it): a quote is cited by when it was
    said, and the source line gives the article's date."""
    day = quote.passage.said_on
    return f"said {day.isoformat()}" if day and day != quote.source.published else None


def source_line(quote: Quote) -> str:
    """Where a quote is from, all a reader needs to cite it: headline (or id), author,
    outlet, published date (marked when estimated), paragraph, whether the text is a
    translation, and the address."""
    source = quote.source
    parts = [source.label]
    parts += [value for value in (source.author, source.outlet) if value]
    parts.append(source.dated)
    parts.append(f"paragraph {quote.passage.paragraph}")
    if source.translated_from:
        parts.append(source.translated_from)
    if source.url:
        parts.append(source.url)
    return " · ".join(parts)


def _attribution(quote: Quote) -> list[str]:
    lines = []
    speaker = speaker_line(quote)
    if speaker:
        lines.append(f"    — {speaker}")
    lines.append(f"    {source_line(quote)} · score {quote.score:.2f}")
    return lines


def render_timeline(events: list[Event]) -> str:
    """One line per event and source: its date, the sentence as that source tells it
    (shortened), the source. A second source of the same event gets a line of its own."""
    if not events:
        return "No dated events match."
    dates = [event_date(event) for event in events]
    width = max(map(len, dates))
    lines = []
    for date, event in zip(dates, events, strict=True):
        for number, told in enumerate(event.sources):
            when = date if number == 0 else "  ″"
            where = f"{one_line(told.title or told.id, 40)} {_place(told)}"
            if told.translated_from:  # the sentence is a translator's words
                where += f", {told.translated_from}"
            lines.append(f"{when:<{width}}  {excerpt(told.text, event, 100)}  — {where}")
    return printable("\n".join(lines))


def event_date(event: Event) -> str:
    """'2022-03-03', '2022-03' (a month), '2025-06-20 to 2025-06-30', '... (planned)', 'c.
    2022-03-28 (estimated)' (worked out from an estimated publication date)."""
    if event.precision == "month":
        text = event.date.strftime("%Y-%m")
    elif event.precision == "year":
        text = str(event.date.year)
    elif event.end_date:
        text = f"{event.date.isoformat()} to {event.end_date.isoformat()}"
    else:
        text = event.date.isoformat()
    if event.estimated:
        text = f"c. {text} (estimated)"
    return f"{text} (planned)" if event.planned else text


def event_sources(event: Event) -> str:
    return "; ".join(f"{one_line(s.title or s.id, 40)} {_place(s)}" for s in event.sources)


def _place(told: EventSource) -> str:
    return "caption" if told.paragraph is None else f"¶{told.paragraph}"


def excerpt(text: str, event: Event, limit: int) -> str:
    """A source's sentence for an event, shortened: from its start, or for an event dated by
    an aside (`Event.aside`) from a little before the words that date it, so they show."""
    flat = " ".join(text.split())
    at = flat.find(" ".join(event.expression.split())) if event.aside else -1
    if at < 0 or at + len(event.expression) < limit - 1:
        return one_line(flat, limit)
    start = flat.rfind(" ", 0, max(at - limit // 3, 0)) + 1
    return ELLIPSIS + one_line(flat[start:], limit - 1)
