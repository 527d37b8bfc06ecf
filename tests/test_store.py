from __future__ import annotations

import errno
import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from parley.index.errors import IndexCorrupt, IndexMismatch, IndexMissing, StorageError
from parley.index.library import Library
from parley.index.settings import Settings
from parley.index.store import atomic
from parley.index.store import builds as store

from .conftest import FakeEmbedder


def test_build_then_load_round_trips(settings: Settings, fake_embedder) -> None:
    report = Library(settings, fake_embedder).build()
    assert report.sources == 5 and report.passages > 100
    index = Library(settings, fake_embedder).index
    assert len(index.passages) == index.vectors.ntotal == index.manifest.passages
    manifest = json.loads((report.path / "manifest.json").read_text())
    assert manifest["model"] == "fake-hashing"
    assert manifest["dimension"] == 256
    assert manifest["chunking"] == settings.chunking.as_dict()
    assert set(manifest["sources"]) == set(index.sources)
    assert manifest["built_at"]
    # nothing is pickled: sources are their texts end to end and JSON, passages plain
    # columns of numbers
    records = json.loads((report.path / "sources.json").read_text())
    texts = (report.path / "sources.txt").read_text()
    assert texts == "".join(index.sources[source_id].text for source_id in records)
    assert np.load(report.path / "passages.npy", allow_pickle=False).shape == (report.passages,)
    # a passage read back is the one that was split, its text cut verbatim from its source
    built = Library(settings, fake_embedder).index.passages
    for passage in built:
        assert index.sources[passage.source_id].text[passage.start : passage.end] == passage.text
    assert [p.speaker for p in built if p.speaker] and [p.direct for p in built if p.direct]


def test_two_threads_loading_a_build_at_once_both_get_it(settings: Settings, fake_embedder) -> None:
    """A bot's question and an admin's add can each read the current build at the same
    moment. NumPy reads an array's header with `ast.literal_eval`, and CPython 3.11 keeps
    the depth of the AST being built in one place for all threads: when one thread's load
    ran while another was in the middle of a header, the other failed with "AST constructor
    recursion depth mismatch" (once in CI). Here the first thread is stopped in the middle
    of a header, by a garbage collection, until the second has loaded or 0.5 s have gone."""
    import gc
    import sys
    import threading

    Library(settings, fake_embedder).build()
    first = threading.current_thread()
    second_may_start, second_done = threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def in_a_header() -> bool:
        frame = sys._getframe(2)
        return frame.f_code.co_name == "parse" and frame.f_code.co_filename.endswith("ast.py")

    def hand_over(phase: str, info: dict[str, int]) -> None:
        if threading.current_thread() is first and not second_may_start.is_set() and in_a_header():
            second_may_start.set()
            second_done.wait(timeout=0.5)  # with a lock the second waits for us: go on

    def load(depth: int = 0) -> None:
        if depth:  # the second thread at another depth of the Python stack, as a worker is
            return load(depth - 1)
        try:
            store.load_index(settings.index_dir, settings, fake_embedder.name)
        except BaseException as error:  # any failure at all is what this test looks for
            failures.append(error)

    def second() -> None:
        second_may_start.wait(timeout=10)
        load(depth=40)
        second_done.set()

    thresholds = gc.get_threshold()
    gc.callbacks.append(hand_over)  # in place: the collector holds this very list
    gc.set_threshold(1)  # collect often, so that one falls inside a header
    try:
        other = threading.Thread(target=second)
        other.start()
        load()
        other.join()
    finally:
        gc.set_threshold(*thresholds)
        gc.callbacks.remove(hand_over)
    assert second_may_start.is_set()  # the first thread was stopped inside a header
    assert failures == []


def test_no_index_yet_says_how_to_build(settings: Settings, fake_embedder) -> None:
    with pytest.raises(IndexMissing, match="parley index"):
        Library(settings, fake_embedder).load()


def test_index_from_another_model_is_refused(settings: Settings, fake_embedder) -> None:
    Library(settings, fake_embedder).build()
    other = FakeEmbedder()
    other.name = "sentence-transformers/all-mpnet-base-v2"
    with pytest.raises(IndexMismatch, match="rebuild"):
        Library(settings, other).load()


def test_index_with_other_chunking_is_refused(settings: Settings, fake_embedder) -> None:
    Library(settings, fake_embedder).build()
    other = replace(settings, chunking=replace(settings.chunking, max_sentences=1))
    with pytest.raises(IndexMismatch, match="chunking"):
        Library(other, fake_embedder).load()


@pytest.mark.parametrize(
    "victim",
    [
        "vectors.faiss",
        "passages.npy",
        "passages.json",
        "sources.txt",
        "sources.json",
        "manifest.json",
    ],
)
def test_damaged_index_is_reported_not_crashed(
    settings: Settings, fake_embedder, victim: str
) -> None:
    path = Library(settings, fake_embedder).build().path
    (path / victim).write_bytes(b"\x00garbage{")
    with pytest.raises(IndexCorrupt, match="parley index"):
        Library(settings, fake_embedder).load()


def test_a_write_failing_mid_build_leaves_the_previous_index(
    settings: Settings, fake_embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = Library(settings, fake_embedder).build()

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    # Fail after the vectors are written but before the build is complete.
    monkeypatch.setattr(store, "_write_lines", full)
    with pytest.raises(
        StorageError, match=r"\(the disk is full\); the previous build is still in use"
    ):
        Library(settings, fake_embedder).build()
    monkeypatch.undo()

    index = Library(settings, fake_embedder).index
    assert index.path == first.path
    builds = settings.index_dir / "builds"
    assert [p.name for p in builds.iterdir()] == [first.path.name]  # the half is cleared away
    second = Library(settings, fake_embedder).build()
    # the build before stays a round: a process may still be reading it
    assert sorted(p.name for p in builds.iterdir()) == sorted([first.path.name, second.path.name])


def test_faiss_failing_to_write_is_a_storage_error(
    settings: Settings, fake_embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """faiss reports a failed write (9 of 9 on a full disk) as RuntimeError."""
    Library(settings, fake_embedder).build()

    def full(*args: object) -> None:
        raise RuntimeError("Error in faiss::FileIOWriter: write failed: No space left on device")

    monkeypatch.setattr(store.faiss, "write_index", full)
    with pytest.raises(StorageError, match="the disk is full"):
        Library(settings, fake_embedder).build()


def test_atomic_write_replaces_whole_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "CURRENT"
    atomic.atomic_write_text(target, "old\n")

    def fail(*args: object) -> None:
        raise OSError("crash before rename")

    monkeypatch.setattr(atomic.os, "replace", fail)
    with pytest.raises(OSError):
        atomic.atomic_write_text(target, "new\n")
    assert target.read_text() == "old\n"
    assert list(tmp_path.iterdir()) == [target]  # no temp file left behind


def test_a_source_changed_on_disk_is_refused(settings: Settings, fake_embedder) -> None:
    # Passages are offsets into their source's text: a changed text would shift every quote.
    # A change that keeps the size is caught when the source is first read, before a quote.
    path = Library(settings, fake_embedder).build().path
    texts = (path / "sources.txt").read_bytes()
    (path / "sources.txt").write_bytes(texts.replace(b" a ", b" e "))  # in every source
    library = Library(settings, fake_embedder)
    library.load()
    with pytest.raises(IndexCorrupt, match="differs from the one indexed"):
        library.ask("What did Medinsky say about neutrality?")


def test_a_build_with_sources_as_json_lines_still_loads(settings: Settings, fake_embedder) -> None:
    # Builds written before the source table kept whole sources as JSON lines; a library
    # that size should not have to be embedded again to be read.
    path = Library(settings, fake_embedder).build().path
    current = Library(settings, fake_embedder).index.sources
    lines = [json.dumps({**current[i].metadata(), "text": current[i].text}) for i in current]
    (path / "sources.jsonl").write_text("\n".join(lines) + "\n")
    (path / "sources.json").unlink()
    (path / "sources.txt").unlink()
    answer = Library(settings, fake_embedder).ask("What did Medinsky say about neutrality?")
    assert answer.quotes and answer.quotes[0].passage.text in answer.quotes[0].source.text
    # and a text changed there is refused when the build loads
    changed = json.loads(lines[0])
    changed["text"] = changed["text"].replace("a", "e", 1)
    (path / "sources.jsonl").write_text("\n".join([json.dumps(changed), *lines[1:]]) + "\n")
    with pytest.raises(IndexCorrupt, match="differ from its manifest"):
        Library(settings, fake_embedder).load()


class RecordingEmbedder(FakeEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def encode(self, texts, batch_size: int = 32) -> np.ndarray:
        self.seen.extend(texts)
        return super().encode(texts, batch_size)


def test_a_passage_is_embedded_alone_and_under_its_headline(settings: Settings) -> None:
    embedder = RecordingEmbedder()
    Library(settings, embedder).build()
    index = Library(settings, embedder).index
    seen = set(embedder.seen)
    titled = [p for p in index.passages if index.sources[p.source_id].title]
    untitled = [p for p in index.passages if not index.sources[p.source_id].title]
    assert titled and untitled
    for passage in titled:
        title = index.sources[passage.source_id].title
        in_context = f"{title}. {passage.search_text(index.sources[passage.source_id].text)}"
        assert passage.text in seen and in_context in seen
    for passage in untitled:
        assert passage.search_text(index.sources[passage.source_id].text) in seen
    assert not any(text.startswith(("None", ". ")) for text in seen)
