"""The registry: every source in the library, with its text, in SQLite in the data directory.

The registry is the source of truth for what the library holds; the index is derived from it
and can always be rebuilt from it without the network (the article text is stored here).
The seed articles are registered on first use only, so a seed an admin removed stays removed.
A registry found empty where a build exists (deleted, or truncated to nothing) is filled from
that build's sources, never with the seeds: a sync would otherwise drop every article added
since (see `Library`). A damaged one is refused with a message that says how to recover.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ..errors import ParleyError, RegistryDamaged, SourceError, StorageError
from ..text.sources import Source, load_seeds

if TYPE_CHECKING:
    pass

Change = Literal["added", "replaced", "unchanged"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sources (
    id TEXT PRIMARY KEY,
    title TEXT,
    author TEXT,
    outlet TEXT,
    url TEXT,
    published TEXT,
    content_hash TEXT NOT NULL,
    added_by TEXT,
    added_at TEXT NOT NULL,
    file TEXT,
    text TEXT NOT NULL,
    published_estimated INTEGER NOT NULL DEFAULT 0,
    language_note TEXT
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
#: Columns added since the first registries were made: added to those when opened.
_ADDED = (
    ("published_estimated", "INTEGER NOT NULL DEFAULT 0"),
    ("language_note", "TEXT"),
)


@dataclass(frozen=True)
class Entry:
    """A registered source with who added it and when."""

    source: Source
    added_by: str | None
    added_at: str


class Registry:
    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StorageError(f"cannot make the data directory {path.parent}: {error}") from None
        with self._connect() as db:
            db.executescript(_SCHEMA)
            have = {row[1] for row in db.execute("PRAGMA table_info(sources)")}
            for column, kind in _ADDED:
                if column not in have:
                    db.execute(f"ALTER TABLE sources ADD COLUMN {column} {kind}")
                    # what the seeds' metadata says is read again (Library._registered)
                    db.execute("INSERT OR REPLACE INTO meta VALUES ('reread_seeds', ?)", (_now(),))

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        # One connection per operation: the bot reads from worker threads while an admin
        # command writes; SQLite's own locking keeps each transaction whole.
        try:
            db = sqlite3.connect(self.path, timeout=30)
            try:
                with db:  # commit on success, roll back on error
                    yield db
            finally:
                db.close()
        except sqlite3.DatabaseError as error:
            raise _registry_error(self.path, error) from None

    def take_reread_flag(self) -> bool:
        """Whether columns were added since the seeds were registered (then their metadata
        is to be read again); asking clears it."""
        with self._connect() as db:
            found = db.execute("DELETE FROM meta WHERE key = 'reread_seeds'").rowcount > 0
        return found

    def refresh_metadata(self, sources: Iterable[Source]) -> None:
        """Update what is known of registered sources with the same text (not the text)."""
        with self._connect() as db:
            for source in sources:
                db.execute(
                    "UPDATE sources SET published_estimated = ?, language_note = ?,"
                    " outlet = COALESCE(outlet, ?) WHERE id = ? AND content_hash = ?",
                    (
                        int(source.published_estimated),
                        source.language_note,
                        source.outlet,
                        source.id,
                        source.sha256,
                    ),
                )

    def filled(self) -> bool:
        """Whether the registry has been filled once (with the seeds, or from a build)."""
        with self._connect() as db:
            return db.execute("SELECT 1 FROM meta WHERE key = 'seeded'").fetchone() is not None

    def ensure_seeded(self, seeds_dir: Path) -> int:
        """Register the seed articles the first time the registry is used; later calls do
        nothing. Returns how many were registered."""
        if self.filled():
            return 0
        return self.fill(load_seeds(seeds_dir), "seeds")

    def fill(self, sources: Iterable[Source], added_by: str) -> int:
        """Register `sources` as the library's first (the seeds, or a build's when the registry
        was lost) and mark the registry filled; returns how many."""
        count = 0
        with self._connect() as db:
            for source in sources:
                self._put(db, source, added_by)
                count += 1
            db.execute("INSERT OR REPLACE INTO meta VALUES ('seeded', ?)", (_now(),))
        return count

    def add(self, source: Source, added_by: str | None) -> Change:
        """Register `source`; the same text again changes nothing, a new text replaces it."""
        if not source.text.strip():
            raise SourceError(f"refused: {source.id} has no text")
        with self._connect() as db:
            row = db.execute(
                "SELECT content_hash FROM sources WHERE id = ?", (source.id,)
            ).fetchone()
            if row and row[0] == source.sha256:
                return "unchanged"
            self._put(db, source, added_by)
        return "replaced" if row else "added"

    def remove(self, source_id: str) -> bool:
        with self._connect() as db:
            return db.execute("DELETE FROM sources WHERE id = ?", (source_id,)).rowcount > 0

    def get(self, source_id: str) -> Entry | None:
        with self._connect() as db:
            row = db.execute(f"SELECT {_COLUMNS} FROM sources WHERE id = ?", (source_id,))
            found = row.fetchone()
        return _entry(found) if found else None

    def find(self, typed: str) -> Entry | None:
        """The source a member names: by id, or in any form it is shown (see Source.known_as)."""
        found = self.get(typed.strip())
        if found is None:
            found = next((e for e in self.entries() if e.source.known_as(typed)), None)
        return found

    def entries(self) -> list[Entry]:
        with self._connect() as db:
            rows = db.execute(f"SELECT {_COLUMNS} FROM sources ORDER BY published, id").fetchall()
        return [_entry(row) for row in rows]

    def hashes(self) -> dict[str, str]:
        """Each source's id and the hash of its text, without reading the texts."""
        with self._connect() as db:
            return dict(db.execute("SELECT id, content_hash FROM sources").fetchall())

    def sources(self) -> list[Source]:
        return [entry.source for entry in self.entries()]

    @staticmethod
    def _put(db: sqlite3.Connection, source: Source, added_by: str | None) -> None:
        db.execute(
            f"INSERT OR REPLACE INTO sources ({_STORED}) VALUES ({', '.join('?' * 13)})",
            (
                source.id,
                source.title,
                source.author,
                source.outlet,
                source.url,
                source.published.isoformat() if source.published else None,
                source.sha256,
                added_by,
                _now(),
                source.file,
                source.text,
                int(source.published_estimated),
                source.language_note,
            ),
        )


_STORED = (
    "id, title, author, outlet, url, published, content_hash, added_by, added_at, file, text,"
    " published_estimated, language_note"
)
_COLUMNS = (
    "id, title, author, outlet, url, published, added_by, added_at, file, text,"
    " published_estimated, language_note"
)


def _entry(row: tuple[Any, ...]) -> Entry:
    source_id, title, author, outlet, url, published, added_by, added_at, file, text = row[:10]
    estimated, note = row[10:]
    assert source_id is not None and text is not None and added_at is not None
    return Entry(
        Source(
            id=source_id,
            text=text,
            title=title,
            author=author,
            url=url,
            published=dt.date.fromisoformat(published) if published else None,
            file=file,
            outlet=outlet,
            published_estimated=bool(estimated),
            language_note=note,
        ),
        added_by,
        added_at,
    )


def _registry_error(path: Path, error: sqlite3.DatabaseError) -> ParleyError:
    """One line a person can act on, by SQLite's own reason (Python 3.11 names it)."""
    reason = getattr(error, "sqlite_errorname", "")
    if reason in ("SQLITE_CORRUPT", "SQLITE_NOTADB"):
        return RegistryDamaged(
            f"the library registry {path} is damaged ({error}); move it aside "
            f"(mv {path} {path}.damaged) and run again: Parley rebuilds it from the index"
        )
    if reason == "SQLITE_FULL":
        return StorageError(f"cannot write the library registry {path}: the disk is full")
    return ParleyError(f"cannot use the library registry {path}: {error}")


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
