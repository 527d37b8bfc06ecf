"""`parley eval`: the figures of eval/README.md, computed by the library's evaluation and
printed a line each."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from parley.index import Library, ParleyError, Settings, evaluation

from .cli_parsing import command

#: Opens a library with its index loaded (`cli._open`), with the model given if any.
Opener = Callable[[Settings, Any], Library]


def add_commands(commands: Any, open_library: Opener) -> None:
    """Register `parley eval` on the top-level subparsers."""
    ev = command(
        commands,
        "eval",
        "score the answers on a question set",
        "Score the answers, the speakers, the timeline and the dates against labelled sets "
        "(eval/README.md defines each figure).",
        "parley eval",
        "parley eval --questions eval/members-tuning.jsonl --probes",
        "parley eval --questions eval/talks-tuning.jsonl --add ../shared/library/talks",
        "parley eval --attribution ../shared/attribution/polnear-dev --split tuning",
        "parley eval --timeline ../shared/library/talks",
    )
    ev.add_argument(
        "--questions", type=Path, default=evaluation.DEFAULT_QUESTIONS, help="a JSON lines set"
    )
    ev.add_argument(
        "--add",
        type=Path,
        metavar="DIR",
        help="answer from the seeds plus the articles in DIR (seeds format: *.txt and "
        "sources.toml), a library kept apart under the data directory",
    )
    ev.add_argument(
        "--attribution",
        type=Path,
        metavar="DIR",
        help="score who-said-what on a labelled set in the shared format (articles/, "
        "sources.toml, gold.jsonl), e.g. ../shared/attribution/polnear-dev",
    )
    ev.add_argument(
        "--gold",
        type=Path,
        metavar="PATH",
        help="with --attribution: the labels, where they are not DIR/gold.jsonl (e.g. "
        "eval/attribution-talks.jsonl, labelled on ../shared/library/talks)",
    )
    ev.add_argument(
        "--split",
        choices=("tuning", "test"),
        help="with --attribution: score only that half of the articles, as listed in "
        "--split-file (tune on the tuning half; the test half is only reported)",
    )
    ev.add_argument(
        "--split-file",
        type=Path,
        default=evaluation.DEFAULT_SPLIT,
        metavar="PATH",
        help="a JSON object with the article stems of each half (default eval/polnear-split.json)",
    )
    ev.add_argument(
        "--timeline",
        nargs="?",
        const="",
        metavar="DIR",
        help="score the timeline alone, no index or model: the events of the seeds (plus DIR's "
        "articles) against eval/timeline.jsonl and the labelled samples, every miss listed",
    )
    ev.add_argument(
        "--fit",
        action="store_true",
        help="fit the verdict on the tuning sets (dev, calibration, the tuning halves) and print "
        "its cross-validated figures and the [answer.verdict] table for the config",
    )
    ev.add_argument(
        "--probes",
        action="store_true",
        help="also ask each question as members word it, in other words for the same, "
        "and with its names misspelled",
    )
    ev.set_defaults(run=lambda args, settings: _eval(args, settings, open_library))


def _eval(args: argparse.Namespace, settings: Settings, open_library: Opener) -> int:
    def opened(chosen: Settings) -> Library:
        return open_library(chosen, args.embedder)

    def tell(line: str) -> None:
        print(f"parley: {line}", file=sys.stderr)

    if args.fit:
        print(evaluation.fit_report(settings, opened, tell, _stderr))
        return 0
    if args.attribution:
        report = evaluation.attribution_report(
            settings, args.attribution, args.split, args.split_file, args.gold
        )
    elif args.split or args.gold:
        raise ParleyError(
            "parley eval: --split and --gold go with --attribution DIR; see `parley eval --help`"
        )
    elif args.timeline is not None:
        folder = Path(args.timeline) if args.timeline else None
        report = evaluation.timeline_report(settings, args.questions.parent, folder)
    else:
        library = (
            evaluation.library_with(settings, args.add, opened, _stderr)
            if args.add
            else opened(settings)
        )
        report = evaluation.questions_report(library, args.questions, args.probes)
    for line in report.lines():
        print(line)
    return 0


def _stderr(line: str) -> None:
    print(line, file=sys.stderr)
