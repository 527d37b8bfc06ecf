"""Cues: the words with which news reports speech ("said", "tweeted", "made it clear")."""

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

_IRREGULAR = {
    "say": ["said", "says", "saying"],
    "tell": ["told", "tells", "telling"],
    "write": ["wrote", "writes", "written", "writing"],
    "blog": ["blogs", "blogged", "blogging"],
}
#: Multi-word cues that work like a reporting verb.
_PHRASES = ["made it clear", "made clear", "makes it clear", "had the following to say"]


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


CUE = re.compile(
    r"\b(?:"
    + "|".join(
        sorted(
            {re.escape(f) for v in REPORTING_VERBS for f in _forms(v)} | set(_PHRASES),
            key=len,
            reverse=True,
        )
    )
    + r")\b"
)
