"""Sources: the articles in the library, their metadata, and where their paragraphs are.

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
from .lexicon import ENDS_ON_ABBREVIATION
from .quotation_marks import signature


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
        return dated(self.published, self.published_estimated)

    @property
    def translated_from(self) -> str | None:
        return translated_from(self.language_note)


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
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def label(self) -> str:
        """What a reader sees as the source's name: its headline, else its id (the one form
        of its name every command accepts, see `Source.known_as`)."""
        return self.title or self.id

    def paragraphs(self) -> list[Span]:
        """Where its body paragraphs are (headlines, captions and bylines are not)."""
        return paragraphs(self)

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
            "published": self.published.isoformat() if self.published else None,
            "published_estimated": self.published_estimated,
            "language_note": self.language_note,
            # "machine translation from Japanese": the words quoted are not the article's own
            "translation": self.translated_from,
        }


def dated(published: dt.date | None, estimated: bool) -> str:
    """A published date as a reader should take it: "2022-03-21", "c. 2022-03-29
    (estimated)" when inferred from what the text describes, or "date unknown"."""
    if published is None:
        return "date unknown"
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
    if merged and (not spans or spans[-1].end < merged[-1].start):
        whole = _before_the_cut(source.text, _strip(source.text, merged[-1]))
        if whole is not None:
            spans.append(whole)
    return spans


#: How many words what is kept of an article's last line, cut short, must hold: fewer are a
#: form's leftovers ("Your email address will not be published. Required fields") or a
#: pointer's ("Follow AP's coverage of the war in Ukraine at").
CUT_WORDS = 12
#: A sentence's closing punctuation inside a line, with its quotation marks or brackets.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*(?=\s)")
#: A caption's credit, a link: what closes a page, not its text.
_NOT_TEXT = re.compile(
    r"\bphoto(?:graph)?\b|\b(?:reuters|afp|getty)\s*/|https?://|\bwww\.", re.IGNORECASE
)
#: A wire story's credit after its last sentence: "(Reporting by ...", "-AFP", "(ANI)".
_CREDIT = re.compile(r"^\s*(?:[(\[]|[-–—]\s*[A-Z]{2,}|(?:reporting|writing|editing) by\b)", re.I)


def _before_the_cut(text: str, span: Span) -> Span | None:
    """What can be quoted of an article's last line when it stops mid-sentence (an excerpt, a
    page cut off by a paywall) or runs into a credit ("... a corridor there. (Reporting by
    ..."): dropped whole, as a caption is, it took its sentences with it (Kuleba's news
    conference, Peskov on what the Riyadh talks were for). Its whole sentences, and the one
    cut short, to its last whole word, where it is a sentence's worth (`Passage.cut_short`
    shows it with an ellipsis)."""
    line = text[span.start : span.end]
    if _NOT_TEXT.search(line):
        return None
    ends = [
        m.end()
        for m in _SENTENCE_END.finditer(line)
        if not ENDS_ON_ABBREVIATION.search(line, 0, m.start() + 1)
    ]
    last = ends[-1] if ends else 0
    cut = line[last:]
    words = _WORD.findall(cut)
    if len(words) >= CUT_WORDS and not _CREDIT.match(cut) and not _title_case(words):
        whole_words = line[: line.rstrip().rfind(" ")].rstrip(" ,;:-–—")
        return Span(span.start, span.start + len(whole_words))
    whole = line[:last]
    if len(_WORD.findall(whole)) < CUT_WORDS or not _is_body(whole, None):
        return None
    return Span(span.start, span.start + last)


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
    if signature(block):
        return True  # a quotation signed with a name ('"..." ― Maria L. Ortiz') is quoted text
    if not _TERMINAL.search(block):
        return False
    words = _WORD.findall(block)
    return not (len(words) <= 12 and _title_case(words))


def _title_case(words: list[str]) -> bool:
    return bool(words) and sum(w[0].isupper() for w in words) / len(words) >= 0.6
