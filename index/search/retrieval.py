"""Hybrid retrieval: which passages answer a question (as questions.py reads it), or none.

Dense search (the embedding model) finds paraphrases; lexical search (BM25) finds names and
numbers exactly; their scores, each scaled to 0..1 over the candidates, are mixed with a
measured weight. On top of that:

- "What did X say (about Y)?" recognises X in any spelling, puts X's own statements first and
  ranks them by the question;
- what else the question prefers (a speaker for "Who said ...?", the passages that say who X
  is for "Who is X?", a year, day, month or round it names, the kind of answer it wants) is
  added as index/search/preferences.py measures it;
- near-duplicate passages of one article are shown once.

Which of the ranked candidates are shown, if any, is the verdict's to say (index/search/verdict.py).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process

from ..attribution.roles import role_around
from ..store.builds import StoredIndex
from ..text.names import Names
from . import vectors as vector_index
from .answer_types import told_of
from .days import Day, DayIndex
from .preferences import RECENCY_BONUS, Features, by_recency, preference, read_features
from .questions import Intent
from .stemming import telling

#: The weight of dense similarity against BM25, both min-max scaled over the candidates.
#: Measured on the dev set (hit@1 / hit@3): 0.3 gave 0.57 / 0.86, 0.5 0.67 / 0.86, 0.6
#: 0.71 / 0.86, 0.8 0.71 / 0.81; reciprocal rank fusion (k=60) 0.62 / 0.86.
DENSE_WEIGHT = 0.6

#: How many passages each method proposes before fusion.
CANDIDATES = 50
#: Up to this many passages (a day's, a person's statements) are compared with the question
#: one by one (read back in one call) rather than searched among.
EXACT_AMONG = 256
#: Passages whose features (see Retriever._features) are kept once read.
FEATURES_KEPT = 65_536

#: Two passages of one article this similar (rapidfuzz token_set_ratio) say the same thing.
DUPLICATE_RATIO = 90
#: Two passages of different articles this alike as strings (rapidfuzz ratio) are one wire
#: story run by two outlets ("..., Kremlin spokesman Dmitry Peskov told journalists." in ABC
#: News and AP News, a photo caption in two papers): shown once, the first.
COPY_RATIO = 95

#: Candidates ranked and handed to the verdict: more than any answer shows (k, or k more for
#: each "More"), few enough to describe each one.
DEPTH = 20


@dataclass(frozen=True)
class Candidate:
    """A passage proposed for a question, with what ranked it."""

    row: int
    fused: float  # the ranking score: dense and BM25 mixed, plus the question's preferences
    cosine: float  # with the vector it was ranked by (the topic's, for "what did X say about Y")
    question_cosine: float  # with the whole question
    contains: frozenset[str]  # the answer types it holds ("number", "date", "person", "place")
    dated: bool  # of a year or day the question names
    introduces: bool  # says who the asked-about person is


class Retriever:
    def __init__(self, index: StoredIndex, names: Names) -> None:
        passages = index.passages
        self.passages = passages
        self.vectors = index.vectors
        self.ids = index.ids
        self.lexical = index.lexical
        self._names = names
        self._sources = index.sources
        self._events = index.raw_events
        self._days: DayIndex | None = None  # made for the first question with a day or "latest"
        # What a passage contains (a number, a person, its years) is read off it the first
        # time it is a candidate: doing it for every passage at load took 7 s at 100k. Kept
        # for the passages questions keep meeting, not for every one a bot has ever seen.
        self._features_of = lru_cache(maxsize=FEATURES_KEPT)(self._features)

    def candidates(
        self,
        intent: Intent,
        query: np.ndarray,
        topic: np.ndarray | None,
        exclude: frozenset[str] = frozenset(),
        depth: int = DEPTH,
    ) -> list[Candidate]:
        """The best `depth` distinct passages for the question, best first. `query` is the
        question's vector, `topic` the vector of the question without the person it names
        (None if it names no one); no passage of the sources in `exclude` is proposed."""
        if not self.passages:
            return []
        wide = min(CANDIDATES, len(self.passages))
        # One search for both vectors: an exact scan reads every vector once for the pair.
        vectors = [query] if topic is None else [query, topic]
        cosines, rows = self._dense(np.vstack(vectors), wide)
        on_day = self._rows_on(intent.days)
        person = intent.person.name if intent.person is not None else None
        speaker = intent.words_of
        # Among X's statements, what matters is the topic, not X's name again. Not so for
        # "Who is X?": without X, what is left ("who is") is about nothing.
        about_person = speaker is not None and topic is not None and bool(intent.topic)
        which = 1 if about_person else 0
        vector = vectors[which]
        if intent.who_is and intent.person is not None:
            lexical_query = " ".join([intent.person.name, *intent.person.aliases])
        else:
            lexical_query = intent.topic if about_person else intent.lexical_query
        dense = {
            int(r): float(c) for r, c in zip(rows[which], cosines[which], strict=True) if r >= 0
        }
        mine = sum(self.passages[row].speaker == speaker for row in dense) if speaker else 0
        if speaker is not None and mine < depth:
            # "What did X say (about Y)", and the passages nearest the question hold
            # fewer of X's statements than are wanted (they are often about X, not by
            # X): X's statements nearest it, wherever they rank among everyone's. Only
            # then: the filtered search scans the probed lists a second time.
            dense.update(self._nearest_among(self.passages.of_speaker(speaker), vector, wide))
        if on_day - set(dense):
            dense.update(self._nearest_among(np.array(sorted(on_day)), vector, wide))
        found = self.lexical.search(lexical_query, wide, include=self.ids[list(dense)])
        lexical = {
            int(row): score for row, score in zip(*self._rows_and_scores(found), strict=True)
        }
        # the passages only BM25 proposed: their exact similarity, not a guess
        dense.update(self._similarities(np.fromiter(set(lexical) - set(dense), np.int64), vector))
        fused = _mix(dense, lexical)
        if exclude:
            fused = {r: v for r, v in fused.items() if self.passages[r].source_id not in exclude}
        described = {}
        about = telling(intent.canonical)
        for row in fused:
            passage = self.passages[row]
            held = self._features_of(row)
            if intent.answer_type in held.contains and not told_of(
                passage.text, intent.answer_type, about
            ):
                held = replace(held, contains=held.contains - {intent.answer_type})
            introduces = intent.who_is and person is not None and self._introduces(row, person)
            fused[row] += preference(intent, held, passage.speaker, row in on_day, introduces)
            dated = bool(intent.years & held.years) or row in on_day
            described[row] = (held.contains, dated, introduces)
        # "the latest" names a time as a year does: the newest passages on the topic are of
        # it, for the verdict too (its `dated`)
        recent = (
            set(by_recency(fused, {row: self._day_of(row) for row in fused}))
            if intent.latest
            else set()
        )
        for row in recent:
            fused[row] += RECENCY_BONUS

        # The person's own statements first whatever else others match: with the bonuses
        # alone, "What did Peskov say about the Istanbul talks in March 2022?" left all his
        # statements (in an undated article) below twenty passages of 2022 by others. A
        # bigger bonus did the same, but it moved the verdict's refit (cross-validated
        # filler 0.37 -> 0.64 a question): its features read the scores.
        def by_others(row: int) -> bool:  # False sorts first
            return speaker is not None and self.passages[row].speaker != speaker

        ranked = sorted(fused, key=lambda row: (by_others(row), -fused[row]))
        distinct = self._distinct(ranked, depth)
        if about_person:  # the cosine with the whole question, for the verdict
            asked = self._similarities(np.array(distinct, dtype=np.int64), vectors[0])
        else:
            asked = {row: dense[row] for row in distinct}
        candidates = []
        for row in distinct:
            contains, dated, introduces = described[row]
            dated = dated or row in recent
            candidates.append(
                Candidate(row, fused[row], dense[row], asked[row], contains, dated, introduces)
            )
        return candidates

    def _day_of(self, row: int) -> dt.date | None:
        """How new a passage's news is: the day it was said on where its article gives it,
        else the newest day of what it reports, else its article's day. On the real
        library's recency questions (eval/talks-recency-tuning.jsonl) hit@1 0.61 -> 0.67 with
        the days reported against the articles' days alone; no other set moved."""
        passage = self.passages[row]
        if passage.said_on is not None:
            return passage.said_on
        source = self._sources[passage.source_id]
        published = source.published
        days = self._day_index()
        reported = days.reported_day(row)
        if published is not None:
            return min(reported, published) if reported is not None else published
        # undated: at least as new as the newest day it tells of, or the month it was
        # written in, where its file name gives it
        return reported or days.newest_reported_day(source.id) or source.written_in

    def _introduces(self, row: int, person: str) -> bool:
        """Whether the passage gives `person` a role ("Medinsky, the head of the Russian
        delegation, said"; "Ukrainian Defense Minister Rustem Umerov")."""
        text = self.passages[row].text
        surname = re.escape(person.split()[-1])
        return any(
            role_around(text, m.start(), m.end()) is not None
            for m in re.finditer(rf"\b{surname}\b", text)
        )

    def _rows_on(self, days: frozenset[Day]) -> set[int]:
        if not days:
            return set()
        return self._day_index().rows_on(days)

    def _day_index(self) -> DayIndex:
        if self._days is None:
            self._days = DayIndex(self._events, self.passages)
        return self._days

    def _nearest_among(self, rows: np.ndarray, vector: np.ndarray, k: int) -> dict[int, float]:
        """The `k` of `rows` (or all, if fewer) nearest `vector`, with their cosines."""
        if not len(rows):
            return {}
        if len(rows) <= EXACT_AMONG:
            similar = self._similarities(rows, vector)
            return dict(sorted(similar.items(), key=lambda item: -item[1])[:k])
        query = np.ascontiguousarray(vector[None, :], dtype=np.float32)
        cosines, ids = vector_index.search_among(self.vectors, query, self.ids[rows], k)
        if (ids[0] >= 0).sum() < k:
            # An IVF search filters within the lists it probes, those nearest the question,
            # which may hold none of these (at 1M passages, none of Medinsky's 37,588
            # statements lay in the lists nearest "neutrality"): then every list. Filtered,
            # that took 0.7 ms at 100k and 7 ms at 1M (Erdogan's 4,681 statements).
            cosines, ids = vector_index.search_among(
                self.vectors, query, self.ids[rows], k, every_list=True
            )
        found = ids[0] >= 0
        rows = np.searchsorted(self.ids, ids[0][found])
        return {int(r): float(c) for r, c in zip(rows, cosines[0][found], strict=True)}

    def _similarities(self, rows: np.ndarray, vector: np.ndarray) -> dict[int, float]:
        """The cosine of each of `rows` with `vector`, read back from the index in one call
        (a reconstruct each took 0.27 ms for 50 at 100k, one batch 0.09 ms)."""
        if not len(rows):
            return {}
        cosines = self.vectors.reconstruct_batch(self.ids[rows]) @ vector
        return {int(row): float(cosine) for row, cosine in zip(rows, cosines, strict=True)}

    def _features(self, row: int) -> Features:
        passage = self.passages[row]
        return read_features(passage, self._sources[passage.source_id], self._names)

    def _rows_and_scores(self, found: list[tuple[int, float]]) -> tuple[np.ndarray, list[float]]:
        ids = np.asarray([i for i, _ in found], dtype=np.int64)
        return np.searchsorted(self.ids, ids), [score for _, score in found]

    def _dense(self, vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The `k` nearest passages of each vector: cosines and passage rows, a row per vector
        (-1 where fewer were found)."""
        cosines, ids = self.vectors.search(np.ascontiguousarray(vectors, dtype=np.float32), k)
        rows = np.searchsorted(self.ids, ids)
        return cosines, np.where(ids >= 0, rows, -1)

    def _distinct(self, ranked: list[int], k: int) -> list[int]:
        """The first `k` rows of `ranked` that no earlier one repeats: of their article (two
        passages this similar, rapidfuzz token_set_ratio, say the same thing), or of another,
        word for word (a copy of the same wire story)."""
        kept: list[int] = []
        texts: list[str] = []
        by_source: dict[str, list[str]] = {}
        for row in ranked:
            passage = self.passages[row]
            earlier = by_source.setdefault(passage.source_id, [])
            repeated = process.extractOne(
                passage.text, earlier, scorer=fuzz.token_set_ratio, score_cutoff=DUPLICATE_RATIO
            ) or process.extractOne(passage.text, texts, scorer=fuzz.ratio, score_cutoff=COPY_RATIO)
            if repeated is None:
                kept.append(row)
                earlier.append(passage.text)
                texts.append(passage.text)
                if len(kept) == k:
                    break
        return kept


def _mix(dense: dict[int, float], lexical: dict[int, float]) -> dict[int, float]:
    """Dense and lexical scores, each scaled to 0..1 over the candidates, mixed by weight."""
    rows = set(dense) | set(lexical)
    low, high = min(dense.values(), default=0.0), max(dense.values(), default=0.0)
    best_lexical = max(lexical.values(), default=0.0)
    mixed = {}
    for row in rows:
        d = (dense[row] - low) / (high - low) if high > low else 1.0
        lex = lexical.get(row, 0.0) / best_lexical if best_lexical else 0.0
        mixed[row] = DENSE_WEIGHT * d + (1 - DENSE_WEIGHT) * lex
    return mixed
