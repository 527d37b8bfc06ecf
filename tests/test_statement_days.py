"""The day each statement was made: the one the article dates its saying with, never a date
in the words reported, and none where the article does not tell."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from parley.bot.terminal import speaker_line
from parley.index.answers import Quote
from parley.index.library import Library
from parley.index.search.verdict_model import EVERYTHING
from parley.index.settings import PROJECT_ROOT, Settings
from parley.index.store.passage_table import PassageTable
from parley.index.text.names import Names
from parley.index.text.passages import split_passages
from parley.index.text.sources import Source
from parley.index.timeline.statement_days import statement_days

from .conftest import CHUNKING, FakeEmbedder, with_verdict

NAMES = Names.load(PROJECT_ROOT / "config" / "aliases.toml")
MONDAY = dt.date(2024, 5, 13)  # the day the articles below come out


def days(text: str) -> list[tuple[str | None, dt.date | None]]:
    """(speaker, day said) of each passage that has a speaker."""
    source = Source(id="t", text=text, published=MONDAY)
    passages = split_passages(source, CHUNKING, NAMES)
    said = statement_days(source, passages)
    return [(p.speaker, day) for p, day in zip(passages, said, strict=True) if p.speaker]


def test_the_day_the_article_dates_the_saying_with() -> None:
    said = days(
        "Mayor Anna Berg said on Thursday that the bridge would reopen.\n\n"
        "After Friday's council meeting, Berg told reporters the budget was settled."
    )
    assert said == [("Berg", dt.date(2024, 5, 9)), ("Berg", dt.date(2024, 5, 10))]


def test_a_date_in_the_words_reported_or_on_a_noun_is_not_when_it_was_said() -> None:
    said = days(
        "Mayor Anna Berg said the plant was attacked on Sunday.\n\n"
        "Governor Ole Dahl toured the dam on Friday and reiterated the warning of the previous "
        "day.\n\n"
        "Berg said two weeks ago that the dam was safe."  # too rough to cite as a day
    )
    assert said == [("Berg", None), ("Dahl", None), ("Berg", None)]


def test_the_day_the_paragraph_names_goes_on_and_a_quotation_goes_on_with_it() -> None:
    said = days(
        "On Friday, the council met for six hours. Mayor Anna Berg said the vote was close.\n\n"
        '"We will try again," she said.\n\n'  # her statement goes on in the next paragraph
        "Governor Ole Dahl said the council had failed."  # a new paragraph: no day
    )
    friday = dt.date(2024, 5, 10)
    assert said == [("Berg", friday), ("Berg", friday), ("Dahl", None)]


def test_the_day_is_kept_with_the_passage_and_shown_with_who_said_it() -> None:
    source = Source(
        id="t",
        text="Mayor Anna Berg said on Thursday that the bridge would reopen.",
        published=MONDAY,
    )
    passages = split_passages(source, CHUNKING, NAMES)
    dated = [replace(p, said_on=dt.date(2024, 5, 9)) for p in passages]
    passage = PassageTable.of(dated, {"t": source})[0]
    assert passage.said_on == dt.date(2024, 5, 9)
    quote = Quote(passage, source, 0.9)
    assert speaker_line(quote) == "Berg (Mayor), said 2024-05-09"
    assert quote.to_dict()["said_on"] == "2024-05-09"
    on_the_day = Quote(passage, Source(id="t", text=source.text, published=dt.date(2024, 5, 9)), 1)
    assert speaker_line(on_the_day) == "Berg (Mayor)"  # the source line gives that day


def test_quotes_of_one_person_are_in_the_order_they_were_said(settings: Settings) -> None:
    library = Library(with_verdict(settings, EVERYTHING), FakeEmbedder())
    week = (
        "Mayor Anna Berg said on Friday that the budget for the bridge was settled.\n\n"
        "Earlier, Berg had said on Wednesday that the bridge would reopen in May."
    )
    library.build([Source(id="week", published=MONDAY, text=week)])
    found = library.statements("Berg")
    assert found is not None
    assert [q.passage.said_on for q in found.quotes] == [dt.date(2024, 5, 8), dt.date(2024, 5, 10)]
