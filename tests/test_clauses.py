"""Where a date stands in its sentence, and the tense a sentence tells in (timeline/clauses.py)."""

from __future__ import annotations

import pytest

from parley.index.timeline import clauses


@pytest.mark.parametrize(
    ("sentence", "words", "where"),
    [
        # the main verb, though a word list once took "began" for an aside
        ("The third round of talks began in Belarus on Monday.", "Monday", ""),
        ("The conflict began in 2014 after the president was toppled.", "2014", ""),
        ("Russia sent 472 drones, its most since the invasion began in 2022.", "2022", "since"),
        ("Analysts say the army has gained ground since early 2024.", "early 2024", "since"),
        ("He demanded four regions Russia annexed in September 2022.", "September 2022", "clause"),
        ("Officials said little about the talks held on Friday.", "Friday", "clause"),
        ("It was the second round after the process resumed last month.", "last month", "clause"),
        ("The last attempt, held in Istanbul in mid-May, marked a first.", "mid-May", "subject"),
        # a participle with no subject of its own, and a reported clause, are what it reports
        ("Speaking earlier alongside Tusk, he said the talks went well.", "earlier", ""),
        ("He said the talks will resume on Friday.", "Friday", ""),
    ],
)  # fmt: skip
def test_where_a_date_stands(sentence: str, words: str, where: str) -> None:
    at = sentence.index(words)
    assert clauses.aside(sentence, at, at + len(words)) == where


@pytest.mark.parametrize(
    ("sentence", "tense"),
    [
        ("The heads of the delegations had a one-on-one conversation.", "past"),
        ("The parties had agreed on a swap.", "past perfect"),
        ("Russia has dropped its demand.", "perfect"),
        ("The memorandum was handed over.", "past"),
        ("Erdogan promised to phone them to ask if they are willing to meet.", "past"),
        ("The talks will resume.", "future"),
        ("Moscow says its goals are clear.", "present"),
        # a past tense the tagger reads as a participle, with no auxiliary to make it one
        ("In a surprise, Macron called Putin and spoke with him for an hour.", "past"),
        ("ISTANBUL, June 2.", ""),  # a dateline
    ],
)
def test_the_tense_a_sentence_tells_in(sentence: str, tense: str) -> None:
    assert clauses.tense(sentence, [(0, len(sentence))]) == tense


def test_the_tense_is_that_of_the_narration_not_of_the_quotation() -> None:
    sentence = '"We will meet again," the envoy said.'
    narration = [(sentence.index(" the envoy"), len(sentence))]
    assert clauses.tense(sentence, narration) == "past"


def test_a_word_in_a_clause_under_the_main_verb_is_not_in_the_main_clause() -> None:
    sentence = "The minister drove the point home, saying peace hinges on the three-year-old war."
    at = sentence.index("year")
    assert not clauses.in_main_clause(sentence, at, at + 4)
    other = "The minister had met them two years before."
    at = other.index("years")
    assert clauses.in_main_clause(other, at, at + 5)


@pytest.mark.parametrize(
    ("sentence", "words", "past"),
    [
        ("On March 10, the ministers met in Antalya.", "March 10", True),
        ("The sides held three rounds of talks, ending on March 7.", "March 7", True),
        ("The talks were held on May 16.", "May 16", True),
        ("They proposed talks on July 1.", "July 1", False),  # on a noun: no tense
        ("The talks will resume on March 10.", "March 10", False),
        ("Russia has made gains since June.", "June", False),
    ],
)
def test_a_date_that_says_when_a_past_verb_happened(sentence: str, words: str, past: bool) -> None:
    at = sentence.index(words)
    assert clauses.dates_a_past_verb(sentence, at, at + len(words)) == past
