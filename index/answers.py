"""Answers: the passages quoted for a question, each with its source and score.

An `Answer` either quotes passages verbatim or abstains; it never paraphrases.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from .errors import BadQuestion
from .text.paragraphs import paragraphs
from .text.passages import Passage
from .text.quotation_marks import quoted_stretches
from .text.sources import Source, Span


@dataclass(frozen=True)
class Quote:
    passage: Passage
    source: Source
    score: float

    def around(self) -> tuple[str, str]:
        """The text of its paragraph before the passage and after it, as the article has it
        (nothing around a passage that lies outside the paragraph it names: an index made by
        another splitter)."""
        passage, text, span = self.passage, self.source.text, self.paragraph_span()
        if span is None:
            return "", ""
        return text[span.start : passage.start], text[passage.end : span.end]

    def paragraph_span(self) -> Span | None:
        """Where the passage's paragraph lies in the article, or None where the passage lies
        outside the paragraph it names (an index made by another splitter)."""
        passage, spans = self.passage, _paragraphs(self.source)
        span = spans[passage.paragraph - 1] if 0 < passage.paragraph <= len(spans) else None
        if span is None or not span.start <= passage.start <= passage.end <= span.end:
            return None
        return span

    def to_dict(self) -> dict[str, Any]:
        p = self.passage
        return {
            "text": p.text,
            "speaker": p.speaker,
            "speaker_role": p.speaker_role,
            "role_source": p.role_source,
            "speaker_confidence": round(p.confidence, 2) if p.speaker else None,
            "direct": p.direct,
            "cut_short": p.cut_short,
            "said_on": p.said_on.isoformat() if p.said_on else None,
            "score": round(self.score, 4),
            "paragraph": p.paragraph,
            "start": p.start,
            "end": p.end,
            "source": self.source.metadata(),
        }


#: Who said the passages that lie between two passages of one source, or None where some text
#: between them is in no passage (`PassageTable.speakers_between`).
Between = Callable[[Passage, Passage], frozenset[str | None] | None]


def joined(quotes: Iterable[Quote], longest: int, between: Between | None = None) -> list[Quote]:
    """`quotes` in order, each shown passage that continues or precedes an earlier one in
    the same paragraph, by the same speaker (nothing but white space between them), joined
    to it as one quote of at most `longest` characters: a paragraph split into passages is
    one stretch of text to a reader, and two pieces of it shown apart repeat its context.
    On the tuning sets the first quote of 8 calibration and 8 members questions grew this
    way and held the answer for 1 and 3 more of them, and of talks3 for 1 more; no set lost
    an answer, and the median first quote grew from 202 to 235 characters (calibration).

    With `between`, two pieces of one statement are joined across the passages that lie
    between them when the same speaker said all of those too: Lavrov's "talks are not going
    smoothly" and, two sentences on, his "neutral status is being seriously discussed" were
    shown as two quotes with a hole between them. On the tuning sets this held the answer
    for 1 more question (members2) and lost none; no median quote length moved."""
    kept: list[Quote] = []
    for quote in quotes:
        at = next(
            (i for i, k in enumerate(kept) if _joins(k.passage, quote, longest, between)), None
        )
        if at is None:
            kept.append(quote)
        else:
            kept[at] = _join(kept[at], quote.passage)
    return kept


@lru_cache(maxsize=256)
def _paragraphs(source: Source) -> tuple[Span, ...]:
    # Read for every quote shown (whole_quotations) and every Context click: found again
    # each time, they made an answer a third slower (12 -> 16 ms, median of the dev,
    # calibration and members4 questions); the articles quoted from are few and recur.
    return tuple(paragraphs(source))


#: The passage of the same source right before (-1) or after (1) a passage, in its paragraph
#: with nothing but white space between them, or None (`PassageTable.beside`).
Beside = Callable[[Passage, int], Passage | None]


def whole_quotations(quotes: Iterable[Quote], longest: int, beside: Beside) -> list[Quote]:
    """`quotes`, each that starts or ends inside a quotation grown by the passages next to it
    that hold the rest of it, said by the same speaker, up to `longest` characters; a quote
    the growing took in is not shown again. A passage is at most two sentences, so a
    quotation of several is cut into pieces: shown alone, "Russia now understands this."
    left the reader to guess what "this" was (the sentence before it in the same quotation),
    and the writers of the held-out sets chose evidence across such cuts."""
    grown: list[Quote] = []
    for quote in quotes:
        quote = _grown(quote, longest, beside)
        if not any(_overlap(quote.passage, kept.passage) for kept in grown):
            grown.append(quote)
    return grown


def _grown(quote: Quote, longest: int, beside: Beside) -> Quote:
    span = quote.paragraph_span()
    if span is None:
        return quote
    quotations = quoted_stretches(quote.source.text, span.start, span.end)
    for step in (-1, 1):  # the start of the quotation first: what comes before says who
        while True:
            passage = quote.passage
            cut = passage.start if step < 0 else passage.end
            if not any(start < cut < end for start, end in quotations):
                break
            other = beside(passage, step)
            if (
                other is None
                or other.speaker != passage.speaker
                or max(passage.end, other.end) - min(passage.start, other.start) > longest
            ):
                break
            quote = _join(quote, other)
    return quote


def _overlap(first: Passage, other: Passage) -> bool:
    return (
        first.source_id == other.source_id and first.start < other.end and other.start < first.end
    )


def _joins(passage: Passage, quote: Quote, longest: int, between: Between | None) -> bool:
    """Whether `quote` continues or precedes `passage` in its paragraph, by the same
    speaker, and the two together are at most `longest` characters."""
    other, text = quote.passage, quote.source.text
    mine = (passage.source_id, passage.paragraph, passage.speaker)
    if (other.source_id, other.paragraph, other.speaker) != mine:
        return False
    if max(passage.end, other.end) - min(passage.start, other.start) > longest:
        return False
    first, then = (passage, other) if passage.start <= other.start else (other, passage)
    if first.end > then.start:
        return False
    if not text[first.end : then.start].strip():
        return True
    return (
        between is not None
        and passage.speaker is not None
        and between(first, then) == frozenset({passage.speaker})
    )


def _join(quote: Quote, other: Passage) -> Quote:
    first = quote.passage
    start, end = min(first.start, other.start), max(first.end, other.end)
    earlier = first if first.start <= other.start else other
    passage = replace(
        first,
        start=start,
        end=end,
        text=quote.source.text[start:end],
        context_start=earlier.context_start,
        speaker_role=first.speaker_role or other.speaker_role,
        role_source=first.role_source if first.speaker_role else other.role_source,
        direct=first.direct or other.direct,
        confidence=min(first.confidence, other.confidence),
        said_on=first.said_on or other.said_on,
    )
    return replace(quote, passage=passage)


@dataclass(frozen=True)
class Answer:
    question: str
    quotes: tuple[Quote, ...]
    abstained: bool = False
    # Why nothing is quoted, in one line ("Nobody named Trump is quoted in the library."),
    # and which kind of reason it is (see index/search/verdict.py); None when quotes are shown.
    reason: str | None = None
    reason_code: str | None = None

    def to_dict(self) -> dict[str, Any]:
        record = {
            "question": self.question,
            "abstained": self.abstained,
            "passages": [quote.to_dict() for quote in self.quotes],
        }
        if self.abstained:
            record |= {"reason": self.reason, "reason_code": self.reason_code}
        return record


#: Chat markup around a question that is no part of it: mentions (<@123>, <@&123>, <#123>,
#: @everyone, @here), custom emoji (<:name:123>), spoiler bars, code marks and emphasis. Read
#: as words, "@everyone What did Medinsky say about neutrality?" quoted nothing.
_CHAT_MARKUP = re.compile(
    r"<(?:@[!&]?|#)\d+>|<a?:\w+:\d+>|@(?:everyone|here)\b|\|\||```(?:[\w+-]*\n)?|`|\*\*|__|~~"
)
#: Characters no question holds: control characters (an escape sequence would reach the
#: terminal) and lone surrogates (bytes that were not UTF-8, as Python reads them from argv).
_UNTYPABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def clean_question(question: str, max_chars: int) -> str:
    """The question as its asker meant it: without chat markup or characters no one types,
    white space folded; `BadQuestion` if there is nothing to ask or far too much."""
    plain = _UNTYPABLE.sub(" ", _CHAT_MARKUP.sub(" ", question))
    stripped = " ".join(plain.split())
    if not stripped:
        raise BadQuestion("the question is empty: type what you want to know")
    if len(stripped) > max_chars:
        raise BadQuestion(
            f"the question is {len(stripped)} characters long; the limit is {max_chars}"
        )
    return stripped
