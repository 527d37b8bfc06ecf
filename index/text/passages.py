"""Passages: the quotable pieces of an article, a few whole sentences from one paragraph.

Each passage keeps its exact character offsets into the source text, so `passage.text ==
source.text[passage.start:passage.end]` always holds: a quote is verbatim and can be found.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import lru_cache

import pysbd

from ..attribution.speakers import NOBODY, SURE, Attribution, attribute
from ..settings import ChunkSettings
from .lexicon import ENDS_ON_ABBREVIATION
from .names import Names
from .paragraphs import paragraphs
from .quotation_marks import signature
from .sources import Source, Span


@dataclass(frozen=True)
class Passage:
    source_id: str
    paragraph: int  # 1-based, counting body paragraphs (headings and captions are not counted)
    start: int
    end: int
    text: str
    speaker: str | None = None  # canonical name of who said it, where the text says so
    speaker_role: str | None = None
    direct: bool = False  # the speaker's own words, in quotation marks
    # Where the text that is embedded starts: the sentence(s) before the passage, which often
    # name what the passage only refers to ("The talks lasted about three and a half hours"
    # follows "... negotiations ... took place in Istanbul"). Never shown, only searched.
    context_start: int | None = None
    role_source: str | None = None  # "article" (the role is this article's), "config" or None
    confidence: float = 1.0  # how sure the speaker is (index/attribution/speakers.py CONFIDENCE)
    # The day the speaker said it, where the article tells it (index/timeline/statement_days.py)
    said_on: dt.date | None = None

    @property
    def cut_short(self) -> bool:
        """Whether it stops mid-sentence: a passage ends a sentence, with its punctuation,
        unless its article stopped mid-sentence (an excerpt, a page cut off: the sentence is
        kept to its last whole word, see text/paragraphs.py); a quotation signed with a name
        ('"..." ― Maria L. Ortiz', or its signature alone) ends with the name."""
        signed = signature(self.text) is not None or self.text.lstrip().startswith(("―", "—"))
        return bool(_CUT_SHORT.search(self.text.rstrip())) and not signed

    @property
    def speaker_certain(self) -> bool:
        """Whether the speaker may be shown as "X said" (see index/attribution/speakers.py SURE)."""
        return self.speaker is not None and self.confidence >= SURE

    def search_text(self, source_text: str) -> str:
        """The passage with its preceding context, white space folded: what gets embedded."""
        start = self.start if self.context_start is None else self.context_start
        return " ".join(source_text[start : self.end].split())


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    # pysbd's English rules know abbreviations ("Feb.", "U.S.", "Mr.") and keep a quotation
    # that spans several sentences in one piece, which naive splitting on ". " does not.
    return pysbd.Segmenter(language="en", clean=False, char_span=True)


#: How a sentence cut short ends: on a word, where every other ends on its punctuation, a
#: closing quotation mark or bracket (a paragraph may end on a colon: "had the following to
#: say on the subject:").
_CUT_SHORT = re.compile(r"\w$")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Where each sentence of `text` starts and ends."""
    return [(s.start, s.end) for s in sentences(text, Span(0, len(text)))]


def sentences(text: str, span: Span) -> list[Span]:
    """The sentences of `text[span.start:span.end]`, as spans of `text`, whitespace trimmed."""
    chunk = text[span.start : span.end]
    # A paragraph joined across a line break still holds "\n"; a space of the same length
    # keeps every offset while stopping the segmenter from treating it as a boundary.
    flat = chunk.replace("\n", " ")
    result: list[Span] = []
    for piece in _segmenter().segment(flat):
        start, end = piece.start, piece.end
        while start < end and flat[start].isspace():
            start += 1
        while end > start and flat[end - 1].isspace():
            end -= 1
        if start >= end:
            continue
        if (
            result
            and (flat[start].islower() or flat[start] in ",;:)")
            and ENDS_ON_ABBREVIATION.search(flat, 0, start)
        ):
            # No sentence starts in lower case: the segmenter cut at an abbreviation it did
            # not know ('..., Mitch McConnell, R-Ky., said.'), so this piece goes on the last.
            result[-1] = Span(result[-1].start, span.start + end)
        else:
            result.append(Span(span.start + start, span.start + end))
    return result


def split_passages(
    source: Source, chunking: ChunkSettings, names: Names | None = None
) -> list[Passage]:
    """Cut an article into passages: consecutive sentences of one paragraph, packed greedily
    up to `max_sentences` and `max_chars`; a sentence is never cut, but a long quotation is
    cut at its own sentences (see `_quoted_sentences`). With `names`, each
    passage is one speaker's: a change of speaker starts a new passage, so a quote is never
    shown under someone else's name. Two exceptions keep words with whose they are: "This
    was stated by X" stays with the words before it (`_pack`), and a paragraph ending "X
    said the following:" takes the opening of the next (`_introduced`)."""
    spans = paragraphs(source)
    by_paragraph = [sentences(source.text, paragraph) for paragraph in spans]
    if names is not None:
        said = attribute(source.text, by_paragraph, names)
    else:
        said = [[NOBODY] * len(group) for group in by_paragraph]
    passages: list[Passage] = []
    previous: list[Span] = []  # every sentence so far, across paragraphs, for context
    for number, (group_spans, group_said) in enumerate(zip(by_paragraph, said, strict=True), 1):
        pieces = [
            (piece, attribution)
            for span, attribution in zip(group_spans, group_said, strict=True)
            for piece in _quoted_sentences(source.text, span, chunking.max_chars)
        ]
        for group in _pack(pieces, chunking):
            start, end = group[0][0].start, group[-1][0].end
            context = previous[-chunking.context_sentences :] if chunking.context_sentences else []
            attribution = group[0][1]
            passages.append(
                Passage(
                    source.id,
                    number,
                    start,
                    end,
                    source.text[start:end],
                    speaker=attribution.speaker,
                    speaker_role=attribution.role,
                    direct=any(a.direct for _, a in group),
                    role_source=attribution.role_source,
                    confidence=attribution.confidence,
                    context_start=context[0].start if context else start,
                )
            )
            previous.extend(span for span, _ in group)
    return _introduced(source, passages)


def _introduced(source: Source, passages: list[Passage]) -> list[Passage]:
    """A paragraph that ends introducing what follows ("Medinsky stated the following
    following the meeting:", "Here are the main takeaways:") joined to the passage that
    opens the next one, where the same person speaks in both: alone it names the speaker
    and the topic, so it ranks first, but holds nothing to quote. Where the words it
    introduces are not there (the page lost them, or someone else speaks next), an
    introduction alone is the writer's sentence about the speaker, not their statement."""
    joined: list[Passage] = []
    for passage in passages:
        last = joined[-1] if joined else None
        if (
            last is not None
            and _introduces_next(last)
            and passage.paragraph == last.paragraph + 1
            and passage.speaker == last.speaker
        ):
            joined[-1] = replace(
                last,
                end=passage.end,
                text=source.text[last.start : passage.end],
                direct=last.direct or passage.direct,
            )
        else:
            joined.append(passage)
    # one still ending ":" was not joined: the words it introduces are not there
    return [_nobodys(p) if _introduces_next(p) and _alone(p) else p for p in joined]


def _introduces_next(passage: Passage) -> bool:
    return passage.text.rstrip().endswith(":")


def _alone(passage: Passage) -> bool:
    """Whether the passage is one sentence: the introduction and nothing of the speaker's."""
    return len(sentence_spans(passage.text)) == 1


def _nobodys(passage: Passage) -> Passage:
    return replace(
        passage, speaker=None, speaker_role=None, role_source=None, direct=False, confidence=0.0
    )


def _quoted_sentences(text: str, span: Span, max_chars: int) -> list[Span]:
    """A sentence too long for a passage, cut where a quotation it holds has sentences of its
    own: the segmenter keeps a quotation whole ('He said, "The second round is over. ...
    There is a dramatic situation with medicines."'), which is right for who said it but
    makes a passage of 400 characters whose meaning is spread thin."""
    if span.end - span.start <= max_chars:
        return [span]
    quotes = '"“”'
    blanked = "".join(" " if c in quotes else c for c in text[span.start : span.end])
    pieces = []
    for inner in sentences(blanked, Span(0, len(blanked))):
        start, end = span.start + inner.start, span.start + inner.end
        # the quotation marks the blanking hid, where they open or close a piece
        if start > span.start and text[start - 1] in quotes:
            start -= 1
        if end < span.end and text[end] in quotes:
            end += 1
        pieces.append(Span(start, end))
    return pieces or [span]


def _pack(
    sentences: list[tuple[Span, Attribution]], chunking: ChunkSettings
) -> list[list[tuple[Span, Attribution]]]:
    groups: list[list[tuple[Span, Attribution]]] = []
    for span, said in sentences:
        current = groups[-1] if groups else None
        # "This was stated by X", "- said X" stays with the words it gives X, whatever the
        # length: alone it is no answer, and they alone do not say whose they are
        points_back = (
            current is not None and current[-1][1].how == "pointed" and said.how != "pointed"
        )
        if (
            current is not None
            and (
                points_back
                or (
                    len(current) < chunking.max_sentences
                    and span.end - current[0][0].start <= chunking.max_chars
                )
            )
            and current[0][1].speaker == said.speaker
        ):
            current.append((span, said))
        else:
            groups.append([(span, said)])
    return groups
