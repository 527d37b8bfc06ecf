"""The verdict's models: what they weigh and how (verdict.py says why), with no imports of
the library, so that the settings can hold them.

Three linear models over named features, each fitted on labelled questions by
index/evaluation/fitting.py (`parley eval --fit`), whose weights live in `[answer.verdict]` of
the config:

- `rank` orders a question's candidates (fitted on pairs of one question's passages: the one
  that answers against one that does not);
- `answer` gives the chance that the library answers the question at all;
- `passage` gives the chance that one passage answers it, the score members see, from its
  rank score and the question's answer score: within one answer it falls as the rank does,
  so the scores shown are in the order shown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

#: What describes a (question, passage) pair, one column each.
FEATURES = (
    "cosine",  # with what the passages were ranked by (the topic, in "what did X say about Y")
    "question_cosine",  # with the whole question
    "best_cosine",  # the first candidate's: how near the library comes at all
    "coverage",  # the share of the question's words, weighted by rarity, the passage holds
    "missing_rarest",  # the rarity of the rarest question word the passage lacks (0 to 1)
    "library_coverage",  # the share any passage holds: no article says "grain" at all
    "speaker_match",  # the asked-about person's own statement
    "person_asked",  # the question asks what someone said
    "topicless",  # ... about nothing in particular ("What did Shoigu say?")
    "introduces",  # "who is X?", and the passage says who X is
    "type_present",  # the question asks for a number, date, person or place; the passage has one
    "type_missing",  # it asks for one; the passage has none
    "dated",  # of the year or day the question names
    "gap",  # how far below the first candidate it ranks (difference of the fused scores)
)

#: What describes a question, read off its candidates once they are ranked.
QUESTION_FEATURES = (
    "best_cosine",  # the first passage's cosine
    "best_question_cosine",  # the highest cosine with the whole question, first five
    "best_coverage",  # the most of the question's words one of the first five holds
    "first_coverage",  # ... the first holds
    "first_missing_rarest",  # the rarest word the first lacks
    "library_coverage",  # the share of the question's words the library holds at all
    "person_cosine",  # the asked-about person's statement nearest the topic
    "person_coverage",  # ... and the most of the topic's words one of them holds
    "topicless",  # what someone said, about nothing in particular
    "introduces",  # "who is X?", and one of the first five says who X is
    "dated",  # one of the first five is of the year or day asked about
    "type_missing",  # the first lacks the number, date, person or place asked for
)


#: What the passage chance is read from: the passage's rank score and its question's answer
#: score (the answer chance before the logistic).
PASSAGE_FEATURES = ("rank", "answer")


@dataclass(frozen=True)
class Linear:
    """Weights over named features and a bias: a score, or with `chance` a probability."""

    weights: Mapping[str, float] = field(default_factory=dict)
    bias: float = 0.0

    def scores(self, rows: np.ndarray, names: Sequence[str]) -> np.ndarray:
        w = np.array([self.weights.get(name, 0.0) for name in names], dtype=np.float64)
        return np.asarray(rows @ w + self.bias, dtype=np.float64)

    def chances(self, rows: np.ndarray, names: Sequence[str]) -> np.ndarray:
        return np.asarray(1.0 / (1.0 + np.exp(-self.scores(rows, names))))


@dataclass(frozen=True)
class Verdict:
    rank: Linear
    answer: Linear
    passage: Linear
    answer_bar: float  # a question is answered when its chance reaches this
    passage_bar: float  # a passage after the first is shown when its chance reaches this


#: The candidates in the order retrieval gave, every one shown: for tests, whose fake model
#: has no real similarities to fit anything on.
EVERYTHING = Verdict(
    rank=Linear({"gap": 1.0}),
    answer=Linear(bias=10.0),
    passage=Linear(bias=10.0),
    answer_bar=0.0,
    passage_bar=0.0,
)
