"""What a build can reuse from the previous one: every source whose text is unchanged keeps
its passages, vectors and events; only new and changed sources are split and embedded, and
the previous vector index is extended rather than rebuilt (see index/search/vectors.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import faiss
import numpy as np

from ..search import vectors as vector_index
from ..search.lexical import LexicalIndex, lexical_texts
from ..text.passages import Passage
from ..text.sources import Source
from ..timeline.events import Event
from .builds import StoredIndex


@dataclass(frozen=True)
class BuildPlan:
    changed: list[Source]  # to split and embed
    removed: tuple[str, ...]  # in the previous build, gone now
    kept_passages: Sequence[Passage] = field(default_factory=list)
    kept_ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    kept_events: list[Event] = field(default_factory=list)
    previous: StoredIndex | None = None

    def new_ids(self, count: int) -> np.ndarray:
        """Ids for `count` new passages: after every id the previous build used."""
        start = int(self.previous.ids.max()) + 1 if self.previous and len(self.previous.ids) else 0
        return np.arange(start, start + count, dtype=np.int64)

    def lexical(
        self,
        fresh: list[Passage],
        ids: np.ndarray,
        passages: Sequence[Passage],
        sources: Sequence[Source],
    ) -> LexicalIndex:
        """The BM25 index of the new build: the previous one with a segment for `fresh`."""
        by_id = {source.id: source for source in sources}
        all_ids = np.concatenate([self.kept_ids, ids])
        if self.previous is None:
            return LexicalIndex.build(lexical_texts(passages, by_id), all_ids)
        return self.previous.lexical.extend(
            lexical_texts(fresh, by_id),
            ids,
            all_ids,
            all_texts=lambda: lexical_texts(passages, by_id),
        )

    def vectors(self, ids: np.ndarray, new: np.ndarray, dimension: int) -> faiss.Index:
        """The vector index of the new build: the previous one extended, or a new one."""
        all_ids = np.concatenate([self.kept_ids, ids])
        if self.previous is None:
            return vector_index.build(all_ids, new, dimension)
        gone = np.setdiff1d(self.previous.ids, self.kept_ids, assume_unique=True)
        return vector_index.extend(
            self.previous.vectors, gone, ids, new, all_ids, self.previous.path / "vectors.faiss"
        )


def plan_build(sources: Sequence[Source], previous: StoredIndex | None) -> BuildPlan:
    if previous is None:
        return BuildPlan(changed=list(sources), removed=())
    before = previous.manifest.sources
    unchanged = {s.id for s in sources if before.get(s.id) == s.sha256}
    rows = previous.passages.from_sources(unchanged)
    return BuildPlan(
        changed=[s for s in sources if s.id not in unchanged],
        removed=tuple(sorted(set(before) - {s.id for s in sources})),
        kept_passages=previous.passages.take(rows),
        kept_ids=previous.ids[rows],
        kept_events=[e for e in previous.raw_events if e.sources and e.sources[0].id in unchanged],
        previous=previous,
    )
