"""bot: the time from an /ask interaction to the edit that carries its answer, in the fake
Discord of the tests (tests/fake_discord.py, on 127.0.0.1) with the real bot
(bot.app.ParleyBot, no cooldown, the configured worker threads) and the seed library with the
real model: a hundred questions one after another, then bursts of twenty members asking at
once (every one must be answered).

The time runs from just before the fake sends INTERACTION_CREATE to when it receives the
PATCH of the original response: the gateway, discord.py, the deferral, the search in a worker
thread (the model behind bot.app.SerialEmbedder, as `parley serve` has it), rendering and the
REST call. The dev questions are asked in turn. `library.ask alone` is the same questions
without Discord, for the bot's own share. Every backend answers from the same torch-built
seed library (see benchmarks/ask.py for why).

    python -m benchmarks.bot [--backends torch,onnx,onnx-int8] [--sequential 100]
                             [--concurrent 20] [--bursts 5]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from itertools import cycle, islice
from pathlib import Path
from typing import Any

from parley.bot.app import ParleyBot, SerialEmbedder
from parley.bot.feedback import FeedbackStore
from parley.index.library import Library
from tests.fake_discord import (
    DispatchedInteraction,
    FakeDiscord,
    RecordedRequest,
    make_user,
    running_bot,
)

from .common import (
    TORCH,
    TORCH_BACKEND,
    Target,
    TimedEmbedder,
    available_backends,
    data_root,
    dev_questions,
    load_backend,
    log,
    ratio,
    report,
    settings_at,
    stats_ms,
    table,
)
from .synthetic import seed_library

ANSWER_TIMEOUT = 30.0  # seconds; a question not answered by then counts as unanswered


def _edit_of(sent: DispatchedInteraction) -> Callable[[RecordedRequest], bool]:
    return lambda r: (
        r.method == "PATCH" and sent.token in r.path and r.path.endswith("/messages/@original")
    )


async def _answered(fake: FakeDiscord, sent: DispatchedInteraction) -> float:
    edit = await fake.wait_for_request(_edit_of(sent), timeout=ANSWER_TIMEOUT)
    if not (edit.json or {}).get("embeds"):
        raise RuntimeError(f"the edit carries no answer: {edit.json}")
    return edit.received_at - sent.dispatched_at


async def _scenario(
    library: Library, questions: Sequence[str], sequential: int, concurrent: int, bursts: int
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="parley-bot-") as work:
        async with FakeDiscord() as fake:
            bot = ParleyBot(
                library,
                config=replace(library.settings.bot, cooldown_questions=0),
                feedback=FeedbackStore(Path(work) / "votes.jsonl"),
                guild_ready_timeout=0.05,
            )
            async with running_bot(bot, fake):
                asked = cycle(questions)
                for question in islice(asked, 5):  # warm: the first interactions set up more
                    await _answered(fake, await fake.slash_command("ask", {"question": question}))
                one_by_one = []
                for question in islice(asked, sequential):
                    sent = await fake.slash_command("ask", {"question": question})
                    one_by_one.append(await _answered(fake, sent))
                members = [make_user(f"member{i}") for i in range(concurrent)]
                at_once: list[float] = []
                unanswered = 0
                for _ in range(bursts):
                    sent_all = [
                        await fake.slash_command("ask", {"question": q}, user=member)
                        for member, q in zip(members, islice(asked, concurrent), strict=True)
                    ]
                    results = await asyncio.gather(
                        *(_answered(fake, sent) for sent in sent_all), return_exceptions=True
                    )
                    at_once += [r for r in results if isinstance(r, float)]
                    unanswered += sum(not isinstance(r, float) for r in results)
                errors = [f"{r.method} {r.path}" for r in fake.requests if r.status >= 400]
    return {
        "sequential": stats_ms(one_by_one),
        "concurrent": stats_ms(at_once),
        "concurrent_asked": bursts * concurrent,
        "unanswered": unanswered,
        "http_errors": errors,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backends", help="e.g. torch,onnx,onnx-int8 (default: all available)")
    parser.add_argument("--sequential", type=int, default=100, help="questions one at a time")
    parser.add_argument("--concurrent", type=int, default=20, help="members asking at once")
    parser.add_argument("--bursts", type=int, default=5, help="times they all ask at once")
    args = parser.parse_args(argv)

    root = data_root()
    questions = dev_questions()
    backends = available_backends(args.backends.split(",") if args.backends else None)
    embedders = {b.name: load_backend(b, root) for b in backends}
    folder = seed_library(root, backend=TORCH_BACKEND, embedder=embedders[TORCH])
    settings = settings_at(folder, TORCH_BACKEND)
    timed = TimedEmbedder(embedders[TORCH], settings.model.identity)
    library = Library(settings, SerialEmbedder(timed))  # as `parley serve` wraps the model
    library.load()
    rows: list[dict[str, Any]] = []
    for backend in backends:
        timed.use(embedders[backend.name])
        for question in questions:
            library.ask(question)  # warm, as `parley serve` does before connecting
        alone = []
        for question in islice(cycle(questions), args.sequential):
            started = time.perf_counter()
            library.ask(question)
            alone.append(time.perf_counter() - started)
        measured = asyncio.run(
            _scenario(library, questions, args.sequential, args.concurrent, args.bursts)
        )
        log(f"{backend.name}: /ask median {measured['sequential']['median_ms']:.1f} ms")
        rows.append({"backend": backend.name, "library_ask": stats_ms(alone), **measured})
    return _report(rows, args)


def _report(rows: list[dict[str, Any]], args: argparse.Namespace) -> int:
    base = next(r for r in rows if r["backend"] == TORCH)
    for row in rows:
        row["ratio_sequential"] = ratio(
            row["sequential"]["median_ms"], base["sequential"]["median_ms"]
        )
        row["ratio_concurrent"] = ratio(row["concurrent"]["p95_ms"], base["concurrent"]["p95_ms"])
        row["bot_over_library"] = ratio(
            row["sequential"]["median_ms"], row["library_ask"]["median_ms"]
        )
    latencies = table(
        [
            "backend",
            "library.ask med",
            "/ask med",
            "/ask p95",
            "x torch",
            "x library.ask",
            f"{args.concurrent} at once med",
            "p95",
            "max",
            "x torch p95",
            "answered",
        ],
        [
            [
                r["backend"],
                r["library_ask"]["median_ms"],
                r["sequential"]["median_ms"],
                r["sequential"]["p95_ms"],
                r["ratio_sequential"],
                r["bot_over_library"],
                r["concurrent"].get("median_ms"),
                r["concurrent"].get("p95_ms"),
                r["concurrent"].get("max_ms"),
                r["ratio_concurrent"],
                f"{r['concurrent_asked'] - r['unanswered']}/{r['concurrent_asked']}",
            ]
            for r in rows
        ],
    )
    candidates = {r["backend"] for r in rows} - {TORCH} or {TORCH}
    targets: list[Target] = []
    for r in rows:
        if r["backend"] not in candidates:
            continue
        name = r["backend"]
        targets += [
            Target(f"/ask to answer median ({name})", r["sequential"]["median_ms"], 30, "ms"),
            Target(
                f"{args.concurrent} at once p95 ({name})", r["concurrent"].get("p95_ms"), 250, "ms"
            ),
            Target(
                f"{args.concurrent} at once unanswered ({name})", r["unanswered"], 0, "questions"
            ),
        ]
    report(
        "bot",
        f"bot: /ask to edited answer in the fake Discord, ms ({args.sequential} one after "
        f"another; {args.bursts} bursts of {args.concurrent} at once)",
        [latencies],
        targets,
        {
            "sequential": args.sequential,
            "concurrent": args.concurrent,
            "bursts": args.bursts,
            "rows": rows,
        },
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
