"""Settings: the TOML defaults in `config/`, with the environment on top.

Read once by the front door and passed down; the library never reads the environment itself.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .search.verdict_model import (
    EVERYTHING,
    FEATURES,
    PASSAGE_FEATURES,
    QUESTION_FEATURES,
    Linear,
    Verdict,
)

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CONFIG = PROJECT_ROOT / "config" / "parley.toml"


@dataclass(frozen=True)
class ChunkSettings:
    """How articles are cut into passages; recorded in the manifest: a change means a rebuild."""

    max_sentences: int = 2
    max_chars: int = 300
    context_sentences: int = 1

    def as_dict(self) -> dict[str, int]:
        return {
            "max_sentences": self.max_sentences,
            "max_chars": self.max_chars,
            "context_sentences": self.context_sentences,
        }


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    seeds_dir: Path
    model: str = "bundled"
    backend: str = "onnx"  # "onnx" (onnxruntime) or "torch" (sentence-transformers)
    quantize: bool = False  # int8 weights, with the onnx backend
    batch_size: int = 8
    chunking: ChunkSettings = field(default_factory=ChunkSettings)
    k: int = 3
    max_question_chars: int = 1000
    verdict: Verdict = EVERYTHING  # which passages are shown: the config's fitted model
    max_source_bytes: int = 5_000_000
    max_passages: int = 2000  # per source
    fetch_timeout: float = 10.0
    allow_private_urls: bool = False  # only for tests that serve pages on 127.0.0.1
    config_dir: Path = PROJECT_ROOT / "config"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def embedder_name(self) -> str:
        """What the manifest records as the model: the model and how it runs. Vectors from
        another backend or quantization differ, so an index built so is refused."""
        if self.backend == "onnx":
            return f"{self.model}+onnx" + ("-int8" if self.quantize else "")
        return self.model

    @property
    def aliases_path(self) -> Path:
        """The alias table beside the config file, else the project's own."""
        beside = self.config_dir / "aliases.toml"
        return beside if beside.exists() else PROJECT_ROOT / "config" / "aliases.toml"


def load_settings(path: Path | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """Read the config file (PARLEY_CONFIG, else config/parley.toml) and apply PARLEY_DATA."""
    env = os.environ if environ is None else environ
    config_path = Path(path or env.get("PARLEY_CONFIG") or DEFAULT_CONFIG)
    try:
        raw = tomllib.loads(config_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {config_path}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"config file {config_path} is not valid TOML: {error}") from None
    # Relative paths are relative to the project root, the folder that holds config/.
    root = config_path.resolve().parent.parent
    try:
        return _from_mapping(raw, root, config_path.resolve().parent, env)
    except (TypeError, ValueError, KeyError) as error:
        raise ConfigError(f"config file {config_path}: {error}") from None


def _verdict(raw: Mapping[str, Any] | None) -> Verdict:
    """The `[answer.verdict]` table: three linear models and two bars (search/verdict_model.py)."""
    if raw is None:
        return EVERYTHING

    def linear(name: str, features: tuple[str, ...]) -> Linear:
        table = dict(raw.get(name, {}))
        weights = {str(k): float(v) for k, v in dict(table.get("weights", {})).items()}
        unknown = sorted(set(weights) - set(features))
        if unknown:
            raise ValueError(f"[answer.verdict.{name}] has unknown features: {', '.join(unknown)}")
        return Linear(weights, float(table.get("bias", 0.0)))

    return Verdict(
        rank=linear("rank", FEATURES),
        answer=linear("answer", QUESTION_FEATURES),
        passage=linear("passage", PASSAGE_FEATURES),
        answer_bar=float(raw.get("answer_bar", 0.5)),
        passage_bar=float(raw.get("passage_bar", 0.5)),
    )


def _from_mapping(
    raw: Mapping[str, Any], root: Path, config_dir: Path, env: Mapping[str, str]
) -> Settings:
    model = raw.get("model", {})
    chunking = raw.get("chunking", {})
    answer = raw.get("answer", {})
    sources = raw.get("sources", {})
    data_dir = Path(env.get("PARLEY_DATA") or raw.get("data_dir", "data")).expanduser()
    seeds_dir = Path(raw.get("seeds_dir", "seeds")).expanduser()
    settings = Settings(
        data_dir=data_dir if data_dir.is_absolute() else root / data_dir,
        seeds_dir=seeds_dir if seeds_dir.is_absolute() else root / seeds_dir,
        model=str(model.get("name", "bundled")),
        backend=str(model.get("backend", "onnx")),
        quantize=bool(model.get("quantize", False)),
        batch_size=int(model.get("batch_size", 8)),
        chunking=ChunkSettings(
            max_sentences=int(chunking.get("max_sentences", 2)),
            max_chars=int(chunking.get("max_chars", 300)),
            context_sentences=int(chunking.get("context_sentences", 1)),
        ),
        k=int(answer.get("k", 3)),
        max_question_chars=int(answer.get("max_question_chars", 1000)),
        verdict=_verdict(answer.get("verdict")),
        max_source_bytes=int(sources.get("max_bytes", 5_000_000)),
        max_passages=int(sources.get("max_passages", 2000)),
        fetch_timeout=float(sources.get("fetch_timeout", 10.0)),
        allow_private_urls=bool(sources.get("allow_private_urls", False)),
        config_dir=config_dir,
    )
    if settings.backend not in {"torch", "onnx"}:
        raise ValueError(f"[model] backend must be torch or onnx, not {settings.backend!r}")
    chunk = settings.chunking
    if chunk.max_sentences < 1 or chunk.max_chars < 40 or chunk.context_sentences < 0:
        raise ValueError(
            "chunking needs max_sentences >= 1, max_chars >= 40 and context_sentences >= 0"
        )
    return settings
