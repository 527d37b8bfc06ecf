"""Settings: config/parley.toml, another config file's values on top, then the environment.

The project's config/parley.toml holds every default, and nothing else does: a config file
named by PARLEY_CONFIG only says what it changes (a table it leaves out keeps the defaults;
before, a file without `[answer.verdict]` showed every candidate). Each table becomes a frozen
dataclass, parsed once, and a key the dataclass does not have is an error, in every table
alike. Read once by the front door and passed down; the library never reads the environment.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .search.verdict_model import FEATURES, PASSAGE_FEATURES, QUESTION_FEATURES, Linear, Verdict

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CONFIG = PROJECT_ROOT / "config" / "parley.toml"


@dataclass(frozen=True)
class ModelSettings:
    """`[model]`: which embedding model, and how it runs."""

    name: str  # "bundled" (all-MiniLM-L6-v2, offline) or a sentence-transformers name or path
    backend: str  # "onnx" (onnxruntime) or "torch" (sentence-transformers)
    quantize: bool  # int8 weights, with the onnx backend
    batch_size: int

    @property
    def identity(self) -> str:
        """What an index records as its model: the model and how it runs, since vectors from
        another backend or quantization differ (an index built so is refused)."""
        if self.backend == "onnx":
            return f"{self.name}+onnx" + ("-int8" if self.quantize else "")
        return self.name


@dataclass(frozen=True)
class ChunkSettings:
    """`[chunking]`: how articles are cut into passages; a change means a rebuild."""

    max_sentences: int
    max_chars: int
    context_sentences: int

    def as_dict(self) -> dict[str, int]:
        return {
            "max_sentences": self.max_sentences,
            "max_chars": self.max_chars,
            "context_sentences": self.context_sentences,
        }


@dataclass(frozen=True)
class AnswerSettings:
    """`[answer]`: how many passages an answer shows, and which (the fitted verdict)."""

    k: int
    max_question_chars: int
    verdict: Verdict


@dataclass(frozen=True)
class SourceSettings:
    """`[sources]`: what an added article may be."""

    max_bytes: int
    max_passages: int  # per source
    fetch_timeout: float
    allow_private_urls: bool  # only for tests that serve pages on 127.0.0.1


@dataclass(frozen=True)
class BotSettings:
    """`[bot]`: the Discord bot's limits and admins."""

    # Each member may ask this many questions (/ask and mentions together) per window.
    cooldown_questions: int
    cooldown_seconds: float
    # Threads for searches and the model. Their own pool, not asyncio's default one, which
    # aiohttp also uses (DNS lookups): a burst of questions never delays the connection.
    workers: int
    # Members with one of these roles may change the library, as may anyone with the Manage
    # Server permission.
    admin_role_ids: tuple[int, ...]


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    seeds_dir: Path
    model: ModelSettings
    chunking: ChunkSettings
    answer: AnswerSettings
    sources: SourceSettings
    bot: BotSettings
    config_dir: Path  # the folder of the config file read last

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def aliases_path(self) -> Path:
        """The alias table beside the config file, else the project's own."""
        beside = self.config_dir / "aliases.toml"
        return beside if beside.exists() else PROJECT_ROOT / "config" / "aliases.toml"


def load_settings(path: Path | None = None, environ: Mapping[str, str] | None = None) -> Settings:
    """The defaults, with the config file `path` (else PARLEY_CONFIG) on top, and PARLEY_DATA."""
    env = os.environ if environ is None else environ
    raw = _read(DEFAULT_CONFIG)
    chosen = Path(path or env.get("PARLEY_CONFIG") or DEFAULT_CONFIG)
    if chosen.resolve() != DEFAULT_CONFIG.resolve():
        raw = _merged(raw, _read(chosen))
    # Relative paths are relative to the project root, the folder that holds config/.
    root = chosen.resolve().parent.parent
    try:
        return _settings(raw, root, chosen.resolve().parent, env)
    except (TypeError, ValueError, KeyError) as error:
        raise ConfigError(f"config file {chosen}: {error}") from None


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read the config file {path}: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"config file {path} is not valid TOML: {error}") from None


def _merged(base: Mapping[str, Any], top: Mapping[str, Any]) -> dict[str, Any]:
    """`base` with `top`'s values over it, table by table. A verdict is taken whole: one
    model's weights mixed with another's would be neither's."""
    merged = dict(base)
    for key, value in top.items():
        if isinstance(value, Mapping) and isinstance(base.get(key), Mapping) and key != "verdict":
            merged[key] = _merged(base[key], value)
        else:
            merged[key] = value
    return merged


def _settings(
    raw: Mapping[str, Any], root: Path, config_dir: Path, env: Mapping[str, str]
) -> Settings:
    known = {"data_dir", "seeds_dir", "model", "chunking", "answer", "sources", "bot"}
    _no_unknown(raw, known, "the top level")
    data_dir = Path(env.get("PARLEY_DATA") or raw["data_dir"]).expanduser()
    seeds_dir = Path(raw["seeds_dir"]).expanduser()
    answer = dict(raw["answer"])
    settings = Settings(
        data_dir=data_dir if data_dir.is_absolute() else root / data_dir,
        seeds_dir=seeds_dir if seeds_dir.is_absolute() else root / seeds_dir,
        model=_table(ModelSettings, raw["model"], "model"),
        chunking=_table(ChunkSettings, raw["chunking"], "chunking"),
        answer=_table(
            AnswerSettings, {**answer, "verdict": _verdict(answer.get("verdict"))}, "answer"
        ),
        sources=_table(SourceSettings, raw["sources"], "sources"),
        bot=_table(BotSettings, raw["bot"], "bot"),
        config_dir=config_dir,
    )
    _check(settings)
    return settings


def _table(kind: type[Any], raw: Mapping[str, Any], name: str) -> Any:
    """The `[name]` table as `kind`, each value made the type its field declares."""
    _no_unknown(raw, {f.name for f in fields(kind)}, f"[{name}]")
    values = {}
    for field in fields(kind):
        if field.name not in raw:
            raise ValueError(f"[{name}] has no `{field.name}`")
        value = raw[field.name]
        declared = str(field.type)
        if declared in ("int", "float", "str"):
            value = {"int": int, "float": float, "str": str}[declared](value)
        elif declared == "bool":
            if not isinstance(value, bool):
                raise ValueError(f"[{name}] {field.name} must be true or false")
        elif declared.startswith("tuple[int"):
            value = tuple(int(v) for v in value)
        values[field.name] = value
    return kind(**values)


def _no_unknown(raw: Mapping[str, Any], known: set[str], where: str) -> None:
    unknown = sorted(set(raw) - known)
    if unknown:
        raise ValueError(f"unknown key(s) in {where}: {', '.join(unknown)}")


def _verdict(raw: Mapping[str, Any] | None) -> Verdict:
    """The `[answer.verdict]` table: three linear models and two bars (search/verdict_model.py)."""
    if raw is None:
        raise ValueError("[answer.verdict] is missing: `parley eval --fit` prints one")

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


def _check(settings: Settings) -> None:
    if settings.model.backend not in {"torch", "onnx"}:
        raise ValueError(f"[model] backend must be torch or onnx, not {settings.model.backend!r}")
    chunk = settings.chunking
    if chunk.max_sentences < 1 or chunk.max_chars < 40 or chunk.context_sentences < 0:
        raise ValueError(
            "chunking needs max_sentences >= 1, max_chars >= 40 and context_sentences >= 0"
        )
    bot = settings.bot
    if bot.cooldown_questions < 0 or bot.cooldown_seconds < 0 or bot.workers < 1:
        raise ValueError("[bot] needs cooldowns >= 0 and workers >= 1")
