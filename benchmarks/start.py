"""start: from process start to the first answer of a fresh `parley ask` (imports, model load,
index load, the answer), and the process's peak memory (RSS), at each library size.

Each run is `python -m parley.bot.cli ask QUESTION --json` in a new process, with PARLEY_DATA at the
library and PARLEY_CONFIG at a copy of the config naming the backend; the time is from just
before the process is spawned to its answer line on standard output, and the peak RSS is the
child's own (os.wait4). One unmeasured run first fills the page cache, so the figures are
"cold process, warm disk", what a member's second `parley ask` sees. Each backend runs on a
library built with it (the manifest must name the backend it is opened with); synthetic ones
are made for each backend the first time.

A further run of the same steps through the library's API, in a fresh process, splits the
time: interpreter start, imports, index load, the registry check, model load, first answer.

    python -m benchmarks.start [--sizes seed,100k,1m] [--backends ...] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from parley.index.settings import DEFAULT_CONFIG, PROJECT_ROOT
from parley.index.store.builds import read_manifest

from .common import (
    DEFAULT_SIZES,
    TORCH,
    Backend,
    Size,
    Target,
    available_backends,
    data_root,
    log,
    parse_sizes,
    ratio,
    report,
    settings_at,
    stats_ms,
    table,
)
from .synthetic import library_dir

QUESTION = "What did Medinsky say about neutrality?"
LARGE = 100_000  # above this many passages, at most three runs: each takes a while

#: The steps of `parley ask` (bot/cli.py: _open, then ask) through the library's API, timed
#: from the parent's clock at spawn time. Run with `python -c`, so that nothing of the
#: benchmarks is imported into the process it measures.
PHASES = """
import json, os, resource, sys, time
spawned = float(os.environ["PARLEY_BENCH_SPAWNED"])
marks = [("interpreter", time.time())]
import parley.bot.cli
from parley.index.library import Library
from parley.index.settings import load_settings
marks.append(("imports", time.time()))
library = Library(load_settings(), one_question=True)  # as `parley ask` opens it
library.load()
marks.append(("index load", time.time()))
stale = library.stale()
marks.append(("registry check", time.time()))
library.load_model()
marks.append(("model load", time.time()))
answer = library.ask(sys.argv[1])
marks.append(("first answer", time.time()))
previous, phases = spawned, {}
for name, at in marks:
    phases[name], previous = at - previous, at
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"phases": phases, "stale": stale, "peak_rss_mb": peak}))
"""


def write_config(folder: Path, backend: Backend) -> Path:
    """A copy of the active config with `backend` as the model's backend, and the paths it
    resolves relative to the project made absolute (it lives elsewhere)."""
    source = Path(os.environ.get("PARLEY_CONFIG") or DEFAULT_CONFIG)
    raw = tomllib.loads(source.read_text(encoding="utf-8"))
    settings = settings_at(folder)
    raw["seeds_dir"] = str(settings.seeds_dir)
    raw.setdefault("model", {}).update(backend=backend.backend, quantize=backend.quantize)
    config_dir = folder / "config"
    config_dir.mkdir(parents=True)
    shutil.copy2(settings.aliases_path, config_dir / "aliases.toml")
    path = config_dir / "parley.toml"
    path.write_text(_toml(raw), encoding="utf-8")
    return path


def _toml(raw: dict[str, Any]) -> str:
    """Parley's config as TOML: top-level keys and one level of tables, which is all it has."""
    lines = [f"{k} = {_value(v)}" for k, v in raw.items() if not isinstance(v, dict)]
    for name, values in raw.items():
        if isinstance(values, dict):
            lines += ["", f"[{name}]", *(f"{k} = {_value(v)}" for k, v in values.items())]
    return "\n".join(lines) + "\n"


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    raise ValueError(f"cannot write {value!r} as TOML here")


def parley_ask(env: dict[str, str]) -> tuple[float, float]:
    """One fresh `parley ask`: seconds to its answer, and its peak RSS in MB."""
    with tempfile.TemporaryFile("w+") as errors:  # a file, not a pipe: it never fills up
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "parley.bot.cli", "ask", QUESTION, "--json"],
            stdout=subprocess.PIPE,
            stderr=errors,
            env=env,
            cwd=PROJECT_ROOT,
            text=True,
        )
        assert process.stdout is not None
        line = process.stdout.readline()
        answered = time.perf_counter() - started
        process.stdout.read()
        process.stdout.close()
        _, status, usage = os.wait4(process.pid, 0)  # this child's own usage, not all children's
        process.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        said = errors.read()
    if process.returncode != 0 or "question" not in json.loads(line or "{}"):
        raise RuntimeError(f"parley ask failed ({process.returncode}): {said.strip()[-500:]}")
    if said.strip():  # a build or an update would be timed instead of a start
        raise RuntimeError(f"parley ask did more than answer: {said.strip()[-500:]}")
    return answered, usage.ru_maxrss / 1024


def phases(env: dict[str, str]) -> dict[str, Any]:
    spawned = time.time()
    result = subprocess.run(
        [sys.executable, "-c", PHASES, QUESTION],
        env={**env, "PARLEY_BENCH_SPAWNED": repr(spawned)},
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    measured: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return measured


def measure(size: Size, backend: Backend, root: Path, runs: int, work: Path) -> dict[str, Any]:
    folder = library_dir(size, root, backend)
    config = write_config(work / f"{size.label}-{backend.name}", backend)
    env = {**os.environ, "PARLEY_DATA": str(folder), "PARLEY_CONFIG": str(config)}
    parley_ask(env)  # fills the page cache; not counted
    times, peaks = [], []
    for _ in range(runs):
        answered, peak = parley_ask(env)
        times.append(answered)
        peaks.append(peak)
    split = phases(env)
    log(f"{size.label} {backend.name}: {sorted(times)[len(times) // 2]:.2f} s, {max(peaks):.0f} MB")
    return {
        "size": size.label,
        "passages": read_manifest(settings_at(folder).index_dir).passages,
        "backend": backend.name,
        "first_answer": stats_ms(times),
        "peak_rss_mb": {"median": sorted(peaks)[len(peaks) // 2], "max": max(peaks)},
        "phases_s": split["phases"],
        "phases_peak_rss_mb": split["peak_rss_mb"],
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help="e.g. seed,100k,1m")
    parser.add_argument("--backends", help="e.g. torch,onnx,onnx-int8 (default: all available)")
    parser.add_argument("--runs", type=int, default=5, help=f"runs (at most 3 above {LARGE:,})")
    args = parser.parse_args(argv)

    root = data_root()
    backends = available_backends(args.backends.split(",") if args.backends else None)
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="parley-start-") as work:
        for size in parse_sizes(args.sizes):
            runs = args.runs if (size.passages or 0) <= LARGE else min(args.runs, 3)
            for backend in backends:
                rows.append(measure(size, backend, root, runs, Path(work)))
    base = {r["size"]: r for r in rows if r["backend"] == TORCH}
    for row in rows:
        row["ratio"] = ratio(
            row["first_answer"]["median_ms"], base[row["size"]]["first_answer"]["median_ms"]
        )

    names = list(rows[0]["phases_s"]) if rows else []
    times = table(
        [
            "size",
            "backend",
            "passages",
            "runs",
            "first answer s med",
            "p95",
            "x torch",
            "peak RSS MB",
        ],
        [
            [
                r["size"],
                r["backend"],
                r["passages"],
                r["first_answer"]["n"],
                r["first_answer"]["median_ms"] / 1000,
                r["first_answer"]["p95_ms"] / 1000,
                r["ratio"],
                r["peak_rss_mb"]["max"],
            ]
            for r in rows
        ],
    )
    split = table(
        ["size", "backend", *(f"{n} s" for n in names)],
        [[r["size"], r["backend"], *(r["phases_s"][n] for n in names)] for r in rows],
    )
    candidates = {b.name for b in backends} - {TORCH} or {TORCH}
    targets = [
        Target(
            f"parley ask start to answer at seed ({r['backend']})",
            r["first_answer"]["median_ms"] / 1000,
            1.5,
            "s",
        )
        for r in rows
        if r["size"] == "seed" and r["backend"] in candidates
    ] + [
        Target(f"peak memory at 1m ({r['backend']})", r["peak_rss_mb"]["max"], 4096, "MB")
        for r in rows
        if r["size"] == "1m" and r["backend"] in candidates
    ]
    report(
        "start",
        "start: a fresh `parley ask`, spawn to answer (warm page cache), and peak RSS",
        [times, "time split (one run through the library's API):\n" + split],
        targets,
        {"question": QUESTION, "rows": rows},
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
