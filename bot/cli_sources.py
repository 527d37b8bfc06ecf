"""`parley sources list | add PATH_OR_URL | remove ID | show ID`: the library's articles."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from index.errors import ParleyError
from index.library import BuildReport, Library
from index.registry import source_from_draft
from index.settings import Settings

from .terminal import printable

Command = Callable[[argparse.Namespace, Settings], int]


def add_commands(commands: Any, open_library: Callable[[Settings, Any], Library]) -> None:
    """Register `parley sources ...` on the top-level subparsers."""
    sources = commands.add_parser("sources", help="list, add, remove or show the articles")
    verbs = sources.add_subparsers(required=True, metavar="ACTION")

    listing = verbs.add_parser("list", help="every article: id, date, passages, title")
    listing.set_defaults(run=lambda args, settings: _list(open_library(settings, args.embedder)))

    add = verbs.add_parser("add", help="add an article from a file (.txt .md .html) or a URL")
    add.add_argument("location", metavar="PATH_OR_URL")
    add.add_argument("--title")
    add.add_argument("--author")
    add.add_argument("--published", type=_date, help="YYYY-MM-DD (asked for if unknown)")
    add.add_argument("--url", help="where the article can be read (for a file)")
    add.set_defaults(run=lambda args, settings: _add(args, open_library(settings, args.embedder)))

    remove = verbs.add_parser("remove", help="remove an article: it is never quoted again")
    remove.add_argument("source_id", metavar="ID")
    remove.set_defaults(
        run=lambda args, settings: _remove(args.source_id, open_library(settings, args.embedder))
    )

    show = verbs.add_parser("show", help="one article's metadata and opening")
    show.add_argument("source_id", metavar="ID")
    show.set_defaults(
        run=lambda args, settings: _show(args.source_id, open_library(settings, args.embedder))
    )


def _list(library: Library) -> int:
    counts: dict[str, int] = {}
    for passage in library.index.passages:
        counts[passage.source_id] = counts.get(passage.source_id, 0) + 1
    for entry in library.registry.entries():
        source = entry.source
        date = source.published.isoformat() if source.published else "date unknown"
        line = f"{source.id}  {date}  {counts.get(source.id, 0):>4} passages  {source.label}"
        print(printable(line))
    return 0


def _add(args: argparse.Namespace, library: Library) -> int:
    from index.ingest import UrlGuard, fetch_url, read_file  # httpx and trafilatura: only here

    settings = library.settings
    if args.location.startswith(("http://", "https://")) or "://" in args.location:
        draft = fetch_url(
            args.location,
            guard=UrlGuard(allow_private=settings.allow_private_urls),
            max_bytes=settings.max_source_bytes,
            timeout=settings.fetch_timeout,
        )
    else:
        draft = read_file(Path(args.location), max_bytes=settings.max_source_bytes)
    source = source_from_draft(
        draft,
        file=args.location,
        title=args.title,
        author=args.author,
        published=args.published or draft.published or _ask_date(),
        url=args.url,
    )
    change, report = library.add(source, added_by="command line")
    if report is None:
        print(f"{source.id}: already in the library, unchanged")
    else:
        print(f"{source.id}: {change}; {_summary(report)}")
    return 0


def _remove(source_id: str, library: Library) -> int:
    report = library.remove(source_id)
    if report is None:
        raise ParleyError(f"no source {source_id!r}; `parley sources list` shows the ids")
    print(f"{source_id}: removed; {_summary(report)}")
    return 0


def _show(source_id: str, library: Library) -> int:
    entry = library.registry.get(source_id)
    if entry is None:
        raise ParleyError(f"no source {source_id!r}; `parley sources list` shows the ids")
    source = entry.source
    for label, value in [
        ("id", source.id),
        ("title", source.title),
        ("author", source.author),
        ("outlet", source.outlet),
        ("url", source.url),
        ("published", source.published),
        ("added by", entry.added_by),
        ("added at", entry.added_at),
        ("sha256", source.sha256),
    ]:
        print(printable(f"{label:>10}: {value if value is not None else 'unknown'}"))
    print()
    print(printable(" ".join(source.text.split())[:600]))
    return 0


def _summary(report: BuildReport) -> str:
    return (
        f"embedded {report.embedded} of {report.passages} passages "
        f"from {report.sources} sources in {report.seconds:.1f} s"
    )


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError("use YYYY-MM-DD") from None


def _ask_date() -> dt.date:
    """Timelines resolve "last Monday" against the published date, so it is asked for."""
    if not sys.stdin.isatty():
        raise ParleyError("the article gives no published date; pass --published YYYY-MM-DD")
    while True:
        answer = input("Published date of this article (YYYY-MM-DD): ").strip()
        try:
            return dt.date.fromisoformat(answer)
        except ValueError:
            print("Please type the date as YYYY-MM-DD, e.g. 2022-03-29.", file=sys.stderr)
