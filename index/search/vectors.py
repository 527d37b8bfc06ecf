"""The vector index: exact search for small libraries, an inverted-file (IVF) index for large.

Every vector carries a stable id (its passage's), so that a build can start from the
previous index, drop the vectors of removed sources and add those of new ones without
embedding or indexing anything else again, whatever the index type.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

#: Up to this many passages the index is exact (a flat inner-product scan, no training).
#: Measured on this machine (2 cores, one thread, a question and its topic searched together,
#: vectors of the 100k synthetic library): exact 2.4 ms at 10k, 8.8 ms at 25k, 16 ms at 50k,
#: 32 ms at 100k; IVF 0.2 to 0.6 ms at each size, recall@10 against exact 0.94 at 10k, 0.997
#: at 25k and 1.00 from 50k on (recall@50 0.82, 0.88, 0.95, 1.00). Below about 20k an exact
#: scan is cheap enough and IVF's recall still suffers; above it the scan dominates an answer.
EXACT_LIMIT = 20_000

#: IVF lists: about 4 * sqrt(n), the usual rule (FAISS wiki, "Guidelines to choose an
#: index"). Probed: 2.5% of them, at least 16. Measured with the dev questions' vectors
#: against an exact scan of the synthetic libraries (benchmarks/README.md): at 100k, 1%
#: probed gave recall@10 0.89 in 0.4 ms, 2.5% 0.96 in 0.8 ms, 5% 0.98 in 1.6 ms; at 1M, 1%
#: 0.91 in 2.8 ms, 2.5% 0.94 in 5.7 ms, 5% 0.97 in 10 ms. Questions sit farther from the
#: passages' clusters than passages do from each other, so they need more lists than the
#: 1% that sufficed for passage-like queries (tests/test_vectors.py).
PROBE_SHARE = 0.025
MIN_PROBE = 16

#: How an IVF index stores its vectors: as 16-bit floats. Measured with the dev and
#: calibration questions on the synthetic libraries, against 32-bit floats: recall@10 the
#: same (0.920 at 100k, 0.932 at 1M), a search 1.9x faster at 100k (0.81 against 1.56 ms)
#: and 1.25x at 1M (7.5 against 9.4 ms), and half the memory and disk (782 MB at 1M). Eight
#: bits were faster still (5.7 ms at 1M) but lost recall (0.923).
STORED_AS = faiss.ScalarQuantizer.QT_fp16
#: Training the coarse quantizer on more than this many vectors per list gains nothing.
TRAIN_PER_LIST = 64


@dataclass(frozen=True)
class IndexShape:
    kind: str  # "flat" or "ivf"
    lists: int = 0
    probe: int = 0


def shape_for(count: int) -> IndexShape:
    if count <= EXACT_LIMIT:
        return IndexShape("flat")
    lists = int(4 * math.sqrt(count))
    return IndexShape("ivf", lists, max(MIN_PROBE, round(lists * PROBE_SHARE)))


def shape_of(index: faiss.Index) -> IndexShape:
    ivf = _ivf(index)
    if ivf is None:
        return IndexShape("flat")
    return IndexShape("ivf", ivf.nlist, ivf.nprobe)


def build(ids: np.ndarray, vectors: np.ndarray, dimension: int) -> faiss.Index:
    """A new index holding `vectors` under `ids`, of the type their number calls for."""
    shape = shape_for(len(ids))
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    index: faiss.Index
    if shape.kind == "flat":
        index = faiss.IndexIDMap2(faiss.IndexFlatIP(dimension))
    else:
        quantizer = faiss.IndexFlatIP(dimension)
        # faiss's Python layer keeps `quantizer` alive as long as `ivf` (referenced_objects).
        ivf = faiss.IndexIVFScalarQuantizer(
            quantizer, dimension, shape.lists, STORED_AS, faiss.METRIC_INNER_PRODUCT
        )
        sample = _sample(vectors, shape.lists * TRAIN_PER_LIST)
        ivf.train(sample)
        # A hash table from id to position: lets a later build remove ids and reconstruct.
        ivf.set_direct_map_type(faiss.DirectMap.Hashtable)  # type: ignore[attr-defined]
        ivf.nprobe = shape.probe
        index = ivf
    if len(ids):
        index.add_with_ids(vectors, np.ascontiguousarray(ids, dtype=np.int64))
    return index


def extend(
    previous: faiss.Index,
    removed: np.ndarray,
    ids: np.ndarray,
    vectors: np.ndarray,
    all_ids: np.ndarray,
    previous_path: Path | None = None,
) -> faiss.Index:
    """`previous` (stored at `previous_path`, if it was loaded from there) without the
    `removed` ids and with `vectors` added under `ids`. When the library has outgrown its
    index type (or an IVF index's number of lists by far), the index is rebuilt from the
    vectors it holds, which are never embedded again."""
    total = len(all_ids)
    wanted, current = shape_for(total), shape_of(previous)
    reshape = wanted.kind != current.kind or (
        wanted.kind == "ivf" and not 0.5 <= current.lists / wanted.lists <= 2
    )
    if reshape:
        kept = np.setdiff1d(all_ids, ids, assume_unique=True)
        old = np.vstack([previous.reconstruct(int(i)) for i in kept]) if len(kept) else None
        stacked = vectors if old is None else np.vstack([old, vectors])
        return build(np.concatenate([kept, ids]), stacked, previous.d)
    index = _editable_copy(previous, previous_path)
    if len(removed):
        gone = np.ascontiguousarray(removed, dtype=np.int64)
        # IVF's id hash table removes only through an IDSelectorArray
        index.remove_ids(faiss.IDSelectorArray(len(gone), faiss.swig_ptr(gone)))
    if len(ids):
        index.add_with_ids(
            np.ascontiguousarray(vectors, dtype=np.float32),
            np.ascontiguousarray(ids, dtype=np.int64),
        )
    return index


def load(path: Path, memory_map: bool = False) -> faiss.Index:
    """The index stored at `path`. With `memory_map`, an IVF index's lists are mapped, not
    read: for a process that answers one question, which touches only the lists it probes.
    Measured at 1M passages: mapping takes 0.1 s where reading takes 3.5 s and 0.8 GB, but a
    search over mapped lists takes 12.4 ms against 6.8 ms, so a process that answers many
    (the bot) reads them."""
    return faiss.read_index(str(path), faiss.IO_FLAG_MMAP if memory_map else 0)


def prepare_for_search(index: faiss.Index) -> None:
    """The IVF probe count the shape calls for. (FAISS is also best on one thread for a single
    query, measured faster than two and with less contention with the encoder's threads:
    that is the process's to set, `index/runtime.py`.)"""
    ivf = _ivf(index)
    if ivf is not None:
        ivf.nprobe = shape_for(index.ntotal).probe if index.ntotal > EXACT_LIMIT else ivf.nprobe


def search_among(
    index: faiss.Index, vectors: np.ndarray, ids: np.ndarray, k: int, *, every_list: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """`index.search`, among the vectors of `ids` only (one person's statements, say). The
    filter applies within the lists probed; `every_list` probes them all (an exact search,
    at the cost of reading every vector)."""
    selector = faiss.IDSelectorBatch(np.ascontiguousarray(ids, dtype=np.int64))
    ivf = _ivf(index)
    params = faiss.SearchParameters()
    if ivf is not None:
        params = ivf_params = faiss.SearchParametersIVF()
        ivf_params.nprobe = ivf.nlist if every_list else ivf.nprobe
    params.sel = selector
    return index.search(vectors, k, params=params)


def _editable_copy(index: faiss.Index, path: Path | None) -> faiss.Index:
    try:
        return faiss.clone_index(index)
    except RuntimeError:
        # Memory-mapped lists (see `load`) cannot be cloned, nor changed: read them in full.
        if path is None:
            raise
        return faiss.read_index(str(path))


def _ivf(index: faiss.Index) -> faiss.IndexIVF | None:
    try:
        return faiss.extract_index_ivf(index)
    except RuntimeError:
        return None


def _sample(vectors: np.ndarray, size: int) -> np.ndarray:
    if len(vectors) <= size:
        return vectors
    # A fixed seed: the same library always trains the same quantizer.
    rows = np.random.default_rng(0).choice(len(vectors), size=size, replace=False)
    return vectors[np.sort(rows)]
