"""What a question prefers in a passage beyond its words, added to its mixed score."""

from __future__ import annotations

import datetime as dt

from parley.index.search.preferences import (
    ANSWER_TYPE_BONUS,
    MONTH_BONUS,
    OTHER_ROUND_PENALTY,
    SPEAKER_BONUS,
    WHO_SAID_BONUS,
    YEAR_BONUS,
    Features,
    preference,
    read_features,
)
from parley.index.search.questions import read_question
from parley.index.settings import PROJECT_ROOT
from parley.index.text.names import Names
from parley.index.text.passages import Passage
from parley.index.text.sources import Source

NAMES = Names.load(PROJECT_ROOT / "config" / "aliases.toml")
NOTHING = Features(frozenset(), frozenset(), frozenset(), frozenset())


def test_the_asked_persons_own_statements_come_first_but_not_for_who_is() -> None:
    said = read_question("What did Medinsky say about neutrality?", NAMES)
    assert preference(said, NOTHING, "Medinsky", False, False) == SPEAKER_BONUS
    assert preference(said, NOTHING, "Peskov", False, False) == 0.0
    who_is = read_question("Who is Medinsky?", NAMES)
    assert preference(who_is, NOTHING, "Medinsky", False, False) == 0.0
    who_said = read_question("Who said the talks were difficult?", NAMES)
    assert preference(who_said, NOTHING, "Peskov", False, False) == WHO_SAID_BONUS
    assert preference(who_said, NOTHING, None, False, False) == 0.0


def test_a_named_year_and_answer_type_add_up() -> None:
    intent = read_question("How many prisoners were exchanged in 2025?", NAMES)
    held = Features(frozenset({"number"}), frozenset({2025}), frozenset(), frozenset())
    assert preference(intent, held, None, False, False) == YEAR_BONUS + ANSWER_TYPE_BONUS
    other_year = Features(frozenset({"number"}), frozenset({2022}), frozenset(), frozenset())
    assert preference(intent, other_year, None, False, False) == ANSWER_TYPE_BONUS


def test_only_a_passage_naming_other_rounds_than_the_asked_one_is_lowered() -> None:
    intent = read_question("Where did the second round of talks take place?", NAMES)

    def rounds(*named: int) -> Features:
        return Features(frozenset({"place"}), frozenset(), frozenset(), frozenset(named))

    place = ANSWER_TYPE_BONUS
    assert preference(intent, rounds(1), None, False, False) == place - OTHER_ROUND_PENALTY
    assert preference(intent, rounds(1, 2), None, False, False) == place
    assert preference(intent, rounds(), None, False, False) == place
    unasked = read_question("Where did the talks take place?", NAMES)
    assert preference(unasked, rounds(1), None, False, False) == place


def test_features_are_read_off_the_passage_and_its_article() -> None:
    text = "The second round, held in 2022 in Istanbul, lasted 90 minutes, Medinsky said."
    source = Source(id="a", text=text, published=dt.date(2025, 6, 2))
    passage = Passage("a", 1, 0, len(text), text, speaker="Medinsky")
    held = read_features(passage, source, NAMES)
    assert held.years == {2022, 2025}
    assert held.rounds == {2}
    assert held.days == {dt.date(2025, 6, 2)}
    assert {"number", "person"} <= held.contains


def test_an_undated_articles_month_from_its_file_name_counts_as_its_year_and_month() -> None:
    text = "The envoys left the hotel without a statement."
    passage = Passage("a", 1, 0, len(text), text)
    saved = Source(id="a", text=text, file="2026-02_geneva.txt")
    held = read_features(passage, saved, NAMES)
    assert held.years == {2026}
    intent = read_question("What happened at the talks in February 2026?", NAMES)
    assert preference(intent, held, None, False, False) == YEAR_BONUS + MONTH_BONUS
    unnamed = read_features(passage, Source(id="a", text=text, file="geneva.txt"), NAMES)
    assert unnamed.years == frozenset() and unnamed.days == frozenset()
