"""`parley`: the command line front door.

The contract of `parley ask --json` and `--jsonl` is relied on by other tools and checks:
keep its shape stable (see README).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from parley.index import (
    Answer,
    BadQuestion,
    BuildReport,
    Embedder,
    IndexMismatch,
    IndexMissing,
    Library,
    ParleyError,
    Settings,
    StorageError,
    atomic_write_bytes,
    configure_process,
    load_settings,
    parse_range,
    timeline_dict,
)

from .cli_eval import add_commands as add_eval_commands
from .cli_parsing import SentenceParser, command
from .cli_sources import add_commands as add_source_commands
from .progress import embedding_bar
from .question_lines import BadLine, read_questions
from .terminal import render_answer, render_timeline


def main(argv: Sequence[str] | None = None, *, embedder: Embedder | None = None) -> int:
    """Run one command; `embedder` replaces the configured model (tests pass a fake)."""
    args = _parser().parse_args(argv)
    args.embedder = embedder
    # What the library reports as it goes (a registry rebuilt from the index) is printed as
    # the errors are, one line each; discord.py and the rest keep their own logging.
    notices = logging.StreamHandler(sys.stderr)
    notices.setFormatter(logging.Formatter("parley: %(message)s"))
    logger = logging.getLogger("parley")
    logger.addHandler(notices)
    logger.setLevel(logging.INFO)
    try:
        settings = load_settings()
        configure_process(settings)
        return int(args.run(args, settings) or 0)
    except ParleyError as error:
        print(f"parley: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`parley eval | head`): stop quietly, as a program killed by
        # SIGPIPE would. Python flushes stdout again at exit; pointing it at /dev/null keeps
        # that flush from raising a second time (the recipe in Python's `signal` docs).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    finally:
        logger.removeHandler(notices)


def _parser() -> argparse.ArgumentParser:
    parser = SentenceParser(
        prog="parley",
        description="Quote the news articles in the library that answer a question: word for "
        "word, who said it, when, and where it is from.",
        epilog='example:\n  parley ask "What did Medinsky say about neutrality?"',
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"parley {_version()}")
    commands = parser.add_subparsers(required=True, metavar="COMMAND", parser_class=SentenceParser)

    build = command(
        commands,
        "index",
        "rebuild the whole index from the library's articles",
        "Embed every article of the library again and write a new index (needed only when "
        "the model or the chunking settings change; adding and removing articles updates it).",
        "parley index",
    )
    build.set_defaults(run=_cmd_index)

    ask = command(
        commands,
        "ask",
        "quote the passages that answer a question",
        "Quote the passages of the library that answer a question, with who said each, when "
        "and where from; or say why nothing is quoted.",
        'parley ask "What did Medinsky say about neutrality?"',
        'parley ask "Who is Rustem Umerov?" --json',
        "parley ask --jsonl questions.jsonl > answers.jsonl",
    )
    ask.add_argument("question", nargs="?", help="the question, in quotes")
    ask.add_argument("--k", type=_positive, default=None, help="how many passages (default 3)")
    ask.add_argument("--json", action="store_true", help="print one JSON object")
    ask.add_argument(
        "--jsonl", metavar="FILE", help="answer JSON lines with a `question` field ('-' = stdin)"
    )
    ask.set_defaults(run=_cmd_ask)

    timeline = command(
        commands,
        "timeline",
        "the dated events of the talks, in order",
        "The events the articles report, each on the day it happened, oldest first, with the "
        "sentence each article tells it in.",
        'parley timeline --about "prisoner exchange"',
        "parley timeline --from 2022-03-01 --to 2022-03-31 --png march.png",
    )
    timeline.add_argument("--about", help="a person (any spelling) or a topic")
    timeline.add_argument("--from", dest="start", metavar="DATE", help="earliest date")
    timeline.add_argument("--to", dest="end", metavar="DATE", help="latest date")
    timeline.add_argument("--json", action="store_true", help="print one JSON object")
    timeline.add_argument(
        "--png", type=Path, metavar="FILE", help="also draw the events as a picture into FILE"
    )
    timeline.set_defaults(run=_cmd_timeline)

    add_eval_commands(commands, _open)
    add_source_commands(commands, _open)

    serve = command(
        commands,
        "serve",
        "run the Discord bot (token from DISCORD_TOKEN; PARLEY_GUILD_ID optional)",
        "Run the Discord bot: /ask, /quotes, /timeline, /sources, and for admins /source and "
        "/reindex. The token comes from DISCORD_TOKEN only; PARLEY_GUILD_ID syncs the "
        "commands to one server at once.",
        "DISCORD_TOKEN=... parley serve",
    )
    serve.set_defaults(run=_cmd_serve)
    return parser


def _version() -> str:
    try:
        return importlib.metadata.version("parley")
    except importlib.metadata.PackageNotFoundError:
        return "unknown (not installed)"


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"takes a whole number, 1 or more, not {value!r}"
        ) from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"takes a whole number, 1 or more, not {value!r}")
    return number


def _cmd_index(args: argparse.Namespace, settings: Settings) -> int:
    report = _build(Library(settings, args.embedder))
    print(
        f"Indexed {report.passages} passages from {report.sources} sources "
        f"in {report.seconds:.1f} s; stored in {report.path}"
    )
    return 0


def _cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    if args.jsonl and args.question:
        raise ParleyError("give either a question or --jsonl FILE, not both")
    if not args.jsonl and args.question is None:
        raise BadQuestion('the question is missing: parley ask "What did Medinsky say?"')
    library = _open(settings, args.embedder, one_question=not args.jsonl)
    if args.jsonl:
        return _ask_jsonl(library, args.jsonl, args.k)
    answer = library.ask(args.question, k=args.k)
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False))
    else:
        print(render_answer(answer))
    return 0


def _ask_jsonl(library: Library, path: str, k: int | None) -> int:
    """One JSON object out for every line in: the answer, or for a line that cannot be asked
    an object with `error` (and its `line`), so that outputs and inputs stay in step."""
    for number, question in read_questions(path):
        if isinstance(question, BadLine):
            failed = Answer("", (), abstained=True).to_dict()
            record = {**failed, "question": None, "error": question.reason, "line": number}
        else:
            try:
                record = library.ask(question, k=k).to_dict()
            except BadQuestion as error:
                failed = Answer(question, (), abstained=True).to_dict()
                record = {**failed, "error": str(error), "line": number}
        print(json.dumps(record, ensure_ascii=False), flush=True)
    return 0


def _cmd_timeline(args: argparse.Namespace, settings: Settings) -> int:
    start, end = parse_range(args.start, args.end)
    library = _open(settings, args.embedder)
    events = library.timeline(args.about, start, end)
    if args.png:
        from .chart import timeline_png  # matplotlib: only here

        title = f"Timeline: {args.about}" if args.about else "Timeline of the talks"
        try:
            atomic_write_bytes(args.png, timeline_png(events, title))
        except OSError as error:
            raise ParleyError(f"cannot write {args.png}: {error.strerror or error}") from None
        print(f"Picture of {len(events)} events written to {args.png}", file=sys.stderr)
    if args.json:
        print(json.dumps(timeline_dict(events), ensure_ascii=False))
    else:
        print(render_timeline(events))
    return 0


def _cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from parley.index import embedder_for

    from .app import SerialEmbedder, serve  # discord.py is imported only when the bot runs

    def open_library() -> Library:  # called once the token is known to be set
        embedder = args.embedder or embedder_for(settings)
        return _open(settings, SerialEmbedder(embedder))

    return serve(open_library)


def _open(settings: Settings, embedder: Embedder | None, one_question: bool = False) -> Library:
    """The library with its index loaded, building the index first if there is none yet."""
    library = Library(settings, embedder, one_question=one_question)
    try:
        library.load()
    except IndexMissing:
        print(f"No index yet: building one from {settings.seeds_dir}", file=sys.stderr)
        report = _build(library)
        print(f"Index of {report.passages} passages stored in {report.path}", file=sys.stderr)
        return library
    except IndexMismatch as error:
        # Another model, other chunking or an older Parley: the registry holds every text,
        # so the index is rebuilt rather than refused.
        reason = str(error).split("; run `parley index`")[0]
        print(f"parley: {reason}; rebuilding it now", file=sys.stderr)
        report = _build(library)
        print(f"Index of {report.passages} passages stored in {report.path}", file=sys.stderr)
        return library
    if library.stale():
        print(
            "The index is behind the library (an interrupted reindex?): updating", file=sys.stderr
        )
        try:
            _build(library, incremental=True)
        except StorageError as error:
            # The previous build is whole: answer from it rather than not at all.
            print(
                f"parley: {error}; answering from it: the latest changes to the library are "
                "not searched yet",
                file=sys.stderr,
            )
    return library


def _build(library: Library, incremental: bool = False) -> BuildReport:
    library.load_model()  # first, so that the bar measures embedding alone
    run = library.sync if incremental else library.build
    with embedding_bar() as bar:
        return run(progress=bar.advance, on_total=bar.start)


if __name__ == "__main__":
    sys.exit(main())
