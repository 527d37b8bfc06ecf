"""Names: one canonical name per person, whatever the spelling.

Machine translations and members spell names many ways (Podolyak/Podoliak, Zelensky/
Zelenskyy/Zelenksy/Zelenskiy). Known spellings come from the alias table in
`config/aliases.toml`; a spelling not in it is mapped onto a known surname by fuzzy matching.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from rapidfuzz import fuzz, process

from ..errors import ConfigError
from .lexicon import fold

T = TypeVar("T")

#: Two surnames at least this similar (rapidfuzz ratio, 0-100) are one person spelled two
#: ways. Measured on the alias table (tests/test_names.py checks it stays so): spellings of one
#: person score 87.5 or more (Medinsky/Medinksy, Podolyak/Podoliak: one swap or one letter),
#: while the closest two different people score 67 or less; common words next to a surname
#: ("putting"/"Putin" 83) stay below it too.
FUZZY_THRESHOLD = 86.0

#: Fuzzy matching only applies to words this long: short words collide by chance.
FUZZY_MIN_LENGTH = 5

_TOKEN = re.compile(r"[^\W\d_][\w'’.-]*[^\W_]|[^\W\d_]")


@dataclass(frozen=True)
class Person:
    name: str  # canonical, what Parley shows: "Medinsky"
    full_name: str | None = None
    role: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mention:
    person: Person
    start: int
    end: int


def sounded(surname: str) -> str:
    """A folded surname with the letters that transliterations of Russian and Ukrainian
    disagree on made one: y, j and i (Shoygu/Shoigu, Podoljak/Podolyak/Podoliak), and runs of
    i (Zelenskyy/Zelenskiy/Zelensky). Fuzzy matching compares these: Shoygu and Shoigu
    differ by one letter of six (ratio 83, under the threshold) but sound the same."""
    return re.sub("i+", "i", surname.replace("y", "i").replace("j", "i"))


def _swapped(first: str, second: str) -> bool:
    """Whether two words differ by two neighbouring letters swapped, and in nothing else."""
    if len(first) != len(second):
        return False
    differ = [i for i, (a, b) in enumerate(zip(first, second, strict=True)) if a != b]
    return (
        len(differ) == 2
        and differ[1] == differ[0] + 1
        and first[differ[0]] == second[differ[1]]
        and first[differ[1]] == second[differ[0]]
    )


class Names:
    def __init__(self, people: list[Person], places: dict[str, list[str]] | None = None) -> None:
        self.people = people
        self._by_alias: dict[str, Person] = {}
        self._by_surname: dict[str, Person] = {}
        for person in people:
            for spelling in (person.name, person.full_name or "", *person.aliases):
                if spelling:
                    self._by_alias[fold(spelling)] = person
                    self._by_surname.setdefault(fold(spelling.split()[-1]), person)
        self._by_sound = {sounded(surname): p for surname, p in self._by_surname.items()}
        surnames = {s.split()[-1] for p in people for s in (p.name, *p.aliases) if s}
        self._spelled = re.compile(
            r"\b(?:" + "|".join(sorted(map(re.escape, surnames), key=len, reverse=True)) + r")\b"
            if surnames
            else r"(?!)"
        )
        # every spelling of a place -> all its spellings, for matching words in any of them
        self._places: dict[str, tuple[str, ...]] = {}
        for name, aliases in (places or {}).items():
            spellings = (name, *aliases)
            for spelling in spellings:
                self._places[fold(spelling)] = spellings

    @classmethod
    def load(cls, path: Path) -> Names:
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise ConfigError(f"cannot read the alias table {path}: {error}") from None
        people = [
            Person(
                name=str(entry["name"]),
                full_name=entry.get("full_name"),
                role=entry.get("role"),
                aliases=tuple(entry.get("aliases", ())),
            )
            for entry in raw.get("person", [])
        ]
        places = {str(e["name"]): list(e.get("aliases", ())) for e in raw.get("place", [])}
        return cls(people, places)

    def resolve(self, mention: str) -> Person | None:
        """The known person a name refers to ("Vladimir Medinksy", "Zelenskiy"), if any."""
        key = fold(mention.strip())
        if key in self._by_alias:
            return self._by_alias[key]
        words = key.split()
        if not words:
            return None
        return self._surname(words[-1])

    def mentions(self, text: str, *, any_case: bool = False) -> list[Mention]:
        """Known people named in `text`, in order. Only capitalised words count as names in
        article text; a member's question may be typed in lower case (`any_case`)."""
        found: list[Mention] = []
        for match in _TOKEN.finditer(text):
            word = match.group().rstrip(".")
            if not word or not (any_case or word[0].isupper()):
                continue
            if word.endswith(("'s", "’s")):
                word = word[:-2]
            person = self._surname(fold(word))
            if person is not None:
                found.append(Mention(person, match.start(), match.start() + len(word)))
        return found

    def canonically(self, text: str, *, any_case: bool = False) -> str:
        """`text` with each known person it names under their canonical name."""
        return spelled_canonically(text, self.mentions(text, any_case=any_case))

    def names_someone(self, text: str) -> bool:
        """Whether `text` names a known person by a listed spelling (no fuzzy matching: this
        runs over every passage of the library when it loads)."""
        return self._spelled.search(text) is not None

    def same_person(self, name: str | None, other: str) -> bool:
        if name is None:
            return False
        first, second = self.resolve(name), self.resolve(other)
        if first is not None or second is not None:
            return first == second
        return fold(name) == fold(other)

    def same_speaker(self, name: str | None, other: str) -> bool:
        """Whether two names given a speaker are one person: spellings the alias table knows,
        else the same surname, as an article names someone in full once and by surname after
        ("Bobi Wine" ... "Wine said"; "John Kirby", "Kirby")."""
        if name is None:
            return False
        return self.same_person(name, other) or _surname(name) == _surname(other)

    def place_spellings(self, word: str) -> tuple[str, ...]:
        """Every spelling of a place (("Kyiv", "Kiev") for "Kiev"), or () for other words."""
        return self._places.get(fold(word), ())

    def _surname(self, word: str) -> Person | None:
        person = self._by_surname.get(word)
        if person is not None:
            return person
        return spelled_as(word, self._by_sound)


def spelled_canonically(text: str, mentions: Sequence[Mention]) -> str:
    """`text` with the person of each of `mentions` (found in it) under their canonical name."""
    for mention in reversed(mentions):  # from the end, so earlier offsets stay right
        text = text[: mention.start] + mention.person.name + text[mention.end :]
    return text


def spelled_as(surname: str, by_sound: Mapping[str, T]) -> T | None:
    """Whom a folded `surname` is another spelling of, among people keyed by their surnames as
    `sounded` makes them: the same sound, one close enough, or, in a short name, two letters
    swapped. None if no one, or several by a swap."""
    if len(surname) < FUZZY_MIN_LENGTH:
        return None
    sound = sounded(surname)
    best = process.extractOne(
        sound, list(by_sound), scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD
    )
    if best:
        return by_sound[best[0]]
    # A typo in a short name: two letters swapped ("Macrno", "Lavrvo") scores 83 to 86 in a
    # name of six or seven letters, under the threshold. A swap only, from one surname alone:
    # a letter changed would make "micron" Macron.
    near = {by_sound[key] for key in by_sound if _swapped(key, sound)}
    return near.pop() if len(near) == 1 else None


def _surname(name: str) -> str:
    words = fold(name).replace(".", " ").split()
    return words[-1] if words else ""
