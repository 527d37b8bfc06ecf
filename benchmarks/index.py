"""index: passages embedded per second in a full build of the seeds, and the time to add one
article (tests/pages/article.html, as `parley sources add` reads it) to an existing library.

Full build: `Library.build()` of the seed library into a scratch data directory, with each
backend as configured (its own manifest name); passages/s is passages over the time spent
in the encoder, and the whole build's rate (splitting, speakers, dates, BM25, FAISS, writing)
is shown beside it.

Adding: the library of each size is cloned into a scratch directory (hard links: builds are
never modified in place; the registry is copied, it is), loaded as a running bot has it, and
articles are added one after another (`Library.add`: register, load the current build,
split and embed the article, extend FAISS and BM25, write and swap in the new build), copies
of the one article under new ids, then removed one by one. Every backend adds to the same
torch-built library (see benchmarks/ask.py for why). "next answer" is the first question
after an add: it loads the new build.

At exactly 100,000 passages the first add crosses index/search/vectors.py's EXACT_LIMIT, and that
add rebuilds the vector index as IVF (training included): it shows in the p95, the others in
the median.

    python -m benchmarks.index [--sizes seed,100k] [--backends ...] [--builds 3] [--adds 5]
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from parley.index.ingest.files import read_file
from parley.index.library import Library
from parley.index.search.embeddings import Embedder
from parley.index.settings import PROJECT_ROOT
from parley.index.text.sources import Source

from .common import (
    TORCH,
    TORCH_BACKEND,
    Backend,
    Target,
    TimedEmbedder,
    available_backends,
    data_root,
    load_backend,
    log,
    parse_sizes,
    ratio,
    report,
    settings_at,
    stats_ms,
    table,
)
from .synthetic import library_dir

ARTICLE = PROJECT_ROOT / "tests" / "pages" / "article.html"
QUESTION = "What did Medinsky say about neutrality?"
LARGE = 100_000  # above this many passages, one add per backend: each takes minutes


@contextmanager
def scratch(root: Path, label: str, clone_of: Path | None = None) -> Iterator[Path]:
    """A data directory to change freely, removed afterwards; a clone of `clone_of` if given.
    Files are hard-linked (a build is written once and never changed: a new build is a new
    folder), except the registry, which SQLite changes in place."""
    folder = root / "synthetic" / f".scratch-{label}-{secrets.token_hex(3)}"
    try:
        if clone_of is not None:
            shutil.copytree(clone_of, folder, copy_function=os.link)
            registry = folder / "library.sqlite3"
            registry.unlink()
            shutil.copy2(clone_of / "library.sqlite3", registry)
            (folder / "index" / ".lock").unlink(missing_ok=True)  # an empty file, made anew
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def full_builds(
    root: Path, backends: Sequence[Backend], embedders: dict[str, Embedder], builds: int
) -> list[dict[str, Any]]:
    runs: dict[str, list[tuple[int, float, float]]] = {b.name: [] for b in backends}
    for number in range(builds):
        for backend in backends:  # alternating, so that drift touches every backend alike
            with scratch(root, f"build-{backend.name}") as folder:
                settings = settings_at(folder, backend)
                timed = TimedEmbedder(embedders[backend.name], settings.model.identity)
                built = Library(settings, timed).build()
                runs[backend.name].append((built.passages, sum(timed.seconds), built.seconds))
                log(f"build {number + 1}/{builds} {backend.name}: {built.seconds:.1f} s")
    rows = []
    for name, measured in runs.items():
        passages = measured[0][0]
        embed = stats_ms([m[1] for m in measured])
        whole = stats_ms([m[2] for m in measured])
        rows.append(
            {
                "backend": name,
                "passages": passages,
                "embed": embed,
                "build": whole,
                "passages_per_s": passages / (embed["median_ms"] / 1000),
                "build_passages_per_s": passages / (whole["median_ms"] / 1000),
            }
        )
    base = next(r for r in rows if r["backend"] == TORCH)
    for row in rows:
        row["ratio"] = ratio(row["passages_per_s"], base["passages_per_s"])
    return rows


def adds(
    root: Path,
    label: str,
    folder: Path,
    backends: Sequence[Backend],
    embedders: dict[str, Embedder],
    article: Source,
    repeats: int,
) -> list[dict[str, Any]]:
    rows = []
    for backend in backends:
        with scratch(root, f"add-{label}-{backend.name}", clone_of=folder) as copy:
            settings = settings_at(copy, TORCH_BACKEND)  # as built; see the docstring
            timed = TimedEmbedder(embedders[backend.name], settings.model.identity)
            library = Library(settings, timed)
            library.load()
            passages = len(library.index.passages)
            library.ask(QUESTION)  # warm, as a running bot is
            added, answered, removed, encoded = [], [], [], []
            embedded = 0
            # Copies of one article under new ids: the library grows by one article each
            # time, as it does when admins add articles one after another.
            copies = [replace(article, id=f"{article.id}-{n}") for n in range(1, repeats + 1)]
            for copy_of in copies:
                timed.seconds.clear()
                started = time.perf_counter()
                change, build = library.add(copy_of, "benchmark")
                added.append(time.perf_counter() - started)
                encoded.append(sum(timed.seconds))
                if change != "added" or build is None:
                    raise RuntimeError(f"the article was {change}, not added")
                embedded = build.embedded
                started = time.perf_counter()
                library.ask(QUESTION)
                answered.append(time.perf_counter() - started)
            for copy_of in reversed(copies):
                started = time.perf_counter()
                library.remove(copy_of.id)
                removed.append(time.perf_counter() - started)
            log(f"add to {label} ({backend.name}): median {sorted(added)[len(added) // 2]:.2f} s")
            rows.append(
                {
                    "size": label,
                    "passages": passages,
                    "backend": backend.name,
                    "article_passages": embedded,
                    "add": stats_ms(added),
                    "encode": stats_ms(encoded),
                    "next_answer": stats_ms(answered),
                    "remove": stats_ms(removed),
                }
            )
    base = next(r for r in rows if r["backend"] == TORCH)
    for row in rows:
        row["ratio"] = ratio(row["add"]["median_ms"], base["add"]["median_ms"])
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="seed,100k", help="libraries to add to: seed,100k,1m")
    parser.add_argument("--backends", help="e.g. torch,onnx,onnx-int8 (default: all available)")
    parser.add_argument("--builds", type=int, default=3, help="full builds per backend")
    parser.add_argument(
        "--adds", type=int, default=5, help=f"articles added, then removed (1 above {LARGE:,})"
    )
    args = parser.parse_args(argv)

    root = data_root()
    backends = available_backends(args.backends.split(",") if args.backends else None)
    embedders = {b.name: load_backend(b, root) for b in backends}
    settings = settings_at(root)
    article = read_file(ARTICLE, max_bytes=settings.sources.max_bytes).source(file=ARTICLE.name)
    build_rows = full_builds(root, backends, embedders, args.builds)
    add_rows: list[dict[str, Any]] = []
    for size in parse_sizes(args.sizes):
        folder = library_dir(size, root, TORCH_BACKEND, embedders[TORCH])
        repeats = args.adds if (size.passages or 0) <= LARGE else 1  # minutes each, above
        add_rows += adds(root, size.label, folder, backends, embedders, article, repeats)

    builds = table(
        [
            "backend",
            "passages",
            "embed s med",
            "embed s p95",
            "passages/s",
            "x torch",
            "build s med",
            "build passages/s",
        ],
        [
            [
                r["backend"],
                r["passages"],
                r["embed"]["median_ms"] / 1000,
                r["embed"]["p95_ms"] / 1000,
                r["passages_per_s"],
                r["ratio"],
                r["build"]["median_ms"] / 1000,
                r["build_passages_per_s"],
            ]
            for r in build_rows
        ],
    )
    added = table(
        [
            "size",
            "backend",
            "article passages",
            "add s med",
            "add s p95",
            "x torch",
            "encode s",
            "next answer s",
            "remove s",
        ],
        [
            [
                r["size"],
                r["backend"],
                r["article_passages"],
                r["add"]["median_ms"] / 1000,
                r["add"]["p95_ms"] / 1000,
                r["ratio"],
                r["encode"]["median_ms"] / 1000,
                r["next_answer"]["median_ms"] / 1000,
                r["remove"]["median_ms"] / 1000,
            ]
            for r in add_rows
        ],
    )
    candidates = {b.name for b in backends} - {TORCH} or {TORCH}
    targets = [
        Target(
            f"full build rate ({r['backend']})",
            r["passages_per_s"],
            120,
            "passages/s",
            at_most=False,
        )
        for r in build_rows
        if r["backend"] in candidates
    ] + [
        Target(
            f"add one article to {r['size']} ({r['backend']})",
            r["add"]["median_ms"] / 1000,
            3.0,
            "s",
        )
        for r in add_rows
        if r["backend"] in candidates and r["size"] == "100k"
    ]
    report(
        "index",
        f"index: full build of the seeds ({args.builds} per backend) and adding one article "
        f"({args.adds} per library)",
        [builds, added],
        targets,
        {"builds": build_rows, "adds": add_rows},
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
