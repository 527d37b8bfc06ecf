"""Ingest: untrusted input (a file, pasted text, a web page) turned into an article draft.

Everything here handles content Parley did not write, so sizes are capped before reading,
encodings are detected rather than assumed, HTML is cut down to its article text, and a URL is
fetched only after every address its host resolves to has been checked (`web`). Every
refusal is a `SourceRefused` whose message is one line that says why.
"""

from __future__ import annotations

from pathlib import Path

from ..settings import SourceSettings
from .drafts import Draft
from .files import read_file
from .web import UrlGuard, fetch_url


def read_article(location: str, limits: SourceSettings, within: Path | None = None) -> Draft:
    """The article at a web address, or in a file (a link followed only inside `within`,
    default the file's folder), within the size, time and address limits given."""
    if "://" in location:
        guard = UrlGuard(allow_private=limits.allow_private_urls)
        return fetch_url(
            location, guard=guard, max_bytes=limits.max_bytes, timeout=limits.fetch_timeout
        )
    return read_file(Path(location), max_bytes=limits.max_bytes, within=within)
