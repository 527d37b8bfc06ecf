"""Whether the library answers a question, and with which passages: signals, fitted models.

Abstaining on one cosine was set just under the lowest answerable score of the sets at hand,
so an unseen answerable question a little lower was refused (11 points of hit@1 on questions
nobody tuned to), while a question the library cannot answer ("What did Trump say about the
talks?") scored like answerable ones. Here each candidate passage is described by signals
that tell these apart (`FEATURES`: similarities, how much of the question's rare wording it
holds, whether it is the asked-about person's own statement, the answer type, ...), and three
linear models fitted on labelled questions (verdict_model.py, index/evaluation/fitting.py) rank
the candidates, decide whether the question is answered at all, and give each passage the
chance that it answers: the score members see, from 0 to 1. The first passage of an answered
question is always shown; each further one only if its own chance clears the passage bar, so
an answer shows fewer than k passages rather than filler.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ..store.passage_table import PassageTable
from ..text.sources import Source
from .asked_about import QuotedPeople
from .lexical import LexicalIndex
from .questions import Intent
from .retrieval import Candidate
from .stemming import QUESTION_WORDS, stems
from .verdict_model import FEATURES, PASSAGE_FEATURES, QUESTION_FEATURES, Verdict


@dataclass(frozen=True)
class Words:
    """The telling words of a question (stems), each with its rarity in the library."""

    rarity: Mapping[str, float]
    known: frozenset[str]  # those some passage holds
    typed: Mapping[str, str]  # each stem as the question spells it

    @classmethod
    def of(cls, text: str, lexical: LexicalIndex) -> Words:
        typed: dict[str, str] = {}
        for word in re.findall(r"[^\W_][\w'’-]*", text):
            for stem in stems(word):
                if stem not in QUESTION_WORDS:
                    typed.setdefault(stem, word)
        known = frozenset(s for s in typed if lexical.frequency(s) > 0)
        return cls({s: lexical.rarity(s) for s in typed}, known, typed)

    def share(self, held: Callable[[str], bool]) -> float:
        """The rarity-weighted share of these words for which `held` is true (1.0 if none)."""
        total = sum(self.rarity.values())
        if not total:
            return 1.0
        return sum(weight for s, weight in self.rarity.items() if held(s)) / total

    @property
    def unknown(self) -> list[str]:
        """The words no passage holds, as typed."""
        return [self.typed[s] for s in self.rarity if s not in self.known]


def describe(
    intent: Intent,
    candidates: Sequence[Candidate],
    passages: PassageTable,
    sources: Mapping[str, Source],
    words: Words,
    lexical: LexicalIndex,
) -> np.ndarray:
    """One row of `FEATURES` per candidate."""
    if not candidates:
        return np.zeros((0, len(FEATURES)))
    person = intent.words_of
    asks_person = person is not None
    library_share = words.share(lambda s: s in words.known)
    best, top = candidates[0].cosine, candidates[0].fused
    rarest = max(lexical.highest_rarity, 1e-9)
    rows = []
    for candidate in candidates:
        passage = passages[candidate.row]
        text = (
            passage.text
            if intent.who_said
            else passage.search_text(sources[passage.source_id].text)
        )
        # the words BM25 reads with it too (lexical.lexical_texts): who said it, the headline
        # ("Talks started in Gomel" holds the occasion its passages leave unsaid)
        title = sources[passage.source_id].title
        held = set(stems(" ".join(filter(None, [text, passage.speaker, title]))))
        values = {
            "cosine": candidate.cosine,
            "question_cosine": candidate.question_cosine,
            "best_cosine": best,
            "coverage": words.share(held.__contains__),
            "missing_rarest": max(
                (r for stem, r in words.rarity.items() if stem not in held), default=0.0
            )
            / rarest,
            "library_coverage": library_share,
            "speaker_match": float(asks_person and passage.speaker == person),
            "person_asked": float(asks_person),
            "topicless": float(asks_person and not words.rarity),
            "introduces": float(candidate.introduces),
            "type_present": float(intent.answer_type in candidate.contains),
            "type_missing": float(
                intent.answer_type is not None and intent.answer_type not in candidate.contains
            ),
            "dated": float(candidate.dated),
            "gap": candidate.fused - top,
        }
        rows.append([values[name] for name in FEATURES])
    return np.asarray(rows, dtype=np.float64)


@dataclass(frozen=True)
class Abstention:
    # "unknown_person", "unknown_words", "person_off_topic", "person_other_years",
    # "nothing_close"
    code: str
    text: str  # one line that tells a member what the library holds


def abstention(
    intent: Intent,
    words: Words,
    people: QuotedPeople,
    knows: Callable[[str], bool],
    quoted_in: frozenset[int] | None = None,
) -> Abstention:
    """Why nothing was quoted, as a member can act on it (`knows`: whether the library holds
    a word; `quoted_in`: the years the asked-about person is quoted in, where the question
    names a year and each of their statements is dated, as `asking.judge` found them)."""
    if intent.unheard is not None:
        # as typed, but a name typed in lower case ("did modi say") is shown as a name
        name = intent.unheard if not intent.unheard.islower() else intent.unheard.title()
        if intent.who_is:  # not asked for their words: "quoted" would say the wrong thing
            return Abstention("unknown_person", f"Nothing in the library says who {name} is.")
        return Abstention("unknown_person", f"Nobody named {name} is quoted in the library.")
    if intent.person is not None and quoted_in is not None and not quoted_in & intent.years:
        told = ", ".join(str(year) for year in sorted(quoted_in))
        return Abstention(
            "person_other_years", f"{intent.person.name} is quoted in the library only in {told}."
        )
    unknown = words.unknown
    if unknown and words.share(lambda s: s in words.known) < 0.5:
        listed = ", ".join(unknown[:3])
        return Abstention("unknown_words", f"Nothing in the library mentions {listed}.")
    if intent.words_of is not None:
        name = intent.words_of
        quoted = people.get(name)
        if quoted is None and knows(name):
            return Abstention(
                "unknown_person", f"{name} is named in the library, but never quoted."
            )
        if quoted is None:
            return Abstention("unknown_person", f"Nobody named {name} is quoted in the library.")
        times = "once" if quoted.statements == 1 else f"{quoted.statements} times"
        return Abstention(
            "person_off_topic",
            f"{quoted.name} is quoted {times} in the library, but on nothing close to that.",
        )
    return Abstention("nothing_close", "Nothing in the library answers that closely enough.")


def question_features(rows: np.ndarray) -> np.ndarray:
    """The `QUESTION_FEATURES` of a question, from its ranked candidates' `FEATURES`."""
    at = {name: FEATURES.index(name) for name in FEATURES}
    first, top = rows[0], rows[:5]
    own = rows[rows[:, at["speaker_match"]] > 0]
    values = {
        "best_cosine": first[at["cosine"]],
        "best_question_cosine": top[:, at["question_cosine"]].max(),
        "best_coverage": top[:, at["coverage"]].max(),
        "first_coverage": first[at["coverage"]],
        "first_missing_rarest": first[at["missing_rarest"]],
        "library_coverage": first[at["library_coverage"]],
        "person_cosine": own[:, at["cosine"]].max() if len(own) else 0.0,
        "person_coverage": own[:, at["coverage"]].max() if len(own) else 0.0,
        "topicless": first[at["topicless"]],
        "introduces": top[:, at["introduces"]].max(),
        "dated": top[:, at["dated"]].max(),
        "type_missing": first[at["type_missing"]],
    }
    return np.array([[values[name] for name in QUESTION_FEATURES]], dtype=np.float64)


def passage_features(rank: np.ndarray, answer: float) -> np.ndarray:
    """The `PASSAGE_FEATURES` of ranked candidates: each one's rank score, its question's
    answer score."""
    return np.column_stack([rank, np.full(len(rank), answer)])


@dataclass(frozen=True)
class Decision:
    order: np.ndarray  # the candidates' positions, best first
    answer_chance: float  # that the library answers the question at all
    chances: np.ndarray  # that each candidate (in `order`) answers it
    shown: np.ndarray  # whether each (in `order`) is shown: none is an abstention


def ranked(rows: np.ndarray, rank: np.ndarray) -> np.ndarray:
    """The candidates' positions in the order they are considered, by `rank` score. "What did
    X say (about Y)?" is answered with X's own statements when the library quotes X: the
    others are not considered then (the rank model's weight for an own statement let a
    passage about the Donbas by no one come before Shoigu's on it). On the tuning sets this
    changed no figure; it makes the answer what the member asked for."""
    order = np.argsort(-rank, kind="stable")
    own = rows[order, FEATURES.index("speaker_match")] > 0
    return order[own] if own.any() else order


def decide(verdict: Verdict, rows: np.ndarray) -> Decision:
    """Rank candidates described by `rows` (`FEATURES`), and decide which are shown."""
    if not len(rows):
        nothing = np.zeros(0, dtype=np.int64)
        return Decision(nothing, 0.0, np.zeros(0), np.zeros(0, dtype=bool))
    rank = verdict.rank.scores(rows, FEATURES)
    order = ranked(rows, rank)
    score = float(verdict.answer.scores(question_features(rows[order]), QUESTION_FEATURES)[0])
    answer = float(1.0 / (1.0 + np.exp(-score)))
    chances = verdict.passage.chances(passage_features(rank[order], score), PASSAGE_FEATURES)
    shown = chances >= verdict.passage_bar
    shown[0] = True  # the question is answered: by its best passage, whatever its own chance
    if answer < verdict.answer_bar:
        shown[:] = False
    return Decision(order, answer, chances, shown)
