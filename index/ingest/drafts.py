"""Article drafts: text as extracted, with the metadata found beside it, and the checks every
untrusted text passes (its encoding detected, not assumed; control characters refused; HTML
cut down to its article). Every refusal is a `SourceRefused` whose message is one line."""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer
import trafilatura
from trafilatura.settings import Document

from ..errors import SourceRefused
from ..text.sources import Source

TEXT_SUFFIXES = frozenset({".txt", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})


# C0/C1 control characters other than whitespace, and the replacement character: text has few.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE, whose BOM is its prefix
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


# Past this mess ratio charset-normalizer's best guess is a guess, and a wrong one garbles quotes.
_MAX_CHAOS = 0.1


@dataclass(frozen=True)
class Draft:
    """An article's text as extracted, and the metadata found with it (None where none was)."""

    text: str
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None

    def source(
        self,
        *,
        file: str | None = None,
        title: str | None = None,
        author: str | None = None,
        published: dt.date | None = None,
        url: str | None = None,
    ) -> Source:
        """The source this draft is, with an admin's overrides on top. Its id comes from where
        it was fetched, else from the file name (`source_id_for`)."""
        where = self.url or url
        return Source(
            id=source_id_for(url=self.url, file=None if self.url else file, text=self.text),
            text=self.text,
            title=title or self.title,
            author=author or self.author,
            url=url or where,
            published=published or self.published,
            file=None if self.url else (Path(file).name if file else None),
            outlet=self.outlet,
        )


def draft_from_text(
    text: str,
    *,
    title: str | None = None,
    author: str | None = None,
    published: dt.date | None = None,
    url: str | None = None,
    outlet: str | None = None,
) -> Draft:
    """Pasted or typed article text, with the metadata its sender gave."""
    cleaned = clean_text(text)
    if not cleaned:
        raise refused("refused: the article text is empty")
    if isinstance(published, dt.datetime):
        published = published.date()
    return Draft(cleaned, title=title, author=author, outlet=outlet, url=url, published=published)


def from_html(html: str, *, url: str | None, where: str) -> Draft:
    # No url is passed to trafilatura: it would make one up as the outlet (the domain) and a
    # date from the path, and metadata the page itself lacks is to stay None.
    document = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        date_extraction_params={
            "extensive_search": False,  # dates from the page's markup, not any date in its text
            "original_date": True,  # published, not last modified
            "max_date": dt.date.today().isoformat(),
        },
    )
    if not isinstance(document, Document) or not document.text:
        raise refused(f"refused: no article text found in {where}")
    # trafilatura puts one paragraph per line; Parley's text files put a blank line between.
    text = "\n\n".join(line.strip() for line in document.text.splitlines() if line.strip())
    if not text:
        raise refused(f"refused: no article text found in {where}")
    return Draft(
        text=text,
        title=document.title or None,
        author=document.author or None,
        outlet=document.sitename or None,
        url=url,
        published=_date(document.date),
    )


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def decode(data: bytes, *, declared: str | None, what: str) -> str:
    """`data` as text: a BOM's encoding, else UTF-8, else the declared one, else detected."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return _printable(data.decode(codec), what)
            except UnicodeDecodeError:
                raise refused(f"refused: {what} is not valid {codec}") from None
    if b"\x00" in data:
        raise refused(f"refused: {what} is binary, not text")
    for candidate in ("utf-8", _web_codec(declared)):
        if candidate:
            try:
                return _printable(data.decode(candidate), what)
            except (LookupError, UnicodeDecodeError):
                continue
    matches = list(charset_normalizer.from_bytes(data))
    if not matches or matches[0].chaos > _MAX_CHAOS:
        raise refused(f"refused: cannot tell the text encoding of {what}; save it as UTF-8")
    best = matches[0]
    # Western text fits cp1250, cp1252 and others equally well, and the tie goes to the first
    # by name (cp1250, which turns "è" into "č"); cp1252 is by far the commonest of them.
    tied = [m for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    chosen = next((m for m in tied if "cp1252" in m.could_be_from_charset), best)
    return _printable(data.decode(chosen.encoding, errors="replace"), what)


def _web_codec(declared: str | None) -> str | None:
    """Python's codec for a declared charset; "iso-8859-1" means cp1252, as browsers read it."""
    if not declared:
        return None
    try:
        name = codecs.lookup(declared.strip().strip("\"'")).name
    except LookupError:
        return None
    return "cp1252" if name in ("iso8859-1", "ascii") else name


def meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", "replace") if match else None


def _printable(text: str, what: str) -> str:
    if len(_UNPRINTABLE.findall(text)) > len(text) / 100:
        raise refused(f"refused: {what} is binary, not text")
    return text


def clean_text(text: str) -> str:
    """Line endings as \\n, no trailing spaces, paragraphs apart by exactly one blank line."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    joined = "\n".join(line.rstrip() for line in lines)
    return re.sub(r"\n{3,}", "\n\n", joined.lstrip("\ufeff")).strip()


def size(limit: int) -> str:
    if limit >= 1_000_000:
        return f"{limit / 1_000_000:g} MB"
    return f"{limit / 1000:g} kB" if limit >= 1000 else f"{limit} bytes"


def refused(message: str) -> SourceRefused:
    # A URL or file name comes from the user: keep the message on one line and of sane length.
    flat = " ".join(message.split())
    return SourceRefused(flat if len(flat) <= 300 else flat[:297] + "...")


def source_id_for(*, url: str | None = None, file: str | None = None, text: str = "") -> str:
    """A stable id: from the file name or the URL, so that adding the same article again
    finds it (and replaces it if its text changed); from the text when there is neither."""
    if file:
        base = Path(file).stem
    elif url:
        base = re.sub(r"^[a-z]+://(www\.)?", "", url.lower()).rstrip("/")
    else:
        return "text-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    slug = re.sub(r"[^a-z0-9]+", "-", base.lower()).strip("-")[:60].strip("-")
    return slug or "source-" + hashlib.sha256(base.encode()).hexdigest()[:12]
