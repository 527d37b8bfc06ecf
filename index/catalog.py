"""What the library holds, as its front doors show it: a source in detail, a person's
statements, a passage by where it stands, who is quoted how often.

Each is read off the build's columns and their indexes (PassageTable), never by walking every
passage: a walk read and decoded each one, seconds at a million passages, and the bot did it
on its event loop for every autocomplete after a reindex.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .answers import Answer, Quote, joined
from .errors import BadQuestion
from .store.builds import StoredIndex
from .text.lexicon import fold, keywords
from .text.names import Names
from .text.paragraphs import paragraphs
from .text.sources import Source

#: How many passages the topic search proposes for a person's statements on a topic; the
#: person's own among them are kept.
TOPIC_DEPTH = 25


@dataclass(frozen=True)
class Statements:
    """What one person is quoted saying, oldest first."""

    person: str  # the name Parley shows
    role: str | None
    topic: str | None
    quotes: tuple[Quote, ...]  # oldest first: by the day said, else the article's date
    total: int  # all of the person's passages, whatever the topic


@dataclass(frozen=True)
class SourceSummary:
    """One source as the library holds it: how many passages it gives and who it quotes."""

    source: Source
    passages: int
    speakers: tuple[tuple[str, int], ...] = ()  # most quoted first
    opening: str = ""  # its first body paragraph, white space folded


def statements(
    index: StoredIndex,
    names: Names,
    person: str,
    topic: str | None,
    gone: frozenset[str],
    ask: Callable[[str, int], Answer],
) -> Statements | None:
    """Every passage where `person` (any spelling) speaks, about `topic` if given, oldest
    first; None if the library quotes no one by that name. `ask` answers a question (the
    topic is found by the search's own sense of it as well as by its words)."""
    known = names.resolve(person)
    asked = known.name if known else " ".join(person.split())
    passages = index.passages
    speakers = [name for name, _ in passages.speaker_counts() if names.same_speaker(name, asked)]
    rows = [int(row) for name in speakers for row in passages.of_speaker(name)]
    said = [passages[row] for row in sorted(rows)]
    said = [p for p in said if p.source_id not in gone]
    if not said:
        return None
    spoken = Counter(p.speaker for p in said if p.speaker)
    name = known.name if known else spoken.most_common(1)[0][0]
    roles = Counter(p.speaker_role for p in said if p.speaker_role)
    role = known.role if known and known.role else (roles.most_common(1)[0][0] if roles else None)
    chosen = said
    if topic:
        words = keywords(topic)
        try:
            answer: Answer | None = ask(f"What did {name} say about {topic}?", TOPIC_DEPTH)
        except BadQuestion:  # a topic too long to ask about: its words alone then
            answer = None
        found = {(q.passage.source_id, q.passage.start) for q in answer.quotes} if answer else set()
        chosen = [p for p in said if (p.source_id, p.start) in found or words & keywords(p.text)]
    sources = index.sources

    def when(p: Quote) -> tuple[dt.date, str, int]:
        # the day it was said where the article tells it, else the article's own
        said = p.passage.said_on or p.source.published or dt.date.max
        return (said, p.passage.source_id, p.passage.start)

    quotes = sorted((Quote(p, sources[p.source_id], 0.0) for p in chosen), key=when)
    return Statements(name, role, topic, tuple(quotes), len(said))


def speakers_matching(index: StoredIndex, names: Names, typed: str) -> list[tuple[str, int]]:
    """The people quoted whose name holds what was typed, or who are the person it spells,
    with how many passages each speaks, most first (every one when nothing is typed)."""
    folded = fold(typed.strip())
    known = names.resolve(typed) if folded else None
    return [
        (name, count)
        for name, count in index.passages.speaker_counts()
        if folded in fold(name) or (known is not None and known.name == name)
    ]


def quote_at(
    index: StoredIndex, source_id: str, start: int, end: int | None = None
) -> Quote | None:
    """The passage of `source_id` that starts at `start`, as a quote (no score); with `end`,
    the passages from there to `end` as an answer joined them (`answers.joined`), so that a
    joined quote's context shows all of it in bold, not its first piece alone."""
    source = index.sources.get(source_id)
    row = index.passages.at(source_id, start)
    if source is None or row is None:
        return None
    first = Quote(index.passages[row], source, 0.0)
    if end is None or end <= first.passage.end:
        return first
    rows = index.passages.rows_of(source_id)
    columns = index.passages.rows[rows]
    within = rows[(columns["start"] >= start) & (columns["end"] <= end)]
    inside = sorted((index.passages[int(r)] for r in within), key=lambda p: p.start)
    whole = joined((Quote(p, source, 0.0) for p in inside), end - start)
    # passages an answer could not have joined (a reindex split the article otherwise)
    return whole[0] if len(whole) == 1 and whole[0].passage.end == end else first


def shown_sources(index: StoredIndex, gone: frozenset[str]) -> list[Source]:
    """The build's sources that the library still holds, oldest first."""
    kept = (s for s in index.sources.values() if s.id not in gone)
    return sorted(kept, key=lambda s: (s.published or dt.date.max, s.id))


def find_source(sources: Iterable[Source], typed: str) -> Source | None:
    """The source with this id, file name or headline (what a member may paste)."""
    key = typed.strip()
    listed = list(sources)
    exact = next((s for s in listed if s.id == key), None)
    if exact is not None:
        return exact
    folded = fold(key)
    return next((s for s in listed if folded in (fold(s.file or ""), fold(s.label))), None)


def summary(index: StoredIndex, source: Source) -> SourceSummary:
    """`source` with its passage count, who it quotes, and how it opens."""
    rows = index.passages.rows_of(source.id)
    said = Counter(index.passages[int(row)].speaker for row in rows)
    said.pop(None, None)
    spans = paragraphs(source)
    opening = " ".join(source.text[spans[0].start : spans[0].end].split()) if spans else ""
    speakers = tuple((str(name), count) for name, count in said.most_common())
    return SourceSummary(source, len(rows), speakers, opening)
