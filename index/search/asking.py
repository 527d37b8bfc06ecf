"""Asking one build a question: read it, rank the candidates, let the verdict decide, and
quote what passes or say why nothing does.

`Library.ask` picks the build (the current one, a single one for the whole answer) and the
model; the rest is here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..answers import Answer, Quote, joined, whole_quotations
from ..store.builds import StoredIndex
from ..text.names import Names
from .answer_types import without_asking
from .days import without_days
from .embeddings import Embedder
from .people import People
from .questions import Intent, read_question
from .retrieval import Candidate, Retriever
from .verdict import Decision, Words, abstention, decide, describe
from .verdict_model import Verdict


@dataclass(frozen=True)
class Searchable:
    """One build and its search structures, swapped in as a whole when a new build lands."""

    index: StoredIndex
    retriever: Retriever
    people: People

    @classmethod
    def of(cls, index: StoredIndex, names: Names) -> Searchable:
        people = People(index.passages, names, index.lexical, index.ids, index.sources)
        return cls(index, Retriever(index, names), people)


@dataclass(frozen=True)
class Judged:
    """A question as read, its ranked candidates, and what the verdict made of each."""

    intent: Intent
    candidates: list[Candidate]
    features: np.ndarray  # a row of verdict_model.FEATURES per candidate
    decision: Decision
    words: Words
    # the years the asked-about person is quoted in, where the question names a year and
    # each of their statements is dated (People.quoted_only_in); else None
    quoted_in: frozenset[int] | None = None


def judge(
    question: str,
    build: Searchable,
    names: Names,
    embedder: Embedder,
    verdict: Verdict,
    exclude: frozenset[str],
) -> Judged:
    """Every candidate for `question` (no passage of the sources in `exclude`), described,
    ranked and decided on."""
    index = build.index
    intent = read_question(question, names, index.lexical.knows, build.people)
    about_person = intent.words_of is not None
    asked = without_asking(intent.topic if about_person else intent.asked)
    words = Words.of(without_days(asked), index.lexical)
    candidates: list[Candidate] = []
    # "What did X say?" of an X the library never quotes (unheard of, or only named) is
    # answered with that: any passage would be someone else's words or none.
    unquoted = (
        about_person and intent.person is not None and not build.people.get(intent.person.name)
    )
    # ... and so is "What did Shoigu say in May 2025?" of someone quoted only in 2022: their
    # words of another year are not what was asked (with a statement of unknown date, ask on)
    quoted_in = (
        build.people.quoted_only_in(intent.person.name)
        if about_person and intent.person is not None and intent.years
        else None
    )
    elsewhen = quoted_in is not None and not quoted_in & intent.years
    if intent.unheard is None and not unquoted and not elsewhen:
        asks_topic = intent.topic != intent.asked
        vectors = embedder.encode(
            [intent.canonical, intent.topic] if asks_topic else [intent.canonical]
        )
        candidates = build.retriever.candidates(
            intent, vectors[0], vectors[1] if asks_topic else None, exclude=exclude
        )
    features = describe(intent, candidates, index.passages, index.sources, words, index.lexical)
    return Judged(intent, candidates, features, decide(verdict, features), words, quoted_in)


def answer(question: str, judged: Judged, build: Searchable, k: int, longest: int) -> Answer:
    """The first `k` passages the verdict shows, those of one stretch of a paragraph joined
    up to `longest` characters (`answers.joined`), or an abstention that says why."""
    index, decision = build.index, judged.decision
    quotes = []
    for position, chance, shown in zip(
        decision.order, decision.chances, decision.shown, strict=True
    ):
        if shown:
            passage = index.passages[judged.candidates[position].row]
            quotes.append(Quote(passage, index.sources[passage.source_id], float(chance)))
    quotes = whole_quotations(quotes, longest, index.passages.beside)
    quotes = joined(quotes, longest, index.passages.speakers_between)
    if quotes[:k]:
        return Answer(question, tuple(quotes[:k]))
    why = abstention(
        judged.intent, judged.words, build.people, index.lexical.knows, judged.quoted_in
    )
    return Answer(question, (), abstained=True, reason=why.text, reason_code=why.code)
