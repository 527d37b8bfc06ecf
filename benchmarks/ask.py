"""ask: warm end-to-end time per question, in-process: question in, Answer out (encode,
hybrid search, attribution filter, abstention), over the dev questions, at each library size.

One index per size, built with the torch encoder (the baseline); every backend encodes the
questions against that same index, so the search work is identical and what differs is the
encoder. An ONNX export of the same model gives vectors within rounding of torch's (int8: a
little further), so a per-backend index would change the figures only through which
passages come up; the "same top" column checks that. Building a million-passage library per
backend would triple the preparation for no difference in what is measured. "by person"
counts the dev questions asking what someone said whose first quote is that person's: a
larger library must not lose the speaker.

Rounds alternate backends (one round = every dev question once), so a slow spell of the
machine touches them all alike. Each answer's time is split by wrapping, on this one
library's objects only: the encoder (encode), FAISS (dense: the abstention checks and the
candidates), bm25s (bm25), the rest of the search (ranking: fusion, the speaker and
answer-type bonuses, near-duplicates) and everything else in Library.ask (reading the
question: names, intent; building the answer).

Where the vector index is IVF, the questions' nearest passages are also compared with an
exact scan of the same vectors (every list probed): recall@10 and @50 (the depth the search
fuses) and the time of one search each way.

    python -m benchmarks.ask [--sizes seed,100k,1m] [--backends torch,onnx,onnx-int8]
"""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import faiss
import numpy as np

from parley.index.answers import Answer
from parley.index.library import Library
from parley.index.search.embeddings import Embedder
from parley.index.search.retrieval import CANDIDATES

from .common import (
    DEFAULT_SIZES,
    TORCH,
    TORCH_BACKEND,
    Target,
    TimedEmbedder,
    available_backends,
    current_rss_mb,
    data_root,
    dev_questions,
    dev_speakers,
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

PARTS = ("encode", "dense", "bm25", "ranking", "other")


class Probe:
    """Times one method of one object by shadowing it with an instance attribute; `close`
    removes the shadow. If the object has no such method (the code moved on), it records
    nothing and the figure is reported as missing rather than wrong."""

    def __init__(self, owner: object, attribute: str) -> None:
        self.owner, self.attribute = owner, attribute
        self.seconds = 0.0
        original = getattr(owner, attribute, None)
        self.available = callable(original)
        if not self.available or original is None:
            return

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started

        setattr(owner, attribute, timed)

    def take(self) -> float | None:
        taken, self.seconds = self.seconds, 0.0
        return taken if self.available else None

    def close(self) -> None:
        if self.available:
            delattr(self.owner, self.attribute)


@dataclass
class Samples:
    total: list[float] = field(default_factory=list)
    parts: dict[str, list[float]] = field(default_factory=lambda: {p: [] for p in PARTS})
    abstained: int = 0
    tops: dict[str, str | None] = field(default_factory=dict)  # question -> first passage
    # "What did X say" questions -> whether the first quote is X's
    by_person: dict[str, bool] = field(default_factory=dict)


def measure_size(
    library: Library,
    timed: TimedEmbedder,
    embedders: dict[str, Embedder],
    questions: Sequence[str],
    rounds: int,
    speakers: dict[str, str],
) -> dict[str, Samples]:
    retriever = library.retriever
    search = Probe(retriever, "search")
    dense = Probe(retriever, "_dense")
    bm25 = Probe(getattr(retriever, "lexical", None), "search")
    probes = (search, dense, bm25)
    samples = {name: Samples() for name in embedders}
    try:
        for embedder in embedders.values():  # warm: every code path run, caches filled
            timed.use(embedder)
            for question in questions:
                library.ask(question)
        for _ in range(rounds):
            for name, embedder in embedders.items():
                timed.use(embedder)
                for question in questions:
                    for probe in probes:
                        probe.take()
                    timed.seconds.clear()
                    started = time.perf_counter()
                    answer = library.ask(question)
                    total = time.perf_counter() - started
                    _record(samples[name], question, answer, total, timed.seconds, probes)
                    if question in speakers:
                        first = answer.quotes[0].passage.speaker if answer.quotes else None
                        ok = library.same_person(first, speakers[question])
                        samples[name].by_person.setdefault(question, ok)
    finally:
        for probe in probes:
            probe.close()
    return samples


def _record(
    into: Samples,
    question: str,
    answer: Answer,
    total: float,
    encodes: Sequence[float],
    probes: tuple[Probe, Probe, Probe],
) -> None:
    search, dense, bm25 = (probe.take() for probe in probes)
    encode = sum(encodes)
    into.total.append(total)
    into.parts["encode"].append(encode)
    if dense is not None:
        into.parts["dense"].append(dense)
    if bm25 is not None:
        into.parts["bm25"].append(bm25)
    if search is not None:
        into.parts["ranking"].append(search - (dense or 0.0) - (bm25 or 0.0))
        into.parts["other"].append(total - encode - search)
    if question not in into.tops:
        into.abstained += answer.abstained
        first = answer.quotes[0].passage if answer.quotes else None
        into.tops[question] = f"{first.source_id}:{first.start}" if first else None


def ivf_recall(library: Library, embedder: Embedder, questions: Sequence[str]) -> dict[str, Any]:
    """For an IVF index: how many of the exact nearest passages it finds (recall@10 and @50,
    the depth the search fuses), and one search's time against an exact scan of the same
    vectors (every list probed). {} for an exact index."""
    index = library.index.vectors
    try:
        ivf = faiss.extract_index_ivf(index)
    except RuntimeError:
        return {}
    probe = ivf.nprobe
    vectors = embedder.encode(list(questions))
    found: dict[int, list[np.ndarray]] = {probe: [], ivf.nlist: []}
    seconds: dict[int, list[float]] = {probe: [], ivf.nlist: []}
    try:
        for nprobe in (probe, ivf.nlist):
            ivf.nprobe = nprobe
            for vector in vectors:
                started = time.perf_counter()
                _, ids = index.search(vector.reshape(1, -1), CANDIDATES)
                seconds[nprobe].append(time.perf_counter() - started)
                found[nprobe].append(ids[0])
    finally:
        ivf.nprobe = probe

    def recall(k: int) -> float:
        pairs = zip(found[probe], found[ivf.nlist], strict=True)
        return float(np.mean([len(set(a[:k]) & set(b[:k])) / k for a, b in pairs]))

    return {
        "lists": ivf.nlist,
        "probe": probe,
        "recall_at_10": recall(10),
        "recall_at_50": recall(CANDIDATES),
        "ivf_search": stats_ms(seconds[probe]),
        "exact_search": stats_ms(seconds[ivf.nlist]),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help="e.g. seed,100k,1m")
    parser.add_argument("--backends", help="e.g. torch,onnx,onnx-int8 (default: all available)")
    parser.add_argument("--rounds", type=int, default=5, help="times each question is asked")
    args = parser.parse_args(argv)

    root = data_root()
    questions = dev_questions()
    speakers = dev_speakers()
    chosen = available_backends(args.backends.split(",") if args.backends else None)
    log(f"loading encoders: {', '.join(b.name for b in chosen)}")
    embedders = {b.name: load_backend(b, root) for b in chosen}
    rows: list[dict[str, Any]] = []
    for size in parse_sizes(args.sizes):
        folder = library_dir(size, root, TORCH_BACKEND, embedders[TORCH])
        settings = settings_at(folder, TORCH_BACKEND)  # the backend that built it
        timed = TimedEmbedder(embedders[TORCH], settings.model.identity)
        library = Library(settings, timed)
        started = time.perf_counter()
        library.load()
        loaded = time.perf_counter() - started
        passages = len(library.index.passages)
        log(f"{size.label}: {passages:,} passages loaded in {loaded:.1f} s; asking")
        measured = measure_size(library, timed, embedders, questions, args.rounds, speakers)
        rss = current_rss_mb()
        recall = ivf_recall(library, embedders[TORCH], questions)
        baseline = measured[TORCH]
        for name, samples in measured.items():
            total = stats_ms(samples.total)
            base = stats_ms(baseline.total)
            same = sum(samples.tops[q] == baseline.tops[q] for q in questions)
            rows.append(
                {
                    "size": size.label,
                    "passages": passages,
                    "backend": name,
                    "total": total,
                    "parts": {part: stats_ms(values) for part, values in samples.parts.items()},
                    "ratio_median": ratio(total.get("median_ms"), base.get("median_ms")),
                    "ratio_p95": ratio(total.get("p95_ms"), base.get("p95_ms")),
                    "abstained": samples.abstained,
                    "questions": len(questions),
                    "same_top_as_torch": same,
                    "first_by_person": sum(samples.by_person.values()),
                    "person_questions": len(speakers),
                    "load_seconds": loaded,
                    "rss_mb_after": rss,
                    "ivf": recall,
                }
            )
        del library, timed
        gc.collect()
    return _report(rows, args.rounds)


def _report(rows: list[dict[str, Any]], rounds: int) -> int:
    def part(row: dict[str, Any], name: str, key: str = "median_ms") -> float | None:
        value: float | None = row["parts"][name].get(key)
        return value

    times = table(
        ["size", "backend", "passages", "median ms", "p95 ms", "x torch med", "x torch p95"],
        [
            [
                r["size"],
                r["backend"],
                r["passages"],
                r["total"]["median_ms"],
                r["total"]["p95_ms"],
                r["ratio_median"],
                r["ratio_p95"],
            ]
            for r in rows
        ],
    )
    split = table(
        [
            "size",
            "backend",
            *(f"{p} med" for p in PARTS),
            "bm25 p95",
            "abstained",
            "same top",
            "by person",
        ],
        [
            [
                r["size"],
                r["backend"],
                *(part(r, p) for p in PARTS),
                part(r, "bm25", "p95_ms"),
                f"{r['abstained']}/{r['questions']}",
                f"{r['same_top_as_torch']}/{r['questions']}",
                f"{r['first_by_person']}/{r['person_questions']}",
            ]
            for r in rows
        ],
    )
    per_size = {r["size"]: r for r in rows}  # one library per size, whatever the backend
    loads = table(
        [
            "size",
            "passages",
            "index load s",
            "RSS MB after",
            "IVF recall@10",
            "@50",
            "IVF search ms",
            "exact ms",
        ],
        [
            [
                s,
                r["passages"],
                r["load_seconds"],
                r["rss_mb_after"],
                r["ivf"].get("recall_at_10"),
                r["ivf"].get("recall_at_50"),
                r["ivf"].get("ivf_search", {}).get("median_ms"),
                r["ivf"].get("exact_search", {}).get("median_ms"),
            ]
            for s, r in per_size.items()
        ],
    )
    return _finish(rows, rounds, [times, split, loads])


def _finish(rows: list[dict[str, Any]], rounds: int, tables: list[str]) -> int:
    targets: list[Target] = []
    by: dict[tuple[str, str], dict[str, Any]] = {(r["size"], r["backend"]): r for r in rows}
    candidates = sorted({r["backend"] for r in rows} - {TORCH}) or [TORCH]
    limits = {"seed": 4.0, "1m": 8.0}
    for (size, backend), row in by.items():
        if backend in candidates and size in limits:
            targets.append(
                Target(
                    f"warm ask median at {size} ({backend})",
                    row["total"]["median_ms"],
                    limits[size],
                    "ms",
                )
            )
        if backend in candidates and backend != TORCH:
            targets.append(
                Target(f"{backend} / torch median at {size}", row["ratio_median"], 0.5, "x")
            )
    bm25_1m = [r["parts"]["bm25"].get("p95_ms") for r in rows if r["size"] == "1m"]
    if bm25_1m:
        worst = max((v for v in bm25_1m if v is not None), default=None)
        targets.append(Target("bm25s p95 at 1m", worst, 10.0, "ms"))
    report(
        "ask",
        f"ask: warm Library.ask per question, ms (dev questions x {rounds} rounds per backend)",
        tables,
        targets,
        {"rounds": rounds, "rows": rows},
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
