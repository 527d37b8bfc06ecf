"""Shown passages of one stretch of a paragraph are quoted as one."""

from __future__ import annotations

from dataclasses import replace

from parley.index.answers import Quote, joined
from parley.index.text.passages import Passage
from parley.index.text.sources import Source

TEXT = (
    "Podolyak said the talks were hard. He stated that guarantors would protect Ukraine. "
    "Medinsky disagreed.\n\nPodolyak later wrote that the next round was set."
)
SOURCE = Source(id="a", text=TEXT)


def quote(sentence: str, speaker: str | None, score: float = 0.5, role: str = "") -> Quote:
    start = TEXT.index(sentence)
    paragraph = 1 if start < TEXT.index("\n\n") else 2
    passage = Passage("a", paragraph, start, start + len(sentence), sentence, speaker=speaker)
    if role:
        passage = replace(passage, speaker_role=role, role_source="article")
    return Quote(passage, SOURCE, score)


HARD = quote("Podolyak said the talks were hard.", "Podolyak", 0.9, role="adviser")
GUARANTORS = quote("He stated that guarantors would protect Ukraine.", "Podolyak", 0.4)
DISAGREED = quote("Medinsky disagreed.", "Medinsky", 0.3)
LATER = quote("Podolyak later wrote that the next round was set.", "Podolyak", 0.2)


def test_passages_of_one_stretch_and_speaker_are_one_quote_in_the_first_ones_place() -> None:
    # shown in any order: the later-ranked piece joins the earlier-ranked quote
    quotes = joined([GUARANTORS, DISAGREED, HARD], longest=600)
    assert [q.passage.text for q in quotes] == [
        "Podolyak said the talks were hard. He stated that guarantors would protect Ukraine.",
        "Medinsky disagreed.",
    ]
    first = quotes[0]
    assert (first.passage.start, first.passage.end) == (0, TEXT.index(" Medinsky"))
    assert TEXT[first.passage.start : first.passage.end] == first.passage.text
    assert first.score == GUARANTORS.score
    # the role either piece gives, with where it comes from
    assert (first.passage.speaker_role, first.passage.role_source) == ("adviser", "article")


def test_another_speaker_paragraph_or_a_gap_keeps_them_apart() -> None:
    assert len(joined([GUARANTORS, DISAGREED], longest=600)) == 2  # another speaker
    assert len(joined([HARD, LATER], longest=600)) == 2  # another paragraph
    assert len(joined([HARD, DISAGREED], longest=600)) == 2  # not next to each other


def test_a_join_never_goes_past_the_longest_quote() -> None:
    assert len(joined([HARD, GUARANTORS], longest=60)) == 2
