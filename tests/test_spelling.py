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
