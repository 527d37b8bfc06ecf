"""Typos in a question, corrected toward the library's own words."""

from __future__ import annotations

from parley.index.search.spelling import corrected

LIBRARY = {"medinsky", "said", "neutrality", "talk", "talks", "istanbul", "human"}


def knows(word: str) -> bool:
    return word.lower() in LIBRARY


def nobody(word: str) -> bool:
    return False


def test_a_typo_becomes_the_library_word() -> None:
    assert corrected("What about neutrlaity?", knows, nobody) == "What about neutrality?"
    assert corrected("The talks in Istabnul", knows, nobody) == "The talks in Istanbul"


def test_what_is_left_as_typed() -> None:
    # an acronym, a correction the library does not hold, a name, a short word
    assert corrected("HIMARS launchers", knows, nobody) == "HIMARS launchers"
    assert corrected("Russian textoboks", knows, nobody) == "Russian textoboks"
    assert corrected("Medinksy said", knows, lambda w: w == "Medinksy") == "Medinksy said"
    assert corrected("tlak", knows, nobody) == "tlak"  # "talk", but one edit in four letters


def test_a_name_no_english_word_list_holds_is_read_as_the_library_spells_it() -> None:
    # "antalia" is no English word, so the word list corrects it to none the library holds
    # ("natalia"); one edit from it the library holds exactly one word: Antalya
    library = LIBRARY | {"antalya", "gomel"}

    def holds(word: str) -> bool:
        return word.lower() in library

    assert corrected("after the antalia talks", holds, nobody) == "after the antalya talks"
    assert corrected("the talks in Gommel", holds, nobody) == "the talks in Gomel"
    # an English word the library lacks is not turned into another it holds
    assert corrected("the leopards", lambda w: holds(w) or w == "leopard", nobody) == "the leopards"
    # two words of the library one edit away: which was meant is not known
    both = library | {"antalis"}
    assert corrected("antalia", lambda w: w.lower() in both, nobody) == "antalia"
