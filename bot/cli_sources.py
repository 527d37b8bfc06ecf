"""`parley sources list | add PATH_OR_URL... | remove ID | show ID`: the library's articles."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from parley.index import (
    BuildReport,
    Entry,
    Library,
    ParleyError,
    Settings,
    Source,
    SourceRefused,
    dated_by_name,
    paragraphs,
    with_metadata_beside,
)

from .cli_parsing import command
from .progress import embedding_bar
from .terminal import printable

Command = Callable[[argparse.Namespace, Settings], int]
#: What `sources add` reads in a folder.
ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")


def add_commands(commands: Any, open_library: Callable[[Settings, Any], Library]) -> None:
    """Register `parley sources ...` on the top-level subparsers."""
    sources = command(
        commands,
        "sources",
        "list, add, remove or show the articles",
        "The articles Parley quotes: list them, add, remove or show one.",
        "parley sources list",
        "parley sources add ../shared/library/talks/",
        "parley sources show 000_cd1059603c919596",
    )
    verbs = sources.add_subparsers(required=True, metavar="ACTION")

    listing = command(
        verbs,
        "list",
        "every article: id, date, passages, title",
        "Every article in the library, oldest first: id, published date, passages, headline.",
        "parley sources list",
    )
    listing.set_defaults(run=lambda args, settings: _list(open_library(settings, args.embedder)))

    add = command(
        verbs,
        "add",
        "add articles from files (.txt .md .html), folders or URLs",
        "Add articles: files (.txt, .md, .html), folders of them (with the "
        "metadata of a sources.toml beside them, as in seeds/) or web pages. Only the new "
        "articles are embedded, in one build.",
        "parley sources add article.html --published 2025-06-02",
        "parley sources add https://example.com/talks-in-istanbul",
        "parley sources add ../shared/library/talks/",
    )
    add.add_argument("locations", metavar="PATH_OR_URL", nargs="+")
    add.add_argument("--title", help="its headline (one article only)")
    add.add_argument("--author", help="its author (one article only)")
    add.add_argument(
        "--published", type=_date, help="YYYY-MM-DD (one article; asked for if unknown)"
    )
    add.add_argument("--url", help="where the article can be read (one file only)")
    add.set_defaults(run=lambda args, settings: _add(args, open_library(settings, args.embedder)))

    # the two that name one article: by the id `sources list` shows, or its file name
    for name, summary, description, example, act in (
        (
            "remove",
            "remove an article: it is never quoted again",
            "Remove an article: from the next answer on, nothing of it is quoted.",
            "parley sources remove 004_7b059f1210310526",
            _remove,
        ),
        (
            "show",
            "one article's metadata and opening",
            "One article: what is known of it, and how its text opens.",
            "parley sources show 000_cd1059603c919596.txt",
            _show,
        ),
    ):
        verb = command(verbs, name, summary, description, example)
        verb.add_argument("source_id", metavar="ID", help="its id, as `sources list` shows it")
        verb.set_defaults(
            run=lambda args, settings, act=act: act(
                args.source_id, open_library(settings, args.embedder)
            )
        )


def _list(library: Library) -> int:
    counts = library.passage_counts()
    entries = library.entries()
    rows = [
        (e.source.id, e.source.dated, f"{counts.get(e.source.id, 0)} passages", e.source.label)
        for e in entries
    ]
    widths = [max((len(row[i]) for row in rows), default=0) for i in range(3)]
    for row in rows:
        line = "  ".join(
            [row[0].ljust(widths[0]), row[1].ljust(widths[1]), row[2].rjust(widths[2]), row[3]]
        )
        print(printable(line))
    return 0


def _add(args: argparse.Namespace, library: Library) -> int:
    many = len(args.locations) > 1 or Path(args.locations[0]).is_dir()
    if many and any((args.title, args.author, args.published, args.url)):
        raise ParleyError("--title, --author, --published and --url are for one article only")
    started = time.perf_counter()
    found, refused = _read_all(args, library, many)
    if not found:
        raise ParleyError(refused[0] if len(refused) == 1 else "no article could be read")
    with embedding_bar() as bar:
        changes, report = library.add_all(
            found, "command line", progress=bar.advance, on_total=bar.start
        )
    seconds = time.perf_counter() - started
    if not many:
        source = found[0]
        if report is None:
            print(f"{source.id}: already in the library, unchanged")
        else:
            print(f"{source.id}: {changes[source.id]}; {_summary(report)}")
        return 0
    counted = {kind: sum(c == kind for c in changes.values()) for kind in ("added", "replaced")}
    undated = sum(source.published is None for source in found)
    print(
        f"{len(found)} articles: {counted['added']} added, {counted['replaced']} replaced, "
        f"{len(found) - sum(counted.values())} unchanged"
        + (f"; {report and _summary(report)}" if report else "")
        + f"; {seconds:.1f} s in all"
    )
    if undated:
        print(
            f"parley: {undated} gave no published date, here or in a sources.toml: added "
            'without one, their relative dates ("last Monday") are not on the timeline',
            file=sys.stderr,
        )
    for line in refused:
        print(f"parley: skipped: {line}", file=sys.stderr)
    return 0


def _read_all(
    args: argparse.Namespace, library: Library, many: bool
) -> tuple[list[Source], list[str]]:
    """The articles at the locations given, with what a sources.toml beside them says, and
    why any could not be taken (one line each). A batch goes on past a bad file."""
    from tqdm import tqdm

    found: list[Source] = []
    refused: list[str] = []
    where = list(_locations(args.locations))
    shown = tqdm(where, desc="Reading articles", unit="article", file=sys.stderr, disable=not many)
    for location, folder in shown:
        try:
            source = _read_one(args, library, location, folder, ask_date=not many)
            library.check_quotable(source)
        except SourceRefused as error:
            if not many:
                raise
            named = Path(location).name if folder is not None else location
            refused.append(f"{named}: {str(error).removeprefix('refused: ')}")
            continue
        found.append(source)
    return found, refused


def _locations(given: list[str]) -> Iterator[tuple[str, Path | None]]:
    """Each article to read, and the folder it was found in (for its sources.toml)."""
    for location in given:
        path = Path(location)
        if "://" not in location and path.is_dir():
            for item in sorted(path.iterdir()):
                if item.suffix.lower() in ARTICLE_SUFFIXES and item.is_file():
                    yield str(item), path
        else:
            yield location, None if "://" in location else path.parent


def _read_one(
    args: argparse.Namespace, library: Library, location: str, folder: Path | None, ask_date: bool
) -> Source:
    draft = library.read(location, within=folder)
    source = draft.source(
        file=location,
        title=args.title,
        author=args.author,
        published=args.published or draft.published,
        url=args.url,
    )
    if folder is not None:
        source = with_metadata_beside(source, Path(location))
    source = dated_by_name(source)  # after the metadata, which knows better than a name
    if source.published is None and ask_date:
        return replace(source, published=_ask_date())
    return source


def _remove(source_id: str, library: Library) -> int:
    entry = _entry(library, source_id)
    report = library.remove(entry.source.id)
    if report is None:
        raise _no_such(source_id)
    print(f"{entry.source.id}: removed; {_summary(report)}")
    return 0


def _show(source_id: str, library: Library) -> int:
    entry = _entry(library, source_id)
    source = entry.source
    for label, value in [
        ("id", source.id),
        ("title", source.title),
        ("author", source.author),
        ("outlet", source.outlet),
        ("url", source.url),
        ("published", source.dated),
        ("language", source.translated_from or source.language_note),
        ("file", source.file),
        ("added by", entry.added_by),
        ("added at", entry.added_at),
        ("sha256", source.sha256),
    ]:
        print(printable(f"{label:>10}: {value if value is not None else 'unknown'}"))
    print()
    # The opening as the article sets it out: headline, caption and body apart, one
    # paragraph a block, white space within each folded.
    shown = 0
    body = [(span.start, span.end) for span in paragraphs(source)]
    for line in re.finditer(r"[^\n]+", source.text):
        text = " ".join(line.group().split())
        if not text:
            continue
        quoted = any(s <= line.start() + 1 < e or s <= line.end() - 1 <= e for s, e in body)
        kind = "" if quoted else "  [not quoted: heading or caption]"
        print(printable(text[:300] + ("…" if len(text) > 300 else "") + kind))
        print()
        shown += len(text)
        if shown > 600:
            break
    return 0


def _entry(library: Library, typed: str) -> Entry:
    """The registered source a member names: by id, or as it is shown (its file name)."""
    entry = library.entry(typed)
    if entry is None:
        raise _no_such(typed)
    return entry


def _no_such(typed: str) -> ParleyError:
    return ParleyError(f"no source {typed!r}; `parley sources list` shows the ids")


def _summary(report: BuildReport) -> str:
    return (
        f"embedded {report.embedded} of {report.passages} passages "
        f"from {report.sources} sources in {report.seconds:.1f} s"
    )


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"takes a date as YYYY-MM-DD, not {value!r}") from None


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
