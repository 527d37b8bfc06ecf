"""Sources: the articles in the library, their metadata, and where their paragraphs are.

A source's `text` is the article exactly as it was read; every offset elsewhere in Parley
points into it, which is what lets a quote be checked against the original.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import SourceError


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Source:
    id: str
    text: str
    title: str | None = None
    author: str | None = None
    url: str | None = None
    published: dt.date | None = None
    file: str | None = None
    outlet: str | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def label(self) -> str:
        """What a reader sees as the source's name: its headline, else its file."""
        return self.title or self.file or self.id

    def metadata(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "author": self.author,
            "url": self.url,
            "published": self.published.isoformat() if self.published else None,
        }


def load_seeds(seeds_dir: Path, metadata: Path | None = None) -> list[Source]:
    """Every `*.txt` article in `seeds_dir`, with the metadata `sources.toml` (beside them,
    or `metadata`) gives for it."""
    meta_path = metadata or seeds_dir / "sources.toml"
    try:
        entries = tomllib.loads(meta_path.read_text(encoding="utf-8")).get("source", [])
    except FileNotFoundError:
        entries = []
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise SourceError(f"cannot read {meta_path}: {error}") from None
    meta = {entry["file"]: entry for entry in entries if "file" in entry}
    files = sorted(seeds_dir.glob("*.txt"))
    if not files:
        raise SourceError(f"no articles (*.txt) in {seeds_dir}")
    return [_read_seed(path, meta.get(path.name, {})) for path in files]


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
    return Source(
        id=path.stem,
        text=text,
        title=meta.get("title"),
        author=meta.get("author"),
        url=meta.get("url"),
        published=published if isinstance(published, dt.date) else None,
        file=path.name,
    )


# A line that ends a sentence ends in one of these, possibly followed by closing quotes.
_TERMINAL = re.compile(r"[.!?:…;][\s\"'”’)\]]*$")
_WORD = re.compile(r"[A-Za-z][\w'’-]*")


def paragraphs(source: Source) -> list[Span]:
    """The body paragraphs of an article, as spans of `source.text`, in reading order.

    Headlines, section headings, captions and bylines are metadata, not paragraphs: they are
    lines that do not end a sentence, or short lines set in title case ("No to NATO?").
    A paragraph break in the middle of a sentence (the line stops without punctuation and
    the next one starts in lower case, as PDF and web extractions leave them) is joined, so
    the sentence stays whole.
    """
    lines = [
        Span(m.start(), m.end())
        for m in re.finditer(r"[^\n]+", source.text)
        if source.text[m.start() : m.end()].strip()
    ]
    merged: list[Span] = []
    for line in lines:
        body = source.text[line.start : line.end]
        if merged and _continues(source.text[merged[-1].start : merged[-1].end], body):
            merged[-1] = Span(merged[-1].start, line.end)
        else:
            merged.append(line)
    spans = []
    for span in merged:
        stripped = _strip(source.text, span)
        if _is_body(source.text[stripped.start : stripped.end], source.title):
            spans.append(stripped)
    return spans


def _strip(text: str, span: Span) -> Span:
    chunk = text[span.start : span.end]
    start = span.start + (len(chunk) - len(chunk.lstrip()))
    return Span(start, span.start + len(chunk.rstrip()))


def _continues(previous: str, line: str) -> bool:
    first = line.lstrip()[:1]
    return not _TERMINAL.search(previous) and first.islower()


def _is_body(block: str, title: str | None) -> bool:
    if title and block.strip() == title.strip():
        return False
    if not _TERMINAL.search(block):
        return False
    words = _WORD.findall(block)
    title_case = bool(words) and sum(w[0].isupper() for w in words) / len(words) >= 0.6
    return not (len(words) <= 12 and title_case)
