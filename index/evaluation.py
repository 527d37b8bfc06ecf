"""Evaluation: the figures defined in eval/README.md, over a question set with known answers.

The sets check the method; nothing in Parley may special-case a question in them.
"""

from __future__ import annotations

import json
import re
import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .answers import Answer
from .errors import ParleyError
from .names import Names
from .passages import sentences
from .sources import Source, paragraphs
from .speakers import attribute

SamePerson = Callable[[str | None, str], bool]


@dataclass(frozen=True)
class EvalQuestion:
    id: str
    kind: str
    question: str
    evidence: tuple[str, ...]
    speaker: str | None
    abstain: bool


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
        return not a.abstained and any(
            contains_evidence(quote.passage.text, q.evidence) for quote in a.quotes[:depth]
        )

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


def score_attribution(gold_path: Path, sources: Iterable[Source], names: Names) -> dict[str, float]:
    """Precision and recall of the speaker extractor against hand-labelled statements.

    Recall: of the labelled statements with a named speaker, the share whose sentence the
    extractor gives that speaker. Precision: of the sentences the extractor gives a speaker,
    the share that overlap a labelled statement by the same person (a sentence it attributes
    where the label says "no person", or says nothing, counts against it).
    """
    try:
        gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines()]
    except (OSError, ValueError) as error:
        raise ParleyError(f"cannot read {gold_path}: {error}") from None
    by_source = {source.id: source for source in sources}
    predicted: list[tuple[str, int, int, str | None]] = []
    for source in by_source.values():
        by_paragraph = [sentences(source.text, span) for span in paragraphs(source)]
        for spans, said in zip(
            by_paragraph, attribute(source.text, by_paragraph, names), strict=True
        ):
            predicted += [
                (source.id, s.start, s.end, a.speaker) for s, a in zip(spans, said, strict=True)
            ]
    labels = []
    for item in gold:
        labelled = by_source.get(item["source"])
        if labelled is None:
            continue
        start = labelled.text.find(item["text"])
        person = names.resolve(item["speaker"]) if item.get("speaker") else None
        labels.append(
            (labelled.id, start, start + len(item["text"]), person.name if person else None)
        )

    def overlapping(sid: str, start: int, end: int, rows: list) -> list:
        return [r for r in rows if r[0] == sid and r[1] < end and start < r[2]]

    named = [label for label in labels if label[3]]
    found = sum(
        1
        for sid, start, end, who in named
        if any(p[3] == who for p in overlapping(sid, start, end, predicted))
    )
    attributed = [p for p in predicted if p[3]]
    right = sum(
        1
        for sid, start, end, who in attributed
        if any(label[3] == who for label in overlapping(sid, start, end, labels))
    )
    return {
        "attribution_precision": _share(right, len(attributed)),
        "attribution_recall": _share(found, len(named)),
    }
