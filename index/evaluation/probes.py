"""Probes: does an answer hold when the question is asked the way members ask it?

A question set is written carefully; members are not. Each question is asked again in the
forms seen on Discord (lower case without "?", and without apostrophes too, wrapped in
"Please tell me:" or "Hey Parley, can you tell me", ending in ", please?"), with each name
it holds respelled (a letter changed between y and i, two letters swapped, lower case),
with a typo in its longest word (two letters swapped), and in the other words members ask
the same thing with ("Medinsky on neutrality" for "What did Medinsky say about
neutrality?", "roughly how many", "whats X's role"). A probe holds when its first quote
is the plain question's, or both abstain. This checks the method against any
question set, the ones nobody here has seen included, without knowing their answers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..answers import Answer
from ..text.names import Names

Ask = Callable[[str], Answer]
KINDS = ("reworded", "respelled", "mistyped", "rephrased")


@dataclass(frozen=True)
class Probe:
    kind: str  # one of KINDS
    question: str  # the plain question
    asked: str  # as the probe asks it


def reworded(question: str) -> list[str]:
    """`question` in the forms members write it."""
    bare = question.strip()
    lower = bare[:1].lower() + bare[1:]
    typed = bare.lower().rstrip("?")
    forms = [
        typed,
        re.sub(r"['’]", "", typed),  # as typed on a phone: "russias chief negotiator"
        f"Please tell me: {lower}",
        f"Hey Parley, can you tell me {lower}",
        f"{bare.rstrip('?')}, please?",
    ]
    return list(dict.fromkeys(forms))


def respelled(question: str, names: Names) -> list[str]:
    """`question` with each person it names misspelled the ways people misspell names."""
    asked = []
    for mention in names.mentions(question, any_case=True):
        name = question[mention.start : mention.end]
        for spelling in _misspellings(name):
            asked.append(question[: mention.start] + spelling + question[mention.end :])
    return asked


def mistyped(question: str, names: Names) -> list[str]:
    """`question` with two letters swapped in the middle of its longest word that is not a
    name (of seven letters or more): the commonest typo, where it costs the most."""
    named = {question[m.start : m.end] for m in names.mentions(question, any_case=True)}
    words = [w for w in re.findall(r"[^\W\d_]{7,}", question) if w not in named]
    if not words:
        return []
    word = max(words, key=len)
    i = len(word) // 2
    typo = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return [question.replace(word, typo, 1)] if typo != word else []


#: Questions of a common form, and the other ways members ask the same: {0} is what the
#: form leaves to fill in (whose words, about what, who, how many what, when what).
_ASKED_OTHERWISE: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), forms)
    for pattern, forms in (
        (
            r"^what did (.+?) say about (.+?)\??$",
            (
                "{0} on {1}",
                "anything from {0} about {1}",
                "what was {0}'s reaction to {1}",
                "what was {0}'s take on {1}",
                "did {0} talk about {1}",
                "{0}'s words on {1}",
            ),
        ),
        (r"^who is (.+?)\??$", ("whats {0}'s role", "who exactly is {0}")),
        (r"^who said (.+?)\??$", ("who claimed {0}", "who was it that said {0}")),
        (r"^how many (.+?)\??$", ("what number of {0}", "roughly how many {0}")),
        (r"^when did (.+?)\??$", ("on what date did {0}", "what day did {0}")),
    )
)


def rephrased(question: str) -> list[str]:
    """`question` asked in other words members use for the same, where it has one of the
    common forms (`_ASKED_OTHERWISE`); none where it has not."""
    bare = question.strip()
    for form, others in _ASKED_OTHERWISE:
        asked = form.match(bare)
        if asked is not None:
            return [other.format(*asked.groups()) for other in others]
    return []


def _misspellings(name: str) -> list[str]:
    found = {name.lower()}
    if "y" in name:
        found.add(name.replace("y", "i", 1))
    if "i" in name[1:]:
        found.add(name[0] + name[1:].replace("i", "y", 1))
    if len(name) > 4:
        found.add(name[:-2] + name[-1] + name[-2])  # the last two letters swapped
    found.discard(name)
    return sorted(found)


def probes(questions: Iterable[str], names: Names) -> list[Probe]:
    made = []
    for question in questions:
        made += [Probe("reworded", question, asked) for asked in reworded(question)]
        made += [Probe("respelled", question, asked) for asked in respelled(question, names)]
        made += [Probe("mistyped", question, asked) for asked in mistyped(question, names)]
        made += [Probe("rephrased", question, asked) for asked in rephrased(question)]
    return made


def run_probes(
    questions: Sequence[str],
    names: Names,
    ask: Ask,
    answered: Mapping[str, Answer] | None = None,
) -> tuple[dict[str, float], list[str]]:
    """The share of probes of each kind that hold ("reworded_same", "respelled_same",
    "mistyped_same", "rephrased_same"), and a line for each that does not. `answered` holds
    the plain questions' answers already given (an eval has them), so they are not asked
    again."""
    known = answered or {}
    plain = {q: _first(known[q] if q in known else ask(q)) for q in questions}
    held: dict[str, list[bool]] = {kind: [] for kind in KINDS}
    failures = []
    for probe in probes(questions, names):
        first = _first(ask(probe.asked))
        held[probe.kind].append(first == plain[probe.question])
        if first != plain[probe.question]:
            failures.append(
                f"{probe.kind} {probe.asked!r}: {first or 'abstained'}, "
                f"asked plainly: {plain[probe.question] or 'abstained'}"
            )
    figures = {f"{kind}_same": sum(v) / len(v) if v else 1.0 for kind, v in held.items()}
    return figures, failures


def _first(answer: Answer) -> str | None:
    if not answer.quotes:
        return None
    passage = answer.quotes[0].passage
    return f"{passage.source_id}:{passage.start}-{passage.end}"
