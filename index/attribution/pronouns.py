"""Who "he" and "she" are: what a reader remembers of the people an article has named.

News goes on with its speaker rather than with the last name it mentioned ('"...," Peskov
said. Ushakov was also there. "But not at any price," he said': Peskov), and a pronoun's
gender rules people out where the article tells theirs.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..text.names import Mention, Person
from ..text.quotation_marks import in_quotes
from .article_people import ArticlePeople
from .roles import ROLE_KEYS, fills, role_around, role_words


@dataclass(frozen=True)
class Named:
    """A person as last named: the canonical name, a role and where the role came from."""

    name: str
    role: str | None = None
    role_source: str | None = None  # "article" or "config"


def as_named(person: Person) -> Named:
    return Named(person.name, person.role, "config" if person.role else None)


@dataclass
class Memory:
    """The people named so far (newest last) and who spoke last, as a reader keeps them."""

    people: ArticlePeople
    paragraph: int = 0
    recent: list[tuple[Named, int]] = field(default_factory=list)  # with its paragraph
    last_speaker: Named | None = None
    last_speaker_at: int = 0  # its paragraph
    genders: dict[str, str] = field(default_factory=dict)  # "he" or "she", where the text says
    # the words of every role the article (or the alias table) has given each person
    roles: dict[str, set[str]] = field(default_factory=dict)
    # the same, over the whole article, for a role that comes before the name (see by_role)
    article_roles: dict[str, tuple[Person, frozenset[str]]] = field(default_factory=dict)

    def push(self, named: Named) -> None:
        kept = [entry for entry in self.recent if entry[0].name != named.name][-8:]
        self.recent = [*kept, (named, self.paragraph)]

    def spoke(self, named: Named) -> None:
        self.push(named)
        self.last_speaker, self.last_speaker_at = named, self.paragraph

    def remember(self, sentence: str, subject_from: int, subject_at: int | None = None) -> None:
        """Note everyone the sentence names outside quotation marks (the speaker's words
        name people they talk about); its subject last, as "he" in the next sentence most
        often means the subject of this one: the person named at `subject_at` (where the
        parse puts the main verb's subject), else the first name from `subject_from` on."""
        named = [m for m in self.people.mentions(sentence) if not in_quotes(sentence, m.start)]
        for mention in named:
            self.push(as_named(mention.person))
            self.roles.setdefault(mention.person.name, set()).update(_role_of(sentence, mention))
        subject = [m for m in named if subject_at is not None and m.start <= subject_at < m.end]
        subject = subject or [
            m for m in named if m.start >= subject_from and not possessive(sentence, m.end)
        ]
        for mention in subject[:1]:
            self.push(as_named(mention.person))

    def resolve(self, pronoun: str, earlier: str, rest: str) -> Named | None:
        """The person `pronoun` ("he", "his", "she", ...) refers to: a person named before it
        in the same sentence ("Zelenskyy gave an address in which he urged"); else the
        speaker just quoted in this paragraph ('"...," Peskov said. He added'), since news
        goes on with its speaker rather than the last name it mentioned; else the person this
        paragraph has named, the subject last; else the speaker of the paragraph before, or
        the nearest person named there. Never one named again as the object ("he told
        Macron" is not Macron), nor one the article tells is of the other gender ("she said"
        is not a Mr. Brandt). Further back than that, news writing names the person again."""
        objects = {m.person.name for m in self.people.mentions(rest[:40])}
        wanted = _GENDER.get(pronoun.lower())

        def fits(name: str) -> bool:
            return name not in objects and self.genders.get(name, wanted) == wanted

        for mention in reversed(self.people.mentions(earlier)):
            # not one the speaker's own words name ('"My adviser, Anna Berg, ...," he said')
            if fits(mention.person.name) and not in_quotes(earlier, mention.start):
                return as_named(mention.person)
        last = self.last_speaker
        if last is not None and self.last_speaker_at == self.paragraph and fits(last.name):
            return last
        # A new paragraph that names someone before the pronoun has moved on to them
        # ('"...," Hurst said. // On Monday, Anna Berg opened the hearing. "...," she said').
        for named, paragraph in reversed(self.recent):
            if fits(named.name) and paragraph == self.paragraph:
                return named
        if last is not None and self.paragraph - self.last_speaker_at == 1 and fits(last.name):
            return last
        for named, paragraph in reversed(self.recent):
            if fits(named.name) and self.paragraph - paragraph == 1:
                return named
        return None

    def by_role(self, phrase: str) -> Named | None:
        """The one person named so far whom the article has given every word of the role
        `phrase` ("the minister", "the Ukrainian foreign minister", "Russia's negotiator"),
        the nearest first; None where none is, or where two people fit (in an article that
        names Zelensky and Putin as presidents, "the president" is neither)."""
        wanted = role_words(phrase)
        if not wanted & ROLE_KEYS:
            return None
        fitting = [
            named
            for named, _ in reversed(self.recent)
            if fills(wanted, self.roles.get(named.name, set()))
        ]
        if not fitting:
            # News often gives the role first and the name later ("The deputy trade
            # minister said on Monday ..." in a lead, "Deputy Trade Minister Ola Brekke"
            # further down): the one person the whole article gives that role.
            later = [
                person for person, words in self.article_roles.values() if fills(wanted, words)
            ]
            return as_named(later[0]) if len(later) == 1 else None
        if len({named.name for named in fitting}) != 1:
            return None
        return fitting[0]


_GENDER = {
    **dict.fromkeys(("he", "him", "his", "himself"), "he"),
    **dict.fromkeys(("she", "her", "hers", "herself"), "she"),
}
_PRONOUN = re.compile(r"\b(?:he|him|his|himself|she|her|hers|herself)\b", re.IGNORECASE)
_TITLE = re.compile(r"\b(Mr|Mrs|Ms|Miss)\.?\s+(?:[A-Z][\w.'’-]*\s+){0,3}$")
_TITLE_GENDER = {"Mr": "he", "Mrs": "she", "Ms": "she", "Miss": "she"}


def genders(sentences: Sequence[str], people: ArticlePeople) -> dict[str, str]:
    """Each person's gender where the article tells it: by the title before the name ("Mr.
    Brandt", "Mrs. Berg", three votes each), and by the pronouns outside quotations in a
    sentence that names that person alone ("Berg laid out her plans", a vote for each).
    A person with at least twice as many votes one way as the other is of that gender."""
    votes: dict[str, Counter[str]] = {}
    for sentence in sentences:
        named = [m for m in people.mentions(sentence) if not in_quotes(sentence, m.start)]
        for mention in named:
            title = _TITLE.search(sentence, 0, mention.start)
            if title and title.end() == mention.start:
                votes.setdefault(mention.person.name, Counter())[_TITLE_GENDER[title[1]]] += 3
        if len({m.person.name for m in named}) != 1:
            continue
        tally = votes.setdefault(named[0].person.name, Counter())
        for pronoun in _PRONOUN.finditer(sentence, named[0].end):
            if not in_quotes(sentence, pronoun.start()):
                tally[_GENDER[pronoun.group().lower()]] += 1
    found = {}
    for name, tally in votes.items():
        (first, most), *rest = tally.most_common() or [("", 0)]
        if most and (not rest or most >= 2 * rest[0][1]):
            found[name] = first
    return found


def article_roles(
    sentences: Sequence[str], people: ArticlePeople
) -> dict[str, tuple[Person, frozenset[str]]]:
    """The words of every role the article (or the alias table) gives each person it names."""
    given: dict[str, tuple[Person, set[str]]] = {}
    for sentence in sentences:
        for mention in people.mentions(sentence):
            if not in_quotes(sentence, mention.start):
                words = given.setdefault(mention.person.name, (mention.person, set()))[1]
                words.update(_role_of(sentence, mention))
    return {name: (person, frozenset(words)) for name, (person, words) in given.items()}


def _role_of(sentence: str, mention: Mention) -> frozenset[str]:
    """The words of the role the sentence gives the person it names there, and of the alias
    table's role for them."""
    given = role_around(sentence, mention.start, mention.end) or ""
    return role_words(f"{given} {mention.person.role or ''}")


def possessive(text: str, end: int) -> bool:
    return text[end : end + 2] in {"'s", "’s"}
