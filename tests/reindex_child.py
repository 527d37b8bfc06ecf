"""A reindex for tests/test_kill.py to kill: adds a long article to the library at DATA_DIR,
printing a marker at each step of the build and pausing a moment after it, so that the test
can kill -9 the process at that step."""

from __future__ import annotations

import datetime as dt
import functools
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from parley.index import building
from parley.index.library import Library
from parley.index.settings import load_settings
from parley.index.store import builds as store
from parley.index.store.registry import Registry
from parley.index.text.sources import Source
from tests.conftest import FakeEmbedder, showing_everything

PAUSE = 0.05  # long enough for the test to kill us right here


def marker(text: str) -> None:
    print(text, flush=True)
    time.sleep(PAUSE)


def announcing(name: str, function: Callable[..., Any], before: bool = True) -> Callable[..., Any]:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if before:
            marker(f"before {name}")
        result = function(*args, **kwargs)
        marker(f"after {name}")
        return result

    return wrapper


def long_article() -> Source:
    paragraphs = [
        f"On March {day % 28 + 1}, negotiators met for round {day} of the talks in Istanbul. "
        f'Medinsky said, "Round {day} was constructive and we will meet again."'
        for day in range(1, 61)
    ]
    return Source(
        id="long-article",
        text="\n\n".join(paragraphs),
        title="Sixty rounds",
        published=dt.date(2022, 4, 30),
    )


def main(data_dir: str) -> None:
    settings = showing_everything(load_settings(environ={"PARLEY_DATA": data_dir}))
    settings = replace(settings, model=replace(settings.model, batch_size=8))
    store._write_lines = announcing("write lines", store._write_lines)  # type: ignore[assignment]
    store.atomic_write_text = announcing("swap", store.atomic_write_text)  # type: ignore[assignment]
    store.os.rename = announcing("rename", store.os.rename)  # type: ignore[assignment]
    Registry.add = announcing("register", Registry.add, before=False)  # type: ignore[method-assign]
    building.write_index = announcing("write", building.write_index)
    building.PROGRESS_STEP = 8  # so that "embedded 8" is mid-embedding
    library = Library(settings, FakeEmbedder())
    library.add(long_article(), progress=lambda n: marker(f"embedded {n}"))
    marker("done")


if __name__ == "__main__":
    main(sys.argv[1])
