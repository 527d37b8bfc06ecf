"""Text cut to fit a limit: at a sentence's end where that keeps at least half the room, else
at a word's, with an ellipsis; never mid-word while a word boundary fits.

`shorten` keeps the text's lines (an embed's description is laid out in them); `one_line`
folds its white space first, for a label or a line of the terminal's list.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from parley.index import sentence_spans

ELLIPSIS = "…"


def shorten(text: str, limit: int) -> str:
    """`text` if it fits in `limit` characters, else cut at a sentence end with an ellipsis."""
    return fit(text, str, limit)


def fit(text: str, render: Callable[[str], str], budget: int) -> str:
    """`render(text)` if it fits in `budget` characters (escapes and all), else the rendering of
    the longest start of `text` that fits, cut after a sentence (or, if that would leave less
    than half the room used, after a word), with an ellipsis."""
    text = text.strip()
    rendered = render(text)
    if len(rendered) <= budget:
        return rendered
    sentence_ends = [end for _, end in sentence_spans(text)]
    by_sentence = _longest(text, sentence_ends, f" {ELLIPSIS}", render, budget)
    if by_sentence is not None and len(by_sentence) >= budget // 2:
        return by_sentence
    word_ends = [m.start() for m in re.finditer(r"\s+", text)]
    by_word = _longest(text, word_ends, ELLIPSIS, render, budget)
    best = max((by_sentence or "", by_word or ""), key=len)
    if best:
        return best
    return _longest(text, range(1, len(text)), ELLIPSIS, render, budget) or render("")[:budget]


def _longest(
    text: str, ends: Sequence[int], mark: str, render: Callable[[str], str], budget: int
) -> str | None:
    """The longest `render(text[:end] + mark)` within `budget`, `ends` ascending (a rendering
    grows with its text, so this is a binary search)."""
    found, low, high = None, 0, len(ends) - 1
    while low <= high:
        middle = (low + high) // 2
        candidate = render(text[: ends[middle]].rstrip() + mark)
        if len(candidate) <= budget:
            found, low = candidate, middle + 1
        else:
            high = middle - 1
    return found


def one_line(text: str, limit: int) -> str:
    """`text` with its white space folded onto one line, then shortened."""
    return shorten(" ".join(text.split()), limit)
