"""The library: sources, their passages and the index over them, and questions asked of it.

Front doors build one `Library` at start-up and keep it; it loads the model and the index
once and answers many questions. It is also everything they ask of the library (a person's
statements, a passage by where it stands, a source in detail), so that none of them reaches
into a build's tables.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from . import catalog
from .answers import Answer, Quote, clean_question
from .building import Builder, BuildReport, Progress
from .catalog import SourceSummary, Statements
from .errors import IndexCorrupt, IndexMismatch, IndexMissing
from .ingest.drafts import Draft
from .search.asking import Judged, Searchable, answer, judge
from .search.embeddings import Embedder, Remembering, embedder_for
from .settings import Settings
from .store.builds import StoredIndex, clean_stale, current_name, load_index
from .store.registry import Change, Entry, Registry
from .store.withdrawn import Withdrawn
from .text.names import Names
from .text.sources import Source
from .timeline.events import Event, without_sources
from .timeline.selection import filter_events


class Library:
    def __init__(
        self,
        settings: Settings,
        embedder: Embedder | None = None,
        *,
        one_question: bool = False,
    ) -> None:
        """`embedder` replaces the configured model (tests pass a fake). `one_question`: the
        process will answer one question and exit, so a large vector index is memory-mapped
        rather than read (seconds at a million passages)."""
        self.settings = settings
        self._memory_map = one_question
        self._embedder = embedder
        self._remembering: Remembering | None = None  # the timeline's, made with the model
        #: The model's identity, which a build records and must match to be searched: the
        #: embedder's own name (the configured one is named by `settings.model.identity`,
        #: so an index is checked without loading the model first).
        self.model = embedder.name if embedder is not None else settings.model.identity
        self._loaded: Searchable | None = None
        self._reload = threading.Lock()
        self.names = Names.load(settings.aliases_path)
        self.registry = Registry(settings.data_dir / "library.sqlite3")
        embedder_now = lambda: self.embedder  # noqa: E731  (loaded when a build needs it)
        self._builder = Builder(settings, self.names, self.registry, embedder_now, self.model)
        self._withdrawn = Withdrawn(self.registry, self._builder.registered)

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = embedder_for(self.settings)
        return self._embedder

    @property
    def index(self) -> StoredIndex:
        return self._current().index

    def load(self) -> None:
        """Load the index and build its search structures now (else the first question does),
        clearing away what a build killed half-way left behind."""
        clean_stale(self.settings.index_dir)
        self._current()

    def load_model(self) -> Embedder:
        """Load the embedding model now (it is otherwise loaded when first needed)."""
        return self.embedder

    # -- questions -------------------------------------------------------------------------

    def ask(self, question: str, k: int | None = None) -> Answer:
        """Quote up to `k` passages that answer `question`, each one only if it passes the
        verdict on its own (index/search/verdict.py), or abstain and say why."""
        question = clean_question(question, self.settings.answer.max_question_chars)
        build = self._current()  # one build for the whole answer, even if a new one lands
        judged = self._judge(question, build)
        # a joined quote up to two passages' length: members read it in Discord
        longest = 2 * self.settings.chunking.max_chars
        return answer(question, judged, build, k or self.settings.answer.k, longest)

    def judge(self, question: str) -> Judged:
        """What `ask` decides from: every candidate with its features, and the decision (for
        fitting the verdict: `parley eval --fit`)."""
        question = clean_question(question, self.settings.answer.max_question_chars)
        return self._judge(question, self._current())

    def _judge(self, question: str, build: Searchable) -> Judged:
        gone = self._withdrawn.of(build.index)
        verdict = self.settings.answer.verdict
        return judge(question, build, self.names, self.embedder, verdict, gone)

    def timeline(
        self,
        about: str | None = None,
        start: dt.date | None = None,
        end: dt.date | None = None,
    ) -> list[Event]:
        """Dated events in date order, about a person (any spelling) or a topic (by meaning and
        words), within [start, end]."""
        index = self.index
        events = without_sources(index.events, self._withdrawn.of(index))
        if about and about.strip() and self._remembering is None:
            self._remembering = Remembering(self.embedder)
        embedder = self._remembering if about and about.strip() else None
        lexical = index.lexical
        # how telling a word is in this library: BM25's weight, 0 for one it never holds
        rarity = lambda stem: lexical.rarity(stem) if lexical.frequency(stem) else 0.0  # noqa: E731
        return filter_events(events, about, self.names, embedder, start, end, rarity)

    # -- what it holds ---------------------------------------------------------------------

    def statements(self, person: str, topic: str | None = None) -> Statements | None:
        """What `person` (any spelling) is quoted saying, about `topic` if given, oldest first;
        None if the library quotes no one by that name."""
        build = self._current()
        # the person as a question names them: another transliteration of someone only an
        # article names ("Skybytskyi" for the quoted "Skibitskyi") is them too
        quoted = build.people.get(person)
        gone = self._withdrawn.of(build.index)
        asked = quoted.name if quoted is not None else person
        return catalog.statements(build.index, self.names, asked, topic, gone, self.ask)

    def names_person(self, name: str) -> bool:
        """Whether an article names `name` as a person, quoted or not (what a member is
        told when the library never quotes them)."""
        return self._current().people.named(name)

    def speakers(self, typed: str = "") -> list[tuple[str, int]]:
        """The people quoted whose name holds `typed` (or whom it spells), with how many
        passages each speaks, most first."""
        return catalog.speakers_matching(self.index, self.names, typed)

    def quote_at(self, source_id: str, start: int, end: int | None = None) -> Quote | None:
        """The passage of a source the library still holds that starts at `start` (with
        `end`, the quote joined from there to `end`, as an answer showed it)."""
        index = self.index
        if source_id in self._withdrawn.of(index):
            return None
        return catalog.quote_at(index, source_id, start, end)

    def shown_sources(self) -> list[Source]:
        """The sources answers quote from, oldest first."""
        index = self.index
        return catalog.shown_sources(index, self._withdrawn.of(index))

    def find_source(self, typed: str) -> Source | None:
        """The source a member names: by id, file name or headline."""
        return catalog.find_source(self.shown_sources(), typed)

    def summary(self, source: Source) -> SourceSummary:
        """`source` with its passage count, who it quotes, and how it opens."""
        return catalog.summary(self.index, source)

    def passage_counts(self) -> Mapping[str, int]:
        """How many passages each source of the current build gives."""
        return self.index.passages.per_source()

    def passages(self) -> int:
        return len(self.index.passages)

    def entries(self) -> list[Entry]:
        """Every registered source, with who added it when (the seeds on first use)."""
        self._builder.registered()
        return self.registry.entries()

    def entry(self, typed: str) -> Entry | None:
        """The registered source a member names: by id, or as it is shown (its file name)."""
        self._builder.registered()
        return self.registry.find(typed)

    def withdrawn(self) -> frozenset[str]:
        """Sources the current build holds but the registry no longer does (a removal whose
        reindex was killed): nothing of them is shown."""
        return self._withdrawn.of(self.index)

    def same_speaker(self, name: str | None, other: str) -> bool:
        """Whether two names given a speaker are one person (any spelling, or the surname)."""
        return self.names.same_speaker(name, other)

    # -- changes ---------------------------------------------------------------------------

    def read(self, location: str, *, within: Path | None = None) -> Draft:
        """The article at a web address, or in a file (a link followed only inside `within`,
        default the file's folder), within the config's limits; not yet added."""
        from .ingest import read_article  # httpx and trafilatura: only when one is read

        return read_article(location, self.settings.sources, within)

    def stale(self) -> bool:
        """Whether the index is behind the registry (a reindex was killed before it landed)."""
        self._builder.registered()
        return self.index.manifest.sources != self.registry.hashes()

    def sources(self) -> list[Source]:
        """Every source in the registry; the seeds are registered on first use."""
        return self._builder.sources()

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
        self._builder.registered()
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
        self._builder.registered()
        if not self.registry.remove(source_id):
            return None
        return self.sync(progress, on_total)

    def check_quotable(self, source: Source) -> None:
        """Refuse (`SourceRefused`) an article that gives no passage or more than the limit."""
        self._builder.check_quotable(source)

    def build(
        self,
        sources: Sequence[Source] | None = None,
        progress: Progress | None = None,
        on_total: Callable[[int], None] | None = None,
    ) -> BuildReport:
        """A full rebuild: embed every passage of `sources` (default: the registry's)."""
        return self._write(sources, None, progress, on_total)

    def sync(
        self, progress: Progress | None = None, on_total: Callable[[int], None] | None = None
    ) -> BuildReport:
        """Bring the index in line with the registry, embedding only the passages of sources
        that are new or changed; a full rebuild when the model or chunking changed."""
        return self._write(None, self._previous, progress, on_total)

    def _write(
        self,
        sources: Sequence[Source] | None,
        previous: Callable[[], StoredIndex | None] | None,
        progress: Progress | None,
        on_total: Callable[[int], None] | None,
    ) -> BuildReport:
        built, report = self._builder.write(sources, previous, progress, on_total)
        # What was just written is what loading it would give: answer from it at once rather
        # than read it back (seconds for a large library).
        searchable = Searchable.of(built, self.names)
        with self._reload:
            self._loaded = searchable
        return report

    def _previous(self) -> StoredIndex | None:
        """The current build, if there is one this model and these settings can extend."""
        loaded = self._loaded
        if loaded is not None and loaded.index.name == current_name(self.settings.index_dir):
            return loaded.index  # in memory already (a running bot): no need to read it again
        try:
            return load_index(self.settings.index_dir, self.settings, self.model, self._memory_map)
        except (IndexMissing, IndexMismatch, IndexCorrupt):
            return None

    def _current(self) -> Searchable:
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
                index_dir, mapped = self.settings.index_dir, self._memory_map
                index = load_index(index_dir, self.settings, self.model, mapped)
                loaded = self._loaded = Searchable.of(index, self.names)
            return loaded
