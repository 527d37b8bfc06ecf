"""Keeping up with the library: a change the bot did not make is caught up by the bot.

An admin may change the library from the command line while the bot runs. A change commits
to the registry first and is then indexed; if that indexing is killed or fails (a full disk),
the registry is ahead of the index. From the next question on nothing of a removed source is
quoted (`Library` checks), and this loop brings the index itself up to date in a worker
thread, the bot answering from the build it has meanwhile.
"""

from __future__ import annotations

import logging

from discord.ext import commands, tasks

from parley.index import ParleyError

from ..app import ParleyBot

log = logging.getLogger(__name__)

#: How often the registry is compared with the index: a query over ids and hashes.
CHECK_EVERY = 60.0


class UpkeepCog(commands.Cog, name="Upkeep"):
    def __init__(self, bot: ParleyBot) -> None:
        self.bot = bot
        self._failed: str | None = None  # the last failure, logged once, not every minute

    async def cog_load(self) -> None:
        self.catch_up.start()

    async def cog_unload(self) -> None:
        self.catch_up.cancel()

    @tasks.loop(seconds=CHECK_EVERY)
    async def catch_up(self) -> None:
        try:
            report = await self.bot.run_blocking(self._sync_if_behind)
        except ParleyError as error:
            if str(error) != self._failed:
                log.warning("the index is behind the library and cannot catch up: %s", error)
            self._failed = str(error)
            return
        self._failed = None
        if report is not None:
            log.info("caught up with the library: %s", report)

    def _sync_if_behind(self) -> str | None:
        library = self.bot.library
        if not library.stale():
            return None
        report = library.sync()
        return f"{report.sources} sources, {report.passages} passages, {report.embedded} embedded"


async def setup(bot: ParleyBot) -> None:
    await bot.add_cog(UpkeepCog(bot))
