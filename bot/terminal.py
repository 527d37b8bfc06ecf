"""Readable answers for a terminal: each quote verbatim, then who said it and where it is from."""

from __future__ import annotations

from index.answers import Answer, Quote

NOTHING_FOUND = (
    "Nothing in the library answers that. Parley only quotes its sources; "
    "`parley sources list` shows what it has."
)


def render_answer(answer: Answer) -> str:
    if answer.abstained or not answer.quotes:
        return f"{answer.question}\n\n{NOTHING_FOUND}"
    blocks = [answer.question]
    for number, quote in enumerate(answer.quotes, start=1):
        blocks.append(f"[{number}] “{quote.passage.text}”\n" + "\n".join(_attribution(quote)))
    return "\n\n".join(blocks)


def speaker_line(quote: Quote) -> str | None:
    """'Medinsky (head of the Russian delegation)', or None when the passage has no speaker."""
    passage = quote.passage
    if not passage.speaker:
        return None
    return (
        f"{passage.speaker} ({passage.speaker_role})" if passage.speaker_role else passage.speaker
    )


def source_line(quote: Quote) -> str:
    source = quote.source
    parts = [source.label]
    if source.author:
        parts.append(source.author)
    parts.append(source.published.isoformat() if source.published else "date unknown")
    parts.append(f"paragraph {quote.passage.paragraph}")
    if source.url:
        parts.append(source.url)
    return " · ".join(parts)


def _attribution(quote: Quote) -> list[str]:
    lines = []
    speaker = speaker_line(quote)
    if speaker:
        lines.append(f"    — {speaker}")
    lines.append(f"    {source_line(quote)} · score {quote.score:.2f}")
    return lines
