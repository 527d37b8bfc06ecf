"""Smoke test: a tiny discord.py bot, end to end against tests/fake_discord.py (no network)."""

from __future__ import annotations

import asyncio
import io
import statistics
import time
from collections.abc import AsyncIterator, Coroutine
from contextlib import asynccontextmanager
from typing import Any

import discord
import pytest
from discord import app_commands
from discord.ext import commands

from .fake_discord import DispatchedInteraction, FakeDiscord, RecordedRequest, running_bot


def shout(text: str) -> str:
    """Stands in for blocking work the real bot pushes to a thread."""
    time.sleep(0.001)
    return text.upper()


class EchoView(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=60)

    @discord.ui.button(label="Again", custom_id="echo:again", style=discord.ButtonStyle.primary)
    async def again(self, interaction: discord.Interaction, button: discord.ui.Button[Any]) -> None:
        await interaction.response.send_message("clicked!", ephemeral=True)


class DemoBot(commands.Bot):
    def __init__(self, *, sync_guild_id: int | None = None) -> None:
        intents = discord.Intents.default()
        intents.message_content = True
        # Without these two, READY waits 2 s after GUILD_CREATE and then tries to chunk.
        super().__init__(
            command_prefix="!",
            intents=intents,
            guild_ready_timeout=0.05,
            chunk_guilds_at_startup=False,
        )
        self.sync_guild = discord.Object(sync_guild_id) if sync_guild_id else None

        @self.tree.command(name="echo", description="Echo text back, shouted")
        @app_commands.describe(text="what to echo")
        async def echo(interaction: discord.Interaction, text: str) -> None:
            await interaction.response.defer(thinking=True)
            shouted = await asyncio.to_thread(shout, text)
            embed = discord.Embed(title="Echo", description=shouted)
            await interaction.edit_original_response(embed=embed, view=EchoView())

    async def setup_hook(self) -> None:
        if self.sync_guild:
            self.tree.copy_global_to(guild=self.sync_guild)
        await self.tree.sync(guild=self.sync_guild)

    async def on_message(self, message: discord.Message) -> None:
        if self.user in message.mentions and message.author != self.user:
            pong = discord.File(io.BytesIO(b"pong!"), filename="pong.txt")
            await message.reply(f"pong, {message.author.name}", file=pong)


def run(coro: Coroutine[Any, Any, None]) -> None:
    """Plain asyncio.run with an overall deadline, so no pytest plugin is needed."""
    asyncio.run(asyncio.wait_for(coro, timeout=20))


@asynccontextmanager
async def demo(*, guild_sync: bool = False) -> AsyncIterator[tuple[FakeDiscord, DemoBot]]:
    async with FakeDiscord() as fake:
        bot = DemoBot(sync_guild_id=int(fake.guild_id) if guild_sync else None)
        async with running_bot(bot, fake):
            yield fake, bot
        # A 404 here usually means the bot used a route the fake does not serve yet.
        assert [f"{r.method} {r.path}" for r in fake.requests if r.status >= 400] == []


def responses_to(fake: FakeDiscord, sent: DispatchedInteraction) -> list[RecordedRequest]:
    return [r for r in fake.requests if sent.token in r.path]


async def echo_and_wait(
    fake: FakeDiscord, text: str
) -> tuple[DispatchedInteraction, RecordedRequest]:
    """Run /echo and wait for the edit of its original response."""
    sent = await fake.slash_command("echo", {"text": text})
    edit = await fake.wait_for_request(
        lambda r: r.method == "PATCH" and r.path.endswith(f"/{sent.token}/messages/@original")
    )
    return sent, edit


@pytest.mark.parametrize("guild_sync", [False, True], ids=["global", "guild"])
def test_connects_and_syncs_commands(guild_sync: bool) -> None:
    async def scenario() -> None:
        async with demo(guild_sync=guild_sync) as (fake, bot):
            assert bot.is_ready() and bot.user is not None
            assert str(bot.user.id) == fake.bot_user["id"]
            guild = bot.get_guild(int(fake.guild_id))
            assert guild is not None and guild.get_channel(int(fake.channel["id"])) is not None
            assert fake.identify is not None and fake.identify["token"] == "fake-token"

            scope = f"/guilds/{fake.guild_id}" if guild_sync else ""
            sync = await fake.wait_for_request(lambda r: r.method == "PUT")
            assert sync.path == f"/applications/{fake.application_id}{scope}/commands"
            assert [c["name"] for c in sync.json] == ["echo"]
            assert sync.json[0]["options"][0]["name"] == "text"
            # The interaction must route to the guild copy when that is what was synced.
            sent, _ = await echo_and_wait(fake, "hi")
            assert ("guild_id" in sent.payload["data"]) is guild_sync
        assert bot.is_closed()

    run(scenario())


def test_echo_defers_then_edits_with_embed_and_button_which_replies() -> None:
    async def scenario() -> None:
        async with demo() as (fake, _bot):
            sent, edit = await echo_and_wait(fake, "hello")

            callback, patch = responses_to(fake, sent)  # exactly these two, in this order
            assert callback.method == "POST" and callback.path.endswith("/callback")
            assert callback.query == {"with_response": "1"}
            assert callback.json["type"] == 5  # DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE
            assert patch is edit
            assert patch.json["embeds"][0]["title"] == "Echo"
            assert patch.json["embeds"][0]["description"] == "HELLO"
            row = patch.json["components"][0]
            assert row["type"] == 1 and row["components"][0]["custom_id"] == "echo:again"
            assert patch.response["id"] == callback.response["interaction"]["response_message_id"]

            click = await fake.click(patch.response, "echo:again")
            reply = await fake.wait_for_request(lambda r: click.token in r.path)
            assert reply.json["type"] == 4  # CHANNEL_MESSAGE_WITH_SOURCE
            assert reply.json["data"]["content"] == "clicked!"
            assert reply.json["data"]["flags"] == 64  # ephemeral
            assert reply.response["interaction"]["response_message_ephemeral"] is True

    run(scenario())


def test_mention_gets_a_reply_with_message_reference_and_file() -> None:
    async def scenario() -> None:
        async with demo() as (fake, _bot):
            msg = await fake.send_message(
                f"<@{fake.bot_user['id']}> ping", mentions=[fake.bot_user]
            )
            path = f"/channels/{fake.channel['id']}/messages"
            reply = await fake.wait_for_request(lambda r: r.method == "POST" and r.path == path)
            assert reply.json["content"] == "pong, tester"  # from the multipart payload_json
            assert str(reply.json["message_reference"]["message_id"]) == msg["id"]  # sent as int
            assert reply.files == {"pong.txt": b"pong!"}
            assert reply.response["type"] == 19  # REPLY

    run(scenario())


def test_interaction_to_edit_latency_and_quick_shutdown() -> None:
    async def scenario() -> None:
        async with demo() as (fake, bot):
            latencies = []
            for i in range(10):
                sent, edit = await echo_and_wait(fake, f"run {i}")
                latencies.append(edit.received_at - sent.dispatched_at)
            median = statistics.median(latencies)
            print(
                f"\ninteraction -> PATCH @original: median {median * 1000:.1f} ms "
                f"(min {min(latencies) * 1000:.1f}, max {max(latencies) * 1000:.1f})"
            )
            assert median < 0.25
            started = time.perf_counter()
        # running_bot's exit closed the bot and waited for connect() to return.
        assert bot.is_closed() and time.perf_counter() - started < 1.0
        assert fake.close_code == 4000  # not 1000/1001, which end the session on real Discord

    run(scenario())
