"""Reading an article from a file: a regular file inside the folder given, size capped."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .drafts import (
    HTML_SUFFIXES,
    TEXT_SUFFIXES,
    Draft,
    clean_text,
    decode,
    from_html,
    meta_charset,
    refused,
    size,
)


def read_file(path: Path, *, max_bytes: int, within: Path | None = None) -> Draft:
    """A .txt or .md file kept as text, or a .html/.htm file cut down to its article. A
    symbolic link is followed only to a file inside `within` (default: the folder `path` is
    in): a link named passwd.txt that leads to /etc/passwd is refused, not read."""
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES:
        raise refused(f"refused: {path.name} is not a .txt, .md, .html or .htm file")
    data = _read_regular_file(path, (within or path.absolute().parent).resolve(), max_bytes)
    if suffix in HTML_SUFFIXES:
        html = decode(data, declared=meta_charset(data), what=str(path))
        return from_html(html, url=None, where=str(path))
    text = clean_text(decode(data, declared=None, what=str(path)))
    if not text:
        raise refused(f"refused: {path} has no text")
    return Draft(text)


def _read_regular_file(path: Path, folder: Path, max_bytes: int) -> bytes:
    """The bytes of `path`, which must be a regular file inside `folder` once links are
    followed, and at most `max_bytes` long."""
    try:
        real = path.resolve(strict=True)
    except FileNotFoundError:
        raise refused(f"refused: {path} does not exist") from None
    except (OSError, RuntimeError) as error:  # RuntimeError: a loop of links
        raise refused(f"refused: cannot read {path}: {error}") from None
    if not real.is_relative_to(folder):
        raise refused(f"refused: {path} is a link to {real}, outside {folder}")
    try:
        # Opened without following a link (it was resolved above: one swapped in since is
        # refused) and without blocking (a FIFO named *.txt would wait for a writer), then
        # checked as what was opened: a device or FIFO is no article.
        fd = os.open(real, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as error:
        raise refused(f"refused: cannot read {path}: {error.strerror or error}") from None
    status = os.fstat(fd)
    if not stat.S_ISREG(status.st_mode):
        os.close(fd)
        raise refused(f"refused: {path} is not a regular file")
    with os.fdopen(fd, "rb") as handle:
        if status.st_size > max_bytes:
            raise refused(f"refused: {path} is larger than {size(max_bytes)}")
        try:
            data = handle.read(max_bytes + 1)
        except OSError as error:
            raise refused(f"refused: cannot read {path}: {error.strerror or error}") from None
    if len(data) > max_bytes:  # it grew between fstat() and read()
        raise refused(f"refused: {path} is larger than {size(max_bytes)}")
    return data
