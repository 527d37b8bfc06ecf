"""The vector index: exact when small, IVF when large, extended in place either way."""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np
import pytest

from parley.index.library import Library
from parley.index.search import vectors
from parley.index.settings import Settings

from .conftest import FakeEmbedder
from .test_library_sources import ARTICLE, quoted_sources

#: IVF stores 16-bit floats (vectors.STORED_AS): about three decimal digits.
FP16 = 1e-3


def unit(rows: int, dim: int = 32, seed: int = 0) -> np.ndarray:
    x = np.random.default_rng(seed).normal(size=(rows, dim)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def clustered(rows: int, dim: int = 32, clusters: int = 50) -> np.ndarray:
    rng = np.random.default_rng(1)
    centres = unit(clusters, dim, seed=2)
    x = centres[rng.integers(0, clusters, rows)] + 0.15 * rng.normal(size=(rows, dim))
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


@pytest.fixture
def small_limit(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(vectors, "EXACT_LIMIT", 1_000)
    return 1_000


def test_shape_follows_size() -> None:
    assert vectors.shape_for(10).kind == "flat"
    assert vectors.shape_for(vectors.EXACT_LIMIT).kind == "flat"
    big = vectors.shape_for(1_000_000)
    assert big.kind == "ivf" and big.lists == 4000 and big.probe >= vectors.MIN_PROBE


def test_ivf_recall_against_exact(small_limit: int) -> None:
    x = clustered(20_000)
    queries = clustered(200)[::2] + 0.01
    ids = np.arange(len(x))
    ivf = vectors.build(ids, x, 32)
    assert vectors.shape_of(ivf).kind == "ivf"
    exact = faiss.IndexFlatIP(32)
    exact.add(x)
    _, truth = exact.search(queries, 10)
    _, found = ivf.search(queries, 10)
    recall = np.mean([len(set(t) & set(f)) / 10 for t, f in zip(truth, found, strict=True)])
    assert recall >= 0.95


@pytest.mark.parametrize("rows", [500, 5_000])  # flat and IVF under the small limit
def test_extend_removes_and_adds_by_id(small_limit: int, rows: int, tmp_path: Path) -> None:
    x = unit(rows)
    index = vectors.build(np.arange(rows), x, 32)
    path = tmp_path / "v.faiss"
    faiss.write_index(index, str(path))
    index = vectors.load(path, memory_map=True)  # as `parley ask` finds it: lists mapped
    new = unit(3, seed=9)
    new_ids = np.arange(rows, rows + 3)
    kept = np.arange(10, rows)
    all_ids = np.concatenate([kept, new_ids])
    extended = vectors.extend(index, np.arange(10), new_ids, new, all_ids, path)
    assert extended.ntotal == rows - 10 + 3
    np.testing.assert_allclose(extended.reconstruct(rows + 1), new[1], atol=FP16)
    _, found = extended.search(new[:1], 1)
    assert found[0][0] == rows
    with pytest.raises(RuntimeError):
        extended.reconstruct(3)  # removed
    assert index.ntotal == rows  # the previous build's index is untouched


def test_growing_past_the_limit_rebuilds_as_ivf(small_limit: int) -> None:
    x = unit(1_200)
    index = vectors.build(np.arange(900), x[:900], 32)
    assert vectors.shape_of(index).kind == "flat"
    grown = vectors.extend(
        index, np.zeros(0, dtype=np.int64), np.arange(900, 1_200), x[900:], np.arange(1_200)
    )
    assert vectors.shape_of(grown).kind == "ivf" and grown.ntotal == 1_200
    np.testing.assert_allclose(grown.reconstruct(5), x[5], atol=FP16)


def test_incremental_adds_work_on_an_ivf_library(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(vectors, "EXACT_LIMIT", 50)  # the seeds' ~190 passages go to IVF
    embedder = FakeEmbedder()
    library = Library(settings, embedder)
    library.build()
    assert vectors.shape_of(library.index.vectors).kind == "ivf"
    before = embedder.texts_encoded
    _, report = library.add(ARTICLE)
    assert report is not None and embedder.texts_encoded - before == 2 * report.embedded
    assert vectors.shape_of(library.index.vectors).kind == "ivf"
    assert ARTICLE.id in quoted_sources(library, "Zaporizhzhia nuclear plant inspectors")
    library.remove(ARTICLE.id)
    assert ARTICLE.id not in quoted_sources(library, "Zaporizhzhia nuclear plant inspectors")


def test_a_mapped_index_answers_as_a_read_one(small_limit: int, tmp_path: Path) -> None:
    x = unit(1_200)
    index = vectors.build(np.arange(1_200), x, 32)
    assert vectors.shape_of(index).kind == "ivf"
    path = tmp_path / "v.faiss"
    faiss.write_index(index, str(path))
    read, mapped = vectors.load(path), vectors.load(path, memory_map=True)
    for loaded in (read, mapped):
        vectors.prepare_for_search(loaded)
    assert np.array_equal(read.search(x[:5], 10)[1], mapped.search(x[:5], 10)[1])
