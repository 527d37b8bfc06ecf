"""The Discord bot end to end: the real discord.py client against the fake Discord on 127.0.0.1.

Every request the bot makes is recorded; `parley()` checks each payload against Discord's
limits and for allowed_mentions that ping nobody, after every test.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import json
import logging
import re
import statistics
import time
from collections.abc import AsyncIterator, Coroutine, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

import discord
import numpy as np
import pytest
import yarl
from PIL import Image

from parley.bot import render
from parley.bot.app import ParleyBot, Redact, SerialEmbedder, run_bot
from parley.bot.cli import main
from parley.bot.feedback import FeedbackStore
from parley.bot.views import answer_view
from parley.index.answers import Answer, Quote, clean_question, joined
from parley.index.errors import ConfigError
from parley.index.evaluation.fitting import toml
from parley.index.library import Library
from parley.index.search.verdict_model import EVERYTHING
from parley.index.settings import load_settings
from parley.index.text.passages import Passage
from parley.index.text.sources import Source

from .conftest import SEEDS, FakeEmbedder, showing_everything
from .fake_discord import (
    EPHEMERAL,
    DispatchedInteraction,
    FakeDiscord,
    Json,
    RecordedRequest,
    error_response,
    make_user,
    running_bot,
)

COMMANDS = ["ask", "quotes", "sources", "timeline", "source", "reindex"]


# -- fixtures and helpers ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    """The seed library indexed once for the module with the fake model (answering does not
    change it, so tests share it)."""
    data = tmp_path_factory.mktemp("data")
    settings = showing_everything(load_settings(environ={"PARLEY_DATA": str(data)}))
    library = Library(settings, FakeEmbedder())
    library.build()
    library.load()
    return library


def question_for(library: Library, speaker: str | None) -> str:
    """A question the fake model answers: the opening words of one of `speaker`'s passages."""
    passage = next(p for p in library.index.passages if p.speaker == speaker)
    return " ".join(passage.text.split())[:100]  # typed on one line


def run(coro: Coroutine[Any, Any, None]) -> None:
    asyncio.run(asyncio.wait_for(coro, timeout=30))


@asynccontextmanager
async def parley(
    library: Library | Scripted, feedback: Path | None = None, **config: Any
) -> AsyncIterator[tuple[FakeDiscord, ParleyBot]]:
    limits = {"cooldown_questions": 0, **config}  # no cooldown unless a test sets one
    async with FakeDiscord() as fake:
        bot = ParleyBot(
            cast(Library, library),
            config=replace(load_settings().bot, **limits),
            feedback=FeedbackStore(feedback or library.settings.data_dir / "votes.jsonl"),
            guild_ready_timeout=0.05,
        )
        async with running_bot(bot, fake):
            yield fake, bot
        assert [f"{r.method} {r.path}" for r in fake.requests if r.status >= 400] == []
        for request in fake.requests:
            check_payload(request)


def message_body(request: RecordedRequest) -> Json | None:
    """The message a request creates or edits, if it does."""
    body = request.json
    if not isinstance(body, dict):
        return None
    if request.path.endswith("/callback"):
        return body.get("data") if body["type"] in (4, 7) else None
    return body if "content" in body or "embeds" in body else None


def check_payload(request: RecordedRequest) -> None:
    body = message_body(request)
    if body is None:
        return
    assert body.get("allowed_mentions") == {"parse": []}, request  # pings nobody, ever
    assert len(body.get("content") or "") <= render.CONTENT
    embeds = [discord.Embed.from_dict(e) for e in body.get("embeds") or []]
    assert all(render.within_limits(e) for e in embeds), request
    assert sum(len(e) for e in embeds) <= render.EMBED_TOTAL
    for row in body.get("components") or []:
        for item in row["components"]:
            assert len(item["custom_id"]) <= 100 and len(item.get("label") or "") <= 80


def on(sent: DispatchedInteraction, method: str, suffix: str) -> Any:
    return lambda r: r.method == method and sent.token in r.path and r.path.endswith(suffix)


async def slash(
    fake: FakeDiscord, name: str, options: Json | None = None, **kw: Any
) -> tuple[DispatchedInteraction, RecordedRequest]:
    """Run a command; return it and its first response (the callback)."""
    sent = await fake.slash_command(name, options, **kw)
    return sent, await fake.wait_for_request(on(sent, "POST", "/callback"))


async def answered(
    fake: FakeDiscord, name: str, options: Json | None = None, **kw: Any
) -> tuple[DispatchedInteraction, RecordedRequest]:
    """Run a command that defers; return it and the edit of its original response."""
    sent, callback = await slash(fake, name, options, **kw)
    assert callback.json["type"] == 5  # deferred: the 3-second window is met at once
    return sent, await fake.wait_for_request(on(sent, "PATCH", "/messages/@original"))


async def clicked(
    fake: FakeDiscord, message: Json, custom_id: str, **kw: Any
) -> tuple[RecordedRequest, RecordedRequest | None]:
    """Click a button; return the callback and, if it deferred, the edit that followed."""
    click = await fake.click(message, custom_id, **kw)
    callback = await fake.wait_for_request(on(click, "POST", "/callback"))
    if callback.json["type"] != 5:
        return callback, None
    return callback, await fake.wait_for_request(on(click, "PATCH", "/messages/@original"))


async def turn_all(fake: FakeDiscord, edit: RecordedRequest) -> list[Json]:
    """Every page of a paged answer, turning ▶ until it is disabled."""
    message, pages = edit.response, [edit.json["embeds"][0]]
    while message.get("components"):
        buttons = message["components"][0]["components"]
        forward = next(b for b in buttons if b.get("label") == "▶")
        if forward.get("disabled"):
            break
        callback, _ = await clicked(fake, message, forward["custom_id"])
        message = {**message, **callback.json["data"]}
        pages.append(callback.json["data"]["embeds"][0])
    return pages


def custom_ids(message: Json) -> list[str]:
    return [c["custom_id"] for row in message["components"] for c in row["components"]]


class Scripted:
    """`library`, except that `ask` returns `answers` (or raises, for an exception) first."""

    def __init__(self, library: Library, *answers: Answer | Exception, delay: float = 0) -> None:
        self.library, self.answers, self.delay = library, list(answers), delay

    def __getattr__(self, name: str) -> Any:
        return getattr(self.library, name)

    def ask(self, question: str, k: int | None = None) -> Answer:
        time.sleep(self.delay)  # blocking, like the model: it must not stall the event loop
        if not self.answers:
            return self.library.ask(question, k)
        result = self.answers.pop(0)
        if isinstance(result, Exception):
            raise result
        return replace(result, question=clean_question(question, 1000))


def quote(text: str, *, speaker: str | None = "Lavrov", url: str | None = None) -> Quote:
    source = Source(
        id="made-up",
        text=text,
        title="A *made-up* [headline](https://evil.example)",
        author="A. Writer",
        url=url,
        published=dt.date(2022, 3, 29),
    )
    passage = Passage("made-up", 4, 0, len(text), text, speaker, "Russian Foreign Minister")
    return Quote(passage, source, 0.9)


# -- commands ----------------------------------------------------------------------------------


def test_commands_are_synced_globally_with_their_help(library: Library) -> None:
    async def scenario() -> None:
        async with parley(library) as (fake, _):
            sync = await fake.wait_for_request(lambda r: r.method == "PUT")
            assert sync.path == f"/applications/{fake.application_id}/commands"
            synced = {c["name"]: c for c in sync.json}
            assert sorted(synced) == sorted(COMMANDS)
            for command in sync.json:  # what a member sees in the command picker
                options = " ".join(
                    f"{o['name']}:" if o.get("required") else f"[{o['name']}:]"
                    for o in command["options"]
                )
                print(f"\n/{command['name']} {options} — {command['description']}", end="")
                assert command["description"] and all(o["description"] for o in command["options"])
            assert [o["name"] for o in synced["sources"]["options"]] == ["id"]
            assert synced["quotes"]["options"][0]["autocomplete"] is True

    run(scenario())


def test_guild_id_syncs_to_that_guild(library: Library) -> None:
    async def scenario() -> None:
        async with FakeDiscord() as fake:
            bot = ParleyBot(library, sync_guild_id=int(fake.guild_id), guild_ready_timeout=0.05)
            async with running_bot(bot, fake):
                sync = await fake.wait_for_request(lambda r: r.method == "PUT")
                assert sync.path.endswith(f"/guilds/{fake.guild_id}/commands")
                assert sorted(c["name"] for c in sync.json) == sorted(COMMANDS)

    run(scenario())


def test_ask_defers_then_edits_with_quotes_and_buttons(library: Library) -> None:
    question = question_for(library, "Fomin")

    async def scenario() -> None:
        async with parley(library) as (fake, _):
            sent, edit = await answered(fake, "ask", {"question": question})
            callback, patch = [r for r in fake.requests if sent.token in r.path]
            assert callback.json["type"] == 5 and patch is edit
            embed = edit.json["embeds"][0]
            assert embed["title"] == question
            blocks = embed["description"].split("\n\n")
            assert len(blocks) == 3 and all(b.startswith("> ") for b in blocks)
            first = blocks[0].splitlines()
            assert first[1] == "— Fomin (Russian Deputy Defense Minister)"
            assert "date unknown" in first[2] or "2022-" in first[2]
            assert "paragraph " in first[2] and "**" in first[0]  # matching words in bold
            assert embed["footer"]["text"].startswith("Passages 1–3")
            ids = custom_ids(edit.response)
            assert ids[0] == "parley:more:3" and ids[1].startswith("parley:context:")
            assert ids[2:] == ["parley:vote:up", "parley:vote:down"]

    run(scenario())


def test_abstention_says_why_and_suggests_sources(library: Library) -> None:
    why = "Nobody named Trump is quoted in the library."
    scripted = Scripted(library, Answer("", (), abstained=True, reason=why))

    async def scenario() -> None:
        async with parley(scripted) as (fake, _):
            _, edit = await answered(fake, "ask", {"question": "What did Trump say?"})
            description = edit.json["embeds"][0]["description"]
            assert description.startswith(why) and "/sources" in description
            assert custom_ids(edit.response) == ["parley:vote:up", "parley:vote:down"]

    run(scenario())


def test_buttons_more_context_and_votes(library: Library, tmp_path: Path) -> None:
    # a passage no one speaks: a question naming someone is answered with their statements
    # alone, and Fomin has too few to fill a second page
    question = question_for(library, None)
    votes = tmp_path / "feedback" / "votes.jsonl"

    async def scenario() -> None:
        async with parley(library, feedback=votes) as (fake, _):
            _, edit = await answered(fake, "ask", {"question": question})
            answer = edit.response

            callback, more = await clicked(fake, answer, "parley:more:3")
            assert callback.json["data"]["flags"] == EPHEMERAL  # only the clicker sees it
            assert more is not None
            assert more.json["embeds"][0]["footer"]["text"].startswith("Passages 4–6")
            assert custom_ids(more.response)[0] == "parley:more:6"

            context_id = custom_ids(answer)[1]
            callback, context = await clicked(fake, answer, context_id)
            assert callback.json["data"]["flags"] == EPHEMERAL and context is not None
            shown = answer["embeds"][0]["description"].split("\n")[0].removeprefix("> ")
            shown = shown.replace("**", "").strip("“”")
            paragraph = context.json["embeds"][0]["description"]
            assert shown.replace("**", "")[:40] in paragraph.replace("**", "")
            assert paragraph.count("**") >= 2  # the quote in bold within its paragraph

            _, thanks = await clicked(fake, answer, "parley:vote:down")
            assert thanks is not None and "not helpful" in thanks.json["content"]
            again, _ = await clicked(fake, answer, "parley:vote:up")
            assert again.json["type"] == 4 and "already" in again.json["data"]["content"]
            assert again.json["data"]["flags"] == EPHEMERAL

        (vote,) = FeedbackStore(votes).read()
        assert vote.question == question and vote.helpful is False
        assert len(vote.passages) == 3 and vote.message_id == int(answer["id"])

    run(scenario())


def test_context_of_a_joined_quote_shows_all_of_it_in_bold(library: Library) -> None:
    # two passages of one stretch of a paragraph, by one speaker, quoted as one
    passages, index = list(library.index.passages), library.index
    first, second = next(
        (a, b)
        for a, b in zip(passages, passages[1:], strict=False)
        if (a.source_id, a.paragraph, a.speaker) == (b.source_id, b.paragraph, b.speaker)
        and not index.sources[a.source_id].text[a.end : b.start].strip()
    )
    source = index.sources[first.source_id]
    (whole,) = joined([Quote(first, source, 0.9), Quote(second, source, 0.8)], 10_000)
    scripted = Scripted(library, Answer("", (whole,)))

    def bold(context: RecordedRequest) -> str:
        (shown,) = re.findall(r"\*\*(.+?)\*\*", context.json["embeds"][0]["description"], re.S)
        return shown.replace("\\", "")  # markdown escapes

    async def scenario() -> None:
        async with parley(scripted) as (fake, _):
            _, edit = await answered(fake, "ask", {"question": "what was said?"})
            context_id = custom_ids(edit.response)[0]
            assert context_id == f"parley:context:{source.id}:{first.start}-{second.end}"
            _, context = await clicked(fake, edit.response, context_id)
            assert context is not None
            assert bold(context) == " ".join(source.text[first.start : second.end].split())
            # a button posted before ends were kept shows the passage that starts there
            older = f"parley:context:{source.id}:{first.start}"
            posted = json.loads(json.dumps(edit.response).replace(context_id, older))
            _, context = await clicked(fake, posted, older)
            assert context is not None
            assert bold(context) == " ".join(first.text.split())

    run(scenario())
    # an end no passage has (the article split otherwise since): the passage at the start
    moved = library.quote_at(source.id, first.start, second.end - 1)
    assert moved is not None and moved.passage == first


def test_a_long_source_id_keeps_the_context_button_without_its_end() -> None:
    def context_ids(source_id: str) -> list[str]:
        made = quote("Peace talks resumed in Istanbul on Tuesday.")
        shown = replace(made.passage, source_id=source_id, start=1234, end=1277)
        one = replace(made, passage=shown)
        page = render.AnswerPage("q", discord.Embed(), (one,), None)
        view = answer_view(page)
        return [i.custom_id for i in view.children if i.custom_id.startswith("parley:context:")]

    async def scenario() -> None:  # a view is made on the bot's event loop
        assert context_ids("short") == ["parley:context:short:1234-1277"]
        assert context_ids("x" * 78) == [f"parley:context:{'x' * 78}:1234"]  # 103 with its end
        assert context_ids("x" * 90) == []  # over Discord's 100 characters either way

    run(scenario())


def test_mention_is_answered_as_a_reply(library: Library) -> None:
    question = question_for(library, "Kuleba")

    async def scenario() -> None:
        async with parley(library) as (fake, _):
            bot_id = fake.bot_user["id"]
            msg = await fake.send_message(f"<@{bot_id}> {question}", mentions=[fake.bot_user])
            path = f"/channels/{fake.channel['id']}/messages"
            reply = await fake.wait_for_request(lambda r: r.method == "POST" and r.path == path)
            assert str(reply.json["message_reference"]["message_id"]) == msg["id"]
            assert reply.json["message_reference"]["fail_if_not_exists"] is False
            embed = reply.json["embeds"][0]
            assert embed["title"] == question and embed["description"].startswith("> ")
            assert custom_ids(reply.response)[-2:] == ["parley:vote:up", "parley:vote:down"]
            assert any(r.path.endswith("/typing") for r in fake.requests)
            # A reply to the bot without the mention in its text is not a question.
            await fake.send_message("thanks!", mentions=[fake.bot_user])
            await asyncio.sleep(0.1)
            assert sum(r.method == "POST" and r.path == path for r in fake.requests) == 1

    run(scenario())


def test_article_markup_and_everyone_ping_nobody(library: Library) -> None:
    text = "@everyone look: **not bold** and [a link](https://evil.example) > <@123>."
    answer = Answer("", (quote(text),))
    scripted = Scripted(library, answer, answer)

    async def scenario() -> None:
        async with parley(scripted) as (fake, _):  # parley() checks allowed_mentions on each
            _, edit = await answered(fake, "ask", {"question": "@everyone what did Lavrov say?"})
            description = edit.json["embeds"][0]["description"]
            assert "@" not in description.replace("\\@", "")  # every @ escaped
            assert "\\*\\*not bold\\*\\*" in description
            assert "\\[a link\\](https://evil.example)" in description
            assert "\\<\\@123>" in description
            bot_id = fake.bot_user["id"]
            await fake.send_message(f"<@{bot_id}> what did Lavrov say?", mentions=[fake.bot_user])
            reply = await fake.wait_for_request(lambda r: "message_reference" in (r.json or {}))
            assert reply.json["allowed_mentions"] == {"parse": []}  # not even the asker

    run(scenario())


def test_the_question_is_read_without_chat_markup_and_shown_escaped(library: Library) -> None:
    """Mentions, spoiler bars or a code fence around a question made it "nothing found";
    the question was echoed unescaped in the title, where Discord renders markup too."""
    plain = question_for(library, "Fomin")
    wrapped = f"<@123> ||{plain}|| *please*"

    async def scenario() -> None:
        async with parley(library) as (fake, bot):
            _, first = await answered(fake, "ask", {"question": plain})
            _, edit = await answered(fake, "ask", {"question": f"```{plain}```"})
            assert edit.json["embeds"][0]["description"] == first.json["embeds"][0]["description"]
            _, edit = await answered(fake, "ask", {"question": wrapped})
            title = edit.json["embeds"][0]["title"]
            assert "\\*please\\*" in title and "<@" not in title and "||" not in title
            # after a restart the answer is forgotten: More reads the question off the title
            cast(Any, bot.get_cog("Ask"))._shown.clear()
            _, more = await clicked(fake, edit.response, "parley:more:3")
            assert more is not None
            assert more.json["embeds"][0]["title"] == title

    run(scenario())


def test_a_removal_the_bot_did_not_make_is_caught_up(tmp_path: Path) -> None:
    """A removal by the command line killed after its registry commit: the running bot
    stops quoting the article at once and brings its index up to date by itself."""
    settings = showing_everything(load_settings(environ={"PARLEY_DATA": str(tmp_path)}))
    library = Library(settings, FakeEmbedder())
    library.build()
    question = question_for(library, "Fomin")
    removed = next(p.source_id for p in library.index.passages if p.speaker == "Fomin")
    label = render.escape(library.index.sources[removed].label)

    async def scenario() -> None:
        async with parley(library) as (fake, bot):
            upkeep = cast(Any, bot.get_cog("Upkeep"))
            upkeep.catch_up.change_interval(seconds=0.05)
            _, before = await answered(fake, "ask", {"question": question})
            assert label in before.json["embeds"][0]["description"]
            library.registry.remove(removed)  # the command line's commit, then killed
            _, after = await answered(fake, "ask", {"question": question})
            assert label not in after.json["embeds"][0]["description"]
            for _ in range(100):
                if removed not in library.index.sources:
                    break
                await asyncio.sleep(0.05)
            assert removed not in library.index.sources and not library.stale()

    run(scenario())


def test_long_answer_is_shortened_at_a_sentence_with_more(library: Library) -> None:
    sentence = "The delegations met again in Istanbul and talked for hours about a ceasefire. "
    long = Answer("", tuple(quote(sentence * 80 + str(n)) for n in range(3)))  # 6,000+ each
    scripted = Scripted(library, long, long)

    async def scenario() -> None:
        async with parley(scripted) as (fake, _):  # parley() checks every payload's limits
            _, edit = await answered(fake, "ask", {"question": "What about the ceasefire?"})
            description = edit.json["embeds"][0]["description"]
            assert len(description) <= render.DESCRIPTION
            first = description.splitlines()[0].replace("**", "")
            assert first.endswith(f"ceasefire. {render.ELLIPSIS}”")
            assert edit.json["embeds"][0]["footer"]["text"].startswith("Passage 1 ")
            assert custom_ids(edit.response)[0] == "parley:more:1"
            _, more = await clicked(fake, edit.response, "parley:more:1")
            assert more is not None
            assert more.json["embeds"][0]["footer"]["text"].startswith("Passage 2 ")

    run(scenario())


def test_cooldown_answers_the_second_quick_question_privately(library: Library) -> None:
    question = question_for(library, "Fomin")

    async def scenario() -> None:
        async with parley(library, cooldown_questions=1, cooldown_seconds=60) as (fake, _):
            await answered(fake, "ask", {"question": question})
            _, callback = await slash(fake, "ask", {"question": question})
            assert callback.json["type"] == 4
            data = callback.json["data"]
            assert data["flags"] == EPHEMERAL and "try again in 60 s" in data["content"]
            # The mention counts against the same member's window; someone else may ask.
            bot_id = fake.bot_user["id"]
            await fake.send_message(f"<@{bot_id}> {question}", mentions=[fake.bot_user])
            reply = await fake.wait_for_request(lambda r: "message_reference" in (r.json or {}))
            assert "try again in" in reply.json["content"]
            await answered(fake, "ask", {"question": question}, user=make_user("other"))

    run(scenario())


@pytest.mark.parametrize(("question", "says"), [("   ", "empty"), ("x" * 1001, "1000")])
def test_bad_questions_are_explained_privately(library: Library, question: str, says: str) -> None:
    async def scenario() -> None:
        async with parley(library) as (fake, _):
            _, callback = await slash(fake, "ask", {"question": question})
            assert callback.json["type"] == 4 and callback.json["data"]["flags"] == EPHEMERAL
            assert says in callback.json["data"]["content"]

    run(scenario())


def test_ten_members_at_once_are_all_answered_without_stalling(library: Library) -> None:
    scripted = Scripted(library, delay=0.3)  # each search blocks its thread for 0.3 s
    question = question_for(library, "Fomin")

    async def scenario() -> None:
        async with parley(scripted, workers=10) as (fake, _):
            started = time.perf_counter()
            sent = [
                await fake.slash_command("ask", {"question": question}, user=make_user(f"m{i}"))
                for i in range(10)
            ]
            edits = await asyncio.gather(
                *(fake.wait_for_request(on(s, "PATCH", "/messages/@original")) for s in sent)
            )
            elapsed = time.perf_counter() - started
            defers = [await fake.wait_for_request(on(s, "POST", "/callback")) for s in sent]
            # Every member was acknowledged while the searches ran: a loop blocked by even one
            # search would hold some acknowledgement back for its whole 0.3 s.
            assert (
                max(d.received_at - s.dispatched_at for d, s in zip(defers, sent, strict=True))
                < 0.3
            )
            assert max(d.received_at for d in defers) < min(e.received_at for e in edits)
            assert all(e.json["embeds"][0]["description"].startswith("> ") for e in edits)
            assert elapsed < 1.5  # in parallel: one after another would take 3 s

    run(scenario())


def test_a_command_that_raises_apologises_and_the_next_works(
    library: Library, caplog: pytest.LogCaptureFixture
) -> None:
    scripted = Scripted(library, RuntimeError("search broke"))
    question = question_for(library, "Fomin")

    async def scenario() -> None:
        async with parley(scripted) as (fake, _):
            sent, callback = await slash(fake, "ask", {"question": question})
            assert callback.json["type"] == 5
            apology = await fake.wait_for_request(
                lambda r: r.method == "POST" and sent.token in r.path and "callback" not in r.path
            )
            assert apology.json["content"] == render.APOLOGY
            assert apology.json["flags"] == EPHEMERAL
            assert any(r.method == "DELETE" and sent.token in r.path for r in fake.requests)
            _, edit = await answered(fake, "ask", {"question": question})
            assert edit.json["embeds"][0]["description"].startswith("> ")

    with caplog.at_level(logging.ERROR):
        run(scenario())
    errors = [r for r in caplog.records if r.name == "parley.bot"]
    assert errors and errors[0].exc_info and "search broke" in str(errors[0].exc_info[1])


def test_interaction_to_answer_latency(library: Library) -> None:
    question = question_for(library, "Fomin")

    async def scenario() -> None:
        async with parley(library) as (fake, _):
            latencies = []
            for _ in range(10):
                sent, edit = await answered(fake, "ask", {"question": question})
                latencies.append(edit.received_at - sent.dispatched_at)
            median = statistics.median(latencies)
            print(f"\n/ask -> edited answer: median {median * 1000:.1f} ms of 10", end="")
            assert median < 0.5

    run(scenario())


# -- /quotes, /sources, /source ------------------------------------------------------------------


#: " · c. 2022-03-30 (estimated) · paragraph", " · 2022-03-21 · paragraph": the date it holds
DATED_PARAGRAPH = r" · (?:c\. )?(\d{4}-\d\d-\d\d|date unknown)(?: \(estimated\))? · paragraph"


def test_quotes_lists_one_person_oldest_first_in_pages(library: Library) -> None:
    async def scenario() -> None:
        async with parley(library) as (fake, _):
            _, edit = await answered(fake, "quotes", {"person": "Mykhailo Podoliak"})
            first = edit.json["embeds"][0]
            assert first["title"] == "What Podolyak (adviser to President Zelensky) said"
            assert (
                first["footer"]["text"].startswith("Page 1/")
                and "oldest first" in first["footer"]["text"]
            )
            pages = [first]
            message = edit.response
            previous, following = custom_ids(message)
            for _ in range(int(first["footer"]["text"].split("/")[1].split()[0]) - 1):
                callback, _ = await clicked(fake, message, following)
                assert callback.json["type"] == 7  # the same message, next page
                pages.append(callback.json["data"]["embeds"][0])
            dates = [
                re.search(DATED_PARAGRAPH, line)[1]
                for page in pages
                for line in page["description"].splitlines()
                if line and not line.startswith("> ")
            ]
            said = [p for p in library.index.passages if p.speaker == "Podolyak"]
            assert len(said) > 10  # several pages' worth
            assert len(dates) == len(said) and dates == sorted(dates)  # every one, oldest first
            other, _ = await clicked(fake, message, previous, user=make_user("someone"))
            assert other.json["type"] == 4 and other.json["data"]["flags"] == EPHEMERAL

    run(scenario())


def test_quotes_about_a_topic_and_nobody(library: Library) -> None:
    async def scenario() -> None:
        async with parley(library) as (fake, _):
            options = {"person": "Podoliak", "topic": "neutrality"}
            _, edit = await answered(fake, "quotes", options)
            embed = edit.json["embeds"][0]
            assert embed["title"] == (
                "What Podolyak (adviser to President Zelensky) said about neutrality"
            )
            # The fake model's verdict shows every candidate, so the topic keeps those the
            # search proposed; the one that says "neutral" has it in bold (neutral(ity)).
            pages = await turn_all(fake, edit)
            assert any("“**neutral** status.”" in page["description"] for page in pages)
            total = sum(p.speaker == "Podolyak" for p in library.index.passages)
            assert int(embed["footer"]["text"].split(" · ")[1].split()[0]) <= total
            options = {"person": "Zelenskyy", "topic": "negotiations"}
            _, edit = await answered(fake, "quotes", options)
            pages = await turn_all(fake, edit)
            assert any("**negotiations**" in page["description"] for page in pages)
            _, edit = await answered(fake, "quotes", {"person": "Napoleon"})
            assert "no quotes from Napoleon" in edit.json["embeds"][0]["description"]
            # Umerov led a delegation in the seeds, and is never quoted there
            _, edit = await answered(fake, "quotes", {"person": "Umerov"})
            said = edit.json["embeds"][0]["description"]
            assert said.startswith("Umerov is named in the library, but never quoted.")

    run(scenario())


def test_quotes_finds_a_person_added_with_a_new_article(tmp_path: Path) -> None:
    """No alias table entry for Peskov: the article itself says who he is."""
    settings = showing_everything(load_settings(environ={"PARLEY_DATA": str(tmp_path)}))
    library = Library(settings, FakeEmbedder())
    library.build()
    article = Source(
        id="peskov-on-talks",
        published=dt.date(2025, 6, 2),
        text=(
            '"We are ready to talk, but not at any price," Kremlin spokesman Dmitry Peskov told '
            "reporters in Moscow on Monday.\n\n"
            '"The memorandum is on the table," Peskov said later in the day.'
        ),
    )
    library.add(article, added_by="tester")

    async def scenario() -> None:
        async with parley(library) as (fake, _):
            _, edit = await answered(fake, "quotes", {"person": "Peskov"})
            embed = edit.json["embeds"][0]
            assert embed["title"].startswith("What Peskov")
            assert "Kremlin spokesman" in embed["title"]  # the role this article gives
            assert "The memorandum is on the table" in embed["description"]

    run(scenario())


def test_sources_and_source(library: Library) -> None:
    async def scenario() -> None:
        async with parley(library) as (fake, _):
            _, edit = await answered(fake, "sources")
            embed = edit.json["embeds"][0]
            lines = embed["description"].split("\n\n")
            assert len(lines) == 5 and all(re.search(r" · \d+ passages · `", x) for x in lines)
            assert "2022-03-02" in lines[0] and "2025-06-03" in lines[-1]  # by date
            assert embed["footer"]["text"].startswith("Page 1/1 · 5 sources")

            source = next(s for s in library.index.sources.values() if s.author)
            _, edit = await answered(fake, "sources", {"id": source.id})
            shown = edit.json["embeds"][0]
            assert shown["title"] == source.title
            fields = {f["name"]: f["value"] for f in shown["fields"]}
            assert fields["Author"] == source.author and fields["Id"] == f"`{source.id}`"

            _, callback = await slash(fake, "sources", {"id": "nope"})
            assert callback.json["data"]["flags"] == EPHEMERAL
            assert "/sources" in callback.json["data"]["content"]

    run(scenario())


# -- serve and config ----------------------------------------------------------------------------


def test_serve_without_token_says_what_to_set(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    assert main(["serve"], embedder=FakeEmbedder()) == 1
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1 and "DISCORD_TOKEN" in err


def test_parley_serve_connects_with_the_environments_token(
    library: Library,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`parley serve` end to end: the token from DISCORD_TOKEN, commands synced to
    PARLEY_GUILD_ID; when Discord ends the session, one line and no token anywhere."""
    token = "MTIzNDU2.serve-token-value"
    config = tmp_path / "parley.toml"
    config.write_text(
        f'data_dir = "{library.settings.data_dir}"\nseeds_dir = "{SEEDS}"\n'
        f"[bot]\ncooldown_seconds = 5\n\n{toml(EVERYTHING)}\n"
    )
    monkeypatch.setenv("PARLEY_CONFIG", str(config))
    monkeypatch.setenv("DISCORD_TOKEN", token)
    monkeypatch.delenv("PARLEY_DATA", raising=False)
    handlers = list(logging.getLogger().handlers)

    async def scenario() -> None:
        async with FakeDiscord() as fake:
            monkeypatch.setenv("PARLEY_GUILD_ID", fake.guild_id)
            saved = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
            discord.http.Route.BASE = fake.api_base
            discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)
            try:
                serving = asyncio.create_task(
                    asyncio.to_thread(main, ["serve"], embedder=FakeEmbedder())
                )
                while fake.identify is None and not serving.done():
                    await asyncio.sleep(0.01)
                assert not serving.done(), capsys.readouterr().err
                sync = await fake.wait_for_request(lambda r: r.method == "PUT")
                assert sync.path.endswith(f"/guilds/{fake.guild_id}/commands")
                assert fake.identify["token"] == token
                assert fake._ws is not None
                await fake._ws.close(code=4014)  # "disallowed intents": the bot must stop
                assert await asyncio.wait_for(serving, 10) == 1
            finally:
                discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = saved

    try:
        run(scenario())
    finally:
        logging.getLogger().handlers[:] = handlers  # serve() set up logging for a terminal
    out, err = capsys.readouterr()
    assert f"synced {len(COMMANDS)} commands" in err and token not in out + err
    assert err.strip().splitlines()[-1].startswith("parley: Discord refused the gateway intents")


def test_serial_embedder_encodes_one_question_at_a_time() -> None:
    class Watched(FakeEmbedder):
        active = peak = 0

        def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
            Watched.active += 1
            Watched.peak = max(Watched.peak, Watched.active)
            time.sleep(0.005)
            Watched.active -= 1
            return super().encode(texts, batch_size)

    serial = SerialEmbedder(Watched())
    with ThreadPoolExecutor(8) as pool:
        vectors = list(pool.map(lambda text: serial.encode([text]), ["Istanbul talks"] * 16))
    assert Watched.peak == 1 and all(v.shape == (1, serial.dimension) for v in vectors)


def test_a_refused_token_is_never_shown(library: Library, caplog: pytest.LogCaptureFixture) -> None:
    token = "MTIzNDU2.secret-token-value"

    async def scenario() -> None:
        async with FakeDiscord() as fake:
            fake.add_route("GET", r"/users/@me", lambda m, r: error_response(401, 0, "401"))
            saved = discord.http.Route.BASE
            discord.http.Route.BASE = fake.api_base
            try:
                with pytest.raises(ConfigError) as refused:
                    await run_bot(ParleyBot(library), token)
            finally:
                discord.http.Route.BASE = saved
            assert "DISCORD_TOKEN" in str(refused.value) and token not in str(refused.value)

    with caplog.at_level(logging.DEBUG):
        run(scenario())
    assert token not in caplog.text


def test_redact_removes_the_token_from_messages_and_tracebacks() -> None:
    try:
        raise ValueError("bad token abc.def")
    except ValueError as error:
        record = logging.LogRecord("x", logging.ERROR, "", 0, "saw %s", ("abc.def",), None)
        record.exc_info = (type(error), error, error.__traceback__)
    Redact("abc.def").filter(record)
    text = logging.Formatter().format(record)
    assert "abc.def" not in text and "[token]" in text and "ValueError" in text


def test_the_bot_table_is_read_over_the_defaults(tmp_path: Path) -> None:
    config = tmp_path / "parley.toml"
    config.write_text("[bot]\ncooldown_questions = 3\ncooldown_seconds = 15\nworkers = 2\n")
    bot = load_settings(config).bot
    assert (bot.cooldown_questions, bot.cooldown_seconds, bot.workers) == (3, 15.0, 2)
    assert bot.admin_role_ids == load_settings().bot.admin_role_ids  # the rest: the defaults
    config.write_text("data_dir = 'x'\n")
    assert load_settings(config).bot == load_settings().bot
    config.write_text("[bot]\ncooldown = 3\n")
    with pytest.raises(ConfigError, match="cooldown"):
        load_settings(config)


def test_timeline_pages_ten_events_with_sources(library: Library) -> None:
    async def scenario() -> None:
        async with parley(library) as (fake, _):
            _, edit = await answered(fake, "timeline", {})
            first = edit.json["embeds"][0]
            assert first["title"] == "Timeline of the talks"
            entries = first["description"].split("\n\n")
            assert len(entries) == 10
            dates = [re.match(r"\*\*(?:c\. )?(\d{4}(?:-\d\d)?(?:-\d\d)?)", e)[1] for e in entries]
            assert dates == sorted(dates)
            assert all("paragraph " in entry for entry in entries)
            assert first["footer"]["text"].startswith("Page 1/")
            assert len(custom_ids(edit.response)) == 2  # ◀ ▶
            # the picture: attached as a PNG that the first page shows
            assert first["image"]["url"] == "attachment://timeline.png"
            picture = edit.files["timeline.png"]
            assert picture.startswith(b"\x89PNG\r\n\x1a\n")
            with Image.open(io.BytesIO(picture)) as image:
                assert image.width == 1100 and image.height > 300

    run(scenario())


def test_timeline_about_a_person_and_a_bad_date(library: Library) -> None:
    async def scenario() -> None:
        async with parley(library) as (fake, _):
            _, edit = await answered(fake, "timeline", {"about": "Medinksy", "from": "2022-03"})
            embed = edit.json["embeds"][0]
            assert embed["title"] == "Timeline: Medinksy" and "Medinsky" in embed["description"]
            assert "2022-02" not in embed["description"]
            _, callback = await slash(fake, "timeline", {"from": "last spring"})
            assert callback.json["type"] == 4 and callback.json["data"]["flags"] == EPHEMERAL
            assert "YYYY-MM-DD" in callback.json["data"]["content"]
            backwards = {"from": "2022-03-20", "to": "2022-03-01"}
            _, callback = await slash(fake, "timeline", backwards)
            assert callback.json["data"]["flags"] == EPHEMERAL
            assert "runs backwards" in callback.json["data"]["content"]

    run(scenario())
