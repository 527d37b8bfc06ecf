"""Scoring the timeline against hand-labelled sets (eval/README.md defines each figure).

Two forms of labelled sentence are read. The seed articles' sets give each sentence by its
words (`"sentence": "..."`, found in the article with white space free to differ); the sets
on the real library, whose text may not be copied into the project, give it by place
(`"start"`, `"end"`: offsets into the article) with an `evidence_span` by offsets for each
event. Both are read into the same `LabelledSentence`, so one scorer serves both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ParleyError
from ..text.lexicon import fold
from ..text.paragraphs import paragraphs
from ..text.sources import Source
from ..timeline.dates import dated_sentences
from ..timeline.events import Event
from .labels import read_jsonl

DateKey = tuple[str, str | None, str]  # (date, end date, precision), ISO strings


@dataclass(frozen=True)
class LabelledEvent:
    date: str  # ISO; the first day of the month or year for those precisions
    precision: str  # "day", "month", "year" or "range"
    end_date: str | None  # only for "range"
    planned: bool

    @property
    def key(self) -> DateKey:
        return self.date, self.end_date, self.precision


@dataclass(frozen=True)
class LabelledSentence:
    source: str  # the article's id
    start: int  # offsets into its text
    end: int
    events: tuple[LabelledEvent, ...]  # none: the sentence reports no dated event


@dataclass(frozen=True)
class TimelineScore:
    date_precision: float  # of the events on sentences that report one, the share dated right
    event_precision: float  # of the events on labelled sentences, the share on one that reports one
    recall: float  # of the labelled events, the share found on their sentence with their date
    events: int  # labelled
    sentences: int  # labelled and found in the library
    wrong: tuple[str, ...]  # what was dated wrong, or listed though no event
    missed: tuple[str, ...]  # labelled events not listed with their date


def load_sample(path: Path, sources: Sequence[Source]) -> list[LabelledSentence]:
    """The labelled sentences of `path` whose article is among `sources` (a library may lack
    some; the others are left out, and `TimelineScore.sentences` says how many were read)."""
    by_id = {s.id: s for s in sources}
    labelled = []
    for row in read_jsonl(path):
        source = by_id.get(Path(str(row["source"])).stem)
        if source is None:
            continue
        try:
            labelled.append(_labelled(row, source))
        except (KeyError, TypeError, ValueError) as error:
            raise ParleyError(f"{path}: a labelled sentence is malformed: {error}") from None
    return labelled


def _labelled(row: dict[str, Any], source: Source) -> LabelledSentence:
    if "sentence" in row:  # by its words
        pattern = r"\s+".join(re.escape(w) for w in str(row["sentence"]).split())
        found = re.search(pattern, source.text)
        if found is None:
            raise ParleyError(f"labelled sentence not in {source.id}: {row['sentence'][:60]!r}")
        start, end = found.span()
    else:  # by place
        start, end = int(row["start"]), int(row["end"])
        if not 0 <= start < end <= len(source.text) or source.text[start:end] != (
            source.text[start:end].strip()
        ):
            raise ParleyError(f"labelled span {start}-{end} is not a sentence of {source.id}")
    events = []
    for label in row["events"]:
        span = label.get("evidence_span")
        if span is not None and not start <= int(span["start"]) < int(span["end"]) <= end:
            raise ParleyError(f"evidence {span} lies outside its sentence {start}-{end}")
        events.append(
            LabelledEvent(
                str(label["date"]),
                str(label["precision"]),
                label.get("end_date"),
                bool(label.get("planned", False)),
            )
        )
    return LabelledSentence(source.id, start, end, tuple(events))


def score_timeline_sample(
    events: Sequence[Event], gold_path: Path, sources: Sequence[Source]
) -> TimelineScore:
    """The timeline against a hand-labelled sample of sentences: for each, the events it
    reports and their dates (eval/README.md). An event is on the labelled sentence it shares
    most of its own sentence with, at least half of it or its opening: sentences may be cut
    differently."""
    placed = load_sample(gold_path, sources)
    told: list[tuple[Event, int]] = []  # (event, the labelled sentence it is on)
    for event in events:
        for where in event.sources:
            shared = [
                (min(label.end, where.end) - max(label.start, where.start), at)
                for at, label in enumerate(placed)
                if label.source == where.id
            ]
            # most of the event's sentence, or its opening: a label may stop where a
            # quotation's first sentence does, inside the sentence Parley keeps whole
            mostly = [
                (n, at)
                for n, at in shared
                if n > 0 and (2 * n >= where.end - where.start or placed[at].start == where.start)
            ]
            if mostly:
                told.append((event, max(mostly)[1]))
    on_events = [(e, at) for e, at in told if placed[at].events]
    right = 0
    wrong = []
    for event, at in told:
        labels = placed[at].events
        mine = _key(event)
        place = f"{placed[at].source}@{placed[at].start}"
        if not labels:
            wrong.append(f"not an event ({place}): {event.date} {event.text[:70]!r}")
        elif any(mine == label.key for label in labels):
            right += 1
        else:
            wanted = ", ".join(_shown(label.key) for label in labels)
            wrong.append(f"dated {_shown(mine)}, labelled {wanted} ({place}): {event.text[:60]!r}")
    missed = []
    count = 0
    for at, sentence in enumerate(placed):
        for label in sentence.events:
            count += 1
            if not any(t_at == at and _key(e) == label.key for e, t_at in told):
                missed.append(f"{_shown(label.key)} ({sentence.source}@{sentence.start})")
    return TimelineScore(
        right / len(on_events) if on_events else 0.0,
        len(on_events) / len(told) if told else 0.0,
        (count - len(missed)) / count if count else 0.0,
        count,
        len(placed),
        tuple(wrong),
        tuple(missed),
    )


def _key(event: Event) -> DateKey:
    end = event.end_date.isoformat() if event.end_date else None
    return event.date.isoformat(), end, event.precision


def _shown(key: DateKey) -> str:
    date, end, precision = key
    return f"{date}..{end}" if end else f"{date} ({precision})"


def timeline_recall(events: Sequence[Event], gold_path: Path) -> float:
    """The share of the listed events found with their exact date, in a sentence from their
    article that contains the evidence phrase (eval/timeline.jsonl)."""
    rows = read_jsonl(gold_path)
    found = sum(1 for row in rows if _has_event(events, row))
    return found / len(rows) if rows else 0.0


def _has_event(events: Sequence[Event], row: dict[str, Any]) -> bool:
    evidence = " ".join(fold(row["evidence"]).split())
    return any(
        e.date.isoformat() == row["date"]
        and s.id == Path(row["source"]).stem
        and evidence in " ".join(fold(s.text).split())
        for e in events
        for s in e.sources
    )


def year_only_but_finer(events: Iterable[Event], sources: Sequence[Source]) -> list[Event]:
    """Events dated to a year alone although their sentence or its paragraph names a finer
    date (a day, a month or a range) in that same year: the issue's "no event with a
    year-only date that the article states more precisely"."""
    by_id = {s.id: s for s in sources}
    finer: dict[str, list[tuple[int, int, int]]] = {}  # id -> (start, end, year) of each
    flagged = []
    for event in events:
        if event.precision != "year":
            continue
        for where in event.sources:
            source = by_id.get(where.id)
            if source is None:
                continue
            if source.id not in finer:
                finer[source.id] = [
                    (m.start, m.end, m.date.year)
                    for s in dated_sentences(source)
                    for m in s.mentions
                    if m.precision != "year"
                ]
            paragraph = next(
                (p for p in paragraphs(source) if p.start <= where.start < p.end), None
            )
            lo, hi = (paragraph.start, paragraph.end) if paragraph else (where.start, where.end)
            if any(lo <= a < hi and year == event.date.year for a, _, year in finer[source.id]):
                flagged.append(event)
                break
    return flagged


#: The labelled samples and the library each is on: file stem prefix, name in the figures.
SAMPLES = (
    ("timeline-sample", "seeds"),
    ("timeline-talks", "talks"),
    ("timeline-talks2", "talks2"),
    ("timeline-talks3", "talks3"),
    ("timeline-talks4", "talks4"),
    ("timeline-polnear", "polnear"),
)


def timeline_figures(
    events: Sequence[Event], sources: Sequence[Source], eval_dir: Path
) -> tuple[dict[str, float], list[str]]:
    """Every timeline figure there is a labelled set for in `eval_dir` and articles for in
    `sources`, by name (`timeline_<library>_<half>_<figure>`), and one line per miss."""
    figures: dict[str, float] = {}
    misses: list[str] = []
    gold = eval_dir / "timeline.jsonl"
    if gold.exists():
        figures["timeline_recall"] = timeline_recall(events, gold)
    for prefix, library in SAMPLES:
        for half in ("tuning", "test"):
            path = eval_dir / f"{prefix}-{half}.jsonl"
            if not path.exists():
                continue
            told = score_timeline_sample(events, path, sources)
            if not told.sentences:
                continue  # its articles are not in this library
            name = f"timeline_{library}_{half}"
            figures[f"{name}_date_precision"] = told.date_precision
            figures[f"{name}_event_precision"] = told.event_precision
            figures[f"{name}_recall"] = told.recall
            misses += [f"{name}: {line}" for line in told.wrong]
            misses += [f"{name}: missed {line}" for line in told.missed]
    coarse = year_only_but_finer(events, sources)
    figures["timeline_year_only_but_finer"] = float(len(coarse))
    misses += [f"year only, finer date beside it: {e.text[:70]!r}" for e in coarse]
    return figures, misses
