"""Evaluation: the figures defined in eval/README.md, over a question set with known answers.

The sets check the method; nothing in Parley may special-case a question in them.
"""

from __future__ import annotations

import json
import re
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..answers import Answer
from ..errors import ParleyError
from ..text.passages import Passage
from ..text.sources import Source
from ..timeline.dates import dated_sentences
from .labels import read_jsonl

SameSpeaker = Callable[[str | None, str], bool]


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


def evaluate(results: list[tuple[EvalQuestion, Answer]], same_speaker: SameSpeaker) -> EvalReport:
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
        if hit(q, a, 1) and same_speaker(a.quotes[0].passage.speaker, q.speaker):
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
    rows = read_jsonl(gold_path)
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
