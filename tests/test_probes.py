"""Probes: a question asked as members word it, and with its names misspelled."""

from __future__ import annotations

from parley.index.answers import Answer
from parley.index.evaluation.probes import mistyped, rephrased, respelled, reworded, run_probes
from parley.index.library import Library
from parley.index.settings import PROJECT_ROOT, Settings
from parley.index.text.names import Names
from parley.index.text.sources import Source

from .conftest import FakeEmbedder

NAMES = Names.load(PROJECT_ROOT / "config" / "aliases.toml")


def test_the_forms_members_write() -> None:
    assert reworded("Who led the delegation?") == [
        "who led the delegation",
        "Please tell me: who led the delegation?",
        "Hey Parley, can you tell me who led the delegation?",
        "Who led the delegation, please?",
    ]
    assert reworded("What did Zelensky's adviser say?")[:2] == [
        "what did zelensky's adviser say",
        "what did zelenskys adviser say",
    ]


def test_every_name_misspelled() -> None:
    asked = respelled("What did Lavrov tell Kuleba?", NAMES)
    assert "What did Lavrvo tell Kuleba?" in asked  # the last two letters swapped
    assert "What did Lavrov tell Kuleab?" in asked
    assert "What did lavrov tell Kuleba?" in asked
    assert respelled("What happened in Istanbul?", NAMES) == []  # no one named


def test_a_typo_in_the_longest_word_that_is_not_a_name() -> None:
    assert mistyped("What did Medinsky say about neutrality?", NAMES) == [
        "What did Medinsky say about neutrlaity?"
    ]
    assert mistyped("Who is Medinsky?", NAMES) == []  # no word of seven letters but the name


def test_a_question_of_a_common_form_asked_in_other_words() -> None:
    assert rephrased("What did Medinsky say about neutrality?") == [
        "Medinsky on neutrality",
        "anything from Medinsky about neutrality",
        "what was Medinsky's reaction to neutrality",
        "what was Medinsky's take on neutrality",
        "did Medinsky talk about neutrality",
        "Medinsky's words on neutrality",
    ]
    assert rephrased("who is rustem umerov") == [
        "whats rustem umerov's role",
        "who exactly is rustem umerov",
    ]
    assert (
        rephrased("How many prisoners were exchanged?")[1]
        == "roughly how many prisoners were exchanged"
    )
    assert rephrased("When did the talks start?")[0] == "on what date did the talks start"
    assert rephrased("Where did the talks take place?") == []  # no other words for it here


def test_a_probe_holds_when_its_first_quote_is_the_plain_ones(settings: Settings) -> None:
    library = Library(settings, FakeEmbedder())
    library.build([Source(id="m", text="Medinsky said that neutrality was discussed at length.")])
    question = "What did Medinsky say about neutrality?"
    figures, failures = run_probes([question], NAMES, library.ask)
    assert set(figures.values()) == {1.0} and failures == []

    def literal(asked: str) -> Answer:  # a library that knows only the question as written
        return library.ask(asked) if asked.startswith("What did Medinsky") else Answer(asked, ())

    figures, failures = run_probes([question], NAMES, literal)
    assert figures["reworded_same"] == 0.25  # of the four forms, only "..., please?"
    assert figures["rephrased_same"] == 0.0  # "Medinsky on neutrality", ...: none of them
    assert any("Please tell me" in line and "abstained" in line for line in failures)
