"""The people a build quotes: who, how many statements each, and the roles articles give them.

Read off the passage columns once per build (two integer columns: milliseconds at a million
passages), so that a question can ask whether the person it names is quoted at all ("What
did Trump say?" in a library that never quotes him is answered with that, not with the
nearest passages), and name a person by role ("Russia's chief negotiator").
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import numpy as np

from ..attribution.roles import ROLE_KEYS, ROLE_NOUNS, role_words
from ..store.passage_table import PassageTable
from ..text.lexicon import fold
from ..text.names import Names, sounded, spelled_as
from ..text.sources import Source
from ..text.syntax import parse
from .lexical import LexicalIndex


@dataclass(frozen=True)
class Quoted:
    name: str  # canonical: what passages record as the speaker
    statements: int  # passages they speak in
    roles: tuple[str, ...]  # as the articles give them, most often given first


#: Passages read to tell whether a name the library holds is a person's (see People.named):
#: the first BM25 finds for it, few enough to parse in tens of milliseconds.
NAMED_LOOKED_AT = 3


class People:
    def __init__(
        self,
        passages: PassageTable,
        names: Names,
        lexical: LexicalIndex | None = None,
        ids: np.ndarray | None = None,
        sources: Mapping[str, Source] | None = None,
    ) -> None:
        self._names = names
        self._sources = sources  # read only for a role two people held (see by_role)
        self._passages = passages
        self._lexical = lexical
        self._ids = ids  # each passage's id in `lexical`, in passage order
        self._keys: dict[str, frozenset[str]] = {}  # each role's words (see _role_keys)
        labels = passages.labels
        speakers = np.asarray(passages.rows["speaker"], dtype=np.int64)
        roles = np.asarray(passages.rows["role"], dtype=np.int64)
        spoken = speakers >= 0
        # Each (speaker, role) pair as one number, counted in one pass over the columns.
        width = len(labels) + 1
        pairs, counts = np.unique(speakers[spoken] * width + roles[spoken] + 1, return_counts=True)
        statements: Counter[int] = Counter()
        given: dict[int, Counter[int]] = {}
        for pair, count in zip(pairs.tolist(), counts.tolist(), strict=True):
            speaker, role = divmod(pair, width)
            statements[speaker] += count
            if role > 0:
                given.setdefault(speaker, Counter())[role - 1] = count
        self._quoted = {
            labels[speaker]: Quoted(
                labels[speaker],
                count,
                tuple(labels[r] for r, _ in given.get(speaker, Counter()).most_common()),
            )
            for speaker, count in statements.items()
        }
        # each surname, as written and as transliterations agree on it: the most quoted
        # person's, where two share one
        self._by_surname: dict[str, Quoted] = {}
        self._by_sound: dict[str, Quoted] = {}
        for quoted in self:
            surname = fold(quoted.name).split()[-1]
            self._by_surname.setdefault(surname, quoted)
            self._by_sound.setdefault(sounded(surname), quoted)

    def __iter__(self) -> Iterator[Quoted]:
        """Everyone quoted, most statements first."""
        return iter(sorted(self._quoted.values(), key=lambda q: (-q.statements, q.name)))

    def __len__(self) -> int:
        return len(self._quoted)

    def get(self, name: str) -> Quoted | None:
        """The person quoted under `name` in any spelling: the alias table's, the same
        surname as the articles give it ("John Kirby" is Kirby), or another spelling of it
        ("Skybytskyi" of the articles' "Skibitskyi": the table lists few of the people
        articles quote, and translations spell the others as they like)."""
        known = self._names.resolve(name)
        if known is not None and known.name in self._quoted:
            return self._quoted[known.name]
        wanted = fold(name).split()
        if not wanted:
            return None
        same = self._by_surname.get(wanted[-1])
        return same if same is not None else spelled_as(wanted[-1], self._by_sound)

    def named(self, name: str) -> bool:
        """Whether the library names `name` as a person, quoted or not ("What did Rutte
        say?" of a library that names him and never quotes him): in the first passages that
        hold it, the entity recognizer reads it in a person's name more often than in any
        other entity, and once in a full name. Read at the question, not kept at the build:
        only a question naming someone nobody quoted asks it (the first one also loads the
        recognizer, 1.7 s; then about 20 ms)."""
        words = fold(name).split()
        if self._lexical is None or self._ids is None or not words:
            return False
        if self._names.place_spellings(words[-1]):
            return False
        found = self._lexical.search(words[-1], NAMED_LOOKED_AT)
        rows = np.searchsorted(self._ids, np.asarray([i for i, _ in found], dtype=np.int64))
        texts = [self._passages[int(row)].text for row in rows]
        # A vote, as article_people.py takes one: the small model reads a place as a person
        # now and then ("Kyiv would need a week" once in the seeds). And news names a person
        # in full at least once ("Mark Rutte"), where a place taken for one stands alone.
        votes: Counter[bool] = Counter()
        in_full = False
        for text, parsed in zip(texts, parse(texts), strict=True):
            for entity in parsed.entities:
                held = re.findall(r"[^\W\d_]+", fold(text[entity.start : entity.end]))
                if words[-1] in held:
                    votes[entity.label == "PERSON"] += 1
                    in_full |= entity.label == "PERSON" and len(held) > 1
        return in_full and votes[True] > votes[False]

    def by_role(self, phrase: str, years: frozenset[int] = frozenset()) -> Quoted | None:
        """The person a role phrase names ("Russia's chief negotiator", "Zelensky's adviser",
        "the Russian president"): the one quoted person one of whose roles (as articles give
        them, or the alias table) is headed by a role noun of the phrase and holds every
        telling word of it. "Russian president" is not "adviser to Russian President Putin":
        that role's head is "adviser". Where several fit, the one quoted in `years` (the
        years the question names: the Turkish foreign minister of 2022 is not the one of 2025).
        None when no one, or more than one, fits."""
        asked = self._role_keys(phrase, typed=True)
        nouns = asked & ROLE_KEYS
        if not nouns:
            return None
        fitting = []
        for quoted in self:
            person = self._names.resolve(quoted.name)
            roles = [*quoted.roles, *((person.role,) if person and person.role else ())]
            if any(
                _head(role) in nouns
                and asked <= (keys := self._role_keys(role))
                and keys & _LESSER <= asked
                for role in roles
            ):
                fitting.append(quoted)
        if len(fitting) > 1 and years:
            fitting = [quoted for quoted in fitting if self._years_quoted(quoted.name) & years]
        return fitting[0] if len(fitting) == 1 else None

    def _role_keys(self, phrase: str, typed: bool = False) -> frozenset[str]:
        """`role_words` with each person named in the phrase by their canonical name: a
        member's "Zelenski's adviser" is the article's "adviser to President Zelenskyy".
        A question (`typed`) may name them in lower case; an article capitalizes names."""
        if typed:
            return role_words(self._names.canonically(phrase, any_case=True))
        if phrase not in self._keys:  # an article's roles are few: each is read once
            self._keys[phrase] = role_words(self._names.canonically(phrase))
        return self._keys[phrase]

    def quoted_only_in(self, name: str) -> frozenset[int] | None:
        """The years `name` is quoted in, where each of their statements is dated; None
        where one is not (its year could be any)."""
        days = [self._day(row) for row in self._passages.of_speaker(name).tolist()]
        if not days or any(day is None for day in days):
            return None
        return frozenset(day.year for day in days if day is not None)

    def _years_quoted(self, name: str) -> set[int]:
        """The years `name` is quoted in: of the day a statement was said where its article
        gives it, else of the article's date."""
        days = (self._day(row) for row in self._passages.of_speaker(name).tolist())
        return {day.year for day in days if day is not None}

    def _day(self, row: int) -> dt.date | None:
        passage = self._passages[row]
        source = self._sources.get(passage.source_id) if self._sources else None
        return passage.said_on or (source.published if source is not None else None)


#: Words that make a role another one below or before it: Russia's deputy foreign minister is
#: not "Russia's foreign minister", nor a former president "the president".
_LESSER = frozenset({"deputy", "vice", "former", "ex", "assistant"})


def _head(role: str) -> str | None:
    """The role noun a role phrase is about: its first ("adviser" in "adviser to President
    Zelensky", "chief" in "Russia's chief negotiator"), not one that only says whose it is
    ("chief" in "the president's chief of staff", "envoy" in "President Trump's envoy")."""
    # what comes before a possessive only says whose it is, titles too: "President Donald
    # Trump's special envoy" is an envoy
    owned = re.split(r"['’]s\b", fold(role))[-1]
    words = re.findall(r"[^\W\d_]+", owned)
    # a role noun itself, not an adjective of one: "presidential aide" is an aide
    nouns = (word for word in words if word.removesuffix("s") in ROLE_NOUNS)
    return next((key for word in nouns for key in role_words(word) if key in ROLE_KEYS), None)
