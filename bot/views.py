"""Buttons: More / Context / 👍 👎 under an answer, and ◀ ▶ for paged lists.

The answer buttons are dynamic items: their state is in the custom_id ("parley:more:3"), so
they keep working on old messages and after a restart, with no view kept in memory per
message. What a click does lives in the Ask cog; these classes only parse and route.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol, cast

import discord

from .render import AnswerPage

if TYPE_CHECKING:
    from .app import ParleyBot

log = logging.getLogger(__name__)

CUSTOM_ID = 100  # Discord's limit
Button = discord.ui.Button[discord.ui.View]


class AnswerActions(Protocol):
    """What the Ask cog does when a button under an answer is clicked."""

    async def more(self, interaction: discord.Interaction[Any], offset: int) -> None: ...
    async def context(
        self, interaction: discord.Interaction[Any], source: str, start: int, end: int | None
    ) -> None: ...
    async def vote(self, interaction: discord.Interaction[Any], helpful: bool) -> None: ...


def _actions(interaction: discord.Interaction[Any]) -> AnswerActions:
    return cast(AnswerActions, interaction.client.get_cog("Ask"))


class MoreButton(discord.ui.DynamicItem[Button], template=r"parley:more:(?P<offset>\d+)"):
    def __init__(self, offset: int) -> None:
        style = discord.ButtonStyle.primary
        super().__init__(
            discord.ui.Button(label="More", style=style, custom_id=f"parley:more:{offset}")
        )
        self.offset = offset

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> MoreButton:
        return cls(int(match["offset"]))

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await _actions(interaction).more(interaction, self.offset)


class ContextButton(
    discord.ui.DynamicItem[Button],
    template=r"parley:context:(?P<source>.+):(?P<start>\d+)(?:-(?P<end>\d+))?",
):
    """The paragraph around the first quote. Its id holds where the quote starts and ends: a
    quote joined from two passages (index/answers.py `joined`) is shown whole in bold; an id
    without an end (buttons posted before) shows the passage that starts there."""

    def __init__(self, source: str, start: int, end: int | None = None) -> None:
        custom_id = _context_id(source, start, end)
        super().__init__(discord.ui.Button(label="Context", custom_id=custom_id))
        self.source, self.start, self.end = source, start, end

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ContextButton:
        end = int(match["end"]) if match["end"] else None
        return cls(match["source"], int(match["start"]), end)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await _actions(interaction).context(interaction, self.source, self.start, self.end)


def _context_id(source: str, start: int, end: int | None) -> str:
    return f"parley:context:{source}:{start}" + (f"-{end}" if end is not None else "")


class VoteButton(discord.ui.DynamicItem[Button], template=r"parley:vote:(?P<vote>up|down)"):
    def __init__(self, helpful: bool) -> None:
        vote = "up" if helpful else "down"
        emoji = "👍" if helpful else "👎"
        super().__init__(discord.ui.Button(emoji=emoji, custom_id=f"parley:vote:{vote}"))
        self.helpful = helpful

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str]
    ) -> VoteButton:
        return cls(match["vote"] == "up")

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await _actions(interaction).vote(interaction, self.helpful)


DYNAMIC_ITEMS = (MoreButton, ContextButton, VoteButton)


def answer_view(page: AnswerPage) -> discord.ui.View:
    """More (if there is more), Context (on the first quote), then 👍 👎."""
    view = discord.ui.View(timeout=None)
    if page.next_offset is not None:
        view.add_item(MoreButton(page.next_offset))
    if page.quotes:
        first = page.quotes[0].passage
        # the end only where it fits: a long source id keeps the button, on the first piece
        for end in (first.end, None):
            if len(_context_id(first.source_id, first.start, end)) <= CUSTOM_ID:
                view.add_item(ContextButton(first.source_id, first.start, end))
                break
    view.add_item(VoteButton(True))
    view.add_item(VoteButton(False))
    return view


class Pager(discord.ui.View):
    """◀ ▶ through pre-rendered pages; only the member who ran the command turns them."""

    def __init__(
        self, bot: ParleyBot, pages: Sequence[discord.Embed], owner_id: int, timeout: float = 600
    ) -> None:
        super().__init__(timeout=timeout)  # under the 15 minutes an interaction token lasts
        self.bot, self.pages, self.owner_id, self.page = bot, list(pages), owner_id, 0
        self.message: discord.InteractionMessage | None = None
        self._update()

    async def start(
        self, interaction: discord.Interaction[Any], files: Sequence[discord.File] = ()
    ) -> None:
        """Show the first page as the (deferred) response to `interaction`, with `files`
        attached (a picture the first page shows stays when the pages turn)."""
        view = self if len(self.pages) > 1 else None
        self.message = await interaction.edit_original_response(
            embed=self.pages[0], view=view, attachments=list(files)
        )
        if view is None:
            self.stop()

    def _update(self) -> None:
        self.previous.disabled = self.page == 0
        self.next.disabled = self.page == len(self.pages) - 1

    async def _turn(self, interaction: discord.Interaction[Any], step: int) -> None:
        self.page = max(0, min(self.page + step, len(self.pages) - 1))
        self._update()
        await interaction.response.edit_message(embed=self.pages[self.page], view=self)

    @discord.ui.button(label="◀", style=discord.ButtonStyle.secondary)
    async def previous(self, interaction: discord.Interaction[Any], button: Button) -> None:
        await self._turn(interaction, -1)

    @discord.ui.button(label="▶", style=discord.ButtonStyle.secondary)
    async def next(self, interaction: discord.Interaction[Any], button: Button) -> None:
        await self._turn(interaction, +1)

    async def interaction_check(self, interaction: discord.Interaction[Any]) -> bool:
        if interaction.user.id == self.owner_id:
            return True
        await interaction.response.send_message(
            "Only the member who ran the command turns its pages; run it yourself to browse.",
            ephemeral=True,
        )
        return False

    async def on_timeout(self) -> None:
        if self.message is not None:  # dead buttons would only fail; take them away
            try:
                await self.message.edit(view=None)
            except discord.HTTPException:
                log.debug("could not remove expired page buttons", exc_info=True)

    async def on_error(
        self, interaction: discord.Interaction[Any], error: Exception, item: discord.ui.Item[Any]
    ) -> None:
        await self.bot.report_error(interaction, error)
