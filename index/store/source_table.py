"""Sources as a build stores them: every text in one file, read when a quote needs it.

A passage is cut from its source's text, so a build keeps every source. At a million passages
(35,600 articles, 213 MB of text) they were JSON lines, read, parsed and hashed whole: about
three quarters of loading the build, which took 1.8 to 2.3 s. Here the texts are one UTF-8
file (`sources.txt`, memory-mapped) and `sources.json` holds each source's metadata and where
its text lies: loading reads the metadata only (the whole build now loads in 0.26 to 0.30 s),
and a question decodes the few sources it quotes (0.35 ms for the first read of one).

A source's text is checked against the hash the manifest recorded when it is first read,
not all at load: a text changed on disk would shift every quote cut from it, and a check at
first use still refuses it before any quote is shown.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import mmap
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import IndexCorrupt
from ..text.sources import Source

#: Sources kept decoded; an answer quotes a handful, a timeline or an eval reads them all once.
CACHED_SOURCES = 1024


class SourceTable(Mapping[str, Source]):
    """The sources of a build by id, decoded on first use; a `Mapping[str, Source]`."""

    def __init__(
        self,
        folder: Path,
        records: dict[str, dict[str, Any]],
        hashes: Mapping[str, str],
        texts: mmap.mmap | bytes,
    ) -> None:
        self._folder = folder
        self._records = records
        self._hashes = hashes
        self._texts = texts
        self._read = lru_cache(maxsize=CACHED_SOURCES)(self._source)

    @staticmethod
    def write(folder: Path, sources: Iterable[Source]) -> None:
        """Write `sources` into `folder` (sources.txt and sources.json)."""
        records = {}
        offset = 0
        with open(folder / "sources.txt", "wb") as texts:
            for source in sources:
                encoded = source.text.encode("utf-8")
                texts.write(encoded)
                records[source.id] = {
                    **source.metadata(),
                    "file": source.file,
                    "bytes": [offset, offset + len(encoded)],
                    "chars": len(source.text),
                }
                offset += len(encoded)
        (folder / "sources.json").write_text(json.dumps(records), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path, hashes: Mapping[str, str]) -> SourceTable:
        """The sources saved in `folder`, each to be checked against `hashes` (id -> sha256,
        the manifest's) when read; raises ValueError if they are not the same sources."""
        records = json.loads((folder / "sources.json").read_text(encoding="utf-8"))
        if not isinstance(records, dict) or set(records) != set(hashes):
            raise ValueError("sources.json does not hold the sources of the manifest")
        # Mapped now, not at first use: a later build may remove this folder while a running
        # bot still answers from it, and a mapping outlives the file's name.
        with open(folder / "sources.txt", "rb") as handle:
            size = handle.seek(0, 2)
            # Same size or not, a changed text is caught when read; another size, at once.
            if size != max((int(r["bytes"][1]) for r in records.values()), default=0):
                raise ValueError("sources.txt is not the size sources.json gives")
            texts = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
        return cls(folder, records, hashes, texts)

    def length(self, source_id: str) -> int:
        """How many characters the source's text has (without reading it), -1 if unknown."""
        record = self._records.get(source_id)
        return -1 if record is None else int(record["chars"])

    def __getitem__(self, source_id: str) -> Source:
        if source_id not in self._records:
            raise KeyError(source_id)
        return self._read(source_id)

    def __iter__(self) -> Iterator[str]:
        return iter(self._records)

    def __len__(self) -> int:
        return len(self._records)

    def _source(self, source_id: str) -> Source:
        record = self._records[source_id]
        start, end = record["bytes"]
        try:
            text = self._texts[start:end].decode("utf-8")
        except (TypeError, ValueError) as error:  # UnicodeDecodeError is a ValueError
            raise IndexCorrupt(f"cannot read source {source_id!r} ({error})") from None
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != self._hashes[source_id]:
            raise IndexCorrupt(
                f"the text of source {source_id!r} in {self._folder} differs from the one "
                "indexed; run `parley index` to rebuild it"
            )
        return _source(source_id, record, text)


def load_sources(folder: Path, hashes: Mapping[str, str]) -> Mapping[str, Source]:
    """The sources of the build in `folder`, which must be those of `hashes` (id -> sha256,
    the manifest's); raises ValueError if they are not."""
    if (folder / "sources.json").exists():
        return SourceTable.load(folder, hashes)
    # Builds before the source table kept whole sources as JSON lines. They still load (a
    # large library should not need embedding again for this), checked whole, and the next
    # build writes the table.
    sources = {}
    for line in (folder / "sources.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            sources[str(record["id"])] = _source(str(record["id"]), record, str(record["text"]))
    if {source_id: source.sha256 for source_id, source in sources.items()} != dict(hashes):
        raise ValueError("sources.jsonl has sources that differ from its manifest")
    return sources


def _source(source_id: str, record: Mapping[str, Any], text: str) -> Source:
    published = record.get("published")
    return Source(
        id=source_id,
        text=text,
        title=record.get("title"),
        author=record.get("author"),
        url=record.get("url"),
        published=dt.date.fromisoformat(published) if published else None,
        file=record.get("file"),
        outlet=record.get("outlet"),
        published_estimated=bool(record.get("published_estimated", False)),
        language_note=record.get("language_note"),
    )
