"""The library: sources, their passages and the index over them, and questions asked of it.

Front doors build one `Library` at start-up and keep it; it loads the model and the index
once and answers many questions.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .answers import Answer, Quote, clean_question
from .errors import IndexCorrupt, IndexMismatch, IndexMissing, SourceRefused
from .search.embeddings import Embedder, embedder_for
from .search.people import People
from .search.questions import Intent, read_question
from .search.retrieval import Candidate, Retriever
from .search.verdict import Decision, Words, abstention, decide, describe
from .settings import Settings
from .store.builds import (
    StoredIndex,
    build_lock,
    clean_stale,
    current_name,
    current_sources,
    load_index,
    new_manifest,
    write_index,
)
from .store.passage_table import PassageTable
from .store.plan import plan_build
from .store.registry import Change, Registry
from .text.names import Names
from .text.passages import split_passages
from .text.sources import Source, load_seeds, paragraphs
from .timeline.events import Event, extract_events, without_sources
from .timeline.selection import filter_events

#: Called with the number of passages just embedded, as a build goes on.
Progress = Callable[[int], None]
#: Passages embedded between two progress reports.
PROGRESS_STEP = 256
#: Who the registry says added the sources it was rebuilt with from a build.
RECOVERED = "recovered from the index"

log = logging.getLogger("parley.library")


@dataclass(frozen=True)
class BuildReport:
    path: Path
    sources: int
    passages: int
    seconds: float
    embedded: int = 0  # passages embedded by this build; the rest were reused
    added: tuple[str, ...] = ()  # sources new or changed since the previous build
    removed: tuple[str, ...] = ()  # sources gone since the previous build


@dataclass(frozen=True)
class _Loaded:
    """One build and its search structures, swapped in as a whole when a new build lands."""

    index: StoredIndex
    retriever: Retriever
    people: People


@dataclass(frozen=True)
class Judged:
    """A question as read, its ranked candidates, and what the verdict made of each."""

    intent: Intent
    candidates: list[Candidate]
    features: np.ndarray  # a row of verdict_model.FEATURES per candidate
    decision: Decision
    words: Words


@dataclass(frozen=True)
class _Withdrawn:
    """Sources of a build that the registry no longer holds, as of one state of both."""

    build: str
    registry: tuple[int, int, int]  # the registry file's inode, size and modification time
    ids: frozenset[str]


class Library:
    def __init__(
        self,
        settings: Settings,
        embedder: Embedder | None = None,
        embedder_factory: Callable[[Settings], Embedder] = embedder_for,
        *,
        one_question: bool = False,
    ) -> None:
        """`one_question`: the process will answer one question and exit, so a large vector
        index is memory-mapped rather than read (seconds at a million passages)."""
        self.settings = settings
        self._memory_map = one_question
        self._embedder = embedder
        self._embedder_factory = embedder_factory
        self._loaded: _Loaded | None = None
        self._reload = threading.Lock()
        self._withdrawn: _Withdrawn | None = None
        self.names = Names.load(settings.aliases_path)
        self.registry = Registry(settings.data_dir / "library.sqlite3")

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = self._embedder_factory(self.settings)
        return self._embedder

    @property
    def index(self) -> StoredIndex:
        return self._current().index

    @property
    def retriever(self) -> Retriever:
        return self._current().retriever

    def load(self) -> Retriever:
        """Load the index and build its search structures now (else the first question does),
        clearing away what a build killed half-way left behind."""
        clean_stale(self.settings.index_dir)
        return self.retriever

    def load_model(self) -> Embedder:
        """Load the embedding model now (it is otherwise loaded when first needed)."""
        return self.embedder

    def stale(self) -> bool:
        """Whether the index is behind the registry (a reindex was killed before it landed)."""
        self._registered()
        return self.index.manifest.sources != self.registry.hashes()

    def sources(self) -> list[Source]:
        """Every source in the registry; the seeds are registered on first use."""
        self._registered()
        return self.registry.sources()

    def _registered(self) -> None:
        """Fill the registry on first use: with the seeds, or, where a build exists already
        (the registry was deleted or emptied), with that build's sources, which are all there
        with their texts. Seeding it then would make the next sync drop every article added
        since from the index, their last copy."""
        if self.registry.filled():
            if self.registry.take_reread_flag():  # a registry from before metadata columns
                self.registry.refresh_metadata(load_seeds(self.settings.seeds_dir))
            return
        kept = current_sources(self.settings.index_dir)
        if kept is None:
            self.registry.ensure_seeded(self.settings.seeds_dir)
            return
        count = self.registry.fill(kept, RECOVERED)
        log.warning(
            "the library registry %s was missing or empty: rebuilt it from the index (%d %s)",
            self.registry.path,
            count,
            "source" if count == 1 else "sources",
        )

    def add(
        self,
        source: Source,
        added_by: str | None = None,
        progress: Progress | None = None,
        on_total: Callable[[int], None] | None = None,
    ) -> tuple[Change, BuildReport | None]:
        """Register a source and bring the index up to date: whether it was "added",
        "replaced" or "unchanged", and the build (None when nothing changed). A source with
        nothing to quote, or too much, is refused (`SourceRefused`), the library unchanged."""
        changes, report = self.add_all([source], added_by, progress, on_total)
        return changes[source.id], report

    def add_all(
        self,
        sources: Sequence[Source],
        added_by: str | None = None,
        progress: Progress | None = None,
        on_total: Callable[[int], None] | None = None,
    ) -> tuple[dict[str, Change], BuildReport | None]:
        """`add` for several sources with one build: each source's change, and the build
        (None when nothing changed). Every source is checked before any is registered: one
        refused refuses them all, the library unchanged."""
        for source in sources:
            self.check_quotable(source)
        self._registered()
        changes = {source.id: self.registry.add(source, added_by) for source in sources}
        changed = any(change != "unchanged" for change in changes.values())
        return changes, (self.sync(progress, on_total) if changed else None)

    def remove(
        self,
        source_id: str,
        progress: Progress | None = None,
        on_total: Callable[[int], None] | None = None,
    ) -> BuildReport | None:
        """Remove a source: from the next answer on, nothing of it is quoted. None if the
        library has no such source."""
        self._registered()
        if not self.registry.remove(source_id):
            return None
        return self.sync(progress, on_total)

    def check_quotable(self, source: Source) -> None:
        """Refuse an article that gives no passage (a headline alone, a page that needs
        JavaScript) or more than the limit. Body paragraphs are counted first, a regular
        expression's work: each gives a passage at least, and splitting 52,000 of them into
        sentences took half a minute before their embedding was even begun (20 minutes)."""
        limit = self.settings.max_passages
        many = len(paragraphs(source))
        if many > limit:
            raise SourceRefused(
                f"refused: {source.id} has {many:,} paragraphs; an article may give at most "
                f"{limit:,} passages ([sources] max_passages in the config)"
            )
        count = len(split_passages(source, self.settings.chunking, self.names))
        if count == 0:
            raise SourceRefused(
                f"refused: {source.id} has no sentences to quote (a headline alone, or a page "
                "that needs JavaScript?)"
            )
        if count > limit:
            raise SourceRefused(
                f"refused: {source.id} gives {count:,} passages; an article may give at most "
                f"{limit:,} ([sources] max_passages in the config)"
            )

    def build(
        self,
        sources: Sequence[Source] | None = None,
        progress: Progress | None = None,
        on_total: Callable[[int], None] | None = None,
    ) -> BuildReport:
        """A full rebuild: embed every passage of `sources` (default: the registry's)."""
        return self._write(sources, progress, on_total, reuse=False)

    def sync(
        self, progress: Progress | None = None, on_total: Callable[[int], None] | None = None
    ) -> BuildReport:
        """Bring the index in line with the registry, embedding only the passages of sources
        that are new or changed; a full rebuild when the model or chunking changed."""
        return self._write(None, progress, on_total, reuse=True)

    def _write(
        self,
        sources: Sequence[Source] | None,
        progress: Progress | None,
        on_total: Callable[[int], None] | None,
        reuse: bool,
    ) -> BuildReport:
        started = time.perf_counter()
        index_dir = self.settings.index_dir
        with build_lock(index_dir):  # read, embed and write as one step (see build_lock)
            chosen = list(sources) if sources is not None else self.sources()
            previous = self._previous() if reuse else None
            plan = plan_build(chosen, previous)
            fresh = [
                p
                for source in plan.changed
                for p in split_passages(source, self.settings.chunking, self.names)
            ]
            if on_total:
                on_total(len(fresh))
            texts = {source.id: source.text for source in chosen}
            new_vectors = self._embed(
                [p.text for p in fresh],
                [p.search_text(texts[p.source_id]) for p in fresh],
                progress,
            )
            raw_events = plan.kept_events + [
                e
                for source in plan.changed
                for e in extract_events(source, self.names, continuations=True)
            ]
            by_id = {source.id: source for source in chosen}
            passages = PassageTable.of(plan.kept_passages, by_id).extend(fresh)
            new_ids = plan.new_ids(len(fresh))
            dimension = self.embedder.dimension
            vectors = plan.vectors(new_ids, new_vectors, dimension)
            ids = np.concatenate([plan.kept_ids, new_ids])
            manifest = new_manifest(
                self.settings, self.embedder.name, dimension, chosen, len(passages)
            )
            lexical = plan.lexical(fresh, new_ids, passages, chosen)
            built = write_index(
                index_dir,
                manifest,
                chosen,
                passages,
                vectors,
                raw_events,
                ids,
                lexical,
            )
            # What was just written is what loading it would give: answer from it at once
            # rather than read it back (seconds for a large library).
            searchable = self._searchable(built)
            with self._reload:
                self._loaded = searchable
        return BuildReport(
            built.path,
            len(chosen),
            len(passages),
            time.perf_counter() - started,
            embedded=len(fresh),
            added=tuple(source.id for source in plan.changed),
            removed=plan.removed,
        )

    def _previous(self) -> StoredIndex | None:
        """The current build, if there is one this model and these settings can extend."""
        loaded = self._loaded
        if loaded is not None and loaded.index.name == current_name(self.settings.index_dir):
            return loaded.index  # in memory already (a running bot): no need to read it again
        try:
            return load_index(self.settings.index_dir, self.settings, self._memory_map)
        except (IndexMissing, IndexMismatch, IndexCorrupt):
            return None

    def _current(self) -> _Loaded:
        """The loaded build, reloaded when another build has become current (a reindex by an
        admin or the command line): questions keep being answered from the old one until
        the new one is ready, then from the new one."""
        loaded = self._loaded
        name = current_name(self.settings.index_dir)
        if loaded is not None and (name is None or loaded.index.name == name):
            return loaded
        with self._reload:
            loaded = self._loaded
            if loaded is None or loaded.index.name != current_name(self.settings.index_dir):
                loaded = self._loaded = self._searchable(
                    load_index(self.settings.index_dir, self.settings, self._memory_map)
                )
            return loaded

    def _searchable(self, index: StoredIndex) -> _Loaded:
        return _Loaded(index, Retriever(index, self.names), People(index.passages, self.names))

    def ask(self, question: str, k: int | None = None) -> Answer:
        """Quote up to `k` passages that answer `question`, each one only if it passes the
        verdict on its own (index/search/verdict.py), or abstain and say why."""
        question = clean_question(question, self.settings.max_question_chars)
        loaded = self._current()  # one build for the whole answer, even if a new one lands
        judged = self._judge(question, loaded)
        index, decision = loaded.index, judged.decision
        quotes = []
        for position, chance, shown in zip(
            decision.order, decision.chances, decision.shown, strict=True
        ):
            if shown:
                passage = index.passages[judged.candidates[position].row]
                quotes.append(Quote(passage, index.sources[passage.source_id], float(chance)))
        quotes = quotes[: k or self.settings.k]
        if quotes:
            return Answer(question, tuple(quotes))
        why = abstention(judged.intent, judged.words, loaded.people)
        return Answer(question, (), abstained=True, reason=why.text, reason_code=why.code)

    def judge(self, question: str) -> Judged:
        """What `ask` decides from: every candidate with its features, and the decision (for
        fitting the verdict: `parley eval --fit`)."""
        question = clean_question(question, self.settings.max_question_chars)
        return self._judge(question, self._current())

    def _judge(self, question: str, loaded: _Loaded) -> Judged:
        index = loaded.index
        intent = read_question(question, self.names, index.lexical.knows, loaded.people)
        about_person = intent.person is not None and not intent.who_is
        words = Words.of(intent.topic if about_person else intent.asked, index.lexical)
        candidates: list[Candidate] = []
        if intent.unheard is None:  # nobody of that name: nothing to search for
            asks_topic = intent.topic != intent.asked
            vectors = self.embedder.encode(
                [intent.canonical, intent.topic] if asks_topic else [intent.canonical]
            )
            candidates = loaded.retriever.candidates(
                intent,
                vectors[0],
                vectors[1] if asks_topic else None,
                exclude=self._withdrawn_from(index),
            )
        features = describe(intent, candidates, index.passages, index.sources, words, index.lexical)
        decision = decide(self.settings.verdict, features)
        return Judged(intent, candidates, features, decision, words)

    def timeline(
        self,
        about: str | None = None,
        start: dt.date | None = None,
        end: dt.date | None = None,
    ) -> list[Event]:
        """Dated events in date order, about a person (any spelling) or a topic (by meaning and
        words), within [start, end]."""
        index = self.index
        events = without_sources(index.events, self._withdrawn_from(index))
        embedder = self.embedder if about and about.strip() else None
        return filter_events(events, about, self.names, embedder, start, end, self._rarity(index))

    @staticmethod
    def _rarity(index: StoredIndex) -> Callable[[str], float]:
        """How telling a word is in this library: BM25's weight, 0 for one it never holds."""
        lexical = index.lexical
        return lambda stem: lexical.rarity(stem) if lexical.frequency(stem) else 0.0

    def withdrawn(self) -> frozenset[str]:
        """Sources the current build holds but the registry no longer does (see
        `_withdrawn_from`): nothing of them is to be shown."""
        return self._withdrawn_from(self.index)

    def _withdrawn_from(self, index: StoredIndex) -> frozenset[str]:
        """The sources of `index` that the registry no longer holds: a removal commits to the
        registry first, and a reindex killed or failed after it leaves the build behind. They
        are not quoted from the next question on, in this process and in a bot that has the
        build loaded, until the index catches up. Read again only when the registry file or
        the build changes: a stat per question, not a query."""
        try:
            status = self.registry.path.stat()
        except OSError:
            return frozenset()
        stamp = (status.st_ino, status.st_size, status.st_mtime_ns)
        known = self._withdrawn
        if known is not None and known.build == index.name and known.registry == stamp:
            return known.ids
        self._registered()
        ids = frozenset(set(index.manifest.sources) - set(self.registry.hashes()))
        self._withdrawn = _Withdrawn(index.name, stamp, ids)
        return ids

    def same_person(self, name: str | None, other: str) -> bool:
        """Whether two spellings name the same person."""
        return self.names.same_person(name, other)

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
        # A few hundred passages at a time: the progress bar moves, and the encoder still
        # sorts enough texts by length to batch them with little padding.
        for start in range(0, len(texts), PROGRESS_STEP):
            own = texts[start : start + PROGRESS_STEP]
            pairs = self.embedder.encode(own + in_context[start : start + PROGRESS_STEP], batch)
            summed = pairs[: len(own)] + pairs[len(own) :]
            parts.append(summed / np.linalg.norm(summed, axis=1, keepdims=True))
            if progress:
                progress(len(own))
        if not parts:
            return np.zeros((0, self.embedder.dimension), dtype=np.float32)
        return np.vstack(parts).astype(np.float32)
