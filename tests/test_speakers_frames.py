"""Who speaks by a verb's frame and its subject's kind (index/attribution/frames.py,
subjects.py): passives, verbs that quote or take a clause, pronouns that name no person."""

from __future__ import annotations

import pytest

from parley.index.attribution.speakers import attribute
from parley.index.settings import PROJECT_ROOT
from parley.index.text.names import Names
from parley.index.text.paragraphs import paragraphs
from parley.index.text.passages import sentences
from parley.index.text.sources import Source

NAMES = Names.load(PROJECT_ROOT / "config" / "aliases.toml")


def attributed(text: str) -> list[tuple[str | None, str | None]]:
    source = Source(id="t", text=text)
    by_paragraph = [sentences(text, span) for span in paragraphs(source)]
    return [(a.speaker, a.how) for row in attribute(text, by_paragraph, NAMES) for a in row]


@pytest.mark.parametrize(
    ("text", "speaker", "how"),
    [
        # a verb that quotes words in its own phrase: its subject's words
        ('Senator Maria Ruiz attacked "the whole rotten deal" on Monday.', "Ruiz", "quotes"),
        # a verb that takes a clause, and "call X Y": a view said
        ("Senator Maria Ruiz charges that the contract was rigged.", "Ruiz", "clause"),
        ("Senator Maria Ruiz has called the new tax a disgrace.", "Ruiz", "clause"),
        # a passive reporting verb speaks for its agent
        ('"The Long Road Home" was written by Maria Ortiz in a single week.', "Ortiz", "passive"),
        # ... and for the name set off after the agent's role
        (
            "The swap was announced by the head of Moscow's team, Vladimir Medinsky.",
            "Medinsky",
            "passive",
        ),
        # verbs of speech acts taken as stances
        ("Senator Maria Ruiz grilled the bank's chief executive on Tuesday.", "Ruiz", "stance"),
    ],
)
def test_the_frame_of_a_verb_names_the_speaker(text: str, speaker: str, how: str) -> None:
    assert attributed(text) == [(speaker, how)]


@pytest.mark.parametrize(
    "text",
    [
        # an organisation, a group: no person, not the name the sentence goes on to
        "Meanwhile, it attacked Senator Maria Ruiz, saying she had broken every promise.",
        # a passive with no agent: who accuses is not said
        "Commissioner Robert Hale was accused of hiding the report.",
        # a quotation that is a title is no one's words
        'Senator Maria Ruiz has hosted "Morning Hour Live" on the city\'s radio for ten years.',
    ],
)
def test_no_person_speaks_by_the_frame(text: str) -> None:
    assert attributed(text) == [(None, None)]


def test_a_passive_that_sets_the_scene_does_not_end_the_search() -> None:
    text = "When the diagnosis was confirmed, Senator Maria Ruiz did not want to stay."
    assert attributed(text) == [("Ruiz", "stance")]


def test_a_quotation_in_a_relative_clause_is_not_the_main_verbs() -> None:
    text = (
        "Mayor Robert Hale has had a frosty relationship with Maria Ruiz, who in 2010 said "
        'the plan was "a disaster."'
    )
    assert attributed(text)[0][0] != "Hale"


def test_a_pronoun_is_not_taken_without_a_cue() -> None:
    text = (
        "Senator Maria Ruiz spoke to a crowd of farmers in Ohio on Monday.\n\n"
        'She attacked "the whole rotten deal" again, to loud applause from the hall.'
    )
    assert attributed(text)[1] == (None, None)
