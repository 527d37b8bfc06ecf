"""Admins grow the library: /source add, /source remove, /reindex.

These commands carry the Manage Server default permission, so Discord shows them only to
admins; the bot checks again on every call (a server can change who sees what), and a member
without the right is refused privately with nothing changed.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import discord
from discord import app_commands
from discord.ext import commands

from parley.index import BuildReport, Draft, ParleyError, dated_by_name

from .. import render
from ..app import ParleyBot

Interaction = discord.Interaction[ParleyBot]
T = TypeVar("T")
#: Discord rate-limits message edits; one progress edit every two seconds is plenty to watch.
PROGRESS_EVERY = 2.0
REFUSAL = "Only server admins (Manage Server, or an admin role) can change the library."


def is_admin(interaction: Interaction, admin_role_ids: tuple[int, ...]) -> bool:
    if interaction.permissions.manage_guild:
        return True
    roles = getattr(interaction.user, "roles", [])
    return any(role.id in admin_role_ids for role in roles)


class Progress:
    """Passages embedded so far: counted by the library's callbacks in a worker thread, shown
    by the event loop (plain ints, written by one thread only)."""

    def __init__(self) -> None:
        self.done = 0
        self.total = 0

    def done_one(self, count: int) -> None:
        self.done += count

    def set_total(self, total: int) -> None:
        self.total = total

    def bar(self, width: int = 20) -> str:
        if not self.total:
            return "Reading the article…"
        filled = round(width * self.done / self.total)
        return f"`{'█' * filled}{'░' * (width - filled)}` {self.done}/{self.total} passages"


@app_commands.default_permissions(manage_guild=True)
@app_commands.guild_only()
class SourceGroup(app_commands.Group, name="source", description="Add or remove an article"):
    def __init__(self, cog: AdminCog) -> None:
        super().__init__()
        self.cog = cog

    @app_commands.command(name="add")
    @app_commands.describe(
        url="The article's web address (http or https)",
        file="Or the article as a .txt, .md or .html file",
        published="Its published date, YYYY-MM-DD (asked for when the page does not say)",
        title="Its headline, if the page's is wrong",
        author="Its author, if the page does not say",
    )
    async def add(
        self,
        interaction: Interaction,
        url: str | None = None,
        file: discord.Attachment | None = None,
        published: str | None = None,
        title: str | None = None,
        author: str | None = None,
    ) -> None:
        """Add an article to the library, from a web address or an attached file."""
        if not await self.cog.allowed(interaction):
            return
        if (url is None) == (file is None):
            await _private(interaction, "Give either `url:` or `file:`, one of them.")
            return
        try:
            date = dt.date.fromisoformat(published) if published else None
        except ValueError:
            await _private(interaction, "`published:` takes a date as YYYY-MM-DD.")
            return
        await interaction.response.defer(thinking=True, ephemeral=True)
        bot = self.cog.bot
        try:
            draft, name = await self.cog.draft(url, file)
            # a file named for its day ("2022-03-30_talks.txt") is dated by it, shown as
            # estimated, as `parley sources add` dates it; the page's own date wins
            source = dated_by_name(
                draft.source(file=name, title=title, author=author, published=date, url=url)
            )
            if source.published is None:
                await interaction.edit_original_response(
                    content="The article does not say when it was published, and timelines "
                    "depend on it: run `/source add` again with `published:` (YYYY-MM-DD)."
                )
                return
            added_by = f"{interaction.user} ({interaction.user.id})"
            change, report = await self.cog.with_progress(
                interaction, lambda p: bot.library.add(source, added_by, p.done_one, p.set_total)
            )
        except ParleyError as error:  # a refusal: the library is unchanged
            await interaction.edit_original_response(content=render.escape(str(error)))
            return
        if report is None:
            text = f"`{source.id}` is already in the library, unchanged."
        else:
            text = f"{change.capitalize()} `{source.id}` ({render.escape(source.label)}). "
            if source.published_estimated and date is None and draft.published is None:
                text += f"Dated {source.dated} by its file name; `published:` corrects it. "
            text += _changes(report)
        await interaction.edit_original_response(content=text)

    @app_commands.command(name="remove")
    @app_commands.rename(source_id="id")
    @app_commands.describe(source_id="The source's id, from /sources")
    async def remove(self, interaction: Interaction, source_id: str) -> None:
        """Remove an article: from the next answer on, nothing of it is quoted."""
        if not await self.cog.allowed(interaction):
            return
        await interaction.response.defer(thinking=True, ephemeral=True)
        bot = self.cog.bot
        report = await self.cog.with_progress(
            interaction, lambda p: bot.library.remove(source_id, p.done_one, p.set_total)
        )
        if report is None:
            text = f"No source has the id `{render.shorten(source_id, 100)}`; see `/sources`."
        else:
            text = f"Removed `{source_id}`; nothing of it will be quoted. " + _changes(report)
        await interaction.edit_original_response(content=text)


class AdminCog(commands.Cog, name="Admin"):
    def __init__(self, bot: ParleyBot) -> None:
        self.bot = bot
        bot.tree.add_command(SourceGroup(self))

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command("source")

    @app_commands.command(name="reindex")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    async def reindex(self, interaction: Interaction) -> None:
        """Rebuild the whole index (after a change of model or chunking settings)."""
        if not await self.allowed(interaction):
            return
        await interaction.response.defer(thinking=True, ephemeral=True)
        library = self.bot.library
        report = await self.with_progress(
            interaction, lambda p: library.build(progress=p.done_one, on_total=p.set_total)
        )
        await interaction.edit_original_response(content="Reindexed. " + _changes(report))

    async def allowed(self, interaction: Interaction) -> bool:
        if is_admin(interaction, self.bot.config.admin_role_ids):
            return True
        await _private(interaction, REFUSAL)
        return False

    async def draft(
        self, url: str | None, file: discord.Attachment | None
    ) -> tuple[Draft, str | None]:
        library = self.bot.library
        if url is not None:
            return await self.bot.run_blocking(library.read, url), None
        assert file is not None
        limit = library.settings.sources.max_bytes
        if file.size > limit:
            raise ParleyError(
                f"refused: {file.filename} is {file.size:,} bytes; the limit is {limit:,}"
            )
        data = await file.read()
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / Path(file.filename).name
            path.write_bytes(data)
            draft = await self.bot.run_blocking(library.read, str(path))
        return draft, file.filename

    async def with_progress(self, interaction: Interaction, work: Callable[[Progress], T]) -> T:
        """Run `work(progress)` in a worker thread, editing the reply with a progress bar at
        most every PROGRESS_EVERY seconds until it is done."""
        progress = Progress()
        task = asyncio.ensure_future(self.bot.run_blocking(work, progress))
        shown = ""
        while not task.done():
            await asyncio.wait({task}, timeout=PROGRESS_EVERY)
            if not task.done() and progress.bar() != shown:
                shown = progress.bar()
                await interaction.edit_original_response(content=shown)
        return task.result()


def _changes(report: BuildReport) -> str:
    return (
        f"{render.plural(report.sources, 'source')}, {render.plural(report.passages, 'passage')};"
        f" embedded {report.embedded} in {report.seconds:.1f} s."
    )


async def _private(interaction: Interaction, text: str) -> None:
    await interaction.response.send_message(text, ephemeral=True)


async def setup(bot: ParleyBot) -> None:
    await bot.add_cog(AdminCog(bot))
