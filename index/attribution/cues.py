"""Cues: the words with which news reports speech ("said", "tweeted", "made it clear") and
the stances people take ("vowed", "condemned", "believes")."""

from __future__ import annotations

import re

#: Reporting-verb lemmas: textacy's list for direct quotations (textacy.extract.triples),
#: less verbs that in news prose mostly describe events, not speech (continue, order, read,
#: charge, decline, fear, worry, think, believe), plus verbs of reported speech common in
#: diplomatic coverage.
REPORTING_VERBS = frozenset(
    """accuse acknowledge add admit agree allege announce argue ask assert blame cite claim
    complain concede conclude confirm contend criticize declare deny describe disagree disclose
    estimate explain hope insist maintain mention note observe post predict promise recall
    recommend reply report say scream state stress suggest tell testify tweet urge warn write
    blog emphasize indicate intimate reiterate reveal underscore comment assess demand caution
    signal""".split()
)

#: Verbs of speech acts and of stances, which report what someone holds rather than their
#: words ("Lavrov condemned the ruling", "Zelensky believes that ..."): news attributes a view
#: with them as often as with "said", and PolNeAR labels them so. Most are nouns too ("a
#: plan", "the fear", "questions"), so they count only where the parser reads them as a verb
#: whose subject is a person (index/attribution/rules.py), and they get their own confidence.
#: Chosen as two groups, not verb by verb, and measured on the PolNeAR tuning half: speech
#: acts (first three lines) raised recall 0.725 -> 0.751, stances (last line) to 0.740,
#: both with "call for"/"call on" 0.779, precision 0.865 -> 0.855; the seeds' set unchanged.
#: Left out: verbs that in a war's news mostly name events ("attack", "welcome", "see").
#: Verbs of judging people aloud and of taking sides (fourth line, added later) moved recall
#: 0.809 -> 0.822, precision 0.871 -> 0.872; "unveil" was dropped from them: it names the
#: release of a plan more often than a view (2 of its 3 on the tuning half unlabelled).
STANCE_VERBS = frozenset(
    """pledge vow propose praise condemn denounce blast slam question challenge dismiss reject
    defend respond answer boast joke mock lament applaud thank apologize threaten hint assure
    remind tout hail champion retort quip
    proclaim compliment admire grill lambast rebuke scold chide berate highlight protest
    endorse oppose
    believe think expect fear worry doubt suspect want plan intend""".split()
)

_IRREGULAR = {
    "think": ["thought", "thinks", "thinking"],
    "plan": ["plans", "planned", "planning"],
    "slam": ["slams", "slammed", "slamming"],
    "quip": ["quips", "quipped", "quipping"],
    "say": ["said", "says", "saying"],
    "tell": ["told", "tells", "telling"],
    "write": ["wrote", "writes", "written", "writing"],
    "blog": ["blogs", "blogged", "blogging"],
}
#: Multi-word cues that work like a reporting verb.
_PHRASES = ["made it clear", "made clear", "makes it clear", "had the following to say"] + [
    f"{call} {on}" for call in ("call", "calls", "called", "calling") for on in ("for", "on")
]


def _forms(lemma: str) -> set[str]:
    """A verb with its -s, -ed and -ing forms, by the regular English spelling rules."""
    if lemma in _IRREGULAR:
        return {lemma, *_IRREGULAR[lemma]}
    if lemma.endswith("e"):
        return {lemma, lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        return {lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    if lemma.endswith(("s", "sh", "ch", "x")):
        return {lemma, lemma + "es", lemma + "ed", lemma + "ing"}
    return {lemma, lemma + "s", lemma + "ed", lemma + "ing"}


def _pattern(words: set[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(sorted(words, key=len, reverse=True)) + r")\b")


CUE = _pattern({re.escape(f) for v in REPORTING_VERBS for f in _forms(v)} | set(_PHRASES))
STANCE = _pattern({re.escape(f) for v in STANCE_VERBS for f in _forms(v)})
