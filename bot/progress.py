"""The progress bar of an embedding build on the terminal.

Made when the build says how many passages it will embed, not before: a bar made first
printed a stray "0passage [00:00, ?passage/s]" line ahead of the real one.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


class EmbeddingBar:
    def __init__(self) -> None:
        self._bar: Any = None

    def start(self, total: int) -> None:
        from tqdm import tqdm  # only when something is built

        self._bar = tqdm(total=total, desc="Embedding passages", unit="passage", file=sys.stderr)

    def advance(self, count: int) -> None:
        if self._bar is not None:
            self._bar.update(count)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


@contextmanager
def embedding_bar() -> Iterator[EmbeddingBar]:
    bar = EmbeddingBar()
    try:
        yield bar
    finally:
        bar.close()
