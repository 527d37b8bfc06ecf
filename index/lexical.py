"""Lexical search: BM25 (bm25s) over passages, so that names and numbers match exactly.

Words are stemmed (PyStemmer's English Snowball stemmer: "lasted" finds "last") and English
stop words dropped, on both sides.
"""

from __future__ import annotations

from collections.abc import Sequence

import bm25s
import numpy as np
import Stemmer

#: bm25s's default pattern drops one-character words, and with them the day in "March 7".
TOKEN_PATTERN = r"(?u)\b\w+\b"


class LexicalIndex:
    def __init__(self, texts: Sequence[str]) -> None:
        self._stemmer = Stemmer.Stemmer("english")
        self._size = len(texts)
        self._bm25 = bm25s.BM25()
        if texts:
            tokens = bm25s.tokenize(
                list(texts),
                stopwords="en",
                stemmer=self._stemmer,
                token_pattern=TOKEN_PATTERN,
                show_progress=False,
            )
            self._bm25.index(tokens, show_progress=False)

    def search(self, query: str, k: int) -> list[tuple[int, float]]:
        """The best `k` passages as (row, score), best first; only rows that share a word."""
        if not self._size:
            return []
        tokens = bm25s.tokenize(
            [query],
            stopwords="en",
            stemmer=self._stemmer,
            token_pattern=TOKEN_PATTERN,
            show_progress=False,
            return_ids=False,
        )
        if not tokens or not tokens[0]:
            return []
        scores = self._bm25.get_scores(tokens[0])
        k = min(k, self._size)
        top = np.argpartition(-scores, k - 1)[:k]
        ranked = top[np.argsort(-scores[top])]
        return [(int(row), float(scores[row])) for row in ranked if scores[row] > 0]
