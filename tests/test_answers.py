"""Shown passages of one stretch of a paragraph are quoted as one."""

from __future__ import annotations

import itertools
from dataclasses import replace

from parley.index.answers import Quote, joined, whole_quotations
from parley.index.store.passage_table import PassageTable
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


STATEMENT = (
    "Lavrov said the talks were not going smoothly. There is hope for a compromise. "
    "Neutral status is being seriously discussed."
)


def statement(speakers: tuple[str | None, str | None, str | None]) -> PassageTable:
    """STATEMENT's three sentences as one paragraph's passages, said by `speakers`."""
    source = Source(id="b", text=STATEMENT)
    passages, at = [], 0
    for sentence, speaker in zip(STATEMENT.split(". "), speakers, strict=True):
        start = STATEMENT.index(sentence, at)
        at = start + len(sentence.rstrip(".")) + 1
        passages.append(Passage("b", 1, start, at, STATEMENT[start:at], speaker=speaker))
    return PassageTable.of(passages, {"b": source})


def test_two_pieces_of_one_statement_are_joined_with_what_lies_between() -> None:
    # a long statement is split into passages; the first and the last are shown, the middle
    # ranked too low: a reader wants the statement, not two pieces with a hole between them
    table = statement(("Lavrov", "Lavrov", "Lavrov"))
    source = Source(id="b", text=STATEMENT)
    first, last = Quote(table[0], source, 0.6), Quote(table[2], source, 0.3)
    quotes = joined([first, last], longest=600, between=table.speakers_between)
    assert [q.passage.text for q in quotes] == [STATEMENT]
    # without knowing what lies between, the pieces stay apart
    assert len(joined([first, last], longest=600)) == 2


def test_pieces_with_another_voice_or_no_passage_between_stay_apart() -> None:
    source = Source(id="b", text=STATEMENT)
    for speakers in (("Lavrov", "Kuleba", "Lavrov"), ("Lavrov", None, "Lavrov")):
        table = statement(speakers)
        pieces = [Quote(table[0], source, 0.6), Quote(table[2], source, 0.3)]
        assert len(joined(pieces, longest=600, between=table.speakers_between)) == 2
    table = statement(("Lavrov", "Lavrov", "Lavrov"))
    unsplit = PassageTable.of([table[0], table[2]], {"b": source})  # the middle in no passage
    assert unsplit.speakers_between(table[0], table[2]) is None
    pieces = [Quote(table[0], source, 0.6), Quote(table[2], source, 0.3)]
    assert len(joined(pieces, longest=600, between=unsplit.speakers_between)) == 2


QUOTATION = (
    'The envoy spoke after the meeting: "We will not give up any of our positions. '
    'They understand this now. We expect results within days." Then he left.'
)


def quotation(speakers: tuple[str | None, ...]) -> tuple[PassageTable, Source]:
    """QUOTATION's three sentences as one paragraph's passages, said by `speakers`."""
    source = Source(id="q", text=QUOTATION)
    cuts = [0, QUOTATION.index("They"), QUOTATION.index("We expect"), len(QUOTATION)]
    passages = []
    for (start, end), speaker in zip(itertools.pairwise(cuts), speakers, strict=True):
        end = len(QUOTATION[:end].rstrip())
        passages.append(Passage("q", 1, start, end, QUOTATION[start:end], speaker=speaker))
    return PassageTable.of(passages, {"q": source}), source


def test_a_quote_cut_inside_a_quotation_is_grown_by_the_rest_of_it() -> None:
    # Shown alone, "They understand this now." left the reader to guess what "this" was:
    # the sentence before it, in the same quotation but another passage
    table, source = quotation(("Meyer", "Meyer", "Meyer"))
    assert table.beside(table[1], -1) == table[0] and table.beside(table[0], -1) is None
    middle = Quote(table[1], source, 0.5)
    (grown,) = whole_quotations([middle], longest=600, beside=table.beside)
    assert grown.passage.text == QUOTATION
    # ... up to the longest quote, the start of the quotation first
    (shorter,) = whole_quotations([middle], longest=120, beside=table.beside)
    assert shorter.passage.text.startswith("The envoy") and "They understand" in (
        shorter.passage.text
    )
    assert "We expect" not in shorter.passage.text
    # a passage the growing took in is not shown again
    both = [middle, Quote(table[2], source, 0.3)]
    assert [q.passage.text for q in whole_quotations(both, 600, table.beside)] == [QUOTATION]


def test_a_quote_that_ends_its_quotation_or_is_another_voice_is_not_grown() -> None:
    table, source = quotation(("Meyer", "Meyer", "Meyer"))
    after = Passage("q", 1, QUOTATION.index("Then"), len(QUOTATION), "Then he left.")
    assert whole_quotations([Quote(after, source, 0.5)], 600, table.beside)[0].passage == after
    table, source = quotation(("Meyer", "Kuleba", "Meyer"))
    middle = Quote(table[1], source, 0.5)
    assert whole_quotations([middle], 600, table.beside)[0].passage == table[1]
