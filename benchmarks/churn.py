"""churn: a hundred articles added one after another, then removed, each change followed by a
question that must find (or no longer find) that article. Before issue 18's fix the eighth add
merged the BM25 segments and raised KeyError, and every later add and question failed.

Each change is made as `parley sources add/remove` makes it, by a new `Library` over the data
directory (the registry, the current build read from disk, the change, a new build), while a
long-lived `Library`, as a running bot has it, answers the question. The model (the configured
backend) is loaded once and shared. Articles are copies of tests/pages/article.html, each with
a word of its own ("Townville17") that the question asks about.

    python -m benchmarks.churn [--adds 100]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from parley.index.ingest.files import read_file
from parley.index.library import Library
from parley.index.settings import PROJECT_ROOT
from parley.index.text.sources import Source

from .common import (
    Target,
    available_backends,
    data_root,
    load_backend,
    log,
    report,
    settings_at,
    stats_ms,
    table,
)
from .index import scratch

ARTICLE = PROJECT_ROOT / "tests" / "pages" / "article.html"


def numbered(article: Source, number: int) -> Source:
    word = f"Townville{number}"
    text = f"Envoys met in {word} on Monday; the talks in {word} lasted {number} hours.\n\n"
    return replace(article, id=f"churn-{number}", text=text + article.text)


def found(library: Library, number: int) -> bool:
    answer = library.ask(f"How long did the talks in Townville{number} last?", k=5)
    return f"churn-{number}" in {q.source.id for q in answer.quotes}


def removed_only(library: Library, number: int, kept: int) -> bool:
    """Whether article `number` is no longer found and article `kept` still is."""
    return not found(library, number) and found(library, kept)


def succeeds(step: Callable[..., object], *args: object) -> bool:
    """Whether `step(*args)` succeeded: what it returned, or False for any exception (a
    wedged library raises on every change; the run goes on to count them)."""
    try:
        return bool(step(*args))
    except Exception as error:
        log(f"churn: {type(error).__name__}: {error}")
        return False


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--adds", type=int, default=100, help="articles added, then removed")
    args = parser.parse_args(argv)

    root = data_root()
    configured = settings_at(root)
    name = configured.backend + ("-int8" if configured.quantize else "")
    backend = next(b for b in available_backends() if b.name == name)
    embedder = load_backend(backend, root)
    article = read_file(ARTICLE, max_bytes=5_000_000).source(file=ARTICLE.name)
    rows: list[dict[str, Any]] = []
    with scratch(root, "churn") as folder:
        settings = backend.settings(settings_at(folder))
        bot = Library(settings, embedder)
        bot.build()
        added, removed, wrong, segments = [], [], [], []

        def command() -> Library:  # each `parley` command opens the library anew
            return Library(settings, embedder)

        for number in range(args.adds):
            started = time.perf_counter()
            if not succeeds(command().add, numbered(article, number), "benchmark"):
                wrong.append(f"adding {number} failed")
            added.append(time.perf_counter() - started)
            if not (succeeds(found, bot, number) and succeeds(found, command(), number)):
                wrong.append(f"not found after adding {number}")
            segments.append(len(bot.index.lexical.segments))
        for number in range(0, args.adds, 2):
            started = time.perf_counter()
            if not succeeds(command().remove, f"churn-{number}"):
                wrong.append(f"removing {number} failed")
            removed.append(time.perf_counter() - started)
            kept = number + 1 if number + 1 < args.adds else 1
            if not succeeds(removed_only, bot, number, kept):
                wrong.append(f"wrong answer after removing {number}")
        log(f"churn: {len(wrong)} wrong answers in {len(added) + len(removed)} changes")
        rows.append(
            {
                "backend": backend.name,
                "adds": len(added),
                "removes": len(removed),
                "add": stats_ms(added),
                "remove": stats_ms(removed),
                "wrong": wrong,
                "most_segments": max(segments, default=0),
                "merges": sum(b < a for a, b in zip(segments, segments[1:], strict=False)),
            }
        )
    shown = table(
        [
            "backend",
            "adds",
            "add s med",
            "add s p95",
            "removes",
            "remove s med",
            "wrong answers",
            "BM25 merges",
        ],
        [
            [
                r["backend"],
                r["adds"],
                r["add"]["median_ms"] / 1000,
                r["add"]["p95_ms"] / 1000,
                r["removes"],
                r["remove"]["median_ms"] / 1000,
                len(r["wrong"]),
                r["merges"],
            ]
            for r in rows
        ],
    )
    targets = [Target("wrong answers after a change", float(len(rows[0]["wrong"])), 0, "")]
    report(
        "churn",
        f"churn: {args.adds} articles added, then every other removed, each asked about",
        [shown],
        targets,
        {"rows": rows},
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
