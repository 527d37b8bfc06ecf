"""The people an article names, found in its own text: no list of names needed.

The alias table knew twenty people; news names hundreds, and the articles admins add tomorrow
will name others (on PolNeAR's labelled news the extractor found the speaker of 9% of the
statements that name one). So each article is read by a named-entity recognizer first:
spaCy's small English pipeline (en_core_web_sm 3.8, trained on OntoNotes 5; PERSON F about
0.85), whose PERSON spans become the article's people, while its ORG, GPE and NORP spans (the
White House, Sky News, the United States) never do. A person named in full once ("Dmitry
Peskov") is the same person when the surname comes alone later ("Peskov said"), and a title
before the name ("Mr.", "Sen.") is not part of it. The alias table still decides who is who
across spellings and articles (Zelenskyy is Zelensky): a person it lists keeps its canonical
name; anyone else is named by surname, as the article gives it.

The parse each paragraph gets (index/text/syntax.py) is read once, by this and by the speaker
rules.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..text.lexicon import fold
from ..text.names import Mention, Names, Person
from ..text.quotation_marks import signature
from ..text.sources import Span
from ..text.syntax import Parse, Word
from .roles import ROLE_NOUNS

#: Titles that precede a name and are no part of it.
_TITLE = re.compile(
    r"^(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Adm|Prof|Rev|Sgt|Capt|Amb|Pres)\.?\s+)+"
)
_POSSESSIVE = re.compile(r"['’]s?$")
#: A generation after the surname is no part of it ("Robert T. Hale Jr.", "Anna Berg II").
_SUFFIX = re.compile(r",?\s+(?:Jr|Sr|II|III|IV)\.?$")
_THE = re.compile(r"^the\s+", re.IGNORECASE)


#: Words only people bear: a name beside one is a person's, whatever the recognizer says.
_PERSON_WORDS = ROLE_NOUNS | frozenset(
    """mr mrs ms dr sen rep gov senator congressman congresswoman chairman chairwoman
    commissioner judge lawyer attorney writer author reporter journalist columnist editor
    analyst economist historian scholar activist strategist pollster candidate nominee founder
    executive""".split()
)

#: Kinds of organisation: a name right after one is that organisation's ("the head of the
#: state nuclear corporation Energoatom said"), though the small model tags some such names
#: PERSON.
_ORGANISATION_WORDS = frozenset(
    """corporation company firm conglomerate giant agency bank fund ministry party newspaper
    broadcaster channel network organisation organization association federation union
    council committee institute foundation""".split()
)


def _persons(chunk: str, parsed: Parse) -> tuple[str, ...]:
    """The recognizer's PERSON spans in one paragraph, and the names it took for an
    organisation's that a title or a role shows are a person's ("City Commissioner Robert
    Hale", "Anna Berg, the foreign minister of Norway,": the small model tags such names ORG
    now and then)."""
    firsts = {word.start: index for index, word in enumerate(parsed.words)}
    lasts = {word.end: index for index, word in enumerate(parsed.words)}
    spans = []
    for entity in parsed.entities:
        if entity.label not in {"PERSON", "ORG"} or entity.end not in lasts:
            continue
        index = firsts.get(entity.start, 0)
        before = parsed.words[index - 1] if index else None
        # "the Elysée", "the Kremlin", a heading's "The Feud Goes On:": a person's name
        # takes no article
        if _THE.match(chunk[entity.start : entity.end]) or (
            before is not None and _word(chunk, before) == "the"
        ):
            continue
        if entity.label == "ORG" and not _titled(chunk, parsed, before, lasts[entity.end]):
            continue
        if before is not None and _word(chunk, before) in _ORGANISATION_WORDS:
            continue
        spans.append(chunk[entity.start : entity.end])
    return tuple(spans) + _untagged(chunk, parsed)


def _untagged(chunk: str, parsed: Parse) -> tuple[str, ...]:
    """Names of two or three words the recognizer left untagged whose title or role shows a
    person ("Dmytro Lubinets, Kyiv's rights commissioner, noted")."""
    found = []
    words = parsed.words
    for last, word in enumerate(words):
        following = words[last + 1] if last + 1 < len(words) else None
        if word.pos != "PROPN" or word.entity or (following and following.pos == "PROPN"):
            continue
        first = last
        while (
            first > 0
            and words[first - 1].pos == "PROPN"
            and not words[first - 1].entity
            and words[first - 1].dep == "compound"
            and _word(chunk, words[first - 1]) not in _PERSON_WORDS
        ):
            first -= 1
        before = words[first - 1] if first else None
        if 2 <= last - first + 1 <= 3 and _titled(chunk, parsed, before, last):
            found.append(chunk[words[first].start : word.end])
    return tuple(found)


def _titled(chunk: str, parsed: Parse, before: Word | None, last: int) -> bool:
    """Whether a title or a role stands right before the name, or a role beside it as an
    appositive ("Hale, the commissioner, said"; "the commissioner, Hale, said"), or a title
    the name's phrase holds ("Minister of Defence Mykhailo Fedorov")."""
    if before is not None and _word(chunk, before) in _PERSON_WORDS:
        return True
    head = parsed.words[last]
    beside = [w for w in parsed.words if w.head == last and w.dep in {"appos", "nmod"}]
    if head.dep == "appos" and head.head != last:
        beside.append(parsed.words[head.head])
    return any(_word(chunk, w).rstrip("s") in _PERSON_WORDS for w in beside)


#: Lower-case words inside a name ("Anna de Vries", "Ludwig van Beethoven").
_PARTICLES = frozenset("de da di del della van von der den la le du bin al".split())


def _digit(text: str) -> bool:
    return any(c.isdigit() for c in text)


def _word(chunk: str, word: Word) -> str:
    return chunk[word.start : word.end].lower().rstrip(".")


@dataclass(frozen=True)
class _Found:
    person: Person
    forms: tuple[str, ...]  # how the article writes them, longest first


class ArticlePeople:
    """The people of one article, with `Names`' `mentions` (what the speaker extractor uses)."""

    def __init__(self, names: Names, found: Sequence[_Found]) -> None:
        self._names = names
        self._by_form = {form: f.person for f in found for form in f.forms}
        forms = sorted(self._by_form, key=len, reverse=True)
        self._pattern = (
            re.compile(r"\b(?:" + "|".join(map(re.escape, forms)) + r")\b") if forms else None
        )

    @classmethod
    def read(
        cls, text: str, paragraphs: Sequence[Span], names: Names, parses: Sequence[Parse]
    ) -> ArticlePeople:
        """The people named in `text`'s `paragraphs` (body text, as the extractor reads it),
        given each paragraph's parse (index/text/syntax.py)."""
        chunks = [text[p.start : p.end] for p in paragraphs]
        spans = [span for c, p in zip(chunks, parses, strict=True) for span in _persons(c, p)]
        # a quotation signed with a name: whoever signs it is a person
        spans += [name for chunk in chunks if (name := signature(chunk))]
        others = Counter(
            fold(_POSSESSIVE.sub("", words[-1]))
            for chunk, parsed in zip(chunks, parses, strict=True)
            for entity in parsed.entities
            if entity.label in _NOT_PEOPLE
            # a name of two words or more: the small model takes a surname alone ("Lavrov",
            # "De Vries") for an organisation too often for it to outvote a person
            and len(words := _THE.sub("", chunk[entity.start : entity.end]).split()) > 1
            and fold(words[-2]) not in _PARTICLES
        )
        return cls(names, _people(spans, names, others))

    @property
    def people(self) -> list[Person]:
        return list(dict.fromkeys(self._by_form.values()))

    def mentions(self, text: str, *, any_case: bool = False) -> list[Mention]:
        """People named in `text`, in order: those of the alias table (any spelling) and
        those the recognizer found in this article (as it writes them)."""
        known = self._names.mentions(text, any_case=any_case)
        if self._pattern is None:
            return known
        taken = [(m.start, m.end) for m in known]
        found = list(known)
        for match in self._pattern.finditer(text):
            start, end = match.span()
            if any(s < end and start < e for s, e in taken):
                continue
            found.append(Mention(self._by_form[match.group()], start, end))
        return sorted(found, key=lambda m: m.start)


#: Entities that are no person: organisations, places, groups, works, products, events.
_NOT_PEOPLE = frozenset(
    {"ORG", "GPE", "NORP", "LOC", "FAC", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW"}
)


def _people(spans: Sequence[str], names: Names, others: Counter[str]) -> list[_Found]:
    """The recognizer's PERSON spans as people: titles and possessives off, places and
    lower-case fragments out, one person per surname (the alias table's, where it has it).
    A surname that ends other entities more often than people's names in the article is no
    person's: where the recognizer takes "N. Korea" for a person once and the article names
    "North Korea" a place many times, "Korea said" would otherwise be a person's statement
    (on PolNeAR's tuning half it was, in one article, five times)."""
    persons = Counter(fold(_POSSESSIVE.sub("", span.split()[-1])) for span in spans if span.split())
    by_surname: dict[str, tuple[Person, set[str]]] = {}
    for span in spans:
        form = _POSSESSIVE.sub("", _TITLE.sub("", " ".join(span.split()))).strip(" ,.;:\"'“”")
        form = _SUFFIX.sub("", form)
        words = form.split()
        capitalised = all(w[:1].isupper() or w in _PARTICLES for w in words[:-1])
        if not words or not capitalised or not words[-1][:1].isupper() or _digit(form):
            continue
        surname = words[-1]
        if len(surname) < 2 or names.place_spellings(surname) or len(words) > 4:
            continue
        key = fold(surname)
        known = names.resolve(form)
        if known is None and others[key] > persons[key]:
            continue
        if key in by_surname:
            person, forms = by_surname[key]
            if known is None and person.full_name is None and len(words) > 1:
                person = Person(person.name, full_name=form)
            forms |= {form, surname}
            by_surname[key] = (person, forms)
            continue
        person = known or Person(surname, full_name=form if len(words) > 1 else None)
        by_surname[key] = (person, {form, surname})
    return [
        _Found(person, tuple(sorted(forms, key=len, reverse=True)))
        for person, forms in by_surname.values()
    ]
