"""BM25 in segments: an added article is one new segment, a removed one is hidden at once."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from parley.index.search import lexical
from parley.index.search.lexical import LexicalIndex
from parley.index.search.stemming import stems

TEXTS = [
    "The talks lasted about three and a half hours in Istanbul.",
    "Russia launched a barrage of 472 drones against Ukraine.",
    "Medinsky said the talks on neutral status were halfway there.",
    "On March 7, the third round of talks took place in Belarus.",
]


def ids_of(index: LexicalIndex, query: str) -> list[int]:
    return [i for i, _ in index.search(query, 10)]


def test_stemming_and_one_character_words() -> None:
    index = LexicalIndex.build(TEXTS, np.arange(4))
    assert ids_of(index, "How long did the talks last?")[0] == 0  # "lasted" ~ "last"
    assert ids_of(index, "March 7")[0] == 3
    assert ids_of(index, "eurovision") == []


def test_an_irregular_verb_matches_its_other_forms() -> None:
    # Snowball alone stems "leaving" to "leav" and "left" to "left": no shared word
    index = LexicalIndex.build(
        [*TEXTS, "Kirby said small troops had left the area around Kyiv."], np.arange(5)
    )
    assert ids_of(index, "troops leaving")[0] == 4
    assert stems("They met and held talks; he kept fighting") == stems(
        "they meet and hold talks; he keeps fought"
    )
    # a form that is also a verb of its own keeps its own stem: the wound, not wind
    assert len(set(stems("wound wounds wounded"))) == 1
    assert stems("ground grounds") == stems("ground ground")
    # regular forms and words that are no verb stem as Snowball stems them
    assert stems("meetings negotiators Istanbul") == ["meet", "negoti", "istanbul"]


def test_extend_adds_a_segment_and_hides_removed(tmp_path: Path) -> None:
    base = LexicalIndex.build(TEXTS, np.arange(4))
    base.save(tmp_path / "one")
    grown = LexicalIndex.load(tmp_path / "one").extend(
        ["Grossi said inspectors reached the Zaporizhzhia plant."],
        np.array([7]),
        live_ids=np.array([0, 2, 3, 7]),  # 1 was removed
    )
    assert len(grown.segments) == 2
    assert ids_of(grown, "Zaporizhzhia inspectors") == [7]
    assert 1 not in ids_of(grown, "drones barrage")
    grown.save(tmp_path / "two")
    # the unchanged segment is linked, not written again
    first = tmp_path / "one" / "segment-0" / "ids.npy"
    assert (tmp_path / "two" / "segment-0" / "ids.npy").stat().st_ino == first.stat().st_ino
    again = LexicalIndex.load(tmp_path / "two")
    assert ids_of(again, "Zaporizhzhia inspectors") == [7]
    assert 1 not in ids_of(again, "drones barrage")


def test_compaction_when_too_much_is_dead(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lexical, "MAX_DEAD_SHARE", 0.2)
    base = LexicalIndex.build(TEXTS, np.arange(4))
    live = np.array([0, 2, 3])  # a quarter removed: over the share
    compacted = base.extend(
        [], np.zeros(0, np.int64), live, all_texts=lambda: [TEXTS[0], TEXTS[2], TEXTS[3]]
    )
    assert len(compacted.segments) == 1 and compacted.segments[0].alive.all()
    assert list(compacted.segments[0].ids) == [0, 2, 3]


def test_a_bulk_add_larger_than_the_library_scores_as_one_built_at_once() -> None:
    # two passages, then three more: left as two segments, "talks" would weigh one way among
    # the first two and another among the rest
    base = LexicalIndex.build(TEXTS[:2], np.arange(2))
    grown = base.extend(
        TEXTS[2:] + ["More talks."],
        np.arange(2, 5),
        np.arange(5),
        all_texts=lambda: TEXTS + ["More talks."],
    )
    at_once = LexicalIndex.build(TEXTS + ["More talks."], np.arange(5))
    assert len(grown.segments) == 1
    assert grown.search("talks in Istanbul", 5) == at_once.search("talks in Istanbul", 5)
    # a small add keeps its own segment (cheap, and the drift is small)
    small = at_once.extend(["A sixth."], np.array([5]), np.arange(6), all_texts=lambda: [])
    assert len(small.segments) == 2


def test_a_compacted_index_is_saved_anew_not_linked_to_the_old(tmp_path: Path) -> None:
    """A compaction after a removal must not keep the removed article's postings: the merged
    segment is new and written, never linked from a segment of the same name."""
    LexicalIndex.build(TEXTS, np.arange(4)).save(tmp_path / "one")
    loaded = LexicalIndex.load(tmp_path / "one")
    live = np.array([0, 2, 3])  # the drones passage is removed, a quarter: compaction
    compacted = loaded.extend(
        [], np.zeros(0, np.int64), live, all_texts=lambda: [TEXTS[0], TEXTS[2], TEXTS[3]]
    )
    assert [s.name for s in compacted.segments] == ["segment-1"]
    compacted.save(tmp_path / "two")
    again = LexicalIndex.load(tmp_path / "two")
    assert not again.knows("drones") and again.knows("Istanbul")
    assert ids_of(again, "drones barrage") == []
    old = tmp_path / "one" / "segment-0" / "ids.npy"
    new = tmp_path / "two" / "segment-1" / "ids.npy"
    assert new.stat().st_ino != old.stat().st_ino


@pytest.mark.parametrize("matched", [0.001, 0.05, 0.6])
def test_best_selects_exactly_the_top_scores(matched: float) -> None:
    # Many documents and few matches, or most matching with a long tail: the sampled bar
    # must never lose one of the best, whether or not the sample reaches k.
    rng = np.random.default_rng(7)
    for trial in range(20):
        scores = np.where(rng.random(200_000) < matched, rng.gamma(2.0, 1.0, 200_000), 0.0).astype(
            np.float32
        )
        k = int(rng.integers(1, 120))
        # rounded, so that scores tie as they do in a library of recombined sentences
        scores = np.round(scores, 1)
        best = lexical._best(scores, k)
        positive = np.flatnonzero(scores > 0)
        expected = positive[np.lexsort((positive, -scores[positive]))][:k]
        assert np.array_equal(np.sort(best), np.sort(expected)), (matched, trial)
