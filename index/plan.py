"""What a build can reuse from the previous one: every source whose text is unchanged keeps
its passages, vectors and events; only new and changed sources are split and embedded."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from .passages import Passage
from .sources import Source
from .store import StoredIndex
from .timeline import Event


@dataclass(frozen=True)
class BuildPlan:
    changed: list[Source]  # to split and embed
    removed: tuple[str, ...]  # in the previous build, gone now
    kept_passages: list[Passage] = field(default_factory=list)
    kept_rows: list[int] = field(default_factory=list)  # their rows in the previous build
    kept_events: list[Event] = field(default_factory=list)
    previous: StoredIndex | None = None

    def kept_vectors(self, dimension: int) -> np.ndarray:
        if self.previous is None or not self.kept_rows:
            return np.zeros((0, dimension), dtype=np.float32)
        everything = self.previous.vectors.reconstruct_n(0, self.previous.vectors.ntotal)
        return np.ascontiguousarray(everything[np.asarray(self.kept_rows)], dtype=np.float32)


def plan_build(sources: Sequence[Source], previous: StoredIndex | None) -> BuildPlan:
    if previous is None:
        return BuildPlan(changed=list(sources), removed=())
    before = previous.manifest.sources
    unchanged = {s.id for s in sources if before.get(s.id) == s.sha256}
    rows = [i for i, p in enumerate(previous.passages) if p.source_id in unchanged]
    return BuildPlan(
        changed=[s for s in sources if s.id not in unchanged],
        removed=tuple(sorted(set(before) - {s.id for s in sources})),
        kept_passages=[previous.passages[i] for i in rows],
        kept_rows=rows,
        kept_events=[e for e in previous.raw_events if e.sources and e.sources[0].id in unchanged],
        previous=previous,
    )
