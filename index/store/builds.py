"""The index on disk: FAISS vectors, passage columns, sources, BM25 and a manifest.

Layout under the index directory:

    CURRENT                 the name of the build in use (replaced atomically)
    builds/<name>/          one complete build: manifest.json, sources.txt and
                            .json (see index/store/source_table.py),
                            passages.npy and .json (see index/store/passage_table.py),
                            events.jsonl, vectors.faiss (flat or IVF, see
                            index/search/vectors.py), ids.npy (passage -> vector id),
                            lexical/ (BM25 segments, see index/search/lexical.py)
    builds/<name>.partial/  a build being written; never read, removed by the next build

A build is written in full under a `.partial` name, renamed, and only then named in CURRENT,
so a crash at any point leaves the previous build in place and loadable. Nothing is stored
with pickle: loading an index never executes code.
"""

from __future__ import annotations

import datetime as dt
import errno
import fcntl
import json
import os
import re
import secrets
import shutil
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from ..errors import IndexCorrupt, IndexMissing, StorageError
from ..search import vectors as vector_index
from ..search.lexical import LexicalIndex, lexical_texts
from ..settings import Settings
from ..text.passages import Passage
from ..text.sources import Source
from ..timeline.events import Event, event_from_record, event_record
from ..timeline.merge import merge_events
from .atomic import atomic_write_text, fsync
from .manifest import REBUILD_HINT, Manifest, check_compatible
from .passage_table import PassageTable
from .source_table import SourceTable, load_sources

#: What `write_index` names a build: its UTC time and a random suffix. CURRENT must hold one.
BUILD_NAME = re.compile(r"\d{8}T\d{6}-[0-9a-f]{6}")

# One build is read at a time in a process. NumPy parses each array's header with
# `ast.literal_eval`, and CPython 3.11 keeps the depth of the AST being built in one place for
# all threads: a bot's question and an admin's add reading at once could fail with "AST
# constructor recursion depth mismatch". Reading happens once per new build, so waiting costs
# little.
_READING = threading.Lock()


@dataclass(frozen=True)
class StoredIndex:
    path: Path
    manifest: Manifest
    sources: Mapping[str, Source]  # by id
    passages: PassageTable
    vectors: faiss.Index
    ids: np.ndarray  # each passage's id in `vectors`, in passage order, increasing
    lexical: LexicalIndex
    raw_events: list[Event]  # as each source tells them, to reuse when one source changes
    events: list[Event]  # merged: an event several sources tell is one event

    @property
    def name(self) -> str:
        return self.path.name


def write_index(
    index_dir: Path,
    manifest: Manifest,
    sources: Iterable[Source],
    passages: Sequence[Passage],
    vectors: np.ndarray | faiss.Index,
    events: Iterable[Event] = (),
    ids: np.ndarray | None = None,
    lexical: LexicalIndex | None = None,
) -> StoredIndex:
    """Write a complete build and make it current; returns the build, as loading it would
    (without reading it back). `vectors` is the vector index, or the vectors to build one
    from; `ids` are the passages' vector ids, in passage order and increasing (default 0, 1,
    2, ...); `lexical` the BM25 index (built here if not given), whose segments already on
    disk are linked."""
    ids = np.arange(len(passages), dtype=np.int64) if ids is None else ids
    sources = list(sources)
    by_id = {source.id: source for source in sources}
    events = list(events)
    table = PassageTable.of(passages, by_id)
    if lexical is None:
        lexical = LexicalIndex.build(lexical_texts(passages, by_id), ids)
    if isinstance(vectors, np.ndarray):
        vectors = vector_index.build(ids, vectors, manifest.dimension)
    builds = index_dir / "builds"
    name = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S") + "-" + secrets.token_hex(3)
    partial = builds / f"{name}.partial"
    try:
        builds.mkdir(parents=True, exist_ok=True)
        partial.mkdir()
        faiss.write_index(vectors, str(partial / "vectors.faiss"))
        np.save(partial / "ids.npy", np.ascontiguousarray(ids, dtype=np.int64), allow_pickle=False)
        lexical.save(partial / "lexical")
        SourceTable.write(partial, sources)
        table.save(partial)
        _write_lines(partial / "events.jsonl", (event_record(e) for e in events))
        (partial / "manifest.json").write_text(manifest.to_json(), encoding="utf-8")
        for item in partial.iterdir():
            fsync(item)
        fsync(partial)
        final = builds / name
        os.rename(partial, final)
        fsync(builds)
        previous = current_name(index_dir)
        atomic_write_text(index_dir / "CURRENT", name + "\n")
    except (OSError, RuntimeError) as error:  # faiss reports a failed write as RuntimeError
        # Nothing was made current: the previous build stays in use, whole.
        shutil.rmtree(partial, ignore_errors=True)
        raise StorageError(
            f"cannot write the index in {builds} ({_reason(error)}); the previous build is "
            "still in use"
        ) from None
    # The previous build stays one round: a process may be reading it at this moment.
    _remove_other_builds(builds, keep={name, previous or ""})
    lexical = lexical.saved_at(final / "lexical")
    return _ready_to_search(final, manifest, by_id, table, vectors, ids, lexical, events)


def _reason(error: BaseException) -> str:
    """What went wrong writing, in a few words: "the disk is full" or the system's message."""
    number = getattr(error, "errno", None)
    text = getattr(error, "strerror", None) or str(error)
    if number in (errno.ENOSPC, errno.EDQUOT) or "No space left" in text:
        return "the disk is full"
    if number == errno.EFBIG or "File too large" in text:
        return "a file would be larger than this system allows"
    return " ".join(text.split())[:160]


@contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    """Held for a whole build: two builds at once (an admin's and the command line's) would
    each start from the same index and the later would drop what the earlier added."""
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        handle = open(index_dir / ".lock", "w")  # noqa: SIM115 - closed below, after the build
    except OSError as error:
        raise StorageError(f"cannot write in {index_dir} ({_reason(error)})") from None
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def clean_stale(index_dir: Path) -> None:
    """Remove what a build killed half-way left behind, unless a build is running now."""
    builds = index_dir / "builds"
    if not builds.is_dir():
        return
    with open(index_dir / ".lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return  # a build is under way; its partial folder is not stale
        try:
            _remove_other_builds(builds, keep={current_name(index_dir) or ""})
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def current_name(index_dir: Path) -> str | None:
    """The name of the current build, or None when there is none (or CURRENT names none, see
    `_current`); cheap enough to check before every question."""
    try:
        name = (index_dir / "CURRENT").read_bytes().decode("ascii", "replace").strip()
    except FileNotFoundError:
        return None
    return name if BUILD_NAME.fullmatch(name) else None


def current_sources(index_dir: Path) -> list[Source] | None:
    """The sources of the current build (each checked against its hash), or None when there
    is no build: what the registry is rebuilt from when it was lost."""
    if current_name(index_dir) is None and not (index_dir / "CURRENT").exists():
        return None
    path = _current(index_dir)
    try:
        manifest = Manifest.from_json(_read(path / "manifest.json"))
        table = load_sources(path, manifest.sources)
        return [table[source_id] for source_id in table]
    except (KeyError, TypeError, ValueError, OSError) as error:
        raise IndexCorrupt(f"index in {path} is damaged ({error}); {REBUILD_HINT}") from None


def read_manifest(index_dir: Path) -> Manifest:
    return Manifest.from_json(_read(_current(index_dir) / "manifest.json"))


def load_index(
    index_dir: Path, settings: Settings, model: str, memory_map: bool = False
) -> StoredIndex:
    """Load the current build, refusing one made with another model than `model` (its
    identity, see `Library.model`) or other settings; `memory_map` maps the vector index
    rather than reading it (see vectors.load)."""
    path = _current(index_dir)
    try:
        manifest = Manifest.from_json(_read(path / "manifest.json"))
    except (KeyError, TypeError, ValueError) as error:
        raise IndexCorrupt(
            f"index manifest in {path} is unreadable ({error}); {REBUILD_HINT}"
        ) from None
    check_compatible(manifest, settings, model)
    try:
        with _READING:
            # A passage's text is cut from its source's: they must be the ones indexed.
            sources = load_sources(path, manifest.sources)
            passages = PassageTable.load(path, sources)
            raw_events = [event_from_record(d) for d in _read_lines(path / "events.jsonl")]
            vectors = vector_index.load(path / "vectors.faiss", memory_map)
            ids = np.load(path / "ids.npy", allow_pickle=False)
            lexical = LexicalIndex.load(path / "lexical")
    except (KeyError, TypeError, ValueError, RuntimeError, OSError) as error:
        raise IndexCorrupt(f"index in {path} is damaged ({error}); {REBUILD_HINT}") from None
    if (
        not (vectors.ntotal == len(passages) == manifest.passages == len(ids))
        or vectors.d != manifest.dimension
        or (len(ids) > 1 and not bool(np.all(np.diff(ids) > 0)))
    ):
        raise IndexCorrupt(
            f"index in {path} is inconsistent: vectors and passages differ; {REBUILD_HINT}"
        )
    return _ready_to_search(path, manifest, sources, passages, vectors, ids, lexical, raw_events)


def _ready_to_search(
    path: Path,
    manifest: Manifest,
    sources: Mapping[str, Source],
    passages: PassageTable,
    vectors: faiss.Index,
    ids: np.ndarray,
    lexical: LexicalIndex,
    raw_events: list[Event],
) -> StoredIndex:
    """A build as questions are answered from it: FAISS set up, events merged."""
    vector_index.prepare_for_search(vectors)
    return StoredIndex(
        path,
        manifest,
        sources,
        passages,
        vectors,
        ids,
        lexical,
        raw_events,
        merge_events([event for event in raw_events if event.listed]),
    )


def _current(index_dir: Path) -> Path:
    name = current_name(index_dir)
    if name is None and (index_dir / "CURRENT").exists():
        raise IndexCorrupt(f"{index_dir / 'CURRENT'} names no build; {REBUILD_HINT}")
    if name is None:
        raise IndexMissing(f"no index in {index_dir} yet; run `parley index` to build it")
    path = index_dir / "builds" / name
    if not path.is_dir():
        raise IndexCorrupt(f"the current index ({path}) is missing; {REBUILD_HINT}")
    return path


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise IndexCorrupt(f"cannot read {path} ({error}); {REBUILD_HINT}") from None


def _read_lines(path: Path) -> list[dict[str, Any]]:
    try:
        return [json.loads(line) for line in _read(path).splitlines() if line.strip()]
    except json.JSONDecodeError as error:
        raise IndexCorrupt(f"{path} is not valid JSON lines ({error}); {REBUILD_HINT}") from None


def _write_lines(path: Path, records: Iterable[dict[str, Any]]) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def _remove_other_builds(builds: Path, keep: set[str]) -> None:
    for item in builds.iterdir():
        if item.name not in keep and item.is_dir():
            shutil.rmtree(item, ignore_errors=True)
