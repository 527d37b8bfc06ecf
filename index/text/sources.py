"""Sources: the articles in the library and their metadata.

A source's `text` is the article exactly as it was read; every offset elsewhere in Parley
points into it, which is what lets a quote be checked against the original.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..errors import SourceError


@dataclass(frozen=True)
class Span:
    start: int
    end: int


class Provenance:
    """How a reader is told of a text's date and language: from its source's metadata, the
    same wherever the text is shown (a quote, a timeline entry, the list of sources)."""

    published: dt.date | None
    published_estimated: bool
    language_note: str | None

    @property
    def dated(self) -> str:
        return dated(self.published, self.published_estimated, self.written_in)

    @property
    def written_in(self) -> dt.date | None:
        """The month an undated text was written in, where known (its first day)."""
        return None

    @property
    def translated_from(self) -> str | None:
        return translated_from(self.language_note)

    def dating(self) -> dict[str, Any]:
        """The date and language fields of `--json` wherever a text's source is shown: the
        published day (or null), whether it is estimated, the month of writing where only
        that is known ("2026-02": else a reader of the JSON saw no date where the terminal
        shows "c. 2026-02 (estimated)"), and what language the words are."""
        return {
            "published": self.published.isoformat() if self.published else None,
            "published_estimated": self.published_estimated,
            "written_in": f"{self.written_in:%Y-%m}" if self.written_in else None,
            "language_note": self.language_note,
            # "machine translation from Japanese": the words quoted are not the article's own
            "translation": self.translated_from,
        }


#: "2026-02_geneva-gears-up.txt": a name that gives the month alone, as some who save
#: articles write it when the page shows no day (`Source.written_in`).
_MONTH_IN_NAME = re.compile(r"^(\d{4})-(\d{2})(?![\d-])")


@dataclass(frozen=True)
class Source(Provenance):
    id: str
    text: str
    title: str | None = None
    author: str | None = None
    url: str | None = None
    published: dt.date | None = None
    file: str | None = None
    outlet: str | None = None
    # The published date was inferred from what the text describes, not stated anywhere.
    published_estimated: bool = False
    # What the text is, as language: "machine translation (from Japanese)", "English original".
    language_note: str | None = None

    @property
    def written_in(self) -> dt.date | None:
        """The first day of the month the file name begins with ("2026-02_..."), where
        nothing dates the article to a day: the month it was written in, as the saver gives
        it. Not a publication date (the day is unknown), so only what a month can settle
        uses it: the year of a day the article names without one ("on February 17"), the
        month and year a question may ask for, and the date a reader is shown ("c. 2026-02
        (estimated)")."""
        found = _MONTH_IN_NAME.match(self.file or "")
        if self.published is not None or found is None:
            return None
        year, month = (int(part) for part in found.groups())
        return dt.date(year, month, 1) if 1 <= month <= 12 else None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def label(self) -> str:
        """What a reader sees as the source's name: its headline, else its id (the one form
        of its name every command accepts, see `Source.known_as`)."""
        return self.title or self.id

    def known_as(self, name: str) -> bool:
        """Whether `name` is a form this source is shown or known by: its id, its file name,
        either with or without the file's suffix."""
        typed = name.strip()
        forms = {self.id, self.file or "", Path(self.file).stem if self.file else ""}
        return typed in forms or Path(typed).stem == self.id

    def metadata(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "author": self.author,
            "url": self.url,
            "outlet": self.outlet,
            **self.dating(),
        }


def dated(published: dt.date | None, estimated: bool, written_in: dt.date | None = None) -> str:
    """A published date as a reader should take it: "2022-03-21", "c. 2022-03-29
    (estimated)" when inferred from what the text describes or its file name, "c. 2026-02
    (estimated)" where only the month it was written in is known, or "date unknown"."""
    if published is None:
        return f"c. {written_in:%Y-%m} (estimated)" if written_in else "date unknown"
    return f"c. {published.isoformat()} (estimated)" if estimated else published.isoformat()


def translated_from(language_note: str | None) -> str | None:
    """ "machine translation from Japanese" for a text that is one (by its `language_note`,
    "machine translation (from Japanese)"), else None: its words are not the article's own."""
    note = (language_note or "").lower()
    if "translat" not in note:
        return None
    language = re.search(r"from\s+([A-Za-z]+)", language_note or "")
    kind = "machine translation" if "machine" in note else "translation"
    return f"{kind} from {language.group(1)}" if language else kind


def load_seeds(seeds_dir: Path, metadata: Path | None = None) -> list[Source]:
    """Every `*.txt` article in `seeds_dir`, with the metadata `sources.toml` (beside them,
    or `metadata`) gives for it."""
    meta = catalog(metadata or seeds_dir / "sources.toml")
    files = sorted(seeds_dir.glob("*.txt"))
    if not files:
        raise SourceError(f"no articles (*.txt) in {seeds_dir}")
    return [_read_seed(path, meta.get(path.name, {})) for path in files]


def catalog(path: Path) -> dict[str, dict[str, Any]]:
    """What a `sources.toml` says of each article, by file name ({} when there is none):
    title, author, url, outlet, published, published_estimated, language_note."""
    try:
        entries = tomllib.loads(path.read_text(encoding="utf-8")).get("source", [])
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise SourceError(f"cannot read {path}: {error}") from None
    return {str(entry["file"]): entry for entry in entries if "file" in entry}


def with_metadata_beside(source: Source, path: Path) -> Source:
    """`source`, read from `path`, with what the sources.toml beside it says of that file
    (title, author, date, ...), where the source itself says nothing."""
    return with_catalog(source, catalog(path.parent / "sources.toml").get(path.name, {}))


def with_catalog(source: Source, entry: dict[str, Any]) -> Source:
    """`source` with what its `sources.toml` entry says, where the source says nothing."""
    published = entry.get("published")
    if isinstance(published, str):
        published = dt.date.fromisoformat(published)
    author = entry.get("author")
    return replace(
        source,
        title=source.title or entry.get("title"),
        author=source.author or (None if author in (None, "None", "") else author),
        url=source.url or entry.get("url"),
        outlet=source.outlet or entry.get("outlet"),
        published=source.published or (published if isinstance(published, dt.date) else None),
        published_estimated=bool(entry.get("published_estimated", source.published_estimated)),
        language_note=source.language_note or entry.get("language_note"),
    )


def _read_seed(path: Path, meta: dict[str, Any]) -> Source:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SourceError(f"cannot read seed article {path}: {error}") from None
    if not text.strip():
        raise SourceError(f"seed article {path} is empty")
    published = meta.get("published")
    if isinstance(published, str):
        published = dt.date.fromisoformat(published)
    author = meta.get("author")
    source = Source(
        id=path.stem,
        text=text,
        title=meta.get("title"),
        author=None if author in (None, "None", "") else author,
        url=meta.get("url"),
        published=published if isinstance(published, dt.date) else None,
        file=path.name,
        outlet=meta.get("outlet"),
        published_estimated=bool(meta.get("published_estimated", False)),
        language_note=meta.get("language_note"),
    )
    return dated_by_name(source)


#: "2022-03-30_negotiator-positive-language.txt": saved articles are often named for the day
#: they were published, as news addresses hold it ("/2022/03/30/"). A full date only.
_DAY_IN_NAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?!\d)")


def dated_by_name(source: Source) -> Source:
    """`source` dated by the day its file name begins with, where nothing else dates it:
    marked estimated, as the name is the word of whoever saved it, not the publisher's.
    Undated, an article has no year, month or day to match a question's: 21 of the 27
    undated articles of the real library are so named, and dating them moved hit@1 on the
    tuning halves of eval/talks*.jsonl 0.76 -> 0.79, 0.67 -> 0.70 and 0.53 -> 0.59."""
    found = _DAY_IN_NAME.match(source.file or "")
    if source.published is not None or found is None:
        return source
    try:
        day = dt.date(*(int(part) for part in found.groups()))
    except ValueError:  # "2022-13-40_..." names no day
        return source
    return replace(source, published=day, published_estimated=True)
