"""Reading a question: what it asks, about whom, when, and in which words.

A member's question is read before anything is searched: the request around it ("Can you
tell me ...") is cut off, typos are corrected toward the library's words, names are spelled
canonically, and what it asks for is noted (a person's statements, a speaker, a number, a
date, a place, a year, a day). `Retriever` ranks passages by what is read here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..text.names import Mention, Names, Person, spelled_canonically
from .answer_types import WHO_SAID, asked_type
from .asked_about import QuotedPeople, owned_by, person_in
from .days import Day, Month, days_named, months_named
from .rounds import rounds_named
from .spelling import corrected
from .stemming import RECENCY_WORDS
from .wording import bare_question

#: A year a question names ("in 2025"), or a passage does.
YEAR = re.compile(r"\b(?:19[5-9]\d|20\d\d)\b")

#: The words that ask what someone said, where the topic begins: "What did X say about Y"
#: is asked about Y. Only at the start: within the topic they are its words ("what the
#: guarantor countries would have to do" lost "have to do" when they were taken anywhere).
_FRAME = re.compile(
    r"^(?:[\s,:]*\b(?:what['’]?s|what\s+(?:is|was|are|were)|the\s+latest|what|did|does|do|"
    r"has|have|had|say|says|said|saying|tell|told|think|about|regarding|concerning|"
    r"on the subject of|give me|any|anything|something|quotes?|statements?|comments?|"
    r"remarks?|words?|from|by|pls|please|been|lately|latest|recently|so far|again|exactly|views?|"
    r"position|stance|take|thoughts?|opinions?|reactions?|responses?|reply|answer|"
    r"assessment|talk|talked|speak|spoken|mention|mentioned|on|to)\b)+",
    re.IGNORECASE,
)
#: A question about the newest state of things: "what's the latest on the talks", "any recent
#: news on the exchange", "what did Russia most recently propose", "the current state of ...".
_LATEST = re.compile(
    r"\b(?:"
    + "|".join([*RECENCY_WORDS, r"most\s+recent(?:ly)?", r"right\s+now", r"these\s+days"])
    + r"|at\s+the\s+moment)\b",
    re.IGNORECASE,
)
#: ... and what introduces the topic wherever it comes ("say in 2022 about neutrality").
_ABOUT = re.compile(r"\b(?:about|regarding|concerning|on the subject of)\b", re.IGNORECASE)


#: Where a question names whose words it wants: "what did X say (about ...)", "what has X
#: been saying", "when did X announce", "quotes from X", "X's view on", "what was X's
#: reaction to", "anything from X about", "X on Y".
#: Verbs of speech either way of asking takes, and the adverbs that may stand before them.
_SAID = (
    "said|says|told|tweeted|claimed|announced|stated|warned|promised|commented|wrote|posted|urged"
)
# "state" after "of" is an office, not a verb: "the secretary of state", "the head of state"
_SPOKEN = (
    f"say|tell|tweet|claim|announce|(?<!\\bof\\s)state|warn|promise|comment|write|post|urge|{_SAID}"
)
_ADVERBS = "ever|also|really|actually|publicly|just|recently"
#: A question that asks for someone's words in any form ("did X tweet ...", "X's view of").
_SPEECH = re.compile(
    rf"\b(?:{_SPOKEN}|saying|tells|think|thinks|thought|mean|meant|view|views|position|"
    r"stance|comments|remarks?|words?|quotes?)\b",
    re.IGNORECASE,
)
#: Where a name after "quotes from" or "anything from" ends: where the topic or the question does.
_NAME_ENDS = r"(?=\s+(?:about|on|regarding|concerning|in|at|after)\b|\s*[?.!,]|$)"
_SAID_BY = re.compile(
    r"^\s*(?:and\s+)?(?:what|how|why|when|where)\s+(?:did|does|do|has|have|had|is|was|would)\s+"
    rf"(?P<who>.+?)\s+(?:(?:been|{_ADVERBS})\s+)*"
    rf"(?:{_SPOKEN}|saying|says|telling|think|thought|mean|meant|argue|argued|suggest|"
    r"suggested|propose|proposed|reveal|revealed|confirm|confirmed|insist|insisted|talk|"
    r"talked|discuss|discussed|agree|agreed|describe|described|characteri[sz]e|"
    r"characteri[sz]ed|react|reacted|respond|responded|explain|explained)\b"
    r"|\b(?:quotes?|statements?|comments?|remarks?|words)\s+(?:from|by|of)\s+"
    r"(?P<by>.+?)"
    + _NAME_ENDS
    + r"|^\s*(?:what\s+(?:is|was|are|were)\s+)?(?P<whose>[^\s?,]+(?:\s+[^\s?,]+){0,3}?)['’]s\s+"
    r"(?:view|views|position|stance|comments?|remarks?|words|take|statements?|reaction|"
    r"response|reply|answer|thoughts|opinion|assessment)\b"
    # "anything from Lavrov about the talks", "the latest from Zelensky"
    r"|^\s*(?:what(?:['’]?s|\s+is)\s+)?(?:(?:the|any)\s+)?(?:latest|anything|something|more)\s+"
    r"(?:from|by)\s+"
    r"(?P<from>.+?)"
    + _NAME_ENDS
    # "Medinsky on neutrality", as headlines put it (of a person the library knows only)
    + r"|^\s*(?P<bare>[^\s?,]+(?:\s+[^\s?,]+){0,2}?)\s+on\s+(?=\S)"
    # "did Modi say anything about ...", "has Trump commented on ...": asked yes or no, but
    # what members want is the words; only with a verb of speech ("did Russia agree to ..."
    # asks about Russia's act)
    r"|^\s*(?:and\s+)?(?:did|does|do|has|have|had)\s+(?P<yes>.+?)\s+"
    rf"(?:(?:{_ADVERBS})\s+)*(?:{_SPOKEN}|mention|mentioned|talk|talked|speak|spoken)\b"
    # "What steps did the head of Russia's delegation promise ...", "which city did kuleba
    # say ...": the thing asked for before the one whose words it is
    r"|^\s*(?:and\s+)?(?:what|which|how\s+(?:many|much))\s+(?:[^\s?,]+\s+){1,5}?"
    r"(?:did|does|do|has|have|had)\s+(?P<which>.+?)\s+"
    rf"(?:(?:{_ADVERBS})\s+)*(?:{_SPOKEN}|propose|proposed|suggest|suggested|offer|offered|"
    r"demand|demanded|reveal|revealed|confirm|confirmed)\b"
    # "(tell me) what Mark Carney said": as members ask it inside a request, no "did"
    r"|^\s*(?:and\s+)?what\s+(?P<what>.+?)\s+(?:(?:has|have|had|been|"
    rf"{_ADVERBS})\s+)*(?:{_SAID}|thinks|thought|meant|argued|suggested|proposed|revealed|"
    r"confirmed|insisted)\b",
    re.IGNORECASE,
)
#: The groups of `_SAID_BY` (and `_WHO_IS`) that name whose words are asked for.
_SLOTS = ("who", "by", "whose", "from", "bare", "yes", "which", "what")
#: "Who is X?", "who's X", "who exactly is X", "Who was X and what did he say?"
_WHO_IS = re.compile(
    r"^\s*who(?:['’]?s|(?:\s+(?:exactly|really))?\s+(?:is|was))\s+(?P<who>.+?)"
    r"(?=\s*(?:,|\band\b|\bagain\b|\bexactly\b|[?.!]|$))",
    re.IGNORECASE,
)
#: ... and as members ask it inside a request: "can you tell me who Kyrylo Budanov is"
_WHO_IS_INSIDE = re.compile(r"^\s*who\s+(?P<who>.+?)\s+(?:is|was)\s*[?.!]*\s*$", re.IGNORECASE)
#: ... or by what they do: "what's Umerov's role", "what is Kuleba's job"
_ROLE_OF = re.compile(
    r"^\s*what(?:['’]?s|\s+is|\s+was)\s+(?P<who>[^\s?,]+(?:\s+[^\s?,]+){0,3}?)['’]s\s+"
    r"(?:role|job|title)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Intent:
    question: str  # as asked
    asked: str  # the question itself, without "Can you tell me" and the like
    # The question with each name spelled as the alias table's canonical name ("Medinski" ->
    # "Medinsky"): what is embedded, so that a spelling the model never saw does not lower
    # the similarities the verdict reads; without the words that ask for the newest.
    canonical: str
    person: Person | None  # "what did X say", "who is X": the X (named, or by role)
    who_said: bool  # "who said ...": the speaker is what is asked
    answer_type: str | None  # what an answer must contain: "number", "date", "person", "place"
    years: frozenset[int]  # years the question names ("in 2025")
    days: frozenset[Day]  # days the question names ("on March 4, 2022")
    months: frozenset[Month]  # months it names besides ("in July 2025", "the june talks")
    rounds: frozenset[int]  # rounds of the talks it names by number ("the second round")
    topic: str  # the question without the person and the words that ask what they said
    lexical_query: str  # the question with every spelling of its names and places
    who_is: bool = False  # "who is X?": passages that say who X is
    latest: bool = False  # "what's the latest on X?": the newest passages on X first
    # Whose words were asked for, as typed, when the library has never heard of them: "What
    # did Trump say?" in a library without the word "Trump". Answered with just that.
    unheard: str | None = None

    @property
    def words_of(self) -> str | None:
        """Whose words are asked for: the person of "what did X say", not of "who is X?"
        (passages that say who X is, by anyone)."""
        return self.person.name if self.person is not None and not self.who_is else None


def read_question(
    question: str,
    names: Names,
    knows: Callable[[str], bool] | None = None,
    people: QuotedPeople | None = None,
) -> Intent:
    """What `question` asks; `knows` (whether the library holds a word) lets typos be
    corrected toward the library's words, and `people` (who the library quotes) lets a person
    be named by role ("Russia's chief negotiator") or by a name the alias table lacks."""
    asked = bare_question(question)
    if knows is not None and not knows(asked):  # one look for the whole question, mostly
        asked = corrected(asked, knows, keep=lambda word: _is_name(word, names))
    mentions = names.mentions(asked, any_case=True)
    respelled = _respelled(asked, mentions, knows) if knows is not None else asked
    if respelled != asked:
        asked, mentions = respelled, names.mentions(respelled, any_case=True)
    who_is = _WHO_IS.search(asked) or _WHO_IS_INSIDE.search(asked) or _ROLE_OF.search(asked)
    slot = who_is or _SAID_BY.search(asked)
    person: Person | None = None
    span: tuple[int, int] | None = None  # where the person is named: left out of the topic
    unheard = None
    years = frozenset(int(year) for year in YEAR.findall(asked))
    if slot is not None:
        group = next(g for g in _SLOTS if slot.group(g))
        span = slot.span(group)
        person, unheard = person_in(
            asked, span, mentions, names, knows, people, years, who_is=who_is is not None
        )
        if group == "bare" and person is None and not _full_name(unheard):
            # "X on Y" is also how a topic is asked ("talks on Monday: what did Lavrov
            # say?", "sanctions on russia"): it names a person the library knows, or one
            # typed as a full name ("Dmitry Peskov on the talks"), else no one
            slot, unheard = None, None
        if person is None and unheard is None:
            span = None
    who_said = bool(WHO_SAID.search(asked))
    # "Who told Putin ...?" asks for a speaker: the person it names is not that speaker. A
    # question whose "what did X say" names someone unknown is not about another it names.
    if slot is None and not who_said and _SPEECH.search(asked):
        speakers = [m for m in mentions if not owned_by(asked, m.end)]
        if speakers:
            person, span = speakers[0].person, (speakers[0].start, speakers[0].end)
    extra: list[str] = []
    for mention in mentions:
        extra += [mention.person.name, *mention.person.aliases]
    for word in re.findall(r"\w+", asked):
        extra += [s for s in names.place_spellings(word) if s.lower() != word.lower()]
    if person is not None and person.name not in extra:
        extra.append(person.name)
    return Intent(
        question=question,
        asked=asked,
        canonical=_LATEST.sub(" ", spelled_canonically(asked, mentions)),
        person=person,
        who_said=who_said,
        answer_type=asked_type(asked),
        years=years,
        days=days_named(asked),
        months=months_named(asked),
        latest=bool(_LATEST.search(asked)),
        rounds=rounds_named(asked),
        topic=_topic(asked, span, mentions) if person is not None and span else asked,
        # "the latest" asks for the newest passages (preferences.by_recency), not for ones
        # that say "latest": neither the words nor the model are searched with it
        lexical_query=" ".join([_LATEST.sub(" ", asked), *extra]),
        who_is=who_is is not None and (person is not None or unheard is not None),
        unheard=unheard,
    )


def _topic(asked: str, span: tuple[int, int] | None, mentions: list[Mention]) -> str:
    """The question without the person it asks about (at `span`, else its first name) and
    the words that ask what they said; other names spelled canonically."""
    if span is None:
        span = (mentions[0].start, mentions[0].end)
    start, end = span
    rest = asked[end:]
    rest = rest[2:] if rest.startswith(("'s", "’s")) else rest  # "Medinsky's view on"
    kept = [m for m in mentions if m.end <= start or m.start >= end]
    before = spelled_canonically(asked[:start], [m for m in kept if m.end <= start])
    after = spelled_canonically(
        rest,
        [
            Mention(
                m.person,
                m.start - end - (len(asked) - end - len(rest)),
                m.end - end - (len(asked) - end - len(rest)),
            )
            for m in kept
            if m.start >= end
        ],
    )
    # "How did X describe Y": "how" asks for the words, before the name only ("what did X
    # say about how ..." keeps it). "describe" stays: answers say "described ... as".
    before = re.sub(
        r"^\s*how\b(?!\s+(?:many|much|long|far|often|soon|big|large))",
        "",
        before,
        flags=re.IGNORECASE,
    )
    # "Which city did X say was ...", "How many did X say ...": the question's own words
    # stay, the auxiliary that went with "say" does not ("which city was ...").
    before = re.sub(
        r"\b(?:did|does|do|has|have|had|would|will)\s*$", "", before, flags=re.IGNORECASE
    )
    topic = _ABOUT.sub(" ", _FRAME.sub("", before) + " " + _FRAME.sub("", after))
    return " ".join(topic.replace("?", " ").split())


def _respelled(asked: str, mentions: list[Mention], knows: Callable[[str], bool]) -> str:
    """`asked` with each name typed in a spelling the library never holds ("Lavrvo",
    "Zelensyk") in one of that person's spellings it does: as typed, the name was a word
    no passage holds, which lowered every passage's share of the question's words and kept
    "Zelensyk's adviser" from meeting the role "adviser to President Zelensky"."""
    for mention in reversed(mentions):  # from the end, so earlier offsets stay right
        typed = asked[mention.start : mention.end]
        if knows(typed):
            continue
        person = mention.person
        spellings = (person.name, person.full_name or "", *person.aliases)
        held = next((s.split()[-1] for s in spellings if s and knows(s.split()[-1])), None)
        if held is not None:
            held = held.lower() if typed.islower() else held
            asked = asked[: mention.start] + held + asked[mention.end :]
    return asked


def _full_name(phrase: str | None) -> bool:
    """Whether `phrase` is typed as a person's full name: two words or more, each capitalised."""
    words = (phrase or "").split()
    return len(words) >= 2 and all(word[:1].isupper() for word in words)


def _is_name(word: str, names: Names) -> bool:
    return names.resolve(word) is not None or bool(names.place_spellings(word))
