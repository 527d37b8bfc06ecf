"""The ONNX encoder: the same vectors as sentence-transformers, and no torch to answer."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from parley.index.search.embeddings import SentenceTransformerEmbedder
from parley.index.search.onnx_encoder import onnx_embedder
from parley.index.settings import PROJECT_ROOT, load_settings

pytestmark = pytest.mark.slow
BUNDLED = replace(load_settings().model, name="bundled", backend="onnx", quantize=False)
INT8 = replace(BUNDLED, quantize=True)

TEXTS = [
    "What did Medinsky say about neutrality?",
    "a",
    (PROJECT_ROOT / "seeds" / "001_e55dd8b5d7ff508a.txt").read_text()[:3000],  # truncated
    "Russia launched a barrage of 472 drones against Ukraine.",
]


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("models")


def test_fp32_vectors_equal_sentence_transformers(models: Path) -> None:
    onnx = onnx_embedder(BUNDLED, models)
    reference = SentenceTransformerEmbedder().encode(TEXTS)
    vectors = onnx.encode(TEXTS, batch_size=2)  # padding across a batch changes nothing
    assert np.abs(vectors - reference).max() < 1e-4
    assert onnx.name == "bundled+onnx" and onnx.dimension == 384
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_int8_is_close_and_named_apart(models: Path) -> None:
    int8 = onnx_embedder(INT8, models)
    reference = SentenceTransformerEmbedder().encode(TEXTS)
    assert int8.name == "bundled+onnx-int8"
    assert float((int8.encode(TEXTS) * reference).sum(axis=1).min()) > 0.9


def test_answering_with_onnx_never_imports_torch(models: Path) -> None:
    onnx_embedder(BUNDLED, models)  # exported already (that step uses torch)
    folder = next(models.glob("bundled+onnx"))
    script = (
        "import sys, json\n"
        "from pathlib import Path\n"
        "from parley.index.search.onnx_encoder import OnnxEmbedder\n"
        f"e = OnnxEmbedder(Path({str(folder)!r}), 'bundled+onnx')\n"
        "e.encode(['What did Lavrov say?'])\n"
        "print(json.dumps([m for m in ('torch', 'sentence_transformers') if m in sys.modules]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        env={**os.environ},
        timeout=120,
        check=True,
    )
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


def test_a_damaged_export_is_exported_again(
    models: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A truncated model.onnx (a full disk, a bad copy) made every command fail with
    onnxruntime's InvalidProtobuf traceback; it is a cache, so it is exported again."""
    onnx_embedder(BUNDLED, models)
    cache = tmp_path / "models"
    shutil.copytree(models, cache)
    model = cache / "bundled+onnx" / "model.onnx"
    model.write_bytes(model.read_bytes()[:1000])
    embedder = onnx_embedder(BUNDLED, cache)
    assert embedder.encode(["What did Medinsky say?"]).shape == (1, 384)
    assert "is damaged" in caplog.text and "exporting it again" in caplog.text
    assert model.stat().st_size > 1_000_000
