from __future__ import annotations

import itertools

import pytest
from rapidfuzz import fuzz

from parley.index.settings import PROJECT_ROOT
from parley.index.text.lexicon import fold
from parley.index.text.names import FUZZY_THRESHOLD, Names, _swapped, sounded

NAMES = Names.load(PROJECT_ROOT / "config" / "aliases.toml")


def _surnames(person) -> set[str]:
    spellings = (person.name, person.full_name or "", *person.aliases)
    return {fold(s.split()[-1]) for s in spellings if s and not s.startswith("@")}


def test_threshold_never_merges_two_people_of_the_table() -> None:
    for first, second in itertools.combinations(NAMES.people, 2):
        for a, b in itertools.product(_surnames(first), _surnames(second)):
            assert fuzz.ratio(a, b) < FUZZY_THRESHOLD, (first.name, second.name, a, b)
            assert fuzz.ratio(sounded(a), sounded(b)) < FUZZY_THRESHOLD, (a, b)
            assert not _swapped(sounded(a), sounded(b)), (a, b)  # one typo apart


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("Zelenskiy", "Zelensky"),  # listed
        ("Zelenskyi", "Zelensky"),  # not listed: fuzzy
        ("zelenskyy", "Zelensky"),
        ("Medinskiy", "Medinsky"),
        ("Podoljak", "Podolyak"),
        ("Shoygu", "Shoigu"),  # not listed: y for i, as transliterations do
        ("Macrno", "Macron"),  # a typo: two letters swapped
        ("Lavrvo", "Lavrov"),
        ("Slutsyk", "Slutsky"),
        ("Putni", "Putin"),
        ("Malyuk", "Maliuk"),
        ("Formin", "Fomin"),
        ("Çavuşoğlu", "Cavusoglu"),
        ("Vladimir Medinksy", "Medinsky"),
    ],
)
def test_spellings_find_the_person(typed: str, canonical: str) -> None:
    person = NAMES.resolve(typed)
    assert person is not None and person.name == canonical


@pytest.mark.parametrize("word", ["putting", "micron", "Kiev", "Russia", "talks", "Kyiv", "school"])
def test_ordinary_words_are_nobody(word: str) -> None:
    assert NAMES.resolve(word) is None


def test_mentions_in_a_lower_case_question() -> None:
    found = NAMES.mentions("what did zelenskiy tell medinsky?", any_case=True)
    assert [m.person.name for m in found] == ["Zelensky", "Medinsky"]
    assert NAMES.mentions("what did zelenskiy tell medinsky?") == []  # article text: capitals only


def test_places_in_either_spelling() -> None:
    assert set(NAMES.place_spellings("Kiev")) == {"Kyiv", "Kiev"}
    assert set(NAMES.place_spellings("kharkov")) == {"Kharkiv", "Kharkov"}
    assert NAMES.place_spellings("Moscow") == ()


def test_same_person_across_spellings() -> None:
    assert NAMES.same_person("Zelenskyy", "Zelenksy")
    assert not NAMES.same_person("Lavrov", "Kuleba")
    assert not NAMES.same_person(None, "Lavrov")


def test_same_speaker_is_also_the_same_surname_as_articles_name_people() -> None:
    # an article names someone in full once, then by surname ("Bobi Wine" ... "Wine said")
    assert NAMES.same_speaker("Wine", "Bobi Wine")
    assert NAMES.same_speaker("John Kirby", "Kirby")
    assert NAMES.same_speaker("Zelenskyy", "Zelenksy")
    assert not NAMES.same_speaker("Lavrov", "Kuleba")
    assert not NAMES.same_speaker(None, "Lavrov")
