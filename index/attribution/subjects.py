"""Who is the subject of a reporting verb: the person whose statement it reports.

The dependency parse answers first (parsed.py). Where it says nothing (no verb there, a role
with the name set apart from it) the shape of the sentence decides: the name right before
the cue, the name an appositive describes, or the name right after it.
"""

from __future__ import annotations

import re

from ..text.names import Mention
from ..text.quotation_marks import closing_before, in_quotes
from .found import Found, Sentence, found, recalled
from .parsed import parsed_subject
from .pronouns import Memory, possessive
from .roles import THE_ROLE, role_after, role_around

#: Words after which a capitalised word is not the start of a subject clause.
_INTRO = re.compile(
    r"^(?:(?:also|and|but|so|then|later|meanwhile|however|nevertheless|still|yet)\b,?\s*)*"
    r"(?:(?:on|in|at|after|before|during|following|since|despite|with|for|from|by|as|"
    r"earlier|later|also on|when asked)\b[^,\"“”]{0,120},\s*)*",
    re.IGNORECASE,
)


def subject_start(sentence: str) -> int:
    """Where the sentence's subject may start: after an opening phrase ("On Monday, ")."""
    intro = _INTRO.match(sentence)
    return intro.end() if intro else 0


def subject(sentence: Sentence, cue_start: int, cue_end: int, memory: Memory) -> Found | None:
    """The person who is the subject of the cue at `cue_start`-`cue_end` of the sentence."""
    parsed = parsed_subject(sentence, cue_start, cue_end, memory)
    if parsed is not None:
        return parsed
    return _shaped_subject(sentence.text, cue_start, cue_end, memory)


def _shaped_subject(sentence: str, cue_start: int, cue_end: int, memory: Memory) -> Found | None:
    """The cue's subject by the shapes news sentences take."""
    clause = _clause_start(sentence, cue_start)
    before = sentence[clause:cue_start]
    mentions = [
        m
        for m in memory.people.mentions(before)
        if not possessive(before, m.end) and not in_quotes(sentence, clause + m.start)
    ]
    pronoun = re.search(r"\b(he|she)\b(?:\s+\w+){0,3}\s*$", before, re.IGNORECASE)
    if pronoun and not (mentions and _adjacent(before, mentions[-1].end)):
        earlier = sentence[: clause + pronoun.start()]
        resolved = memory.resolve(pronoun.group(1), earlier, sentence[cue_end:])
        return recalled(resolved, "pronoun")
    chosen = _choose(before, mentions)
    if chosen is not None:
        return found(chosen.person, role_around(before, chosen.start, chosen.end), "subject")
    # Inverted order: '"...," said Medinsky', '"...," said Belarusian Foreign Minister
    # Vladimir Makei' (a title of capitalised words only before the name).
    after = sentence[cue_end : cue_end + 80]
    inverted = [
        m
        for m in memory.people.mentions(after)
        if _TITLE_WORDS.fullmatch(after[: m.start]) and not possessive(after, m.end)
    ]
    if inverted:
        return found(inverted[0].person, role_after(after, inverted[0].end), "inverted")
    # '"...," said the Ukrainian president': the one person the article gave that role
    role = THE_ROLE.match(after)
    return recalled(memory.by_role(role.group()), "role") if role else None


#: A title before a name: capitalised words, and "of" or "for" between them ("Minister of
#: Defence").
_TITLE_WORDS = re.compile(r"\s{0,2}(?:[A-Z][\w.'’-]*\s+|(?:of|for)\s+(?=[A-Z])){0,6}")
_BRIDGE = r"(?:\s+(?:has|had|have|also|later|then|likewise|again|further|for (?:his|her) part))*\s*"


def _adjacent(before: str, end: int) -> bool:
    """Whether only auxiliaries and adverbs stand between a name and the cue ("X has also")."""
    return re.fullmatch(_BRIDGE, before[end:]) is not None


def _choose(before: str, mentions: list[Mention]) -> Mention | None:
    """Which named person is the subject:
    - the name right before the cue ("Lavrov said", "Medinsky has intimated");
    - a name set off by commas right before the cue ("A Pentagon spokesman, Kirby, said");
    - the name before an appositive ("Podolyak, an advisor to President Zelensky, stated",
      "Cavusoglu, who attended the meetings, told"): the name the appositive describes;
    - otherwise the first name of the clause."""
    if not mentions:
        return None
    if _adjacent(before, mentions[-1].end):
        return mentions[-1]
    appositive = re.search(r",([^,]+),\s*" + _BRIDGE.strip("*") + r"*$", before)
    if appositive:
        inner = [m for m in mentions if m.start >= appositive.start(1)]
        segment = appositive.group(1).strip()
        if (
            inner
            and segment[:1].isupper()
            and _adjacent(before[: appositive.end(1)], inner[-1].end)
        ):
            return inner[-1]
        outer = [m for m in mentions if m.end <= appositive.start()]
        if outer and not before[outer[-1].end : appositive.start()].strip():
            return outer[-1]
        if not outer:
            return None  # "The Ukrainian delegation, headed by ... Umerov, indicated"
    return mentions[0]


def _clause_start(sentence: str, cue_start: int) -> int:
    """Where the clause holding the cue starts: after an introductory phrase, or after the
    last closing quotation mark before the cue ('"...," Podolyak said')."""
    closing = closing_before(sentence, cue_start)
    if closing > 0:
        return closing + 1
    start = subject_start(sentence)
    return start if start < cue_start else 0
