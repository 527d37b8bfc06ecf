"""Roles: who a person is, as the article says it ("Russia's chief negotiator").

News gives a role as an appositive after the name ("Medinsky, the head of the Russian
delegation, said"), as a title before it ("Russian Foreign Minister Sergei Lavrov"), or as a
phrase set off before it ("A Pentagon spokesman, Kirby, said"). A phrase counts as a role
only when it holds a role noun (minister, spokesman, adviser, ...).
"""

from __future__ import annotations

import re

from ..text.lexicon import fold

ROLE_NOUNS = frozenset(
    """adviser advisor negotiator spokesman spokeswoman spokesperson minister president head
    chief chancellor secretary official member leader ambassador envoy aide director commander
    premier representative mayor governor lecturer professor""".split()
)

#: A person by a role alone: "the Ukrainian president", "the Turkish foreign minister" (said
#: by them, or "according to" them), not "the minister's" nor "the president Ana Ruiz".
THE_ROLE = re.compile(
    rf"\s*the\s+(?:[\w-]+\s+){{0,3}}?(?:{'|'.join(sorted(ROLE_NOUNS))})\b(?!['’]s|\s+[A-Z])",
    re.IGNORECASE,
)


def role_around(text: str, start: int, end: int) -> str | None:
    """The role the text gives a person: an appositive after the name ("Medinsky, Russia's
    chief negotiator, said"), a title before it ("Russian Foreign Minister Sergei Lavrov"), or
    a phrase before a comma ("A Pentagon spokesman, Kirby, said")."""
    return role_after(text, end) or _role_before(text, start)


def role_after(text: str, end: int) -> str | None:
    match = re.match(
        r",\s*((?:the|a|an|[A-Z][\w'’]*'s|[A-Z][\w'’]*’s)\s[^,\"“”]{3,70}?),", text[end:]
    )
    if match:
        return _role_phrase(match.group(1))
    # News also sets a role off bare, up to a comma or the sentence's end ("Andriy Yermak,
    # head of the presidential office, said"; "said Dmitry Peskov, Kremlin spokesman."): a
    # role only when its role noun comes in its first words, as an appositive's head does,
    # and no clause opens it ("Lavrov, who heads the ministry", "Peskov, speaking to ...").
    bare = re.match(r",\s*([^,;:\"“”()]{3,70}?)(?:,|\.?\s*$|\.\s)", text[end:])
    if not bare:
        return None
    for word in bare.group(1).split()[:_BARE_HEAD_WITHIN]:
        word = word.lower().strip("'’")
        if word in _CLAUSE_OPENERS or word.endswith("ing"):  # "..., addressing the leaders"
            return None
        if word.rstrip("s") in ROLE_NOUNS:
            return _role_phrase(bare.group(1))
    return None


#: A bare appositive's role noun comes within its first words: "head of ...", "Kremlin
#: spokesman", "Deputy Head of DIU", "former Ukrainian defence minister".
_BARE_HEAD_WITHIN = 4
#: Words that open a clause or a list, not an appositive naming a role.
_CLAUSE_OPENERS = frozenset(
    """who whom whose which that where when while and or but as if said says told added
    according speaking having being who's also then now""".split()
)


def _role_before(text: str, start: int) -> str | None:
    words = text[:start].split()
    # The capitalised first names just before the surname are part of the name, not the role;
    # a word ending in punctuation is not a first name ("President Putin, Vladimir Medinsky").
    # "Secretary of State Marco Rubio": a capital after "of" is the title's ("State").
    while (
        words
        and words[-1][:1].isupper()
        and not words[-1].endswith((",", ".", ";", ":"))
        and not _is_role_word(words[-1])
        and not (len(words) > 1 and words[-2].lower() == "of")
    ):
        words.pop()
    head = " ".join(words)
    comma = re.search(r"(?:^|[.;:]\s*)((?:the|a|an)\s[^,\"“”]{3,60}),\s*$", head, re.IGNORECASE)
    if comma:
        return _role_phrase(comma.group(1))
    title: list[str] = []
    for word in reversed(words[-7:]):
        if _TITLE_END.search(word) or word.lower() in _TITLE_STOPS:
            break
        title.insert(0, word)
    return _role_phrase(" ".join(title)) if title else None


#: Where a title before a name begins: after a word that ends a clause or a quotation, a
#: dash or a dateline's mark ('..., our president," said Fidan'; "ANTALYA — Ukrainian
#: Foreign Minister"), or after a word no title holds ("said Ukrainian Defense Minister",
#: "But Ukrainian President", "while Polish Prime Minister", "adviser to President").
_TITLE_END = re.compile(r"[,.;:!?\"“”)\]*—–-]$|^[^\w]+$")
_TITLE_STOPS = frozenset("and with by when that said says told but while as to from".split())


def _is_role_word(word: str) -> bool:
    lowered = word.lower()
    return any(lowered.startswith(noun) for noun in ROLE_NOUNS)


def _role_phrase(phrase: str) -> str | None:
    phrase = re.sub(r"^(?:the|a|an)\s+", "", phrase.strip(), flags=re.IGNORECASE)
    # a phrase cut where the name began ("Deputy Minister of" Alexander Fomin) ends there
    phrase = re.sub(r"(?:\s+(?:of|for|to|at|in|on|and|the))+$", "", phrase, flags=re.IGNORECASE)
    words = {w.lower().rstrip("s") for w in re.findall(r"[\w'’]+", phrase)}
    if not any(noun in words for noun in ROLE_NOUNS) or len(phrase) > 70:
        return None
    return phrase


def role_words(phrase: str) -> frozenset[str]:
    """The words of a role phrase that tell one role from another, as keys that ignore case,
    accents, a possessive and a plural s: "Russia's chief negotiator" -> russia, chief,
    negotiator; "adviser to President Zelensky" -> adviser, president, zelensky."""
    words = re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", fold(phrase))
    keys = set()
    for word in words:
        word = re.sub(r"['’]s$", "", word)
        word = (
            word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word
        )
        if word not in _ROLE_STOP:
            keys.add(_ONE_KEY.get(word, word))
    return frozenset(keys)


#: Role words of the head of a state or a government.
_HEADS = frozenset({"president", "premier", "chancellor", "prime"})


def fills(wanted: frozenset[str], given: frozenset[str] | set[str]) -> bool:
    """Whether one given the role words `given` is the one a role phrase of `wanted` names:
    every word given, or "the French leader" for the country's president or premier, as
    news names a head of state or government once the article has given the title."""
    if wanted <= given:
        return True
    rest = wanted - {"leader"}
    return rest != wanted and bool(rest) and rest <= given and bool(given & _HEADS)


#: Words that say nothing of a role ("the", "of", a country's adjective is kept: it tells).
_ROLE_STOP = frozenset("the a an of to for in on at and with by from".split())

#: One key for words a role is written with two ways ("Ukrainian" and "Ukraine's" minister,
#: "Turkish" and "Turkey's"): the countries of the talks' news, by their adjective and by
#: their capital, as news names a government ("Moscow's negotiator"); the president's office,
#: "presidential" ("head of the presidential office"); the first of a team, "chief",
#: written "lead" or "top" as often ("Russia's chief / lead / top negotiator"); and one
#: side's negotiators, its "team" or its "delegation".
_ONE_KEY = {
    "advisor": "adviser",
    "presidential": "president",
    "lead": "chief",
    "top": "chief",
    "team": "delegation",
    "moscow": "russia",
    "kyiv": "ukraine",
    "kiev": "ukraine",
    "ankara": "turkey",
    "minsk": "belarus",
    "paris": "france",
    "berlin": "germany",
    "london": "britain",
    "beijing": "china",
    "washington": "america",
    "russian": "russia",
    "ukrainian": "ukraine",
    "turkish": "turkey",
    "turkiye": "turkey",
    "french": "france",
    "german": "germany",
    "british": "britain",
    "american": "america",
    "chinese": "china",
    "belarusian": "belarus",
    "polish": "poland",
    "italian": "italy",
    "swiss": "switzerland",
    "emirati": "emirate",
    "qatari": "qatar",
    "hungarian": "hungary",
    "finnish": "finland",
    "swedish": "sweden",
}

#: The role nouns as role_words gives them: a phrase without one names no role.
ROLE_KEYS = frozenset(role_words(" ".join(ROLE_NOUNS)))
