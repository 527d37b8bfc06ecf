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

from .answer_types import asked_type
from .days import Day, days_named
from .names import Names, Person
from .spelling import corrected

#: A year a question names ("in 2025"), or a passage does.
YEAR = re.compile(r"\b(?:19[5-9]\d|20\d\d)\b")

_SPEECH = re.compile(
    r"\b(?:say|says|said|saying|tell|told|tells|think|thinks|thought|claim|claimed|tweet|"
    r"tweeted|announce|announced|state|stated|mean|meant|view|views|position|stance|"
    r"comment|comments|remarks?|words?|quotes?|warn|warned|promise|promised)\b",
    re.IGNORECASE,
)
_WHO_SAID = re.compile(r"^\s*who\s+(?:said|says|told|tweeted|stated|announced|claimed)\b", re.I)
_FRAME = re.compile(
    r"\b(?:what|did|does|do|has|have|had|say|says|said|tell|told|think|about|regarding|"
    r"concerning|on the subject of)\b",
    re.IGNORECASE,
)


#: What members put around a question: "Can you tell me what Medinsky said about ...?",
#: "Please tell me: who led ...", "..., please?". Read as part of the question, "tell" made
#: "when did Putin recognize ..." a question about what Putin said, "who" no longer opened
#: it, and "Please me:" stayed in the topic (the dev set prefixed so: hit@1 0.81 -> 0.67).
_PREAMBLE = re.compile(
    r"^\s*(?:(?:hey|hi|hello)\b[\s,!]*(?:parley\b[\s,!:]*)?)?"
    r"(?:(?:please|pls|kindly)\b[\s,]*)?"
    r"(?:(?:can|could|would|will)\s+you\s+(?:please\s+)?)?"
    r"(?:(?:(?:tell|show|remind)\s+me|let\s+me\s+know|i(?:'d|\s+would)\s+like\s+to\s+know|"
    r"i\s+(?:want|wanted|wonder|was\s+wondering)(?:\s+to\s+know)?|do\s+you\s+know)\b)?"
    r"[\s:,-]*(?=\w)",
    re.IGNORECASE,
)
_THANKS = re.compile(r"[\s,]+(?:please|pls|thanks|thank\s+you)\s*([?.!]*)\s*$", re.IGNORECASE)


def bare_question(question: str) -> str:
    """The question itself, without the request around it ("Can you tell me ...") and
    ending as a question does."""
    core = _PREAMBLE.sub("", question, count=1)
    if core != question and core.strip():
        question = core[:1].upper() + core[1:]  # "... tell me: who led" -> "Who led"
    question = _THANKS.sub(r"\1", question) or question
    # The abstention thresholds were measured on questions that end in "?"; without it the
    # model moves a question enough to cross one ("what happened in kharkiv on the seventh
    # day of the invasion" abstained, with "?" it did not).
    return question if question.rstrip()[-1:] in ("?", ".", "!", "") else question + "?"


@dataclass(frozen=True)
class Intent:
    question: str  # as asked
    asked: str  # the question itself, without "Can you tell me" and the like
    # The question with each name spelled as the alias table's canonical name ("Medinski" ->
    # "Medinsky"): what is embedded, so that a spelling the model never saw does not lower
    # the similarity the abstention thresholds read.
    canonical: str
    person: Person | None  # "what did X say": the X
    who_said: bool  # "who said ...": the speaker is what is asked
    answer_type: str | None  # what an answer must contain: "number", "date", "person", "place"
    years: frozenset[int]  # years the question names ("in 2025")
    days: frozenset[Day]  # days the question names ("on March 4, 2022")
    topic: str  # the question without the person and the words that ask what they said
    lexical_query: str  # the question with every spelling of its names and places


def read_question(
    question: str, names: Names, knows: Callable[[str], bool] | None = None
) -> Intent:
    """What `question` asks; `knows` (whether the library holds a word) lets typos be
    corrected toward the library's words."""
    asked = bare_question(question)
    if knows is not None and not knows(asked):  # one look for the whole question, mostly
        asked = corrected(asked, knows, keep=lambda word: _is_name(word, names))
    mentions = names.mentions(asked, any_case=True)
    person = mentions[0].person if mentions and _SPEECH.search(asked) else None
    extra: list[str] = []
    for mention in mentions:
        extra += [mention.person.name, *mention.person.aliases]
    for word in re.findall(r"\w+", asked):
        extra += [s for s in names.place_spellings(word) if s.lower() != word.lower()]
    canonical = asked
    for mention in reversed(mentions):  # from the end, so earlier offsets stay right
        canonical = canonical[: mention.start] + mention.person.name + canonical[mention.end :]
    topic = asked
    if mentions:  # the canonical question without its first name ("Putni" is Putin here too)
        # Nothing before the first name was replaced: it starts where it did.
        start = mentions[0].start
        rest = canonical[start + len(mentions[0].person.name) :]
        rest = rest[2:] if rest.startswith(("'s", "’s")) else rest  # "Medinsky's view on"
        topic = canonical[:start] + rest
        topic = _FRAME.sub(" ", topic)
        topic = " ".join(topic.replace("?", " ").split())
    return Intent(
        question=question,
        asked=asked,
        canonical=canonical,
        person=person,
        who_said=bool(_WHO_SAID.search(asked)),
        answer_type=asked_type(asked),
        years=frozenset(int(year) for year in YEAR.findall(asked)),
        days=days_named(asked),
        topic=topic if mentions else asked,
        lexical_query=" ".join([asked, *extra]),
    )


def _is_name(word: str, names: Names) -> bool:
    return names.resolve(word) is not None or bool(names.place_spellings(word))
