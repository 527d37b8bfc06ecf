"""Which sentences with no date of their own report an event on the narration's day, and which
only go on about one already told (timeline/narration.py, dates.py, events.py). The sentences
are written for these tests."""

from __future__ import annotations

import datetime as dt

from parley.index.settings import PROJECT_ROOT
from parley.index.text.names import Names
from parley.index.text.sources import Source
from parley.index.timeline import clauses
from parley.index.timeline.events import extract_events

NAMES = Names.load(PROJECT_ROOT / "config" / "aliases.toml")
PUBLISHED = dt.date(2024, 10, 11)  # a Friday


def listed(text: str) -> list[tuple[str, str]]:
    """(date, the sentence's first words) of each event listed in an article of `text`."""
    article = Source(id="x", text=text + "\n", published=PUBLISHED)
    return [(e.date.isoformat(), e.sources[0].text[:20]) for e in extract_events(article, NAMES)]


def test_how_long_the_meeting_lasted_is_no_new_event() -> None:
    text = (
        "The envoys met in Vienna on Tuesday. The session lasted about three hours. "
        "They signed a joint statement."
    )
    assert listed(text) == [
        ("2024-10-08", "The envoys met in Vi"),
        ("2024-10-08", "They signed a joint "),
    ]


def test_what_they_did_for_two_hours_is_the_meeting_told_not_a_new_event() -> None:
    text = (
        "The envoys met in Vienna on Tuesday. In the meeting, the ministers went over the "
        "draft for two hours. They signed a joint statement."
    )
    assert [words for _, words in listed(text)] == ["The envoys met in Vi", "They signed a joint "]


def test_the_speaker_again_by_title_goes_on_someone_new_by_name_does_not() -> None:
    text = (
        "On Tuesday, the foreign minister told reporters the talks had stalled.\n\n"
        "The minister called the round difficult. "
        "The minister's deputy, Ana Ruiz, said a new round was planned."
    )
    assert [words for _, words in listed(text)] == [
        "On Tuesday, the fore",
        "The minister's deput",
    ]


def test_a_rejoinder_in_another_named_voice_is_that_voices_statement() -> None:
    text = (
        "On Tuesday, the mediators said the corridors would open at dawn. "
        "But Lisbon said the routes were unsafe. But it was not the first delay."
    )
    assert listed(text) == [
        ("2024-10-08", "On Tuesday, the medi"),
        ("2024-10-08", "But Lisbon said the "),
    ]


def test_a_quoted_today_whose_day_of_saying_is_not_given_dates_nothing() -> None:
    text = '"Today we offered a truce that they accepted," the minister said.'
    assert listed(text) == []


def test_after_a_flashback_the_narration_is_at_no_known_day() -> None:
    text = (
        "The envoys met in Vienna on Tuesday.\n\n"
        "The first round had taken place on September 2, the second on September 9.\n\n"
        "While the first ended without agreement, the second brought some progress."
    )
    assert [words for _, words in listed(text)] == [
        "The first round had ",
        "The first round had ",
        "The envoys met in Vi",
    ]


def test_a_statement_restated_is_no_new_event() -> None:
    text = (
        "The envoys met in Vienna on Tuesday.\n\n"
        "The foreign minister, in a speech to students, restated that the border must stay."
    )
    assert listed(text) == [("2024-10-08", "The envoys met in Vi")]


def test_before_the_meeting_is_the_meetings_day_before_the_war_is_not() -> None:
    text = (
        "The envoys met in Vienna on Tuesday. Before the full meeting, the two heads of "
        "delegation had a private conversation. Before the war, the two countries traded grain."
    )
    assert listed(text) == [
        ("2024-10-08", "The envoys met in Vi"),
        ("2024-10-08", "Before the full meet"),
    ]


def test_the_main_verb_is_read_from_the_narration() -> None:
    sentence = "The session, which officials called tense, lasted three hours."
    assert clauses.main_verb(sentence, [(0, len(sentence))]) == "lasted"


def test_the_same_day_opening_a_paragraph_is_the_day_the_last_one_was_at() -> None:
    # "that day" had no day to count from where its own paragraph named none
    text = (
        "The envoys met in Vienna on Tuesday.\n\n"
        "Earlier the same day, the ministers held a call with the mediators."
    )
    assert listed(text) == [
        ("2024-10-08", "The envoys met in Vi"),
        ("2024-10-08", "Earlier the same day"),
    ]


def test_a_day_still_to_come_is_not_where_the_narration_goes_on() -> None:
    # What follows an announcement tells of what happened, not of the day announced: the
    # hall and the envoys below had been dated to the coming Thursday.
    text = (
        "The foreign minister said the envoys would meet again in Vienna on October 17.\n\n"
        "No journalists were allowed into the hall."
    )
    assert listed(text) == [("2024-10-17", "The foreign minister")]
