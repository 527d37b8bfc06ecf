"""/quotes person: [topic:]: what one person is quoted saying, oldest first, paged."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from parley.index import Statements, keywords

from .. import render
from ..app import ParleyBot
from ..views import Pager

Interaction = discord.Interaction[ParleyBot]


def statement_pages(
    found: Statements | None, person: str, named: bool = False
) -> list[discord.Embed]:
    """What one person said, as pages; or that the library quotes no one by that name
    (`named`: though an article names them)."""
    if found is None:
        if named:
            text = f"{person} is named in the library, but never quoted."
        else:
            text = f"Parley has no quotes from {person}."
        text += " `/sources` lists what the library holds."
        return render.pages("No quotes", [render.escape(text)])
    who = f"{found.person} ({found.role})" if found.role else found.person
    about = f" about {found.topic}" if found.topic else ""
    if not found.quotes:
        count = render.plural(found.total, "quote")
        text = f"{count} from {found.person}, none{about}. Try without a topic."
        return render.pages(f"What {who} said{about}", [render.escape(text)])
    bold = keywords(found.topic or "")
    entries = [render.statement_entry(q, bold) for q in found.quotes]
    footer = f"{render.plural(len(found.quotes), 'quote')}, oldest first"
    return render.pages(f"What {who} said{about}", entries, footer=footer)


class QuotesCog(commands.Cog, name="Quotes"):
    def __init__(self, bot: ParleyBot) -> None:
        self.bot = bot

    @app_commands.command(name="quotes")
    @app_commands.describe(
        person="Who: any spelling works (Zelensky, Zelenskyy, Podoliak)",
        topic="Only what they said about this (optional)",
    )
    async def quotes(self, interaction: Interaction, person: str, topic: str | None = None) -> None:
        """List what one person is quoted saying, oldest first."""
        await interaction.response.defer(thinking=True)
        pages = await self.bot.run_blocking(self._pages, person, topic)
        await Pager(self.bot, pages, interaction.user.id).start(interaction)

    def _pages(self, person: str, topic: str | None) -> list[discord.Embed]:
        library = self.bot.library
        found = library.statements(person, topic)
        return statement_pages(found, person, found is None and library.names_person(person))

    @quotes.autocomplete("person")
    async def person_choices(
        self, interaction: Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        # Autocomplete cannot be deferred, so it runs here on the event loop: the counts are
        # kept with the build (one pass over a column, the first time), and this matches
        # what was typed against the names alone.
        return [
            app_commands.Choice(name=f"{name} ({render.plural(count, 'quote')})"[:100], value=name)
            for name, count in self.bot.library.speakers(current)
        ][:25]


async def setup(bot: ParleyBot) -> None:
    await bot.add_cog(QuotesCog(bot))
