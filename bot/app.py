"""The Discord bot: the launcher (`parley serve`) and the Bot that the cogs plug into.

As in discord.py's examples/advanced_startup.py, the launcher builds the expensive things once
(the Library, its index loaded and its model warmed, before connecting, so the first question
is as fast as the rest) and passes them into the Bot; each feature is a cog in `bot/cogs/`.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import threading
import traceback
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, ParamSpec, TypeVar

import discord
import numpy as np
from discord import app_commands
from discord.ext import commands

from parley.index import BotSettings, ConfigError, Embedder, Library

from . import render
from .feedback import FeedbackStore

log = logging.getLogger("parley.bot")

P = ParamSpec("P")
T = TypeVar("T")

EXTENSIONS = (
    "parley.bot.cogs.ask",
    "parley.bot.cogs.quotes",
    "parley.bot.cogs.library",
    "parley.bot.cogs.timeline",
    "parley.bot.cogs.admin",
    "parley.bot.cogs.upkeep",
)
TOKEN_HINT = "set DISCORD_TOKEN to the bot's token (Discord developer portal > your app > Bot)"


class SerialEmbedder:
    """The model, one `encode` at a time. Questions are searched in several threads, and a
    Hugging Face fast tokenizer shared by threads can fail with "Already borrowed"
    (huggingface/tokenizers#537, transformers#47085). Not reproduced with the versions installed
    now (400 questions from 8 threads), but a failure would be an apology to a member, and
    taking turns is cheap: torch already spreads one encode over every core, and search and
    ranking around it still run in parallel (ten questions at once: ~0.1 s more in all)."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name, self.dimension = inner.name, inner.dimension
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        with self._lock:
            return self.inner.encode(texts, batch_size)


class ParleyTree(app_commands.CommandTree["ParleyBot"]):
    async def on_error(
        self, interaction: discord.Interaction[ParleyBot], error: app_commands.AppCommandError
    ) -> None:
        original = getattr(error, "original", error)  # CommandInvokeError wraps the real one
        await interaction.client.report_error(interaction, original)


class ParleyBot(commands.Bot):
    def __init__(
        self,
        library: Library,
        *,
        config: BotSettings | None = None,
        feedback: FeedbackStore | None = None,
        sync_guild_id: int | None = None,
        **options: Any,
    ) -> None:
        # No privileged intents: a message that mentions the bot carries its text anyway.
        options.setdefault("chunk_guilds_at_startup", False)  # member lists are never used
        super().__init__(
            command_prefix=commands.when_mentioned,  # required, unused: see on_message
            intents=discord.Intents.default(),
            # Quoted articles are data: whatever they contain, a message of ours pings nobody.
            allowed_mentions=discord.AllowedMentions.none(),
            tree_cls=ParleyTree,
            help_command=None,
            **options,
        )
        self.library = library
        self.config = config or library.settings.bot
        self.feedback = feedback or FeedbackStore.in_data_dir(library.settings.data_dir)
        self.sync_guild = discord.Object(sync_guild_id) if sync_guild_id else None
        self.executor = ThreadPoolExecutor(self.config.workers, thread_name_prefix="parley")

    async def setup_hook(self) -> None:
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        if self.sync_guild is not None:  # a test guild sees new commands at once
            self.tree.copy_global_to(guild=self.sync_guild)
        synced = await self.tree.sync(guild=self.sync_guild)
        scope = f"guild {self.sync_guild.id}" if self.sync_guild else "global"
        log.info("synced %d commands (%s)", len(synced), scope)

    async def on_message(self, message: discord.Message) -> None:
        """No text commands: a mention is a question (cogs/ask.py), never a command prefix."""

    async def close(self) -> None:
        await super().close()
        self.executor.shutdown(wait=False, cancel_futures=True)

    async def run_blocking(self, func: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run `func` (a search, the model, file I/O) in a worker thread, so the event loop
        (and with it the gateway heartbeat and every other member's command) never waits."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.executor, functools.partial(func, *args, **kwargs))

    async def report_error(
        self, interaction: discord.Interaction[Any], error: BaseException
    ) -> None:
        """Log `error` with its traceback and tell the member, privately, that it failed."""
        name = interaction.command.qualified_name if interaction.command else "component"
        log.error("error in %s", name, exc_info=error)
        try:
            if not interaction.response.is_done():
                await interaction.response.send_message(render.APOLOGY, ephemeral=True)
                return
            if (
                interaction.response.type
                is discord.InteractionResponseType.deferred_channel_message
            ):
                # The "Parley is thinking..." placeholder would stay forever: remove it.
                await interaction.delete_original_response()
            await interaction.followup.send(render.APOLOGY, ephemeral=True)
        except discord.HTTPException:
            log.warning("could not send the apology for %s", name, exc_info=True)


class Redact(logging.Filter):
    """Replaces the token in every log record, tracebacks included, should one ever hold it."""

    def __init__(self, secret: str) -> None:
        super().__init__()
        self.secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.secret in message:
            record.msg, record.args = message.replace(self.secret, "[token]"), None
        if record.exc_info and record.exc_info[1] is not None:
            text = "".join(traceback.format_exception(*record.exc_info)).rstrip()
            if self.secret in text:
                # Formatters rebuild the traceback from exc_info (discord.py's colour one
                # always does); without it they print the redacted exc_text as it is.
                record.exc_text, record.exc_info = text.replace(self.secret, "[token]"), None
        return True


def serve(open_library: Callable[[], Library], environ: Mapping[str, str] | None = None) -> int:
    """Run the bot until interrupted. `open_library` gives the library with its index loaded."""
    env = os.environ if environ is None else environ
    token = env.get("DISCORD_TOKEN", "").strip()
    if not token:
        raise ConfigError(TOKEN_HINT)  # checked first: no point loading a model without it
    guild = env.get("PARLEY_GUILD_ID", "").strip()
    if guild and not guild.isdigit():
        raise ConfigError("PARLEY_GUILD_ID must be a server id (digits), or unset")
    discord.utils.setup_logging(level=logging.INFO)
    for handler in logging.getLogger().handlers:
        handler.addFilter(Redact(token))
    library = open_library()
    library.load_model()
    library.ask("What was agreed at the peace talks?")  # warms the model and the search
    log.info("library ready: %d passages", library.passages())
    asyncio.run(run_bot(ParleyBot(library, sync_guild_id=int(guild or 0)), token))
    return 0


async def run_bot(bot: ParleyBot, token: str) -> None:
    async with bot:
        try:
            await bot.start(token)
        except discord.LoginFailure:
            raise ConfigError(f"Discord refused the token: {TOKEN_HINT}") from None
        except discord.PrivilegedIntentsRequired:
            raise ConfigError("Discord refused the gateway intents this bot asks for") from None
