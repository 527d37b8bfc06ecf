"""Lexical search: BM25 (bm25s) over passages, so that names and numbers match exactly.

Words are stemmed (PyStemmer's English Snowball stemmer: "lasted" finds "last") and English
stop words dropped, on both sides.

The index is kept in segments, as search engines do: a build that adds one article indexes
only that article's passages as a new segment and keeps the others as they are (hard links,
no copy); a removed passage stays in its segment, hidden, until the next compaction. Scoring
a term uses its own segment's statistics, so a small new segment weighs rare words a little
differently from the main one; compaction (one segment again) bounds that drift, and comes at
once when an add outweighs the library it joins.

A segment is never changed once written, and its name is never reused: a compaction writes a
new segment under the next number. Only a segment loaded from disk is linked into the next
build, from the folder it was loaded from; one built in memory is always written.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import bm25s
import numpy as np

from ..text.passages import Passage
from ..text.sources import Source
from .stemming import TOKEN_PATTERN, stem_words, stems

#: Merge into one segment when there are more than this many, or when this share of the
#: indexed passages has been removed: bounds query time and the drift described above.
MAX_SEGMENTS = 8
MAX_DEAD_SHARE = 0.2

#: The top-k selection (see _best) reads every SAMPLE_STRIDE-th score and aims to select
#: from SAMPLE_EXCESS times k documents: enough that a sample falls short of k only rarely.
SAMPLE_STRIDE = 64
SAMPLE_EXCESS = 8


@dataclass(frozen=True)
class Segment:
    name: str
    bm25: bm25s.BM25
    ids: np.ndarray  # the passage (vector) id of each document in the segment
    alive: np.ndarray  # whether each is still in the library
    saved_in: Path | None = None  # the folder holding it on disk; None until it is written


def _tokenize(texts: Sequence[str], return_ids: bool) -> object:
    return bm25s.tokenize(
        list(texts),
        stopwords="en",
        stemmer=stem_words,
        token_pattern=TOKEN_PATTERN,
        show_progress=False,
        return_ids=return_ids,
    )


def _segment(number: int, texts: Sequence[str], ids: np.ndarray) -> Segment:
    bm25 = bm25s.BM25()
    bm25.index(_tokenize(texts, True), show_progress=False)
    ids = np.asarray(ids, dtype=np.int64)
    return Segment(f"segment-{number}", bm25, ids, np.ones(len(ids), dtype=bool))


def _number(segment: Segment) -> int:
    return int(segment.name.split("-")[1])


class LexicalIndex:
    def __init__(self, segments: list[Segment]) -> None:
        self.segments = segments

    @classmethod
    def build(cls, texts: Sequence[str], ids: np.ndarray, number: int = 0) -> LexicalIndex:
        """One segment of `texts` (numbered `number`), or none when there are no texts."""
        return cls([_segment(number, texts, ids)] if len(texts) else [])

    def extend(
        self,
        texts: Sequence[str],
        ids: np.ndarray,
        live_ids: np.ndarray,
        all_texts: Callable[[], Sequence[str]] | None = None,
    ) -> LexicalIndex:
        """This index with `texts` added as a new segment, and only `live_ids` alive. With
        `all_texts` (every live passage's text, in `live_ids` order) it may compact instead."""
        kept = [
            replace(s, alive=np.isin(s.ids, live_ids))
            for s in self.segments
            if np.isin(s.ids, live_ids).any()
        ]
        number = 1 + max(map(_number, self.segments), default=-1)
        if len(texts):
            kept.append(_segment(number, texts, ids))
            number += 1
        extended = LexicalIndex(kept)
        if all_texts is not None and extended._needs_compaction():
            # Under a new name: the segments of the build being replaced stay as they are on
            # disk, for a process that still reads them.
            return LexicalIndex.build(all_texts(), live_ids, number)
        return extended

    def _needs_compaction(self) -> bool:
        total = sum(len(s.ids) for s in self.segments)
        dead = sum(int((~s.alive).sum()) for s in self.segments)
        # A bulk add larger than the library it joins (81 articles added to the 5 seeds):
        # scored on its own statistics and the old ones on theirs, the same library answered
        # differently built at once or in two steps (the talks test half's hit@3 by 0.03).
        outweighs = len(self.segments) > 1 and 2 * len(self.segments[-1].ids) > total
        return (
            len(self.segments) > MAX_SEGMENTS
            or (total > 0 and dead / total > MAX_DEAD_SHARE)
            or outweighs
        )

    def save(self, folder: Path) -> None:
        """Write the index to `folder`: segments already on disk are linked from where they
        are, not written again."""
        folder.mkdir(parents=True)
        for segment in self.segments:
            target = folder / segment.name
            if segment.saved_in is not None and segment.saved_in.is_dir():
                target.mkdir()
                for item in segment.saved_in.iterdir():
                    _link(item, target / item.name)
            else:
                segment.bm25.save(str(target), show_progress=False)
                np.save(target / "ids.npy", segment.ids, allow_pickle=False)
        state = {s.name: s.ids[~s.alive].tolist() for s in self.segments}
        (folder / "segments.json").write_text(json.dumps({"dead": state}), encoding="utf-8")

    def saved_at(self, folder: Path) -> LexicalIndex:
        """This index as saved in `folder` (by `save`, then moved there): the next build links
        its segments from there."""
        return LexicalIndex([replace(s, saved_in=folder / s.name) for s in self.segments])

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        state = json.loads((folder / "segments.json").read_text(encoding="utf-8"))["dead"]
        segments = []
        for name, dead in state.items():
            # Memory-mapped: at a million passages reading the postings took 1.1 s (0.2 s
            # from the page cache), and a mapped search is as fast once a question has paged
            # in its words' postings (1.23 against 1.17 ms warm, 1M synthetic library).
            bm25 = bm25s.BM25.load(
                str(folder / name), mmap=True, show_progress=False, allow_pickle=False
            )
            ids = np.load(folder / name / "ids.npy", allow_pickle=False)
            segments.append(Segment(name, bm25, ids, ~np.isin(ids, np.asarray(dead, np.int64))))
        return cls(segments).saved_at(folder)

    def knows(self, word: str) -> bool:
        """Whether some passage holds `word` (as BM25 reads it: stemmed; a stop word is known)."""
        return all(self.frequency(stem) > 0 for stem in stems(word))

    def frequency(self, stem: str) -> int:
        """In how many passages `stem` occurs (removed ones not yet merged away included)."""
        count = 0
        for segment in self.segments:
            at = segment.bm25.vocab_dict.get(stem)
            if at is not None:
                pointers = segment.bm25.scores["indptr"]
                count += int(pointers[at + 1] - pointers[at])
        return count

    @property
    def documents(self) -> int:
        return sum(len(segment.ids) for segment in self.segments)

    def rarity(self, stem: str) -> float:
        """How telling `stem` is, as BM25 weighs it (its inverse document frequency, from 0
        for a word in every passage up to about log(passages) for one in a single passage);
        a word in no passage gets the weight of one in a single passage."""
        return self._rarity(max(self.frequency(stem), 1))

    @property
    def highest_rarity(self) -> float:
        """The rarity of a word in one passage (or none): the most any word can have."""
        return self._rarity(1)

    def _rarity(self, found: int) -> float:
        return float(np.log(1 + (self.documents - found + 0.5) / (found + 0.5)))

    def search(
        self, query: str, k: int, include: Sequence[int] | np.ndarray = ()
    ) -> list[tuple[int, float]]:
        """The best `k` passages as (passage id, score), best first; only those sharing a word.
        The passage ids in `include` are scored too, wherever they rank: fusion needs both
        scores of every candidate, and a passage the dense side proposed is not worth zero
        words just because `k` others matched more."""
        words = stems(query)
        if not words:
            return []
        wanted = np.asarray(include, dtype=np.int64)
        found: dict[int, float] = {}
        for segment in self.segments:
            scores = segment.bm25.get_scores(words)  # a new array: ours to change
            if not segment.alive.all():
                scores[~segment.alive] = 0.0
            top = _best(scores, k)
            for i in np.concatenate([top, _positions(segment.ids, wanted)]):
                if scores[i] > 0:
                    found[int(segment.ids[i])] = float(scores[i])
        best = sorted(found.items(), key=lambda item: (-item[1], item[0]))
        included = set(wanted.tolist())
        return best[:k] + [(i, score) for i, score in best[k:] if i in included]


def _best(scores: np.ndarray, k: int) -> np.ndarray:
    """The positions of the `k` highest positive scores (in no order; of equal scores, the
    first positions), exactly, without selecting over every document: at a million passages
    np.argpartition over all the scores took 6 to 9 ms, more than scoring them. A strided
    sample gives a score that about SAMPLE_EXCESS * k documents reach; only those are
    selected from. When fewer than `k` reach it (a sample is only a sample), every document
    that matched at all is."""
    if len(scores) <= k:
        return np.arange(len(scores))
    pool = None
    if len(scores) > SAMPLE_STRIDE * SAMPLE_EXCESS * k:
        sample = scores[::SAMPLE_STRIDE]
        rank = len(sample) - max(1, SAMPLE_EXCESS * k * len(sample) // len(scores))
        bar = np.partition(sample, rank)[rank]
        if bar > 0:
            pool = np.flatnonzero(scores >= bar)
    if pool is None or len(pool) < k:
        pool = np.flatnonzero(scores > 0)
    if len(pool) <= k:
        return pool
    # Of documents tied at the k-th score, the first ones: the same answer whichever pool.
    chosen = scores[pool]
    kth = np.partition(chosen, len(chosen) - k)[len(chosen) - k]
    above = pool[chosen > kth]
    return np.concatenate([above, pool[chosen == kth][: k - len(above)]])


def _positions(ids: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Where the `wanted` passage ids sit in a segment's sorted `ids` (those it holds)."""
    at = np.minimum(np.searchsorted(ids, wanted), max(len(ids) - 1, 0))
    return at[ids[at] == wanted] if len(ids) else at[:0]


def _link(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or links not allowed: a copy is as good
        shutil.copy2(source, target)


def lexical_texts(passages: Sequence[Passage], sources: dict[str, Source]) -> list[str]:
    """What BM25 sees of each passage: the passage in context, who said it (the text may say
    only "he"), the opening of its paragraph (news paragraphs open with the when and where:
    "On March 3, ..."), and the article's headline and year (a question may ask about "2025")."""
    openings: dict[tuple[str, int], str] = {}
    for passage in passages:
        openings.setdefault((passage.source_id, passage.paragraph), passage.text)
    texts = []
    for passage in passages:
        source = sources[passage.source_id]
        text = passage.search_text(source.text)
        opening = openings[(passage.source_id, passage.paragraph)]
        year = str(source.published.year) if source.published else None
        parts = [opening if opening not in text else "", text, passage.speaker, source.title, year]
        texts.append(" ".join(filter(None, parts)))
    return texts
