"""Sources come and go: the registry, incremental reindex, and answers that follow at once."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from parley.index import library as library_module
from parley.index.ingest.drafts import source_id_for
from parley.index.library import Library
from parley.index.search import lexical
from parley.index.settings import Settings
from parley.index.store.builds import StoredIndex
from parley.index.store.registry import Registry
from parley.index.text.sources import Source

from .conftest import FakeEmbedder

ARTICLE = Source(
    id="zaporizhzhia-talks",
    title="Talks on the Zaporizhzhia plant",
    author="A. Writer",
    published=dt.date(2022, 9, 1),
    text=(
        "Inspectors reached the Zaporizhzhia nuclear plant on Thursday.\n\n"
        'Grossi said, "The physical integrity of the plant has been violated several times."'
    ),
)


def quoted_sources(library: Library, question: str) -> set[str]:
    return {quote.source.id for quote in library.ask(question, k=10).quotes}


def test_seeds_are_registered_once_and_removals_stick(
    settings: Settings, fake_embedder: FakeEmbedder
) -> None:
    library = Library(settings, fake_embedder)
    assert len(library.sources()) == 5
    library.build()
    assert library.remove("004_7b059f1210310526") is not None
    # a second start does not bring the seed back
    again = Library(settings, fake_embedder)
    assert "004_7b059f1210310526" not in {s.id for s in again.sources()}


def test_add_remove_readd_and_change(settings: Settings) -> None:
    embedder = FakeEmbedder()
    library = Library(settings, embedder)
    library.build()
    before = embedder.texts_encoded

    change, report = library.add(ARTICLE, added_by="tester")
    assert change == "added" and report is not None
    assert report.embedded == 2 and report.added == (ARTICLE.id,)
    # two passages, each embedded alone and in context: only the new source's
    assert embedder.texts_encoded - before == 4
    assert ARTICLE.id in quoted_sources(library, "Zaporizhzhia nuclear plant inspectors")

    assert library.add(ARTICLE, added_by="tester") == ("unchanged", None)

    changed = replace(ARTICLE, text=ARTICLE.text + "\n\nThe plant lost power again on Friday.")
    change, report = library.add(changed, added_by="tester")
    assert change == "replaced" and report is not None and report.embedded == 3
    assert any("lost power" in q.passage.text for q in library.ask("plant lost power", k=5).quotes)

    report = library.remove(ARTICLE.id)
    assert report is not None and report.removed == (ARTICLE.id,) and report.embedded == 0
    assert ARTICLE.id not in quoted_sources(library, "Zaporizhzhia nuclear plant inspectors")
    assert library.remove(ARTICLE.id) is None  # already gone


def test_another_process_reindexing_is_picked_up_by_the_next_question(
    settings: Settings,
) -> None:
    bot = Library(settings, FakeEmbedder())
    bot.build()
    first = bot.index.name
    assert ARTICLE.id not in quoted_sources(bot, "Zaporizhzhia nuclear plant inspectors")
    admin = Library(settings, FakeEmbedder())  # e.g. `parley sources add` in another process
    admin.add(ARTICLE)
    assert ARTICLE.id in quoted_sources(bot, "Zaporizhzhia nuclear plant inspectors")
    assert bot.index.name != first


def test_the_build_a_library_writes_is_the_one_it_answers_from(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = Library(settings, FakeEmbedder())
    library.build()
    reads: list[str] = []
    real_load = library_module.load_index

    def counting_load(index_dir: Path, *rest: Any) -> StoredIndex:
        reads.append(str(index_dir))
        return real_load(index_dir, *rest)

    monkeypatch.setattr(library_module, "load_index", counting_load)
    library.add(ARTICLE)
    assert ARTICLE.id in quoted_sources(library, "Zaporizhzhia nuclear plant inspectors")
    assert reads == []  # neither the previous build nor the new one was read back from disk
    in_memory, on_disk = library.index, real_load(settings.index_dir, settings, library.model)
    assert in_memory.name == on_disk.name
    assert list(in_memory.passages) == list(on_disk.passages)
    assert in_memory.sources == on_disk.sources
    assert (in_memory.ids == on_disk.ids).all() and in_memory.events == on_disk.events
    assert in_memory.vectors.ntotal == on_disk.vectors.ntotal


def test_a_change_of_model_means_a_full_rebuild(settings: Settings) -> None:
    Library(settings, FakeEmbedder()).build()
    other = FakeEmbedder(dimension=128)
    other.name = "fake-hashing-128"
    library = Library(settings, other)
    report = library.sync()
    assert report.embedded == report.passages  # nothing reusable from another model


def test_stale_index_is_detected(settings: Settings, fake_embedder: FakeEmbedder) -> None:
    library = Library(settings, fake_embedder)
    library.build()
    assert not library.stale()
    Registry(settings.data_dir / "library.sqlite3").add(ARTICLE, "killed before reindex")
    assert library.stale()
    library.sync()
    assert not library.stale()


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"file": "/tmp/My Article.html"}, "my-article"),
        ({"url": "https://www.example.org/news/2022/talks/"}, "example-org-news-2022-talks"),
        ({"text": "abc"}, "text-ba7816bf8f01cfea"),
    ],
)
def test_source_ids_are_stable(kwargs: dict[str, str], expected: str) -> None:
    assert source_id_for(**kwargs) == expected


def test_registry_keeps_the_text_and_who_added_it(tmp_path: Path) -> None:
    registry = Registry(tmp_path / "library.sqlite3")
    registry.add(ARTICLE, "admin#1")
    entry = registry.get(ARTICLE.id)
    assert entry is not None and entry.source == ARTICLE and entry.added_by == "admin#1"
    assert entry.added_at.startswith(str(dt.date.today().year))


def numbered_article(number: int) -> Source:
    return Source(
        id=f"round-{number}",
        published=dt.date(2022, 3, 1),
        text=(
            f"Envoys met in Townville{number} on Monday for round {number}.\n\n"
            f"The talks in Townville{number} lasted {number} hours, officials said."
        ),
    )


def test_adds_and_removes_in_a_loop_answer_right_after_each(settings: Settings) -> None:
    """Nine adds (the BM25 segments merge on the ninth), then removes down to one, twice
    round, each by a new `Library` as each `parley` command is: after each change the new
    article is quoted and the removed ones are not, by BM25 either. Before the fix the eighth
    add raised KeyError, and so did every later command."""

    def fresh() -> Library:
        return Library(settings, FakeEmbedder())

    fresh().build()
    for round_ in range(2):
        articles = [numbered_article(10 * round_ + n) for n in range(9)]
        for article in articles:
            fresh().add(article, added_by="tester")
            assert article.id in quoted_sources(fresh(), f"talks in Townville{article.id[6:]}")
        assert len(fresh().index.lexical.segments) <= lexical.MAX_SEGMENTS
        for gone in articles[:-1]:
            fresh().remove(gone.id)
            word = f"Townville{gone.id[6:]}"
            reopened = fresh()
            assert gone.id not in quoted_sources(reopened, f"talks in {word}")
            # nor found by BM25 as saved, merged or not (a merge once kept the old postings)
            assert reopened.index.lexical.search(word, 10) == []
        assert articles[-1].id in {s.id for s in fresh().sources()}


def test_index_then_removing_a_fifth_then_adding(settings: Settings) -> None:
    """A removal of over a fifth of the passages compacts BM25; the next add, by another
    process, read the new article through the old build's sources (KeyError) and wedged the
    library."""
    Library(settings, FakeEmbedder()).build()
    largest = max(Library(settings, FakeEmbedder()).sources(), key=lambda s: len(s.text))
    Library(settings, FakeEmbedder()).remove(largest.id)
    Library(settings, FakeEmbedder()).add(ARTICLE, added_by="tester")
    library = Library(settings, FakeEmbedder())
    assert ARTICLE.id in quoted_sources(library, "Zaporizhzhia nuclear plant inspectors")
    assert largest.id not in {s.id for s in library.sources()}
    # BM25 finds only passages of this build: none of the removed article's
    found = [i for i, _ in library.index.lexical.search("Mariupol Kuleba Lavrov talks", 50)]
    assert found and set(found) <= set(library.index.ids.tolist())


def test_questions_during_adds_and_removes_all_answer(settings: Settings) -> None:
    """A bot's library answers in one thread while `parley sources add/remove` commands run
    in another: every question is answered, from the build before or after each change
    (before the fix, 47 of 50 failed once the adds had wedged the library)."""
    import threading

    bot = Library(settings, FakeEmbedder())
    bot.build()
    failures: list[BaseException] = []
    done = threading.Event()

    def ask() -> None:
        while not done.is_set():
            try:
                bot.ask("How long did the talks in Istanbul last?")
            except BaseException as error:  # any failure at all is what this test looks for
                failures.append(error)

    asker = threading.Thread(target=ask)
    asker.start()
    try:
        for number in range(12):
            Library(settings, FakeEmbedder()).add(numbered_article(number), added_by="tester")
            if number % 4 == 3:
                Library(settings, FakeEmbedder()).remove(numbered_article(number - 1).id)
            answer = Library(settings, FakeEmbedder()).ask(f"talks in Townville{number}")
            assert numbered_article(number).id in {q.source.id for q in answer.quotes}
    finally:
        done.set()
        asker.join()
    assert failures == []


def test_a_timeline_topic_encodes_the_events_once_not_on_every_call(settings: Settings) -> None:
    embedder = FakeEmbedder()
    library = Library(settings, embedder)
    library.build()
    sentences = {event.text for event in library.timeline()}
    before = embedder.texts_encoded
    first = library.timeline(about="humanitarian corridors")
    assert embedder.texts_encoded - before == 1 + len(sentences)  # the topic, every sentence
    again = embedder.texts_encoded
    assert library.timeline(about="humanitarian corridors") == first
    assert library.timeline(about="security guarantees")
    assert embedder.texts_encoded - again == 1  # only the new topic


def test_an_added_article_is_split_once_for_its_checks_and_its_build(
    settings: Settings, fake_embedder: FakeEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    from parley.index import building

    library = Library(settings, fake_embedder)
    library.build()
    split: list[str] = []
    real = building.split_passages

    def counted(source: Source, *args: Any, **kwargs: Any) -> Any:
        split.append(source.id)
        return real(source, *args, **kwargs)

    monkeypatch.setattr(building, "split_passages", counted)
    # the command line checks a batch's articles first; the library checks them again
    # before registering them, and the build reads the registry's own copy
    library.check_quotable(ARTICLE)
    change, report = library.add(replace(ARTICLE, file="talks.txt"), added_by="tester")
    assert change == "added" and report is not None and report.passages > 0
    assert split == [ARTICLE.id]
    assert quoted_sources(library, "Grossi on the plant's integrity") >= {ARTICLE.id}
