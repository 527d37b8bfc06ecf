"""Passages as columns of numbers: what a build stores, memory-maps and searches.

A passage is offsets into its source's text plus who said it, so its text need not be
stored a second time: it is cut from the source when a passage is read. At a million
passages, JSON lines of `Passage` records took 21 s and 1.5 GB to load and were written
out whole by every add; these columns load in a fraction of a second (memory-mapped: a
question reads the rows it quotes) and an add copies 47 bytes a passage.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping, Sequence
from functools import cached_property, lru_cache
from pathlib import Path
from typing import overload

import numpy as np

from ..text.passages import Passage
from ..text.sources import Source
from .source_table import SourceTable

_NONE = -1  # no speaker, role or context
#: Passages kept built per table; a question reads about a hundred.
CACHED_PASSAGES = 4096
COLUMNS = np.dtype(
    [
        ("source", "<i4"),  # position in `source_ids`
        ("paragraph", "<i4"),
        ("start", "<i8"),
        ("end", "<i8"),
        ("context_start", "<i8"),
        ("speaker", "<i4"),  # position in `labels`
        ("role", "<i4"),  # position in `labels`
        ("direct", "?"),
        ("role_source", "i1"),  # 0: no role, 1: the article's, 2: the alias table's
        ("confidence", "u1"),  # the attribution's, in hundredths (index/attribution/speakers.py)
        ("said_on", "<i4"),  # the day it was said, as days since 1970-01-01
    ]
)
_EPOCH = dt.date(1970, 1, 1)
_ROLE_SOURCES = (None, "article", "config")


class PassageTable(Sequence[Passage]):
    """Passages in build order, read from columns; a `Sequence[Passage]` like a list."""

    def __init__(
        self,
        rows: np.ndarray,
        source_ids: Sequence[str],
        labels: Sequence[str],
        sources: Mapping[str, Source],
    ) -> None:
        self.rows = rows
        self.source_ids = list(source_ids)
        self.labels = list(labels)
        self._sources = sources
        # A question reads its candidates' passages several times (fusion, features, near
        # duplicates): 1.7 ms an answer at the seeds without this, for 77 reads.
        self._read = lru_cache(maxsize=CACHED_PASSAGES)(self._passage)
        # One column scan a person (a few ms at a million passages), then kept.
        self._of_speaker = lru_cache(maxsize=256)(self._speaker_positions)

    @classmethod
    def of(cls, passages: Sequence[Passage], sources: Mapping[str, Source]) -> PassageTable:
        """`passages` as a table that reads its texts from `sources` (a table's columns are
        kept, not converted back). A table taken from an earlier build still reads from that
        build's sources, which lack any added since: its rows must be read through these."""
        if isinstance(passages, PassageTable):
            return passages.with_sources(sources)
        return cls(np.zeros(0, dtype=COLUMNS), [], [], sources).extend(passages)

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, index: int) -> Passage: ...
    @overload
    def __getitem__(self, index: slice) -> PassageTable: ...
    def __getitem__(self, index: int | slice) -> Passage | PassageTable:
        if isinstance(index, slice):
            return self.take(np.arange(len(self))[index])
        return self._read(int(index) + len(self) if index < 0 else int(index))

    def _passage(self, index: int) -> Passage:
        row = self.rows[index].item()
        source, paragraph, start, end, context, speaker, role, direct, role_source, sure, said = row
        source_id = self.source_ids[source]
        return Passage(
            source_id=source_id,
            paragraph=paragraph,
            start=start,
            end=end,
            text=self._sources[source_id].text[start:end],
            speaker=self._label(speaker),
            speaker_role=self._label(role),
            direct=bool(direct),
            context_start=None if context == _NONE else context,
            role_source=_ROLE_SOURCES[role_source],
            confidence=sure / 100,
            said_on=None if said == _NONE else _EPOCH + dt.timedelta(days=said),
        )

    def __iter__(self) -> Iterator[Passage]:
        # past the cache: a walk through every passage would only evict what questions use
        return (self._passage(i) for i in range(len(self)))

    def take(self, positions: np.ndarray) -> PassageTable:
        """The passages at `positions`, in that order."""
        return PassageTable(self.rows[positions], self.source_ids, self.labels, self._sources)

    def from_sources(self, source_ids: set[str]) -> np.ndarray:
        """The positions of the passages of `source_ids`."""
        wanted = [i for i, source_id in enumerate(self.source_ids) if source_id in source_ids]
        return np.flatnonzero(np.isin(self.rows["source"], wanted))

    def rows_of(self, source_id: str) -> np.ndarray:
        """The positions of one source's passages, in build order (a binary search in the
        source column sorted once, not a scan: at a million passages a scan a lookup took
        milliseconds, and the bot looks one up for every Context click)."""
        if source_id not in self._source_number:
            return np.zeros(0, dtype=np.int64)
        order, ordered = self._by_source
        number = self._source_number[source_id]
        low, high = np.searchsorted(ordered, [number, number + 1])
        return np.sort(order[low:high])

    def at(self, source_id: str, start: int) -> int | None:
        """The position of the passage of `source_id` that starts at `start`, if any."""
        rows = self.rows_of(source_id)
        found = rows[np.asarray(self.rows["start"][rows]) == start]
        return int(found[0]) if len(found) else None

    def beside(self, passage: Passage, step: int) -> Passage | None:
        """The passage of `passage`'s source right before it (`step` -1) or after it (1), in
        the same paragraph with nothing but white space between them; None if there is none."""
        rows = self.rows_of(passage.source_id)
        starts, ends = self.rows["start"][rows], self.rows["end"][rows]
        found = rows[ends <= passage.start] if step < 0 else rows[starts >= passage.end]
        if not len(found):
            return None
        key = self.rows["end"][found] if step < 0 else -self.rows["start"][found]
        other = self[int(found[np.argmax(key)])]
        text = self._sources[passage.source_id].text
        gap = text[other.end : passage.start] if step < 0 else text[passage.end : other.start]
        return other if other.paragraph == passage.paragraph and not gap.strip() else None

    def speakers_between(self, first: Passage, then: Passage) -> frozenset[str | None] | None:
        """Who said the passages of `first`'s source that lie between `first` and `then`, or
        None where some text between them (more than white space) is in no passage."""
        rows = self.rows[self.rows_of(first.source_id)]
        inside = rows[(rows["start"] >= first.end) & (rows["end"] <= then.start)]
        inside = np.sort(inside, order="start")
        text, at = self._sources[first.source_id].text, first.end
        for start, end in zip(inside["start"].tolist(), inside["end"].tolist(), strict=True):
            if text[at:start].strip():
                return None
            at = end
        if text[at : then.start].strip():
            return None
        return frozenset(self._label(int(number)) for number in inside["speaker"])

    def speaker_counts(self) -> list[tuple[str, int]]:
        """Everyone quoted, with how many passages each speaks, most first (one pass over a
        column, kept with the table)."""
        return self._speaker_counts

    @cached_property
    def _speaker_counts(self) -> list[tuple[str, int]]:
        speakers = np.asarray(self.rows["speaker"])
        counts = np.bincount(speakers[speakers != _NONE], minlength=len(self.labels))
        said = [(self.labels[i], int(n)) for i, n in enumerate(counts) if n]
        return sorted(said, key=lambda item: -item[1])

    @cached_property
    def _source_number(self) -> dict[str, int]:
        return {source_id: i for i, source_id in enumerate(self.source_ids)}

    @cached_property
    def _by_source(self) -> tuple[np.ndarray, np.ndarray]:
        numbers = np.asarray(self.rows["source"])
        order = np.argsort(numbers, kind="stable")
        return order, numbers[order]

    def per_source(self) -> dict[str, int]:
        """How many passages each source gives (one pass over a column)."""
        counts = np.bincount(np.asarray(self.rows["source"]), minlength=len(self.source_ids))
        return {sid: int(n) for sid, n in zip(self.source_ids, counts, strict=True) if n}

    def of_speaker(self, name: str) -> np.ndarray:
        """The positions of `name`'s statements (canonical name)."""
        return self._of_speaker(name)

    def _speaker_positions(self, name: str) -> np.ndarray:
        if name not in self.labels:
            return np.zeros(0, dtype=np.int64)
        return np.flatnonzero(np.asarray(self.rows["speaker"]) == self.labels.index(name))

    def extend(self, passages: Sequence[Passage]) -> PassageTable:
        """This table with `passages` after it (the columns copied, not converted back)."""
        source_ids, labels = list(self.source_ids), list(self.labels)
        source_at = {source_id: i for i, source_id in enumerate(source_ids)}
        label_at = {label: i for i, label in enumerate(labels)}

        def number(value: str | None, table: list[str], at: dict[str, int]) -> int:
            if value is None:
                return _NONE
            if value not in at:
                at[value] = len(table)
                table.append(value)
            return at[value]

        added = np.zeros(len(passages), dtype=COLUMNS)
        for i, p in enumerate(passages):
            added[i] = (
                number(p.source_id, source_ids, source_at),
                p.paragraph,
                p.start,
                p.end,
                _NONE if p.context_start is None else p.context_start,
                number(p.speaker, labels, label_at),
                number(p.speaker_role, labels, label_at),
                p.direct,
                _ROLE_SOURCES.index(p.role_source),
                round(p.confidence * 100),
                _NONE if p.said_on is None else (p.said_on - _EPOCH).days,
            )
        rows = np.concatenate([np.asarray(self.rows), added])
        return PassageTable(rows, source_ids, labels, self._sources)

    def with_sources(self, sources: Mapping[str, Source]) -> PassageTable:
        return PassageTable(self.rows, self.source_ids, self.labels, sources)

    def save(self, folder: Path) -> None:
        np.save(folder / "passages.npy", np.ascontiguousarray(self.rows), allow_pickle=False)
        names = {"sources": self.source_ids, "labels": self.labels}
        (folder / "passages.json").write_text(json.dumps(names), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path, sources: Mapping[str, Source]) -> PassageTable:
        """The table saved in `folder`; raises ValueError if it does not fit `sources`."""
        names = json.loads((folder / "passages.json").read_text(encoding="utf-8"))
        rows = np.load(folder / "passages.npy", mmap_mode="r", allow_pickle=False)
        if rows.dtype != COLUMNS:
            raise ValueError("passages.npy has other columns than this version writes")
        table = cls(rows, [str(s) for s in names["sources"]], names["labels"], sources)
        table._check()
        return table

    def _check(self) -> None:
        """Every passage lies inside its source's text (read once, as whole columns)."""
        source = np.asarray(self.rows["source"])
        if len(source) and not (source.min() >= 0 and source.max() < len(self.source_ids)):
            raise ValueError("a passage names no known source")
        # A source removed since an earlier build may stay named here, with no passages.
        lengths = np.asarray([self._length(s) for s in self.source_ids] + [-1])
        if len(source) and bool(np.any(lengths[source] < 0)):
            raise ValueError("a passage's source is not in the build")
        start, end = np.asarray(self.rows["start"]), np.asarray(self.rows["end"])
        inside = (start >= 0) & (start < end) & (end <= lengths[source])
        if len(source) and not bool(np.all(inside)):
            raise ValueError("a passage lies outside its source's text")
        for column in ("speaker", "role"):
            values = np.asarray(self.rows[column])
            if len(values) and not (values.min() >= _NONE and values.max() < len(self.labels)):
                raise ValueError(f"a passage's {column} is not in the table")

    def _length(self, source_id: str) -> int:
        if isinstance(self._sources, SourceTable):  # without decoding every text
            return self._sources.length(source_id)
        source = self._sources.get(source_id)
        return -1 if source is None else len(source.text)

    def _label(self, number: int) -> str | None:
        return None if number == _NONE else self.labels[number]
