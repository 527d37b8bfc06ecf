"""/sources [id:]: what the library holds. (Adding and removing sources is for admins: the
admin cog's /source add, /source remove and /reindex.)"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import discord
from discord import app_commands
from discord.ext import commands

from parley.index.text.names import fold
from parley.index.text.sources import Source, paragraphs

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
        found = self._find(source_id)  # a dict lookup: answered privately if there is none
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
        sources = sorted(self._sources(), key=_by_date)
        return [
            app_commands.Choice(name=_choice_name(s), value=s.id)
            for s in sources
            if typed in fold(s.id) or typed in fold(s.label)
        ][:25]

    def _find(self, text: str) -> Source | None:
        """The source with this id, file name or headline (what a member may paste)."""
        key = text.strip()
        if key in self.bot.library.index.sources and key not in self.bot.library.withdrawn():
            return self.bot.library.index.sources[key]
        folded = fold(key)
        return next(
            (s for s in self._sources() if folded in (fold(s.file or ""), fold(s.label))), None
        )

    def _sources(self) -> list[Source]:
        """The sources of the build that the library still holds (see Library.withdrawn)."""
        gone = self.bot.library.withdrawn()
        return [s for s in self.bot.library.index.sources.values() if s.id not in gone]

    def _list(self) -> list[discord.Embed]:
        index = self.bot.library.index
        counts = Counter(p.source_id for p in index.passages)
        ordered = sorted(self._sources(), key=_by_date)
        entries = [render.source_entry(s, counts[s.id]) for s in ordered]
        footer = (
            f"{render.plural(len(ordered), 'source')} · "
            f"{render.plural(len(index.passages), 'passage')} · /sources id: shows one"
        )
        return render.pages(
            "The library", entries or ["The library is empty."], per_page=10, footer=footer
        )

    def _describe(self, source: Source) -> discord.Embed:
        passages = [p for p in self.bot.library.index.passages if p.source_id == source.id]
        speakers = Counter(p.speaker for p in passages if p.speaker).most_common()
        spans = paragraphs(source)
        opening = " ".join(source.text[spans[0].start : spans[0].end].split()) if spans else ""
        return render.source_embed(source, len(passages), speakers, opening)


def _by_date(source: Source) -> tuple[dt.date, str]:
    return (source.published or dt.date.max, source.id)


def _choice_name(source: Source) -> str:
    date = source.published.isoformat() if source.published else "undated"
    return f"{render.shorten(source.label, 85)} ({date})"[:100]


async def setup(bot: ParleyBot) -> None:
    await bot.add_cog(LibraryCog(bot))
