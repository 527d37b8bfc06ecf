"""/sources [id:]: what the library holds. (Adding and removing sources is for admins: the
admin cog's /source add, /source remove and /reindex.)"""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from parley.index import Source, fold

from .. import render
from ..app import ParleyBot
from ..views import Pager

Interaction = discord.Interaction[ParleyBot]


class LibraryCog(commands.Cog, name="Library"):
    def __init__(self, bot: ParleyBot) -> None:
        self.bot = bot

    @app_commands.command(name="sources")
    @app_commands.rename(source_id="id")
    @app_commands.describe(source_id="Show one source: its id, or start typing its headline")
    async def sources(self, interaction: Interaction, source_id: str | None = None) -> None:
        """List the articles Parley quotes from, or show one: headline, date, who it quotes."""
        if source_id is None:
            await interaction.response.defer(thinking=True)
            pages = await self.bot.run_blocking(self._list)
            await Pager(self.bot, pages, interaction.user.id).start(interaction)
            return
        # a lookup among the sources: answered at once, privately, if there is none
        found = self.bot.library.find_source(source_id)
        if found is None:
            await interaction.response.send_message(
                f"No source has the id `{render.shorten(source_id, 100)}`; `/sources` lists them.",
                ephemeral=True,
            )
            return
        await interaction.response.defer(thinking=True)
        embed = await self.bot.run_blocking(self._describe, found)
        await interaction.edit_original_response(embed=embed)

    @sources.autocomplete("source_id")
    async def source_choices(
        self, interaction: Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        typed = fold(current.strip())
        return [
            app_commands.Choice(name=_choice_name(s), value=s.id)
            for s in self.bot.library.shown_sources()
            if typed in fold(s.id) or typed in fold(s.label)
        ][:25]

    def _list(self) -> list[discord.Embed]:
        library = self.bot.library
        counts = library.passage_counts()
        shown = library.shown_sources()
        entries = [render.source_entry(s, counts.get(s.id, 0)) for s in shown]
        footer = (
            f"{render.plural(len(shown), 'source')} · "
            f"{render.plural(library.passages(), 'passage')} · /sources id: shows one"
        )
        return render.pages(
            "The library", entries or ["The library is empty."], per_page=10, footer=footer
        )

    def _describe(self, source: Source) -> discord.Embed:
        held = self.bot.library.summary(source)
        return render.source_embed(source, held.passages, list(held.speakers), held.opening)


def _choice_name(source: Source) -> str:
    date = source.published.isoformat() if source.published else "undated"
    return f"{render.shorten(source.label, 85)} ({date})"[:100]


async def setup(bot: ParleyBot) -> None:
    await bot.add_cog(LibraryCog(bot))
