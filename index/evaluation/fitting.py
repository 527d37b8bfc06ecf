"""Fitting the verdict (index/search/verdict_model.py) on labelled questions, with cross-validation.

`parley eval --fit` runs this over the sets that may be tuned on (the dev and calibration
sets and the tuning halves, never a test half) and prints the `[answer.verdict]` table for
config/parley.toml with the figures of a 5-fold cross-validation: each fold's questions
answered by models fitted on the other folds, so the figures are for questions the models
did not see. Every model is a logistic regression (scikit-learn) on standardized features,
L2-regularized (C = 0.3: a tenth of the data is one fold, and weaker regularization moved
held-out figures by under a point), its weights then given on the features' own scales.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from ..library import Library
from ..search.verdict import decide, passage_features, question_features, ranked
from ..search.verdict_model import FEATURES, PASSAGE_FEATURES, QUESTION_FEATURES, Linear, Verdict
from ..settings import PROJECT_ROOT
from .questions import EvalQuestion

#: The sets the verdict is fitted on, and the library each is asked of (None: the seeds);
#: the real library is the one the README names beside the project.
TUNING_SETS: tuple[tuple[str, Path | None], ...] = (
    ("questions", None),
    ("calibration", None),
    ("members-tuning", None),
    ("talks-tuning", PROJECT_ROOT.parent / "shared" / "library" / "talks"),
    ("talks3-tuning", PROJECT_ROOT.parent / "shared" / "library" / "talks"),
)

REGULARIZATION = 0.3
FOLDS = 5
#: A passage shown that does not answer costs this share of a hit at 3: a member reads it
#: for nothing, but an answer left out is worse. On the tuning sets' cross-validation the
#: bar it chose halved the passages shown that answer nothing (1.6 to 0.7 a question) for a
#: loss of 0.02 in hit@3.
FILLER_COST = 0.1


@dataclass(frozen=True)
class Example:
    """One labelled question and its candidates as retrieval ranked them."""

    source: str  # which set
    rows: np.ndarray  # FEATURES, one row per candidate
    answers: np.ndarray  # whether each candidate holds the evidence
    right_speaker: np.ndarray  # whether each is attributed to the expected speaker
    abstain: bool
    has_speaker: bool


def examples(library: Library, questions: Iterable[EvalQuestion], source: str) -> list[Example]:
    found = []
    for question in questions:
        judged = library.judge(question.question)
        passages = [library.index.passages[c.row] for c in judged.candidates]
        found.append(
            Example(
                source,
                judged.features,
                np.array([question.answered_by(p) for p in passages], dtype=bool),
                np.array([_said_by(library, p.speaker, question.speaker) for p in passages]),
                question.abstain,
                bool(question.speaker),
            )
        )
    return found


def _said_by(library: Library, speaker: str | None, expected: str | None) -> bool:
    return expected is not None and library.same_speaker(speaker, expected)


def fit(train: Sequence[Example], answer_bar: float, passage_bar: float) -> Verdict:
    """The three models fitted on `train`, with the bars given."""
    rank = _pairwise([e for e in train if len(e.rows) and e.answers.any() and not e.answers.all()])
    ranked = [_ranked(rank, e) for e in train if len(e.rows)]
    answer = _logistic(
        np.vstack([question_features(e.rows) for e in ranked]),
        np.array([not e.abstain for e in ranked]),
    )
    scores = [float((question_features(e.rows) @ answer[0])[0] + answer[1]) for e in ranked]
    passage = _logistic(
        np.vstack(
            [passage_features(e.rows @ rank, s) for e, s in zip(ranked, scores, strict=True)]
        ),
        np.concatenate([e.answers for e in ranked]),
    )
    return Verdict(
        Linear(dict(zip(FEATURES, rank, strict=True))),
        Linear(dict(zip(QUESTION_FEATURES, answer[0], strict=True)), answer[1]),
        Linear(dict(zip(PASSAGE_FEATURES, passage[0], strict=True)), passage[1]),
        answer_bar,
        passage_bar,
    )


@dataclass(frozen=True)
class Figures:
    hit1: float
    hit3: float
    speaker1: float
    abstain_accuracy: float
    filler: float  # shown passages that do not answer, per answerable question answered

    def line(self) -> str:
        return (
            f"hit@1 {self.hit1:.2f}  hit@3 {self.hit3:.2f}  speaker@1 {self.speaker1:.2f}  "
            f"abstain_acc {self.abstain_accuracy:.2f}  filler/question {self.filler:.2f}"
        )


@dataclass(frozen=True)
class Held:
    """A question, and the verdict fitted on the folds that did not hold it."""

    example: Example
    verdict: Verdict


def cross_validate(data: Sequence[Example], seed: int = 0) -> list[Held]:
    fold = np.random.default_rng(seed).permutation(len(data)) % FOLDS
    held = []
    for number in range(FOLDS):
        verdict = fit([e for e, f in zip(data, fold, strict=True) if f != number], 0.5, 0.5)
        held += [Held(data[int(at)], verdict) for at in np.flatnonzero(fold == number)]
    return held


def figures(held: Sequence[Held], answer_bar: float, passage_bar: float, k: int = 3) -> Figures:
    """The eval's figures (eval/README.md) for `held`, with these bars, and the filler."""
    hit1 = hit3 = speaker1 = right = asked = with_speaker = filler = 0
    for h in held:
        verdict = replace(h.verdict, answer_bar=answer_bar, passage_bar=passage_bar)
        decision = decide(verdict, h.example.rows)
        shown = decision.order[decision.shown][:k]
        right += (not len(shown)) == h.example.abstain
        if h.example.abstain:
            continue
        asked += 1
        answers = h.example.answers[shown]
        first = bool(len(shown)) and bool(answers[0])
        hit1 += first
        hit3 += bool(answers.any())
        filler += int((~answers).sum())
        if h.example.has_speaker:
            with_speaker += 1
            speaker1 += first and bool(h.example.right_speaker[shown[0]])
    return Figures(
        hit1 / max(asked, 1),
        hit3 / max(asked, 1),
        speaker1 / max(with_speaker, 1),
        right / max(len(held), 1),
        filler / max(asked, 1),
    )


def choose_bars(held: Sequence[Held]) -> tuple[float, float]:
    """The answer bar that makes the most of hit@1 plus abstain_acc, then the passage bar that
    makes the most of hit@3 less FILLER_COST for each passage that answers nothing. Of bars
    that do equally well, the middle one: the figures are flat between them on these
    questions, and the middle is the furthest from where they fall on others."""
    grid = [round(float(bar), 2) for bar in np.arange(0.05, 0.96, 0.01)]

    def best(score: Callable[[float], float]) -> float:
        scored = [(score(bar), bar) for bar in grid]
        top = max(value for value, _ in scored)
        plateau = [bar for value, bar in scored if value >= top - 1e-9]
        return plateau[len(plateau) // 2]

    def answered(bar: float) -> float:
        f = figures(held, bar, 1.0)
        return f.hit1 + f.abstain_accuracy

    answer_bar = best(answered)

    def shown(bar: float) -> float:
        f = figures(held, answer_bar, bar)
        return f.hit3 - FILLER_COST * f.filler

    return answer_bar, best(shown)


def toml(verdict: Verdict) -> str:
    """The verdict as the `[answer.verdict]` table of config/parley.toml."""
    lines = [
        "[answer.verdict]",
        f"answer_bar = {verdict.answer_bar:.2f}",
        f"passage_bar = {verdict.passage_bar:.2f}",
    ]
    for name, model in (
        ("rank", verdict.rank),
        ("answer", verdict.answer),
        ("passage", verdict.passage),
    ):
        lines += ["", f"[answer.verdict.{name}]", f"bias = {model.bias:.4f}"]
        weights = ", ".join(f"{k} = {v:.4f}" for k, v in model.weights.items())
        lines.append(f"weights = {{ {weights} }}")
    return "\n".join(lines)


# -- the pieces ---------------------------------------------------------------------------------


def _logistic(x: np.ndarray, y: np.ndarray, intercept: bool = True) -> tuple[np.ndarray, float]:
    """A standardized, L2-regularized logistic regression, its weights on x's own scales."""
    from sklearn.linear_model import LogisticRegression  # only fitting needs it

    mean = x.mean(axis=0) if intercept else np.zeros(x.shape[1])
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=REGULARIZATION, max_iter=10_000, fit_intercept=intercept)
    model.fit((x - mean) / scale, y)
    weights = model.coef_[0] / scale
    bias = float(model.intercept_[0]) - float(weights @ mean) if intercept else 0.0
    return weights, bias


def _pairwise(train: Sequence[Example]) -> np.ndarray:
    """Rank weights from pairs within a question: the difference of an answering passage's
    features and a non-answering one's, labelled 1, and its negation, labelled 0 (a pairwise
    ranking model, as RankSVM, with a logistic loss)."""
    differences, labels = [], []
    for e in train:
        good, bad = e.rows[e.answers], e.rows[~e.answers]
        pairs = (good[:, None, :] - bad[None, :, :]).reshape(-1, e.rows.shape[1])
        differences += [pairs, -pairs]
        labels += [np.ones(len(pairs)), np.zeros(len(pairs))]
    weights, _ = _logistic(np.vstack(differences), np.concatenate(labels), intercept=False)
    return weights


def _ranked(rank: np.ndarray, example: Example) -> Example:
    if not len(example.rows):
        return example
    order = ranked(example.rows, example.rows @ rank)
    return Example(
        example.source,
        example.rows[order],
        example.answers[order],
        example.right_speaker[order],
        example.abstain,
        example.has_speaker,
    )
