"""What the bot sends: embeds built from answers, within Discord's limits, article text escaped.

Pure functions (no network, no library calls), so every limit and every escape is unit-tested.
Quoted text is data, not markup: it is escaped so that `*`, `>`, `[x](y)` or `@everyone` in an
article show as typed. Anything too long is shortened at a sentence boundary with an ellipsis,
so a send never fails on a limit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import discord

from parley.index import Answer, Event, Quote, Source, keyword, keywords, sentence_spans

from .shortening import ELLIPSIS, fit, shorten
from .terminal import event_date, excerpt, quotation, said_on, source_line, speaker_line

# Discord's limits (characters).
CONTENT = 2000
TITLE = 256
DESCRIPTION = 4096
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
EMBED_TOTAL = 6000

COLOUR = discord.Colour.from_rgb(70, 110, 170)
NOTHING_FOUND = "Nothing in the library answers that."
ONLY_SOURCES = "Parley only quotes its sources and never guesses; `/sources` lists what it has."
NO_MORE = "No more passages answer that question."
APOLOGY = "Sorry, something went wrong on Parley's side. It has been logged; please try again."

# Markup anywhere in a line: emphasis, code, spoilers, masked links, mentions and emoji.
_MARKUP = re.compile(r"([\\*_`~|<\[\]@])")
# Markup only at the start of a line: a quote, heading, subtext or list.
_LINE_START = re.compile(r"^(\s*)(?:(\d+)\.|([>#+-]))", re.MULTILINE)
_URL = re.compile(r"https?://[^\s<>]+")
_ESCAPED = re.compile(r"\\([\\*_`~|<\[\]@>#+.-])")
_WORD = re.compile(r"[^\W_]+")


def escape(text: str, *, bold: frozenset[str] = frozenset()) -> str:
    """`text` with Discord markup escaped and links left clickable; words whose folded form is
    in `bold` (see `keywords`) are set in bold."""
    out: list[str] = []
    last = 0
    for url in _URL.finditer(text):
        out.append(_escape_words(text[last : url.start()], bold))
        out.append(url.group())
        last = url.end()
    out.append(_escape_words(text[last:], bold))
    escaped = "".join(out)
    return _LINE_START.sub(lambda m: m[1] + (f"{m[2]}\\." if m[2] else f"\\{m[3]}"), escaped)


def _escape_words(text: str, bold: frozenset[str]) -> str:
    out: list[str] = []
    last = 0
    for word in _WORD.finditer(text):
        out.append(_MARKUP.sub(r"\\\1", text[last : word.start()]))
        out.append(f"**{word[0]}**" if bold and keyword(word[0]) in bold else word[0])
        last = word.end()
    out.append(_MARKUP.sub(r"\\\1", text[last:]))
    return "".join(out)


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def fit_content(text: str) -> str:
    return shorten(text, CONTENT)


def unescape(text: str) -> str:
    """`text` as it was before `escape` (without bold): what a title says, read back."""
    return _ESCAPED.sub(r"\1", text)


def _embed(title: str, description: str, footer: str | None = None) -> discord.Embed:
    # A title is rendered as markup too, and holds what a member typed or a headline says.
    embed = discord.Embed(
        title=fit(title, escape, TITLE),
        description=shorten(description, DESCRIPTION) or None,  # Discord refuses ""
        colour=COLOUR,
    )
    if footer:
        embed.set_footer(text=shorten(footer, FOOTER))
    return embed


# -- answers -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerPage:
    """One message of an answer: the embed, which quotes it shows, and where "More" goes."""

    question: str
    embed: discord.Embed
    quotes: tuple[Quote, ...]
    next_offset: int | None  # None: nothing more to show


def quote_block(quote: Quote, bold: frozenset[str] = frozenset(), budget: int = DESCRIPTION) -> str:
    """The passage as a block quote, then who said it, then the source."""
    lines = [escape(source_line(quote))]
    speaker = speaker_line(quote)
    if speaker:
        lines.insert(0, f"— {escape(speaker)}")
    tail = "\n" + "\n".join(lines)
    # fitted inside the marks, so that a quote cut short still closes them
    shown = quotation(quote.passage.text, quote.passage.cut_short)
    return fit(shown, lambda t: f"> “{escape(t, bold=bold)}”{tail}", budget)


def nothing_found(answer: Answer) -> str:
    """Why nothing is quoted (the library's reason: what it holds, or whom it does not
    quote), and what Parley is."""
    return f"{escape(answer.reason or NOTHING_FOUND)} {ONLY_SOURCES}"


def answer_page(answer: Answer, offset: int = 0, page_size: int = 3) -> AnswerPage:
    """The quotes of `answer` from `offset`, as many as fit, up to `page_size`. `answer` is
    the library's answer for `offset + page_size` passages: if it has that many, there may be
    more."""
    if answer.abstained or not answer.quotes:
        return AnswerPage(answer.question, _embed(answer.question, nothing_found(answer)), (), None)
    candidates = answer.quotes[offset : offset + page_size]
    if not candidates:
        return AnswerPage(answer.question, _embed(answer.question, NO_MORE), (), None)
    bold = keywords(answer.question)
    blocks: list[str] = []
    room = DESCRIPTION
    for quote in candidates:
        whole = quote_block(quote, bold)
        if len(whole) <= room:
            blocks.append(whole)
            room -= len(whole) + 2
            continue
        if not blocks:  # alone and still too long: shortened, the rest is one click away
            blocks.append(quote_block(quote, bold, room))
        break  # the rest start the next page
    shown = candidates[: len(blocks)]
    end = offset + len(shown)
    more = end < len(answer.quotes) or len(answer.quotes) >= offset + page_size
    span = f"Passage {offset + 1}" if len(shown) == 1 else f"Passages {offset + 1}–{end}"
    footer = f"{span} · quoted verbatim; Parley does not paraphrase"
    embed = _embed(answer.question, "\n\n".join(blocks), footer)
    return AnswerPage(answer.question, embed, tuple(shown), end if more else None)


def context_embed(quote: Quote) -> discord.Embed:
    """The whole paragraph around a quote, the quote in bold, then the source."""
    source, passage = quote.source, quote.passage
    before_text, after_text = quote.around()
    middle = escape(" ".join(passage.text.split()))
    room = (DESCRIPTION - len(middle) - 10) // 2
    before = _fit_start(" ".join(before_text.split()), room)
    after = fit(" ".join(after_text.split()), escape, room)
    body = f"{before} **{middle}** {after}".strip() if len(middle) < DESCRIPTION - 10 else None
    description = body or fit(passage.text, lambda t: f"**{escape(t)}**", DESCRIPTION)
    embed = _embed(f"Context · {source.label}", description)
    embed.add_field(name="Source", value=fit(source_line(quote), escape, FIELD_VALUE), inline=False)
    return embed


def _fit_start(text: str, budget: int) -> str:
    """The end of `text` that fits, from a sentence start, with a leading ellipsis."""
    if len(escape(text)) <= budget:
        return escape(text)
    starts = [start for start, _ in sentence_spans(text)]
    for start in starts[1:]:
        if len(escape(text[start:])) + 2 <= budget:
            return f"{ELLIPSIS} {escape(text[start:])}"
    return ELLIPSIS


# -- lists -------------------------------------------------------------------------------------


def pages(
    title: str, entries: Sequence[str], *, per_page: int = 5, footer: str = ""
) -> list[discord.Embed]:
    """Entries (already escaped) grouped into embeds that fit, each footed "Page n/N"."""
    groups: list[list[str]] = [[]]
    for entry in entries:
        entry = entry[: DESCRIPTION - 100]
        group = groups[-1]
        if group and (
            len(group) >= per_page or sum(len(e) + 2 for e in group) + len(entry) > DESCRIPTION
        ):
            groups.append(group := [])
        group.append(entry)
    total = len(groups)
    return [
        _embed(title, "\n\n".join(group), " · ".join(filter(None, [f"Page {n}/{total}", footer])))
        for n, group in enumerate(groups, start=1)
    ]


def statement_entry(quote: Quote, bold: frozenset[str] = frozenset()) -> str:
    """One entry of /quotes: the passage, then where and when (who said it is the title)."""
    text = " ".join(quote.passage.text.split())
    tail = "\n" + escape(" · ".join(filter(None, [said_on(quote), source_line(quote)])))
    return fit(text, lambda t: f"> {escape(t, bold=bold)}{tail}", 1500)


def event_entry(event: Event) -> str:
    """One entry of /timeline: the date in bold, then each source's own sentence and where
    it is from (an event several articles tell keeps each one's words)."""
    told = []
    for source in event.sources:
        sentence = escape(excerpt(source.text, event, 300 // len(event.sources)))
        where = f"{shorten(source.title or source.id, 80)}, {source.dated}"
        where += ", caption" if source.paragraph is None else f", paragraph {source.paragraph}"
        if source.translated_from:
            where += f", {source.translated_from}"
        told.append(f"{sentence}\n*{escape(where)}*")
    return f"**{event_date(event)}** · " + "\n".join(told)


def source_entry(source: Source, passages: int) -> str:
    count = plural(passages, "passage")
    return f"**{escape(shorten(source.label, 300))}** · {source.dated} · {count} · `{source.id}`"


def source_embed(
    source: Source, passages: int, speakers: Sequence[tuple[str, int]], opening: str
) -> discord.Embed:
    """One source: its metadata, how many passages it gives, who it quotes, how it opens."""
    embed = _embed(source.label, fit(opening, escape, 700) if opening else "")
    if source.url and source.url.startswith(("http://", "https://")):
        embed.url = source.url  # the headline links to the article
    fields = [
        ("Author", escape(source.author or "unknown")),
        ("Published", source.dated),
        ("Outlet", escape(source.outlet or "unknown")),
        ("Language", escape(source.translated_from or source.language_note or "not stated")),
        ("Passages", str(passages)),
        ("Id", f"`{source.id}`"),
    ]
    if source.file and source.title:
        fields.append(("File", escape(source.file)))
    for name, value in fields:
        embed.add_field(name=name, value=value[:FIELD_VALUE], inline=True)
    quoted = ", ".join(f"{name} ({count})" for name, count in speakers) or "no one by name"
    embed.add_field(name="Quoted", value=fit(quoted, escape, FIELD_VALUE), inline=False)
    return embed


def within_limits(embed: discord.Embed) -> bool:
    """Whether Discord accepts `embed` (tests check every payload with this too)."""
    data = embed.to_dict()
    fields = data.get("fields", [])
    return (
        len(embed) <= EMBED_TOTAL
        and len(data.get("title", "")) <= TITLE
        and len(data.get("description", "")) <= DESCRIPTION
        and len(data.get("footer", {}).get("text", "")) <= FOOTER
        and len(fields) <= 25
        and all(len(f["name"]) <= FIELD_NAME and len(f["value"]) <= FIELD_VALUE for f in fields)
    )
