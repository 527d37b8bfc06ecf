"""What the benchmarks share: library sizes, embedding backends, timing, tables and results.

Every figure is in one unit per kind (milliseconds for latencies, MB for memory) and every
result file has the same frame: the machine, the package versions, the git commit, the rows
measured and the targets with whether each was met.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import importlib.util
import json
import os
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from parley.index.evaluation.questions import load_questions
from parley.index.search.embeddings import Embedder, embedder_for
from parley.index.settings import PROJECT_ROOT, Settings, load_settings

RESULTS = PROJECT_ROOT / "benchmarks" / "results"
QUESTIONS = PROJECT_ROOT / "eval" / "questions.jsonl"
DEFAULT_SIZES = "seed,100k,1m"
TORCH = "torch"  # the baseline backend: the model through sentence-transformers and torch

_MULTIPLIERS = {"k": 1_000, "m": 1_000_000}


def log(message: str) -> None:
    """Progress goes to standard error, so that standard output is the tables alone."""
    print(message, file=sys.stderr, flush=True)


# -- library sizes ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Size:
    label: str  # as given: "seed", "100k", "1m"
    passages: int | None  # None: the seed library as Library.build makes it


def parse_sizes(text: str) -> list[Size]:
    """ "seed,100k,1m" (or plain numbers) into sizes, in the order given."""
    sizes = []
    for raw in text.split(","):
        label = raw.strip().lower()
        if not label:
            continue
        if label == "seed":
            sizes.append(Size("seed", None))
            continue
        multiplier = _MULTIPLIERS.get(label[-1], 1)
        digits = label[:-1] if label[-1] in _MULTIPLIERS else label
        try:
            count = int(float(digits) * multiplier)
        except ValueError:
            raise SystemExit(f"unknown size {raw!r}: use seed, 100k, 1m or a number") from None
        sizes.append(Size(label, count))
    return sizes


def settings_at(data_dir: Path, backend: Backend | None = None) -> Settings:
    """The project's settings (PARLEY_CONFIG honoured) with `data_dir` as the data directory
    and, if given, `backend` as the model's backend."""
    settings = load_settings(environ={**os.environ, "PARLEY_DATA": str(data_dir)})
    return backend.settings(settings) if backend else settings


def data_root() -> Path:
    """Where the benchmark libraries are cached: the configured data directory (PARLEY_DATA,
    else data/), so they live beside the real index and are never committed."""
    return load_settings().data_dir


def dev_questions() -> list[str]:
    return [q.question for q in load_questions(QUESTIONS)]


def dev_speakers() -> dict[str, str]:
    """The dev questions that ask what someone said, and who."""
    return {q.question: q.speaker for q in load_questions(QUESTIONS) if q.speaker}


# -- embedding backends -------------------------------------------------------------------------


@dataclass(frozen=True)
class Backend:
    """How the model runs ([model] backend and quantize in the config)."""

    name: str  # "torch", "onnx", "onnx-int8"
    backend: str
    quantize: bool = False

    def settings(self, settings: Settings) -> Settings:
        model = replace(settings.model, backend=self.backend, quantize=self.quantize)
        return replace(settings, model=model)


TORCH_BACKEND = Backend(TORCH, "torch")
ONNX_BACKENDS = (Backend("onnx", "onnx"), Backend("onnx-int8", "onnx", quantize=True))


def available_backends(wanted: Sequence[str] | None = None) -> list[Backend]:
    """The torch encoder (the baseline, always first), then the ONNX ones if this checkout
    has index/search/onnx_encoder.py and onnxruntime; only those named in `wanted`, if given."""
    found = [TORCH_BACKEND]
    onnx = importlib.util.find_spec("parley.index.search.onnx_encoder")
    if onnx and importlib.util.find_spec("onnxruntime"):
        found += ONNX_BACKENDS
    if wanted:
        missing = sorted(set(wanted) - {b.name for b in found})
        if missing:
            log(f"backends not available in this checkout, skipped: {', '.join(missing)}")
        found = [b for b in found if b.name in wanted or b == TORCH_BACKEND]
    return found


def load_backend(backend: Backend, root: Path) -> Embedder:
    """The embedder the config would load for `backend`; an ONNX export is cached once under
    `root` (<data>/models), not in each benchmark library."""
    return embedder_for(backend.settings(settings_at(root)))


class TimedEmbedder:
    """Stands in for the library's embedder: passes each encode to the backend in use and
    records how long it took. Its `name` is fixed (the index's model) whatever the backend:
    an ONNX export of the same model puts texts in the same vector space, so the ask and
    index benchmarks search one index with every backend (see benchmarks/README.md)."""

    def __init__(self, inner: Embedder, name: str) -> None:
        self.inner = inner
        self.name = name
        self.dimension = inner.dimension
        self.seconds: list[float] = []

    def use(self, inner: Embedder) -> None:
        if inner.dimension != self.dimension:
            raise ValueError(f"backend dimension {inner.dimension} != {self.dimension}")
        self.inner = inner

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        started = time.perf_counter()
        vectors = self.inner.encode(texts, batch_size)
        self.seconds.append(time.perf_counter() - started)
        return vectors


# -- figures ------------------------------------------------------------------------------------


def stats_ms(seconds: Sequence[float]) -> dict[str, float]:
    """Median, p95 (numpy's linear interpolation), mean, min and max, in milliseconds."""
    if not seconds:
        return {"n": 0}
    ms = np.asarray(seconds, dtype=np.float64) * 1000
    return {
        "n": len(ms),
        "median_ms": float(np.median(ms)),
        "p95_ms": float(np.percentile(ms, 95)),
        "mean_ms": float(ms.mean()),
        "min_ms": float(ms.min()),
        "max_ms": float(ms.max()),
    }


def ratio(value: float | None, baseline: float | None) -> float | None:
    if value is None or not baseline:
        return None
    return value / baseline


def peak_rss_mb() -> float:
    """This process's peak resident memory so far (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def fmt(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if abs(value) >= 100:
            return f"{value:,.0f}"
        if abs(value) >= 10:
            return f"{value:.1f}"
        return f"{value:.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    cells = [[fmt(c) for c in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(headers)]

    def line(values: Sequence[str]) -> str:
        # Text left, numbers right: the first column names the row.
        return "  ".join(
            v.ljust(w) if i == 0 else v.rjust(w)
            for i, (v, w) in enumerate(zip(values, widths, strict=True))
        )

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(list(headers)), rule, *(line(r) for r in cells)])


@dataclass(frozen=True)
class Target:
    """One of the issue's targets, checked against a figure measured in this run."""

    name: str
    value: float | None
    limit: float
    unit: str
    at_most: bool = True

    @property
    def met(self) -> bool | None:
        if self.value is None:
            return None
        return self.value <= self.limit if self.at_most else self.value >= self.limit

    def line(self) -> str:
        verdict = {True: "MET ", False: "MISS", None: "N/A "}[self.met]
        op = "<=" if self.at_most else ">="
        return f"{verdict}  {self.name}: {fmt(self.value)} {self.unit} ({op} {fmt(self.limit)})"


def report(
    name: str, title: str, tables: Sequence[str], targets: Sequence[Target], data: dict[str, Any]
) -> Path:
    """Print the tables and the targets, and write everything to benchmarks/results/<name>.json."""
    print(f"\n== {title} ==")
    for text in tables:
        print(f"\n{text}")
    if targets:
        print("\ntargets:")
        for target in targets:
            print(f"  {target.line()}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    record = {
        "benchmark": name,
        "finished_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        **data,
        "targets": [{**asdict(t), "met": t.met} for t in targets],
    }
    path.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten: {path.relative_to(PROJECT_ROOT)}")
    return path


def machine() -> dict[str, Any]:
    versions = {}
    for package in ("torch", "sentence-transformers", "onnxruntime", "faiss-cpu", "bm25s"):
        try:
            versions[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            versions[package] = None
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except OSError:
        commit = ""
    return {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpus": len(os.sched_getaffinity(0)),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "packages": versions,
        "commit": commit or None,
    }
