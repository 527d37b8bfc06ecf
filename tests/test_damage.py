"""A data directory damaged or half-written, and input meant to break Parley: what it does.

Each case here was found by an adversarial run against the command line (issue 18). The
rule for all of them: a one-line message that says what to do, never a traceback; the
registry never loses a source it held; what can still be answered is answered.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from parley.bot.cli import main
from parley.index.building import RECOVERED
from parley.index.errors import RegistryDamaged, SourceRefused
from parley.index.evaluation.fitting import toml
from parley.index.library import Library
from parley.index.search.verdict_model import EVERYTHING
from parley.index.settings import PROJECT_ROOT, Settings
from parley.index.store import builds as store
from parley.index.store.registry import Registry
from parley.index.text.sources import Source

from .conftest import SEEDS, FakeEmbedder

ADDED = Source(
    id="brest-talks",
    published=dt.date(2022, 3, 1),
    text=(
        "Envoys met in Brest on Monday for a second round.\n\n"
        "The talks in Brest lasted five hours, officials said."
    ),
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A config that uses the fake model, with its own seeds and data folders."""
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    config = tmp_path / "config" / "parley.toml"
    config.parent.mkdir()
    config.write_text(
        f'data_dir = "{tmp_path / "data"}"\nseeds_dir = "{seeds}"\n'
        # named as the fake is, so that a process given no embedder reads its index
        f'[model]\nname = "{FakeEmbedder.name}"\nbackend = "torch"\n\n{toml(EVERYTHING)}\n'
    )
    monkeypatch.setenv("PARLEY_CONFIG", str(config))
    monkeypatch.delenv("PARLEY_DATA", raising=False)
    return tmp_path


def parley(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv), embedder=FakeEmbedder())
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def add_article(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = project / "brest-talks.txt"
    article.write_text(ADDED.text)
    code, _, err = parley(capsys, "sources", "add", str(article), "--published", "2022-03-01")
    assert code == 0, err


# -- the registry ------------------------------------------------------------------------------


@pytest.mark.parametrize("damage", ["deleted", "emptied"])
def test_a_lost_registry_is_rebuilt_from_the_index_not_reseeded(
    project: Path, capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    """Re-seeded, the registry lost the added article, and the next sync deleted its last
    copy from the index."""
    add_article(project, capsys)
    parley(capsys, "sources", "remove", "004_7b059f1210310526")
    registry = project / "data" / "library.sqlite3"
    if damage == "deleted":
        registry.unlink()
    else:
        registry.write_bytes(b"")
    code, out, err = parley(capsys, "sources", "list")
    assert code == 0
    assert "rebuilt it from the index (5 sources)" in err
    listed = {line.split()[0] for line in out.splitlines()}
    assert "brest-talks" in listed and "004_7b059f1210310526" not in listed  # stays removed
    entry = Registry(registry).get("brest-talks")
    assert entry is not None and entry.added_by == RECOVERED
    assert entry.source.text == ADDED.text and entry.source.published == ADDED.published
    # and it is still searched: nothing was synced away
    code, out, _ = parley(capsys, "ask", "How long did the talks in Brest last?", "--json")
    assert "brest-talks" in {p["source"]["id"] for p in json.loads(out)["passages"]}


def test_a_damaged_registry_is_refused_in_one_line_that_says_how_to_recover(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_article(project, capsys)
    registry = project / "data" / "library.sqlite3"
    data = bytearray(registry.read_bytes())
    data[100:4000] = os.urandom(3900)
    registry.write_bytes(bytes(data))
    code, _, err = parley(capsys, "ask", "What did Medinsky say about neutrality?")
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert "is damaged" in err and "move it aside" in err
    # following the advice recovers every source from the index
    registry.rename(registry.with_name("library.sqlite3.damaged"))
    code, out, err = parley(capsys, "sources", "list")
    assert code == 0 and "brest-talks" in out


def test_a_registry_that_is_no_database_is_a_parley_error(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    path.write_bytes(b"this is not a database, it is only text" * 100)
    with pytest.raises(RegistryDamaged, match="not a database"):
        Registry(path)
    with pytest.raises(sqlite3.DatabaseError):  # what it was before: a traceback
        sqlite3.connect(path).execute("SELECT 1 FROM sources")


# -- the index ---------------------------------------------------------------------------------


def test_current_holding_garbage_is_one_line_and_a_rebuild_mends_it(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_article(project, capsys)
    current = project / "data" / "index" / "CURRENT"
    current.write_bytes(b"\xff\xfe\x00garbage/../..\n")
    code, _, err = parley(capsys, "ask", "What did Medinsky say?")
    assert code == 1 and "names no build" in err and "parley index" in err
    code, _, _ = parley(capsys, "index")
    assert code == 0
    code, out, _ = parley(capsys, "ask", "How long did the talks in Brest last?", "--json")
    assert code == 0 and "brest-talks" in out


def said(err: str) -> list[str]:
    """What a command said on standard error, without its progress bar's lines."""
    lines = re.split(r"[\r\n]+", err.strip())
    return [line for line in lines if line and not line.startswith("Embedding passages")]


def full_disk(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_an_add_on_a_full_disk_is_one_line_and_questions_are_still_answered(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The registry took the article, the index could not: every `ask` then tried to sync
    first, failed, and answered nothing though the previous build was whole."""
    parley(capsys, "index")
    article = project / "brest-talks.txt"
    article.write_text(ADDED.text)
    with pytest.MonkeyPatch.context() as disk:
        disk.setattr(store.np, "save", full_disk)  # full for both commands
        code, _, err = parley(capsys, "sources", "add", str(article), "--published", "2022-03-01")
        assert code == 1 and "the disk is full" in err and len(said(err)) == 1
        code, out, err = parley(capsys, "ask", "What did Medinsky say about neutrality?", "--json")
        assert code == 0 and json.loads(out)["passages"]
        assert "the disk is full" in err and "answering from it" in err
    # room again: the next command catches up
    code, out, err = parley(capsys, "ask", "How long did the talks in Brest last?", "--json")
    assert code == 0 and "brest-talks" in {p["source"]["id"] for p in json.loads(out)["passages"]}


def test_a_real_write_limit_mid_build_is_one_line(project: Path) -> None:
    """The same without a fake: the add runs in a process whose files may not grow past
    128 kB (RLIMIT_FSIZE): the registry (70 kB) takes the article, and writing the vectors
    (220 kB) fails part-way, as on a full disk."""
    assert main(["index"], embedder=FakeEmbedder()) == 0
    article = project / "brest-talks.txt"
    article.write_text(ADDED.text)
    script = (
        "import resource, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (131072, 131072))\n"
        "from parley.bot.cli import main\n"
        "from tests.conftest import FakeEmbedder\n"
        f"sys.exit(main(['sources', 'add', {str(article)!r}, '--published', '2022-03-01'],"
        " embedder=FakeEmbedder()))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT_ROOT, capture_output=True, text=True
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and len(said(done.stderr)) == 1
    assert "cannot write the index" in done.stderr and "larger than this system" in done.stderr
    assert not list((project / "data" / "index" / "builds").glob("*.partial"))
    assert main(["ask", "What did Medinsky say?"], embedder=FakeEmbedder()) == 0


# -- a removal the bot did not see through -----------------------------------------------------


def test_a_source_removed_from_the_registry_is_not_quoted_before_the_index_catches_up(
    settings: Settings,
) -> None:
    """A removal commits to the registry, then reindexes; killed in between, a running bot
    went on quoting the removed article from the build it had loaded."""
    bot = Library(settings, FakeEmbedder())
    bot.add(ADDED, added_by="tester")
    assert "brest-talks" in {q.source.id for q in bot.ask("talks in Brest", k=10).quotes}
    Registry(settings.data_dir / "library.sqlite3").remove("brest-talks")  # then killed
    assert bot.stale()
    assert "brest-talks" not in {q.source.id for q in bot.ask("talks in Brest", k=10).quotes}
    assert all(s.id != "brest-talks" for e in bot.timeline() for s in e.sources)
    assert bot.withdrawn() == {"brest-talks"}
    bot.sync()  # what the bot's upkeep loop does (bot/cogs/upkeep.py)
    assert not bot.stale() and bot.withdrawn() == frozenset()
    assert "brest-talks" not in bot.index.sources


# -- what an article must be -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["Russia And Ukraine Meet Again", "Enable JS", "Photo: Reuters\n\nBy A. Writer"],
)
def test_an_article_with_nothing_to_quote_is_refused(settings: Settings, text: str) -> None:
    library = Library(settings, FakeEmbedder())
    library.build()
    with pytest.raises(SourceRefused, match="no sentences to quote"):
        library.add(Source(id="empty", text=text, published=dt.date(2022, 3, 1)), "tester")
    assert "empty" not in {s.id for s in library.sources()}


def test_an_article_of_52000_paragraphs_is_refused_at_once(settings: Settings) -> None:
    """It took 467 s to embed, and drowned every search in one page's passages."""
    import time

    library = Library(settings, FakeEmbedder())
    library.build()
    text = "\n\n".join(f"Paragraph {n} says the delegates met in Gomel." for n in range(52_000))
    started = time.perf_counter()
    with pytest.raises(SourceRefused, match="52,000 paragraphs.*at most 2,000 passages"):
        library.add(Source(id="huge", text=text, published=dt.date(2022, 3, 1)), "tester")
    assert time.perf_counter() - started < 5
    assert "huge" not in {s.id for s in library.sources()}


@pytest.mark.parametrize(
    "wrapped",
    [
        "@everyone {}",
        "<@123456789> {}",
        "<@&42> {} @here",
        "||{}||",
        "```{}```",
        "```text\n{}\n```",
        "`{}`",
        "**{}**",
    ],
)
def test_chat_markup_around_a_question_changes_nothing(settings: Settings, wrapped: str) -> None:
    """Read as words, the markup flipped answers to "nothing found"."""
    library = Library(settings, FakeEmbedder())
    library.build()
    plain = "What did Medinsky say about neutrality?"
    asked = library.ask(wrapped.format(plain))
    assert asked.question == plain
    assert [q.passage for q in asked.quotes] == [q.passage for q in library.ask(plain).quotes]
