"""The person a question asks about: named in any spelling, by a title and a name, by a
role ("Russia's chief negotiator"), or a name the library has never heard of ("What did
Trump say?" of a library without the word), which is answered with just that.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Protocol

from ..text.names import Mention, Names, Person
from .people import ROLE_KEYS, Quoted, role_words
from .spelling import english

#: A phrase that opens with one of these is a description ("the lead singer") or no one in
#: particular ("did anyone mention Crimea" was refused: "Nobody named Anyone is quoted").
_DETERMINER = re.compile(
    r"^(?:the|a|an|his|her|their|its|this|that|our|your|any|some|every|no|anyone|anybody|"
    r"someone|somebody|everyone|everybody|nobody|one|they|he|she|it|you|we|i)\b",
    re.IGNORECASE,
)


class QuotedPeople(Protocol):
    """Who the library quotes (index/search/people.py)."""

    def get(self, name: str) -> Quoted | None: ...
    def by_role(self, phrase: str, years: frozenset[int] = ...) -> Quoted | None: ...
    def named(self, name: str) -> bool: ...


def person_in(
    asked: str,
    span: tuple[int, int],
    mentions: list[Mention],
    names: Names,
    knows: Callable[[str], bool] | None,
    people: QuotedPeople | None,
    years: frozenset[int] = frozenset(),
    who_is: bool = False,
) -> tuple[Person | None, str | None]:
    """Who the words at `span` name: a person the alias table knows, one the library quotes
    under that name or that role (of `years`, where two held it); with `who_is`, anyone it
    names ("Who is Kyrylo Budanov?" of a library that names him but never quotes him); or
    else a name the library has never heard of."""
    phrase = " ".join(asked[span[0] : span[1]].split())
    inside = [m for m in mentions if span[0] <= m.start < span[1]]
    titled = _after_title(phrase, asked)  # "Finnish President Alexander Stubb": the name
    if titled is not None and not inside:
        quoted = people.get(titled) if people is not None else None
        if quoted is not None:
            return names.resolve(quoted.name) or Person(quoted.name), None
        if _unheard(titled, asked, knows):
            return None, titled
    if not (_DETERMINER.match(phrase) or role_words(phrase) & ROLE_KEYS):
        # "Witkoff and Putin": the first of them the library has never heard of (a spelling
        # the alias table resolves, "Medinski", or of someone the library quotes, has been)
        for name in re.split(r"\s+(?:and|&)\s+|\s*,\s*", phrase):
            if (
                not names.mentions(name, any_case=True)
                and _unheard(name, asked, knows)
                and (people is None or people.get(name) is None)
            ):
                return None, name
    # "Zelensky's adviser" names the adviser, not Zelensky; so do "zelenskys adviser", as
    # members type it, and "Zelensky adviser", as headlines write it
    role_of_someone = (
        bool(inside)
        and bool(re.match(r"(?:['’]?s)?\s+(?!(?:and|or)\b)\w+", asked[inside[0].end : span[1]]))
        and bool(role_words(phrase) & ROLE_KEYS)
    )
    if inside and not role_of_someone:
        if owned_by(asked, inside[-1].end, span[1]):
            return None, None  # "Umerov's delegation": no one named
        return inside[0].person, None
    if people is not None:
        quoted = people.by_role(phrase, years) or (None if role_of_someone else people.get(phrase))
        if quoted is not None:
            return names.resolve(quoted.name) or Person(quoted.name), None
    if _a_name(phrase, asked) and (who_is or (people is not None and people.named(phrase))):
        # "Who is X?" of anyone; "What did X say?" of a person the library names, quoted or
        # not (one it never quotes is answered with that)
        return Person(" ".join(word[:1].upper() + word[1:] for word in phrase.split())), None
    return None, None


#: What a person leads or has on their side, which speaks as itself: "what did Umerov's
#: delegation say" asks for the delegation's words. Not their words ("Podoliak's
#: description of ..." asks for his) nor a role ("Zelensky's adviser" names the adviser).
_THEIRS = frozenset(
    """delegation delegations office team government administration side camp party ministry
    cabinet staff aides negotiators envoys representatives people army forces troops
    military""".split()
)


def owned_by(asked: str, end: int, stop: int | None = None) -> bool:
    """Whether the name that ends at `end` owns a group that speaks as itself (`_THEIRS`;
    up to `stop`, else in the word after it): "Umerov's delegation", "Macron's press
    office". Asked of the seeds, which never quote Umerov, "what did Umerov's delegation
    say" was refused as "never quoted"."""
    words = r"(?:\s+[^\W\d_]+){1,3}" if stop is not None else r"\s+[^\W\d_]+"
    owned = re.match(rf"['’]s({words})", asked[end:stop])
    if owned is None or (stop is not None and owned.end() != stop - end):
        return False
    return owned.group(1).split()[-1].lower() in _THEIRS


def _after_title(phrase: str, asked: str) -> str | None:
    """The name after a title or role in `phrase` ("Finnish President Alexander Stubb" ->
    "Alexander Stubb"), if the phrase has both."""
    words = phrase.split()
    titles = [i for i, word in enumerate(words) if role_words(word) & ROLE_KEYS]
    if not titles or titles[-1] == len(words) - 1:
        return None
    name = " ".join(words[titles[-1] + 1 :])
    return name if _a_name(name, asked) else None


def _a_name(phrase: str, asked: str) -> bool:
    """Whether `phrase` reads as a person's name: one to four words of letters, capitalized
    unless the whole question is in lower case (but for the capital a request cut off left:
    "Who kyrylo budanov is?"), with no determiner or role ("the lead singer"). Typed in lower
    case, a name holds no word like "the" or "for", and does not open with an English -ing
    form: "who is leading the talks" and "who is mediating" ask who does it ("Nobody named
    Mediating is quoted in the library")."""
    words = phrase.split()
    lower = asked[1:].islower()
    return (
        1 <= len(words) <= 4
        and all(re.fullmatch(r"[^\W\d_][\w'’.-]*", w) for w in words)
        and all(w[:1].isupper() or lower or w in _PARTICLES for w in words)
        and words[0] not in _PARTICLES
        and not _DETERMINER.match(phrase)
        and not role_words(phrase) & ROLE_KEYS
        and not (lower and any(w.lower() in _FUNCTION_WORDS for w in words))
        and not (lower and words[0].lower().endswith("ing") and english(words[0]))
    )


#: Lower-case words inside a name: "Ursula von der Leyen", "Bill de Blasio"
_PARTICLES = frozenset("von van der den de da di del della la le bin ibn al ter".split())
#: Words no name holds, as members type a question in lower case ("who is leading the talks")
_FUNCTION_WORDS = frozenset("the a an of for to in on at with from by about over".split())


def _unheard(name: str, asked: str, knows: Callable[[str], bool] | None) -> bool:
    """Whether `name` reads as a person's name of which the library holds some word
    nowhere."""
    return (
        knows is not None
        and _a_name(name, asked)
        and any(w.isalpha() and not knows(w) for w in name.split())
    )
