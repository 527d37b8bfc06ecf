from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from index import store
from index.errors import IndexCorrupt, IndexMismatch, IndexMissing
from index.library import Library
from index.settings import ChunkSettings, Settings


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
    # metadata is JSON lines, never pickle
    for name in ("passages.jsonl", "sources.jsonl"):
        for line in (report.path / name).read_text().splitlines():
            json.loads(line)


def test_no_index_yet_says_how_to_build(settings: Settings, fake_embedder) -> None:
    with pytest.raises(IndexMissing, match="parley index"):
        Library(settings, fake_embedder).load()


def test_index_from_another_model_is_refused(settings: Settings, fake_embedder) -> None:
    Library(settings, fake_embedder).build()
    other = replace(settings, model="sentence-transformers/all-mpnet-base-v2")
    with pytest.raises(IndexMismatch, match="rebuild"):
        Library(other, fake_embedder).load()


def test_index_with_other_chunking_is_refused(settings: Settings, fake_embedder) -> None:
    Library(settings, fake_embedder).build()
    other = replace(settings, chunking=ChunkSettings(max_sentences=1))
    with pytest.raises(IndexMismatch, match="chunking"):
        Library(other, fake_embedder).load()


@pytest.mark.parametrize("victim", ["vectors.faiss", "passages.jsonl", "manifest.json"])
def test_damaged_index_is_reported_not_crashed(
    settings: Settings, fake_embedder, victim: str
) -> None:
    path = Library(settings, fake_embedder).build().path
    (path / victim).write_bytes(b"\x00garbage{")
    with pytest.raises(IndexCorrupt, match="parley index"):
        Library(settings, fake_embedder).load()


def test_a_crash_mid_build_leaves_the_previous_index(
    settings: Settings, fake_embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = Library(settings, fake_embedder).build()

    def crash(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    # Fail after the vectors are written but before the build is complete.
    monkeypatch.setattr(store, "_write_lines", crash)
    with pytest.raises(OSError):
        Library(settings, fake_embedder).build()
    monkeypatch.undo()

    index = Library(settings, fake_embedder).index
    assert index.path == first.path
    builds = settings.index_dir / "builds"
    assert any(p.name.endswith(".partial") for p in builds.iterdir())
    # the next build clears the half-written one away (the one before stays a round: a
    # process may still be reading it)
    second = Library(settings, fake_embedder).build()
    assert sorted(p.name for p in builds.iterdir()) == sorted([first.path.name, second.path.name])


def test_atomic_write_replaces_whole_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "CURRENT"
    store.atomic_write_text(target, "old\n")

    def fail(*args: object) -> None:
        raise OSError("crash before rename")

    monkeypatch.setattr(store.os, "replace", fail)
    with pytest.raises(OSError):
        store.atomic_write_text(target, "new\n")
    assert target.read_text() == "old\n"
    assert list(tmp_path.iterdir()) == [target]  # no temp file left behind
