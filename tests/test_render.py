"""Rendering for Discord: escaping, bold matches, shortening, and every limit, without a bot."""

from __future__ import annotations

import datetime as dt
import io

import discord
import pytest

from parley.bot import render
from parley.bot.chart import timeline_png
from parley.index.answers import Answer, Quote
from parley.index.text.names import Names
from parley.index.text.passages import Passage
from parley.index.text.sources import Source
from parley.index.timeline.events import extract_events

SENTENCE = "The delegations met in Istanbul and talked about a ceasefire for hours. "


def make_quote(
    text: str,
    *,
    before: str = "",
    after: str = "",
    speaker: str | None = "Medinsky",
    title: str | None = "Talks resume",
    url: str | None = "https://example.org/a_b",
) -> Quote:
    """A quote whose paragraph is `before + text + after`, second paragraph of its source."""
    first = "An opening paragraph that ends properly."
    body = f"{first}\n{before}{text}{after}\n"
    start = len(first) + 1 + len(before)
    source = Source("src", body, title, "A. Writer", url, dt.date(2022, 3, 29), "src.txt")
    passage = Passage("src", 2, start, start + len(text), text, speaker, "head of delegation")
    return Quote(passage, source, 0.8)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("**not bold** _nor this_", r"\*\*not bold\*\* \_nor this\_"),
        ("@everyone and <@123> and @here", r"\@everyone and \<\@123> and \@here"),
        ("[masked](https://evil.example)", r"\[masked\](https://evil.example)"),
        ("`code` ~~gone~~ ||spoiler||", r"\`code\` \~\~gone\~\~ \|\|spoiler\|\|"),
        ("> not a quote", r"\> not a quote"),
        ("# not a heading", r"\# not a heading"),
        ("-# not subtext", r"\-# not subtext"),
        ("1. not a list", r"1\. not a list"),
        ("Russia-Ukraine (2022) #talks", "Russia-Ukraine (2022) #talks"),  # harmless as is
        ("see https://example.org/a_b_c", "see https://example.org/a_b_c"),  # links still work
        ("back\\slash", "back\\\\slash"),
    ],
)
def test_escape_shows_article_text_as_typed(text: str, shown: str) -> None:
    assert render.escape(text) == shown


def test_matching_words_are_bold_in_any_form() -> None:
    bold = render.keywords("What did Lavrov say about neutrality and the talks?")
    assert bold == {"lavrov", "neutra", "talk"}  # question words and "say/about/the" are not
    text = render.escape("Lavrov's talk: a neutral *status*, talks_2", bold=bold)
    assert text == r"**Lavrov**'s **talk**: a **neutral** \*status\*, **talks**\_2"


def test_shorten_cuts_at_a_sentence_then_at_a_word() -> None:
    text = SENTENCE * 5
    short = render.shorten(text, 200)
    assert len(short) <= 200 and short.endswith(f"hours. {render.ELLIPSIS}")
    assert render.shorten(text, 10_000) == text.strip()
    one_long_sentence = "word " * 100
    cut = render.shorten(one_long_sentence, 42)
    assert len(cut) <= 42 and cut.endswith(f"word{render.ELLIPSIS}")


def test_fit_counts_the_escapes() -> None:
    text = "*" * 3000 + ". " + "_" * 3000 + "."
    fitted = render.fit(text, render.escape, 1024)
    assert len(fitted) <= 1024 and fitted.endswith(render.ELLIPSIS)


def test_answer_page_quotes_who_and_where() -> None:
    quotes = tuple(make_quote(SENTENCE.strip() + f" {n}.") for n in range(3))
    page = render.answer_page(Answer("Istanbul ceasefire?", quotes), 0, 3)
    description = page.embed.description or ""
    first = description.split("\n\n")[0].splitlines()
    assert first[0].startswith("> “The delegations met in **Istanbul**")
    assert first[1] == r"— Medinsky \(head of delegation\)".replace("\\", "")
    assert (
        first[2] == "Talks resume · A. Writer · 2022-03-29 · paragraph 2 · https://example.org/a_b"
    )
    assert page.next_offset == 3 and page.embed.title == "Istanbul ceasefire?"
    assert page.embed.footer.text and page.embed.footer.text.startswith("Passages 1–3")


def test_answer_page_without_speaker_or_more() -> None:
    quote = make_quote(SENTENCE.strip(), speaker=None, title=None, url=None)
    page = render.answer_page(Answer("q", (quote,)), 0, 3)
    lines = (page.embed.description or "").splitlines()
    assert len(lines) == 2 and lines[1] == r"src · A. Writer · 2022-03-29 · paragraph 2"
    assert page.next_offset is None  # fewer than asked for: that was all
    assert render.answer_page(Answer("q", (quote,)), 1, 3).embed.description == render.NO_MORE


def test_abstention_page_says_why() -> None:
    page = render.answer_page(Answer("Who won Eurovision?", (), abstained=True))
    assert page.embed.description == f"{render.NOTHING_FOUND} {render.ONLY_SOURCES}"
    assert page.next_offset is None
    why = Answer(
        "What did *Trump* say?", (), True, "Nobody named *Trump* is quoted in the library."
    )
    described = render.answer_page(why).embed.description or ""
    assert described.startswith(r"Nobody named \*Trump\* is quoted in the library. Parley only")


def test_huge_quotes_are_shortened_and_paged_within_limits() -> None:
    huge = tuple(make_quote(SENTENCE * 100) for _ in range(3))
    page = render.answer_page(Answer("x" * 2000, huge), 0, 3)
    assert render.within_limits(page.embed) and len(page.embed.title or "") <= render.TITLE
    assert len(page.quotes) == 1 and page.next_offset == 1
    assert (page.embed.description or "").splitlines()[0].endswith(f"hours. {render.ELLIPSIS}”")
    medium = tuple(make_quote(SENTENCE * 20) for _ in range(3))  # ~1,500 each: two fit
    page = render.answer_page(Answer("q", medium), 0, 3)
    assert len(page.quotes) == 2 and page.next_offset == 2 and render.within_limits(page.embed)


def test_context_shows_the_paragraph_with_the_quote_in_bold() -> None:
    quote = make_quote("Medinsky said it went well.", before="First this. ", after=" Then that.")
    embed = render.context_embed(quote)
    assert embed.description == "First this. **Medinsky said it went well.** Then that."
    assert embed.title == "Context · Talks resume"
    assert embed.fields[0].value and "paragraph 2" in embed.fields[0].value


def test_context_of_a_huge_paragraph_keeps_the_quote_and_fits() -> None:
    quote = make_quote("The quote itself.", before=SENTENCE * 60, after=" " + SENTENCE * 60)
    embed = render.context_embed(quote)
    description = embed.description or ""
    assert render.within_limits(embed) and "**The quote itself.**" in description
    assert description.startswith(render.ELLIPSIS) and description.endswith(render.ELLIPSIS)


def test_pages_group_entries_within_limits() -> None:
    entries = [f"entry {n} " + "x" * 900 for n in range(12)]
    pages = render.pages("Title", entries, per_page=5, footer="12 things")
    assert [len((p.description or "").split("\n\n")) for p in pages] == [4, 4, 4]  # by size
    assert all(render.within_limits(p) for p in pages)
    assert pages[0].footer.text == "Page 1/3 · 12 things"
    small = render.pages("Title", [f"e{n}" for n in range(12)], per_page=5)
    assert [len((p.description or "").split("\n\n")) for p in small] == [5, 5, 2]


def test_source_embed_fits_whatever_the_metadata() -> None:
    quote = make_quote("Text.", title="T" * 1000, url="https://example.org/x")
    speakers = [(f"Person{n}", n) for n in range(300)]
    embed = render.source_embed(quote.source, 42, speakers, "Opening. " * 500)
    assert render.within_limits(embed) and embed.url == "https://example.org/x"
    fields = {f.name: f.value for f in embed.fields}
    assert fields["Passages"] == "42" and fields["Id"] == "`src`"


def test_within_limits_catches_each_limit() -> None:
    assert render.within_limits(discord.Embed(title="t", description="d"))
    assert not render.within_limits(discord.Embed(description="d" * 4097))
    assert not render.within_limits(discord.Embed(title="t" * 257))
    too_many = discord.Embed(description="d" * 4000)
    for _ in range(3):
        too_many.add_field(name="n", value="v" * 1000)
    assert not render.within_limits(too_many)  # 7,000 in all
    assert not render.within_limits(discord.Embed().add_field(name="n", value="v" * 1025))


def test_the_timeline_picture_keeps_a_wide_date_inside_it() -> None:
    from PIL import Image

    article = Source(
        "plan",
        "The envoys met on Monday. Talks will resume between June 20 and June 30, they said.\n",
        published=dt.date(2025, 6, 3),
    )
    events = extract_events(article, Names([]))
    assert any(e.end_date and e.planned for e in events)  # "2025-06-20 to 2025-06-30 (planned)"
    with Image.open(io.BytesIO(timeline_png(events, "Plans"))) as image:
        edge = image.convert("L").crop((0, 0, 4, image.height))
        assert edge.getextrema()[0] > 200  # nothing drawn at the left edge: no date cut off
