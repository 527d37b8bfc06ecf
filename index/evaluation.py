"""Evaluation: the figures defined in eval/README.md, over a question set with known answers.

The sets check the method; nothing in Parley may special-case a question in them.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .answers import Answer
from .dates import dated_sentences
from .errors import ParleyError
from .names import fold
from .passages import Passage
from .sources import Source
from .timeline import Event

SamePerson = Callable[[str | None, str], bool]


@dataclass(frozen=True)
class Span:
    """Evidence given by place rather than words, for articles whose text may not be copied
    into the project: a passage of `source` that holds [start, end) answers."""

    source: str
    start: int
    end: int


@dataclass(frozen=True)
class EvalQuestion:
    id: str
    kind: str
    question: str
    evidence: tuple[str, ...]
    speaker: str | None
    abstain: bool
    spans: tuple[Span, ...] = ()

    def answered_by(self, passage: Passage) -> bool:
        """Whether `passage` holds one of the evidence phrases or spans."""
        return contains_evidence(passage.text, self.evidence) or any(
            span.source == passage.source_id
            and passage.start <= span.start < span.end <= passage.end
            for span in self.spans
        )


@dataclass(frozen=True)
class EvalReport:
    figures: dict[str, float]
    misses: tuple[str, ...]


def load_questions(path: Path) -> list[EvalQuestion]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
        return [_question(json.loads(line)) for line in lines if line.strip()]
    except (OSError, ValueError, KeyError) as error:
        raise ParleyError(f"cannot read question set {path}: {error}") from None


def _question(data: dict) -> EvalQuestion:
    return EvalQuestion(
        id=str(data["id"]),
        kind=str(data.get("kind", "")),
        question=str(data["question"]),
        evidence=tuple(data.get("evidence") or ()),
        speaker=data.get("speaker"),
        abstain=bool(data.get("abstain", False)),
        spans=tuple(
            Span(Path(str(span["source"])).stem, int(span["start"]), int(span["end"]))
            for span in data.get("evidence_spans") or ()
        ),
    )


_STRAIGHT = str.maketrans("“”„‘’", '"""\'\'')


def normalize(text: str) -> str:
    """Case folded, runs of white space as one space, curly quotes and apostrophes straight."""
    text = text.translate(_STRAIGHT)
    return re.sub(r"\s+", " ", text).strip().casefold()


def contains_evidence(text: str, evidence: Iterable[str]) -> bool:
    haystack = normalize(text)
    return any(normalize(phrase) in haystack for phrase in evidence)


def evaluate(results: list[tuple[EvalQuestion, Answer]], same_person: SamePerson) -> EvalReport:
    in_scope = [(q, a) for q, a in results if not q.abstain]
    with_speaker = [(q, a) for q, a in in_scope if q.speaker]
    misses: list[str] = []

    def hit(q: EvalQuestion, a: Answer, depth: int) -> bool:
        return not a.abstained and any(q.answered_by(quote.passage) for quote in a.quotes[:depth])

    hits1 = hits3 = speakers1 = abstain_right = 0
    for q, a in results:
        if a.abstained == q.abstain:
            abstain_right += 1
        else:
            misses.append(
                f"abstain {q.id}: {'abstained' if a.abstained else 'answered'} {q.question!r}"
                + _first(a)
            )
    for q, a in in_scope:
        if hit(q, a, 1):
            hits1 += 1
        elif not a.abstained:
            misses.append(f"hit@1 {q.id}: {q.question!r}" + _first(a))
        if hit(q, a, 3):
            hits3 += 1
        elif not a.abstained:
            misses.append(f"hit@3 {q.id}: {q.question!r}")
    for q, a in with_speaker:
        assert q.speaker is not None
        if hit(q, a, 1) and same_person(a.quotes[0].passage.speaker, q.speaker):
            speakers1 += 1
        elif hit(q, a, 1):
            misses.append(
                f"speaker@1 {q.id}: expected {q.speaker}, got {a.quotes[0].passage.speaker}"
            )
    answered = [len(a.quotes[0].passage.text) for _, a in results if a.quotes]
    figures = {
        "hit@1": _share(hits1, len(in_scope)),
        "hit@3": _share(hits3, len(in_scope)),
        "speaker@1": _share(speakers1, len(with_speaker)),
        "abstain_acc": _share(abstain_right, len(results)),
        "quote_chars_p50": float(statistics.median(answered)) if answered else 0.0,
    }
    return EvalReport(figures, tuple(misses))


def _share(count: int, total: int) -> float:
    return count / total if total else 0.0


def _first(answer: Answer) -> str:
    if not answer.quotes:
        return ""
    quote = answer.quotes[0]
    where = f"{quote.source.id} ¶{quote.passage.paragraph}"
    return f" -> first quote [{where}]: {quote.passage.text[:90]!r}"


def score_dates(gold_path: Path, sources: Sequence[Source]) -> dict[str, Any]:
    """Precision and recall of the date expressions found, against a hand-labelled set, and
    of the matched ones the share normalized exactly (same date, end date and precision) and
    the share with the same `planned`. A found expression matches a labelled one of the same
    source when their spans overlap; each is matched at most once."""
    rows = _read_jsonl(gold_path)
    # Only the labelled articles: a library may hold others, of which nothing is known.
    labelled_ids = {Path(row["source"]).stem for row in rows}
    sources = [s for s in sources if s.id in labelled_ids]
    by_id = {s.id: s for s in sources}
    labels: list[tuple[str, int, int, dict[str, Any]]] = []
    for row in rows:
        source = by_id.get(Path(row["source"]).stem)
        if source is not None:
            start, end = _locate(source.text, row, [label[3] for label in labels])
            labels.append((source.id, start, end, row))
    found = [(src.id, m) for src in sources for s in dated_sentences(src) for m in s.mentions]
    pairs: dict[int, int] = {}  # label -> found
    for li, (sid, start, end, _) in enumerate(labels):
        fi = next(
            (
                i
                for i, (fid, m) in enumerate(found)
                if fid == sid and m.start < end and start < m.end and i not in pairs.values()
            ),
            None,
        )
        if fi is not None:
            pairs[li] = fi
    exact, planned, wrong = 0, 0, []
    for li, fi in pairs.items():
        row, mention = labels[li][3], found[fi][1]
        last = mention.end_date.isoformat() if mention.end_date else None
        value = (mention.date.isoformat(), last, mention.precision)
        label = (row["date"], row.get("end_date"), row["precision"])
        exact += value == label
        planned += mention.planned == bool(row.get("planned"))
        if value != label:
            wrong.append(f"{row['expression']!r} ({labels[li][0]}): {value}, labelled {label}")
    return {
        "labelled": len(labels),
        "found": len(found),
        "precision": len(pairs) / len(found) if found else 0.0,
        "recall": len(pairs) / len(labels) if labels else 0.0,
        "exact": exact / len(pairs) if pairs else 0.0,
        "planned": planned / len(pairs) if pairs else 0.0,
        "missed": [
            f"{r['expression']!r} ({sid})"
            for i, (sid, _, _, r) in enumerate(labels)
            if i not in pairs
        ],
        "spurious": [
            f"{m.expression!r} ({sid})"
            for i, (sid, m) in enumerate(found)
            if i not in pairs.values()
        ],
        "wrong": wrong,
    }


def _locate(text: str, row: dict[str, Any], earlier: list[dict[str, Any]]) -> tuple[int, int]:
    """Where a labelled expression is: inside its sentence (white space may differ); the
    next occurrence there when an earlier label has the same sentence and expression."""
    pattern = r"\s+".join(re.escape(w) for w in row["sentence"].split())
    sentence = re.search(pattern, text)
    if sentence is None:
        raise ParleyError(f"labelled sentence not in {row['source']}: {row['sentence'][:60]!r}")
    chunk = sentence.group()
    repeats = sum(
        1
        for r in earlier
        if (r["sentence"], r["expression"]) == (row["sentence"], row["expression"])
    )
    position = -1
    for _ in range(repeats + 1):
        position = chunk.find(row["expression"], position + 1)
    if position < 0:
        raise ParleyError(f"labelled expression {row['expression']!r} not in its sentence")
    start = sentence.start() + position
    return start, start + len(row["expression"])


def timeline_recall(events: Sequence[Event], gold_path: Path) -> float:
    """The share of the listed events found with their exact date, in a sentence from their
    article that contains the evidence phrase."""
    rows = _read_jsonl(gold_path)
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


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]
    except (OSError, ValueError) as error:
        raise ParleyError(f"cannot read {path}: {error}") from None


@dataclass(frozen=True)
class TimelineScore:
    date_precision: float  # of the events on sentences that report one, the share dated right
    event_precision: float  # of the events on labelled sentences, the share on one that reports one
    recall: float  # of the labelled events, the share found on their sentence with their date
    events: int  # labelled
    wrong: tuple[str, ...]  # what was dated wrong, or listed though no event


def score_timeline_sample(
    events: Sequence[Event], gold_path: Path, sources: Sequence[Source]
) -> TimelineScore:
    """The timeline against a hand-labelled sample of sentences (eval/timeline-sample-*.jsonl):
    for each, the events it reports and their dates (eval/README.md)."""
    rows = _read_jsonl(gold_path)
    by_id = {s.id: s for s in sources}
    placed = []  # (source id, start, end, labelled events)
    for row in rows:
        source = by_id.get(Path(row["source"]).stem)
        if source is None:
            continue
        pattern = r"\s+".join(re.escape(w) for w in row["sentence"].split())
        located = re.search(pattern, source.text)
        if located is None:
            raise ParleyError(f"labelled sentence not in {row['source']}: {row['sentence'][:60]!r}")
        placed.append((source.id, located.start(), located.end(), row["events"]))

    def key(date: str, end: str | None, precision: str) -> tuple[str, str | None, str]:
        return date, end, precision

    told: list[tuple[Event, int]] = []  # (event, the labelled sentence it is on)
    for event in events:
        for where in event.sources:
            # the labelled sentence it shares most with: sentences may be cut differently
            overlaps = [
                (min(end, where.end) - max(start, where.start), at)
                for at, (sid, start, end, _) in enumerate(placed)
                if sid == where.id and where.start < end and start < where.end
            ]
            # ... and at least half of the event's: not a neighbour cut at another place
            mostly = [
                (shared, at) for shared, at in overlaps if 2 * shared >= where.end - where.start
            ]
            if mostly:
                told.append((event, max(mostly)[1]))
    on_events = [(e, at) for e, at in told if placed[at][3]]
    right = 0
    wrong = []
    for event, at in told:
        labels = placed[at][3]
        mine = key(event.date.isoformat(), _iso_or_none(event.end_date), event.precision)
        if not labels:
            wrong.append(f"not an event: {event.date} {event.text[:70]!r}")
        elif any(mine == key(g["date"], g.get("end_date"), g["precision"]) for g in labels):
            right += 1
        else:
            wanted = ", ".join(g["date"] for g in labels)
            wrong.append(f"dated {mine[0]} ({mine[2]}), labelled {wanted}: {event.text[:60]!r}")
    labelled = [(at, g) for at, (_, _, _, given) in enumerate(placed) for g in given]
    found = sum(
        1
        for at, label in labelled
        if any(
            t_at == at
            and key(e.date.isoformat(), _iso_or_none(e.end_date), e.precision)
            == key(label["date"], label.get("end_date"), label["precision"])
            for e, t_at in told
        )
    )
    return TimelineScore(
        right / len(on_events) if on_events else 0.0,
        len(on_events) / len(told) if told else 0.0,
        found / len(labelled) if labelled else 0.0,
        len(labelled),
        tuple(wrong),
    )


def _iso_or_none(date: object) -> str | None:
    return date.isoformat() if isinstance(date, dt.date) else None
