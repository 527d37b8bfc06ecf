"""/timeline [about:] [from:] [to:]: the dated events of the talks, ten to a page."""

from __future__ import annotations

import datetime as dt
import io

import discord
from discord import app_commands
from discord.ext import commands

from parley.index import Event, ParleyError, parse_range

from .. import render
from ..app import ParleyBot
from ..chart import timeline_png
from ..views import Pager

Interaction = discord.Interaction[ParleyBot]
EVENTS_PER_PAGE = 10
PICTURE = "timeline.png"


def timeline_title(about: str | None) -> str:
    return f"Timeline: {about}" if about else "Timeline of the talks"


def timeline_pages(events: list[Event], about: str | None) -> list[discord.Embed]:
    title = timeline_title(about)
    if not events:
        text = "No dated events match. Try another spelling, a wider range, or no `about:`."
        return render.pages(title, [render.escape(text)])
    entries = [render.event_entry(event) for event in events]
    footer = f"{render.plural(len(events), 'event')}, oldest first"
    return render.pages(title, entries, per_page=EVENTS_PER_PAGE, footer=footer)


class TimelineCog(commands.Cog, name="Timeline"):
    def __init__(self, bot: ParleyBot) -> None:
        self.bot = bot

    @app_commands.command(name="timeline")
    @app_commands.rename(start="from", end="to")
    @app_commands.describe(
        about="A person (any spelling) or a topic, e.g. humanitarian corridors (optional)",
        start="Earliest date: 2022-03-01, 2022-03, 2022 or March 1, 2022 (optional)",
        end="Latest date, in the same forms (optional)",
    )
    async def timeline(
        self,
        interaction: Interaction,
        about: str | None = None,
        start: str | None = None,
        end: str | None = None,
    ) -> None:
        """The dated events of the talks, oldest first, each with its source."""
        try:  # checked before deferring, so that a typo gets a private answer at once
            first, last = parse_range(start, end)
        except ParleyError as error:
            await interaction.response.send_message(render.escape(str(error)), ephemeral=True)
            return
        await interaction.response.defer(thinking=True)
        pages, picture = await self.bot.run_blocking(self._render, about, first, last)
        files = []
        if picture is not None:
            files = [discord.File(io.BytesIO(picture), filename=PICTURE)]
            pages[0].set_image(url=f"attachment://{PICTURE}")
        await Pager(self.bot, pages, interaction.user.id).start(interaction, files=files)

    def _render(
        self, about: str | None, start: dt.date | None, end: dt.date | None
    ) -> tuple[list[discord.Embed], bytes | None]:
        events = self.bot.library.timeline(about, start, end)
        picture = timeline_png(events, timeline_title(about)) if events else None
        return timeline_pages(events, about), picture


async def setup(bot: ParleyBot) -> None:
    await bot.add_cog(TimelineCog(bot))
