"""The library: sources, their passages and the index over them, and questions asked of it.

Front doors build one `Library` at start-up and keep it; it loads the model and the index
once and answers many questions.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .answers import Answer, Quote, clean_question
from .embeddings import Embedder, load_embedder
from .names import Names
from .passages import Passage, split_passages
from .retrieval import Retriever, Thresholds, read_question
from .settings import Settings
from .sources import Source, load_seeds
from .store import StoredIndex, load_index, new_manifest, write_index
from .timeline import Event, extract_events, filter_events, merge_events

#: Called with the number of passages just embedded, as a build goes on.
Progress = Callable[[int], None]


@dataclass(frozen=True)
class BuildReport:
    path: Path
    sources: int
    passages: int
    seconds: float


class Library:
    def __init__(
        self,
        settings: Settings,
        embedder: Embedder | None = None,
        embedder_factory: Callable[[str], Embedder] = load_embedder,
    ) -> None:
        self.settings = settings
        self._embedder = embedder
        self._embedder_factory = embedder_factory
        self._index: StoredIndex | None = None
        self._retriever: Retriever | None = None
        self.names = Names.load(settings.aliases_path)

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = self._embedder_factory(self.settings.model)
        return self._embedder

    @property
    def index(self) -> StoredIndex:
        if self._index is None:
            self._index = load_index(self.settings.index_dir, self.settings)
        return self._index

    @property
    def retriever(self) -> Retriever:
        if self._retriever is None:
            index = self.index
            thresholds = Thresholds(self.settings.question_threshold, self.settings.topic_threshold)
            self._retriever = Retriever(
                index.passages, index.vectors, index.sources, self.names, thresholds
            )
        return self._retriever

    def load(self) -> Retriever:
        """Load the index and build its search structures now (else the first question does)."""
        return self.retriever

    def load_model(self) -> Embedder:
        """Load the embedding model now (it is otherwise loaded when first needed)."""
        return self.embedder

    def build(
        self,
        sources: Sequence[Source] | None = None,
        progress: Progress | None = None,
        on_total: Callable[[int], None] | None = None,
    ) -> BuildReport:
        """Embed every passage of `sources` (default: the seeds) and make it the current index."""
        started = time.perf_counter()
        sources = list(sources) if sources is not None else load_seeds(self.settings.seeds_dir)
        passages = [
            p
            for source in sources
            for p in split_passages(source, self.settings.chunking, self.names)
        ]
        events = merge_events([e for source in sources for e in extract_events(source, self.names)])
        if on_total:
            on_total(len(passages))
        texts = {source.id: source.text for source in sources}
        vectors = self._embed(
            [p.text for p in passages],
            [p.search_text(texts[p.source_id]) for p in passages],
            progress,
        )
        manifest = new_manifest(
            self.settings, self.embedder.name, self.embedder.dimension, sources, len(passages)
        )
        path = write_index(self.settings.index_dir, manifest, sources, passages, vectors, events)
        self._index = self._retriever = None  # the next question loads the new build
        return BuildReport(path, len(sources), len(passages), time.perf_counter() - started)

    def ask(self, question: str, k: int | None = None) -> Answer:
        """Quote the `k` passages that best answer `question`, or abstain."""
        question = clean_question(question, self.settings.max_question_chars)
        retriever = self.retriever
        intent = read_question(question, self.names)
        asks_topic = intent.topic != question
        vectors = self.embedder.encode([question, intent.topic] if asks_topic else [question])
        ranked = retriever.search(
            intent, vectors[0], vectors[1] if asks_topic else None, k or self.settings.k
        )
        quotes = tuple(self._quote(self.index.passages[r.row], r.score) for r in ranked)
        return Answer(question, quotes, abstained=not quotes)

    def timeline(
        self,
        about: str | None = None,
        start: dt.date | None = None,
        end: dt.date | None = None,
    ) -> list[Event]:
        """Dated events in date order, about a person (any spelling) or a topic (by meaning and
        words), within [start, end]."""
        events = self.index.events
        embedder = self.embedder if about and about.strip() else None
        return filter_events(events, about, self.names, embedder, start, end)

    def same_person(self, name: str | None, other: str) -> bool:
        """Whether two spellings name the same person."""
        return self.names.same_person(name, other)

    def _quote(self, passage: Passage, score: float) -> Quote:
        return Quote(passage, self.index.sources[passage.source_id], score)

    def _embed(
        self, texts: list[str], in_context: list[str], progress: Progress | None
    ) -> np.ndarray:
        """One unit vector per passage: the normalized sum of the passage's own embedding and
        its embedding with the sentence before it. The passage alone ranked best on the dev
        set (hit@1 0.67) but misses passages that only refer back ("The talks lasted about
        three and a half hours" after a sentence naming Istanbul); the passage in context
        alone dropped to 0.43; their sum gave 0.71 and finds both."""
        batch = self.settings.batch_size
        parts = []
        for start in range(0, len(texts), batch):
            own = texts[start : start + batch]
            pairs = self.embedder.encode(own + in_context[start : start + batch], batch)
            summed = pairs[: len(own)] + pairs[len(own) :]
            parts.append(summed / np.linalg.norm(summed, axis=1, keepdims=True))
            if progress:
                progress(len(own))
        if not parts:
            return np.zeros((0, self.embedder.dimension), dtype=np.float32)
        return np.vstack(parts).astype(np.float32)
