"""Answers: the passages quoted for a question, each with its source and score.

An `Answer` either quotes passages verbatim or abstains; it never paraphrases.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import BadQuestion
from .passages import Passage
from .sources import Source


@dataclass(frozen=True)
class Quote:
    passage: Passage
    source: Source
    score: float

    def to_dict(self) -> dict[str, Any]:
        p = self.passage
        return {
            "text": p.text,
            "speaker": p.speaker,
            "speaker_role": p.speaker_role,
            "direct": p.direct,
            "score": round(self.score, 4),
            "paragraph": p.paragraph,
            "start": p.start,
            "end": p.end,
            "source": self.source.metadata(),
        }


@dataclass(frozen=True)
class Answer:
    question: str
    quotes: tuple[Quote, ...]
    abstained: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "abstained": self.abstained,
            "passages": [quote.to_dict() for quote in self.quotes],
        }


def clean_question(question: str, max_chars: int) -> str:
    """The question stripped, or `BadQuestion` if there is nothing to ask or far too much."""
    stripped = question.strip()
    if not stripped:
        raise BadQuestion("the question is empty: type what you want to know")
    if len(stripped) > max_chars:
        raise BadQuestion(
            f"the question is {len(stripped)} characters long; the limit is {max_chars}"
        )
    return stripped
