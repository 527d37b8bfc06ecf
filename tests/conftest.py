"""Shared fixtures: a deterministic fake embedder and settings that point at a temp folder."""

from __future__ import annotations

import hashlib
import re
import shutil
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from parley.bot.cli import main
from parley.index.evaluation.fitting import toml
from parley.index.search.verdict_model import EVERYTHING, Verdict
from parley.index.settings import PROJECT_ROOT, Settings, load_settings

SEEDS = PROJECT_ROOT / "seeds"
#: How the project cuts articles into passages (config/parley.toml).
CHUNKING = load_settings().chunking


class FakeEmbedder:
    """Hashes each word into one of `dimension` buckets: texts that share words get close
    vectors, so search behaves sensibly, in microseconds and the same on every machine."""

    name = "fake-hashing"

    def __init__(self, dimension: int = 256) -> None:
        self.dimension = dimension
        self.calls = 0
        self.texts_encoded = 0

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        self.calls += 1
        self.texts_encoded += len(texts)
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                bucket = int.from_bytes(
                    hashlib.blake2b(word.encode(), digest_size=4).digest(), "big"
                )
                vectors[row, bucket % self.dimension] += 1.0
            norm = np.linalg.norm(vectors[row])
            vectors[row] = vectors[row] / norm if norm else vectors[row]
            if not norm:
                vectors[row, 0] = 1.0
        return vectors


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """The project's config with its data directory in a temp folder and the fake model."""
    monkeypatch.setenv("PARLEY_DATA", str(tmp_path / "data"))
    return showing_everything(load_settings())


def showing_everything(settings: Settings) -> Settings:
    """`settings` with a verdict that shows every candidate in retrieval's order: the config's
    was fitted to the real model, and the fake's similarities are not on its scale."""
    return with_verdict(settings, EVERYTHING)


def with_verdict(settings: Settings, verdict: Verdict) -> Settings:
    return replace(settings, answer=replace(settings.answer, verdict=verdict))


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A config that uses the fake model, with its own seeds and data folders."""
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    config = tmp_path / "config" / "parley.toml"
    config.parent.mkdir()
    # the defaults, but for the folders, the model and a verdict that shows everything
    config.write_text(
        f'data_dir = "{tmp_path / "data"}"\nseeds_dir = "{seeds}"\n'
        # named as the fake is, so that a process given no embedder reads its index
        f'[model]\nname = "{FakeEmbedder.name}"\nbackend = "torch"\n\n{toml(EVERYTHING)}\n'
    )
    monkeypatch.setenv("PARLEY_CONFIG", str(config))
    monkeypatch.delenv("PARLEY_DATA", raising=False)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv), embedder=FakeEmbedder())
    out, err = capsys.readouterr()
    return code, out, err
