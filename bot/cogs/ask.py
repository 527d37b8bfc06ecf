"""/ask and "@Parley <question>": the quoted passages, with More, Context and 👍/👎.

Every handler follows one pattern: acknowledge at once (Discord drops an interaction not
answered within 3 seconds), run the library in a worker thread (`bot.run_blocking`), render,
send. Checks that need no library (an empty question, the cooldown) answer before deferring,
so that their answer can be private.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import math
import re
import time
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Concatenate, ParamSpec, TypeVar

import discord
from discord import app_commands
from discord.ext import commands

from parley.index import BadQuestion, clean_question

from .. import render
from ..app import ParleyBot
from ..feedback import Vote
from ..views import DYNAMIC_ITEMS, answer_view

log = logging.getLogger(__name__)

P = ParamSpec("P")
K = TypeVar("K")
V = TypeVar("V")
Interaction = discord.Interaction[ParleyBot]
#: How many answers (and votes) are remembered for their buttons; the embed title holds the
#: question too, so More still works on older answers and after a restart.
REMEMBERED = 5000
FORGOTTEN = "Parley has restarted since this answer was given: ask again with `/ask`."


class Cooldown:
    """At most `rate` questions per member in any `per` seconds; a rate of 0 turns it off."""

    def __init__(self, rate: int, per: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate, self.per, self.clock = rate, per, clock
        self._asked: dict[int, deque[float]] = {}

    def retry_after(self, member_id: int) -> float:
        """0 (and the question is counted), or the seconds until the member may ask again."""
        if self.rate <= 0 or self.per <= 0:
            return 0.0
        now = self.clock()
        if len(self._asked) > 10_000:  # forget members whose window has passed
            self._asked = {m: t for m, t in self._asked.items() if t and now - t[-1] < self.per}
        times = self._asked.setdefault(member_id, deque())
        while times and now - times[0] >= self.per:
            times.popleft()
        if len(times) >= self.rate:
            return self.per - (now - times[0])
        times.append(now)
        return 0.0


@dataclass(frozen=True)
class Refusal:
    message: str


@dataclass(frozen=True)
class Shown:
    question: str
    passages: tuple[str, ...]  # "source_id:start-end"


def guarded(
    handler: Callable[Concatenate[AskCog, Interaction, P], Awaitable[None]],
) -> Callable[Concatenate[AskCog, Interaction, P], Awaitable[None]]:
    """Button handlers: an error is logged and apologised for (app commands get this from the
    command tree; discord.py would only log a button's)."""

    @functools.wraps(handler)
    async def run(
        self: AskCog, interaction: Interaction, *args: P.args, **kwargs: P.kwargs
    ) -> None:
        try:
            await handler(self, interaction, *args, **kwargs)
        except Exception as error:
            await self.bot.report_error(interaction, error)

    return run


class AskCog(commands.Cog, name="Ask"):
    def __init__(self, bot: ParleyBot) -> None:
        self.bot = bot
        self.cooldown = Cooldown(bot.config.cooldown_questions, bot.config.cooldown_seconds)
        self._shown: OrderedDict[int, Shown] = OrderedDict()
        self._voted: OrderedDict[tuple[int, int], None] = OrderedDict()  # (message, member)

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(*DYNAMIC_ITEMS)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(*DYNAMIC_ITEMS)

    @app_commands.command(name="ask")
    @app_commands.describe(
        question="What you want to know, in your own words (up to 1,000 characters)"
    )
    async def ask(self, interaction: Interaction, question: str) -> None:
        """Quote the news passages that answer a question about the peace talks."""
        admitted = self._admit(interaction.user.id, question)
        if isinstance(admitted, Refusal):
            await interaction.response.send_message(admitted.message, ephemeral=True)
            return
        # Acknowledge before searching: Discord drops an interaction left unanswered for 3 s,
        # and under load a search may wait its turn for a worker thread.
        await interaction.response.defer(thinking=True)
        page = await self.bot.run_blocking(self._page, admitted, 0)
        message = await interaction.edit_original_response(embed=page.embed, view=answer_view(page))
        self._remember(message.id, page)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """Answer "@Parley what did Lavrov say about NATO?" like /ask, as a reply."""
        me = self.bot.user
        if me is None or message.author.bot or message.webhook_id is not None:
            return
        mention = re.compile(rf"<@!?{me.id}>")
        if not mention.search(message.content):
            return  # a reply to Parley without a mention in the text is not a question
        try:
            await self._answer_mention(message, mention.sub(" ", message.content))
        except Exception:
            log.exception("error answering a mention")
            try:
                await message.channel.send(render.APOLOGY, reference=_reference(message))
            except discord.HTTPException:
                log.warning("could not send the apology for a mention", exc_info=True)

    async def _answer_mention(self, message: discord.Message, question: str) -> None:
        admitted = self._admit(message.author.id, question)
        if isinstance(admitted, Refusal):
            await message.channel.send(admitted.message, reference=_reference(message))
            return
        async with message.channel.typing():  # no 3-second window here; show it is working
            page = await self.bot.run_blocking(self._page, admitted, 0)
        reply = await message.channel.send(
            embed=page.embed, view=answer_view(page), reference=_reference(message)
        )
        self._remember(reply.id, page)

    # -- buttons (see bot/views.py) ------------------------------------------------------

    @guarded
    async def more(self, interaction: Interaction, offset: int) -> None:
        question = self._question(interaction)
        if question is None:
            await interaction.response.send_message(FORGOTTEN, ephemeral=True)
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        page = await self.bot.run_blocking(self._page, question, offset)
        message = await interaction.edit_original_response(embed=page.embed, view=answer_view(page))
        self._remember(message.id, page)

    @guarded
    async def context(
        self, interaction: Interaction, source: str, start: int, end: int | None
    ) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        embed = await self.bot.run_blocking(self._context, source, start, end)
        await interaction.edit_original_response(embed=embed)

    @guarded
    async def vote(self, interaction: Interaction, helpful: bool) -> None:
        message = interaction.message
        key = (message.id if message else 0, interaction.user.id)
        if key in self._voted:
            await interaction.response.send_message(
                "You already rated this answer.", ephemeral=True
            )
            return
        question = self._question(interaction, shortened_ok=True)
        if question is None or message is None:
            await interaction.response.send_message(FORGOTTEN, ephemeral=True)
            return
        _keep(self._voted, key, None)  # before any await: a double click counts once
        await interaction.response.defer(ephemeral=True, thinking=True)
        shown = self._shown.get(message.id)
        vote = Vote(
            question=question,
            helpful=helpful,
            passages=shown.passages if shown else (),
            message_id=message.id,
            at=dt.datetime.now(dt.UTC),
        )
        try:
            await self.bot.run_blocking(self.bot.feedback.record, vote)
        except Exception:
            self._voted.pop(key, None)  # not recorded: the member may try again
            raise
        thanks = "Thanks: noted as helpful." if helpful else "Thanks: noted as not helpful."
        await interaction.edit_original_response(content=thanks)

    # -- the work, in a worker thread --------------------------------------------------------

    def _page(self, question: str, offset: int) -> render.AnswerPage:
        k = self.bot.library.settings.answer.k
        answer = self.bot.library.ask(question, k=offset + k)
        return render.answer_page(answer, offset, k)

    def _context(self, source_id: str, start: int, end: int | None) -> discord.Embed:
        quote = self.bot.library.quote_at(source_id, start, end)
        if quote is None:
            return discord.Embed(
                description="That passage is no longer in the library; ask again.",
                colour=render.COLOUR,
            )
        return render.context_embed(quote)

    # -- helpers -----------------------------------------------------------------------------

    def _admit(self, member_id: int, question: str) -> str | Refusal:
        """The question to ask, or why not (checked before the cooldown counts it)."""
        try:
            limit = self.bot.library.settings.answer.max_question_chars
            question = clean_question(question, limit)
        except BadQuestion as error:
            text = str(error)
            return Refusal(f"{text[:1].upper()}{text[1:]}.")
        wait = self.cooldown.retry_after(member_id)
        if wait > 0:
            return Refusal(f"You are asking quickly: try again in {math.ceil(wait)} s.")
        return question

    def _remember(self, message_id: int, page: render.AnswerPage) -> None:
        refs = tuple(
            f"{q.passage.source_id}:{q.passage.start}-{q.passage.end}" for q in page.quotes
        )
        _keep(self._shown, message_id, Shown(page.question, refs))

    def _question(self, interaction: Interaction, *, shortened_ok: bool = False) -> str | None:
        """The question of the answer whose button was clicked: remembered, or else read
        off the embed title (whole unless it ends in an ellipsis)."""
        message = interaction.message
        if message is None:
            return None
        shown = self._shown.get(message.id)
        if shown is not None:
            return shown.question
        title = message.embeds[0].title if message.embeds else None
        if title and (shortened_ok or not title.endswith(render.ELLIPSIS)):
            return render.unescape(title)
        return None


def _keep(recent: OrderedDict[K, V], key: K, value: V) -> None:
    """Add to a mapping that forgets its oldest entries beyond `REMEMBERED`."""
    recent[key] = value
    recent.move_to_end(key)
    while len(recent) > REMEMBERED:
        recent.popitem(last=False)


def _reference(message: discord.Message) -> discord.MessageReference:
    # If the question was deleted meanwhile, the answer is still sent, just not as a reply.
    return message.to_reference(fail_if_not_exists=False)


async def setup(bot: ParleyBot) -> None:
    await bot.add_cog(AskCog(bot))
