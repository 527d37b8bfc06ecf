"""Building the index: the registry's sources split into passages, embedded and written as a
new build, reusing every unchanged source's passages, vectors and events from the previous one.

`Library` decides when to build and swaps the result in; this module does the work.
"""

from __future__ import annotations

import logging
import threading
import time
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from .errors import SourceRefused
from .search.embeddings import Embedder
from .settings import Settings
from .store.builds import StoredIndex, build_lock, current_sources, write_index
from .store.manifest import new_manifest
from .store.passage_table import PassageTable
from .store.plan import plan_build
from .store.registry import Registry
from .text.names import Names
from .text.paragraphs import paragraphs
from .text.passages import Passage, split_passages
from .text.sources import Source, load_seeds
from .timeline.dates import DatedSentence, dated_sentences
from .timeline.events import Event, extract_events
from .timeline.statement_days import statement_days

#: Called with the number of passages just embedded, as a build goes on.
Progress = Callable[[int], None]
#: Passages embedded between two progress reports.
PROGRESS_STEP = 256
#: Who the registry says added the sources it was rebuilt with from a build.
RECOVERED = "recovered from the index"
#: Articles whose passages are kept once split: an added article is checked before it is
#: registered (the command line checks each of a batch first, to skip what it cannot take,
#: then the library checks them all) and read again by the build. Splitting, which parses
#: and attributes every sentence, was done three times: adding the 81 articles of the real
#: library split 243 times (20 s of splitting under the profiler), now 81 (14 s). Past this
#: many, the oldest are split again.
SPLITS_KEPT = 256

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


class Builder:
    """Writes builds of one library's index (`settings.index_dir`) from its registry."""

    def __init__(
        self,
        settings: Settings,
        names: Names,
        registry: Registry,
        embedder: Callable[[], Embedder],
        model: str,
    ) -> None:
        """`embedder` gives the model when a build needs it; `model` is its identity."""
        self.settings = settings
        self.names = names
        self.registry = registry
        self._embedder = embedder
        self._model = model
        self._splits: OrderedDict[tuple[str, str, str | None], list[Passage]] = OrderedDict()
        self._splits_lock = threading.Lock()  # the bot checks articles in worker threads

    @property
    def embedder(self) -> Embedder:
        return self._embedder()

    def sources(self) -> list[Source]:
        """Every source in the registry; the seeds are registered on first use."""
        self.registered()
        return self.registry.sources()

    def registered(self) -> None:
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

    def check_quotable(self, source: Source) -> None:
        """Refuse an article that gives no passage (a headline alone, a page that needs
        JavaScript) or more than the limit. Body paragraphs are counted first, a regular
        expression's work: each gives a passage at least, and splitting 52,000 of them into
        sentences took half a minute before their embedding was even begun (20 minutes)."""
        limit = self.settings.sources.max_passages
        many = len(paragraphs(source))
        if many > limit:
            raise SourceRefused(
                f"refused: {source.id} has {many:,} paragraphs; an article may give at most "
                f"{limit:,} passages ([sources] max_passages in the config)"
            )
        count = len(self._split(source))
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

    def write(
        self,
        sources: Sequence[Source] | None,
        previous: Callable[[], StoredIndex | None] | None,
        progress: Progress | None = None,
        on_total: Callable[[int], None] | None = None,
    ) -> tuple[StoredIndex, BuildReport]:
        """A new build of `sources` (default: the registry's), made current, and what it did.
        `previous` gives the build to reuse the unchanged sources of (None: embed everything);
        it is asked under the build lock, so that it is the build this one follows."""
        started = time.perf_counter()
        index_dir = self.settings.index_dir
        with build_lock(index_dir):  # read, embed and write as one step (see build_lock)
            chosen = list(sources) if sources is not None else self.sources()
            plan = plan_build(chosen, previous() if previous is not None else None)
            read = [self._read(source) for source in plan.changed]
            fresh = [p for passages, _ in read for p in passages]
            if on_total:
                on_total(len(fresh))
            by_id = {source.id: source for source in chosen}
            new_vectors = self._embed(
                [p.text for p in fresh],
                [_in_context(p, by_id[p.source_id]) for p in fresh],
                progress,
            )
            raw_events = plan.kept_events + [e for _, events in read for e in events]
            passages = PassageTable.of(plan.kept_passages, by_id).extend(fresh)
            new_ids = plan.new_ids(len(fresh))
            dimension = self.embedder.dimension
            vectors = plan.vectors(new_ids, new_vectors, dimension)
            ids = np.concatenate([plan.kept_ids, new_ids])
            manifest = new_manifest(self.settings, self._model, dimension, chosen, len(passages))
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
        report = BuildReport(
            built.path,
            len(chosen),
            len(passages),
            time.perf_counter() - started,
            embedded=len(fresh),
            added=tuple(source.id for source in plan.changed),
            removed=plan.removed,
        )
        return built, report

    def _read(self, source: Source) -> tuple[list[Passage], list[Event]]:
        """The article's quotable passages, each with the day its speaker said it, and its
        events: its dates are read once for both."""
        dated = dated_sentences(source)
        passages = self._split(source)
        days = statement_days(source, passages, dated)
        speakers = _speakers(passages, dated)  # attributed once, when split
        events = extract_events(source, self.names, True, dated, speakers)
        said = [replace(p, said_on=day) for p, day in zip(passages, days, strict=True)]
        return said, events

    def _split(self, source: Source) -> list[Passage]:
        """The article's passages, split once: by what splitting reads (its id, text and
        headline), since the registry gives back its own copy of an added source."""
        key = (source.id, source.text, source.title)
        with self._splits_lock:
            passages = self._splits.get(key)
        if passages is None:
            passages = split_passages(source, self.settings.chunking, self.names)
            with self._splits_lock:
                self._splits[key] = passages
                while len(self._splits) > SPLITS_KEPT:
                    self._splits.popitem(last=False)
        return passages

    def _embed(
        self, texts: list[str], in_context: list[str], progress: Progress | None
    ) -> np.ndarray:
        """One unit vector per passage: the normalized sum of the passage's own embedding and
        its embedding in context (see _in_context). The passage alone ranked best on the dev
        set (hit@1 0.67) but misses passages that only refer back ("The talks lasted about
        three and a half hours" after a sentence naming Istanbul); the passage in context
        alone dropped to 0.43; their sum gave 0.71 and finds both."""
        batch = self.settings.model.batch_size
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


def _speakers(passages: Sequence[Passage], dated: Sequence[DatedSentence]) -> dict[int, str]:
    """Who speaks in each sentence, by where it starts: its passage's speaker (a passage is
    one speaker's sentences, text/passages.py)."""
    starts = [sentence.start for sentence in dated]  # in reading order
    said: dict[int, str] = {}
    for passage in passages:
        if passage.speaker:
            first, end = bisect_left(starts, passage.start), bisect_left(starts, passage.end)
            said.update((start, passage.speaker) for start in starts[first:end])
    return said


def _in_context(passage: Passage, source: Source) -> str:
    """The passage as embedded in context: its article's headline, the sentence before it,
    then the passage. A paragraph rarely repeats what its headline says ("the third round",
    "the prisoner swap"), and questions ask by it. The headline on this half only, on
    the tuning sets (hit@1 / hit@3): calibration 0.70 / 0.80 -> 0.73 / 0.82, members-tuning
    0.72 / 0.78 -> 0.72 / 0.80, talks-tuning 0.64 / 0.74 -> 0.69 / 0.76, dev unchanged; on
    both halves members-tuning fell to 0.69 / 0.72 (every passage of an article then looks
    alike). It costs 15% more tokens to embed on the seeds, 13% on the talks library. BM25
    reads the headline too (search.lexical.lexical_texts)."""
    text = passage.search_text(source.text)
    return f"{source.title}. {text}" if source.title else text
