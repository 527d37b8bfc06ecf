"""A reindex killed at any point (kill -9) leaves the previous index intact and loadable, and
the next start finds no half-written state."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from parley.index.library import Library
from parley.index.settings import PROJECT_ROOT, Settings
from parley.index.text.names import Names
from parley.index.text.passages import split_passages

from .conftest import CHUNKING, FakeEmbedder, showing_everything
from .reindex_child import long_article

NAMES = Names.load(PROJECT_ROOT / "config" / "aliases.toml")

#: The steps of `library.add` the child announces (tests/reindex_child.py), in order.
KILL_POINTS = [
    "after register",  # registered, nothing embedded yet
    "embedded 8",  # mid-embedding
    "before write",  # embedded, nothing written
    "before write lines",  # vectors written, metadata not
    "after write lines",  # some metadata written
    "before rename",  # the build folder complete, still named .partial
    "after rename",  # renamed, not yet current
    "before swap",  # about to replace CURRENT
    "after swap",  # current, old builds not yet cleared away
    "done",
]


def kill_at(point: str, data_dir: Path) -> list[str]:
    """Run the child reindex and kill -9 it as soon as it announces `point`."""
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.reindex_child", str(data_dir)],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    seen = []
    assert child.stdout is not None
    for line in child.stdout:
        seen.append(line.strip())
        if line.strip() == point:
            os.kill(child.pid, signal.SIGKILL)
            break
    child.wait(timeout=60)
    assert point in seen, f"the child never reached {point!r}: {seen}"
    return seen


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("baseline")
    settings = _settings(data)
    Library(settings, FakeEmbedder()).build()
    return data


def _settings(data_dir: Path) -> Settings:
    from parley.index.settings import load_settings

    return showing_everything(load_settings(environ={"PARLEY_DATA": str(data_dir)}))


@pytest.mark.parametrize("point", KILL_POINTS)
def test_killed_reindex_leaves_a_loadable_index(baseline: Path, tmp_path: Path, point: str) -> None:
    data = tmp_path / "data"
    shutil.copytree(baseline, data)
    before = Library(_settings(baseline), FakeEmbedder()).index.manifest.passages
    new = len(split_passages(long_article(), CHUNKING, NAMES))
    kill_at(point, data)

    library = Library(_settings(data), FakeEmbedder())
    library.load()  # the next start: loads, and clears what the killed build left
    builds = data / "index" / "builds"
    assert not [p for p in builds.iterdir() if p.name.endswith(".partial")]
    count = library.index.manifest.passages
    landed = point in {"after swap", "done"}
    assert count == (before + new if landed else before)  # all of it or none of it
    assert library.ask("What did Medinsky say about the ceasefire?").quotes
    # The article was registered before the kill, so the library knows the index is behind,
    # and the next update embeds only what is missing.
    assert library.stale() is not landed
    if not landed:
        report = library.sync()
        assert report.embedded == new and not library.stale()
