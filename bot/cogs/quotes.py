"""/quotes person: [topic:]: what one person is quoted saying, oldest first, paged."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

import discord
from discord import app_commands
from discord.ext import commands

from parley.index.answers import Quote
from parley.index.errors import BadQuestion
from parley.index.library import Library
from parley.index.text.names import fold
from parley.index.text.passages import Passage

from .. import render
from ..app import ParleyBot
from ..views import Pager

Interaction = discord.Interaction[ParleyBot]
#: How many passages the topic search proposes; the person's own among them are kept.
TOPIC_DEPTH = 25


@dataclass(frozen=True)
class Statements:
    person: str  # the name Parley shows
    role: str | None
    topic: str | None
    quotes: tuple[Quote, ...]  # oldest first
    total: int  # all of the person's passages, whatever the topic


def statements(library: Library, person: str, topic: str | None = None) -> Statements | None:
    """Every passage where `person` (any spelling) speaks, about `topic` if given, oldest
    first; None if the library quotes no one by that name."""
    index = library.index
    known = library.names.resolve(person)
    asked = known.name if known else " ".join(person.split())
    gone = library.withdrawn()
    said = [
        p
        for p in index.passages
        if p.speaker and p.source_id not in gone and _same(library, p.speaker, asked)
    ]
    if not said:
        return None
    spoken = Counter(p.speaker for p in said if p.speaker)
    name = known.name if known else spoken.most_common(1)[0][0]
    role = known.role if known and known.role else _usual_role(said)
    chosen = said
    if topic:
        # Words of the topic in the passage, or the search's own sense of it (paraphrases).
        words = render.keywords(topic)
        try:
            answer = library.ask(f"What did {name} say about {topic}?", k=TOPIC_DEPTH)
        except BadQuestion:  # a topic too long to ask about: its words alone then
            answer = None
        found = {(q.passage.source_id, q.passage.start) for q in answer.quotes} if answer else set()
        chosen = [
            p for p in said if (p.source_id, p.start) in found or words & render.keywords(p.text)
        ]

    def when(p: Passage) -> tuple[dt.date, str, int]:
        return (index.sources[p.source_id].published or dt.date.max, p.source_id, p.start)

    quotes = tuple(Quote(p, index.sources[p.source_id], 0.0) for p in sorted(chosen, key=when))
    return Statements(name, role, topic, quotes, len(said))


def _same(library: Library, speaker: str, asked: str) -> bool:
    # Spellings the alias table knows, else the same surname ("Kirby", "John Kirby").
    return (
        library.same_person(speaker, asked) or fold(speaker).split()[-1] == fold(asked).split()[-1]
    )


def _usual_role(passages: list[Passage]) -> str | None:
    roles = Counter(p.speaker_role for p in passages if p.speaker_role)
    return roles.most_common(1)[0][0] if roles else None


def statement_pages(found: Statements | None, person: str) -> list[discord.Embed]:
    if found is None:
        text = f"Parley has no quotes from {person}. `/sources` lists what the library holds."
        return render.pages("No quotes", [render.escape(text)])
    who = f"{found.person} ({found.role})" if found.role else found.person
    about = f" about {found.topic}" if found.topic else ""
    if not found.quotes:
        count = render.plural(found.total, "quote")
        text = f"{count} from {found.person}, none{about}. Try without a topic."
        return render.pages(f"What {who} said{about}", [render.escape(text)])
    bold = render.keywords(found.topic or "")
    entries = [render.statement_entry(q, bold) for q in found.quotes]
    footer = f"{render.plural(len(found.quotes), 'quote')}, oldest first"
    return render.pages(f"What {who} said{about}", entries, footer=footer)


class QuotesCog(commands.Cog, name="Quotes"):
    def __init__(self, bot: ParleyBot) -> None:
        self.bot = bot
        self._speakers: tuple[int, list[tuple[str, int]]] = (0, [])

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
        return statement_pages(statements(self.bot.library, person, topic), person)

    @quotes.autocomplete("person")
    async def person_choices(
        self, interaction: Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        # Autocomplete cannot be deferred; this is a lookup in a list cached per index.
        typed = fold(current.strip())
        known = self.bot.library.names.resolve(current) if typed else None
        choices = [
            app_commands.Choice(name=f"{name} ({render.plural(count, 'quote')})"[:100], value=name)
            for name, count in self._speaker_counts()
            if typed in fold(name) or (known is not None and known.name == name)
        ]
        return choices[:25]

    def _speaker_counts(self) -> list[tuple[str, int]]:
        index = self.bot.library.index
        if self._speakers[0] != id(index):
            counts = Counter(p.speaker for p in index.passages if p.speaker)
            self._speakers = (id(index), counts.most_common())
        return self._speakers[1]


async def setup(bot: ParleyBot) -> None:
    await bot.add_cog(QuotesCog(bot))
