"""The rules that find who speaks in one sentence, by the forms news uses:

    X said (that) ... / X, ROLE, said, "..." / "...," X said / "...," said X
    X told reporters that "..." / X tweeted: "..." / According to X, "..."
    ROLE X noted that ... / He said ... / X gave an assessment: "..."
    ... hailed by X as "..." / ... described by X as "..." / "..." was written by X
    X attacked "..." / X charges that ... / X called the plan a disaster (frames.py)

Cues are only looked for outside quotation marks. Who the subject of a cue is comes from the
dependency parse where it says (subjects.py), from the shape of the sentence where not.
Organisations ("the Russian side", "the White House") are not people: their statements get no
speaker rather than the nearest name.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..text.quotation_marks import in_quotes
from .cues import CUE, STANCE
from .found import NO_PERSON, Found, Sentence, found, recalled
from .frames import framed, passive_agent
from .parsed import cue_clause, is_root, main_subject, parsed_subject, reported_in
from .pronouns import Memory, possessive
from .roles import THE_ROLE, role_after, role_around
from .subjects import subject


def speaker(sentence: Sentence, memory: Memory) -> Found | None:
    """Who speaks in the sentence (NO_PERSON: someone, but no person), or None where no
    rule applies."""
    text = sentence.text
    if _CREDIT.search(text):
        return NO_PERSON
    said = (
        _according_to(text, memory)
        or _described_by(text, memory)
        or _cue(sentence, memory)
        or _colon_quote(sentence, memory)
        or framed(sentence, memory)
    )
    if said is not None and said.name:
        return said
    return _who_said(text, memory) or said


#: The credit lines that close a news article ("Jane Doe contributed reporting.", "(Reporting
#: by Jane Doe; Editing by John Roe)", "Jane Doe reported from Kyiv."): who wrote it, not who
#: said anything.
_CREDIT = re.compile(
    r"^\(?(?:additional )?(?:reporting|writing|editing) by\b|\bcontributed (?:reporting|research)"
    r"|^[\w.'’ -]{3,60} reported from (?:(?! that )[^\"“”])*$",
    re.IGNORECASE,
)
_ACCORDING = re.compile(r"\baccording to\s+([^,\"“”]{2,80}?)\s*(?:,|:|$)", re.IGNORECASE)
_SAID_NEXT = re.compile(rf"\s*(?:{CUE.pattern})", CUE.flags)


def _according_to(sentence: str, memory: Memory) -> Found | None:
    match = _ACCORDING.search(sentence)
    if not match or in_quotes(sentence, match.start()):
        return None
    if _SAID_NEXT.match(sentence, match.end()):
        # an aside between a speaker and their verb: "Medinsky, according to a correspondent
        # of The Economist, said that ..." is Medinsky's word, passed on
        return None
    phrase = match.group(1)
    # The person must head the phrase: "according to Medinsky" or "according to Russia's
    # chief negotiator Medinsky", not "according to the readout of his call with Macron".
    mentions = [
        m
        for m in memory.people.mentions(phrase)
        if not possessive(phrase, m.end)
        and not re.search(r"\b(?:of|with|from|by|to|in|on|for)\b", phrase[: m.start], re.I)
    ]
    if mentions:
        return found(mentions[0].person, role_after(sentence, match.end()), "according")
    first = phrase.split()[0]
    if first.lower() in {"he", "she", "him", "his", "her"} and not phrase.lower().endswith(
        ("office", "side", "spokesman")
    ):
        earlier = sentence[: match.start()]
        return recalled(memory.resolve(first, earlier, sentence[match.end() :]), "pronoun")
    # "According to the Turkish foreign minister": the one person the article gave that role
    if THE_ROLE.fullmatch(phrase) and (named := memory.by_role(phrase)) is not None:
        return recalled(named, "role")
    # "According to the Ukrainian side / a French official": a statement, but not a person's.
    # The sentence's own cue ("According to his office, Macron told Putin") may still name one.
    return None if CUE.search(sentence, match.end()) else NO_PERSON


#: The passive that quotes: 'It was hailed by security chief Vasyl Maliuk as "a major slap in
#: the face"', 'described by Kirby as "a relocation"'.
_DESCRIBED_BY = re.compile(
    r"\b(?:hailed|described|called|termed|dubbed|branded|characteri[sz]ed)\s+by\s+"
    r"([^,\"“”]{2,80}?)\s+as\s+[\"“]"
)


def _described_by(sentence: str, memory: Memory) -> Found | None:
    match = _DESCRIBED_BY.search(sentence)
    if not match or in_quotes(sentence, match.start()):
        return None
    phrase = match.group(1)
    mentions = [m for m in memory.people.mentions(phrase) if not possessive(phrase, m.end)]
    if mentions:
        last = mentions[-1]
        return found(last.person, role_around(phrase, last.start, last.end), "described")
    return None


#: "... opened by Turkey's foreign minister, Hakan Fidan, who said the aim is a truce": the
#: words of the one a relative clause of speech is about, where the sentence names no other
#: speaker (a cue in a relative clause describes someone otherwise: see _SUBORDINATE).
_RELATIVE_SPEECH = re.compile(
    r",\s*who\s+(?:\w+ly\s+)?(?:said|says|told|stated|added|noted|warned|declared|announced)\b"
)


def _who_said(sentence: str, memory: Memory) -> Found | None:
    match = _RELATIVE_SPEECH.search(sentence)
    if match is None:
        return None
    before = memory.people.mentions(sentence[: match.start()])
    if not before or before[-1].end != match.start():
        return None
    last = before[-1]
    return found(last.person, role_around(sentence, last.start, last.end), "relative")


#: A cue in a relative or "as" clause describes someone, it is not the sentence's statement:
#: "Zelenskyy, who had agreed to ...", "which, as Putin indicated in his call, had ...".
_SUBORDINATE = re.compile(r"(?:,\s*|\bwhich,\s*)(?:who|which|as)\b[^,]*?\s*(?:\b\w+\s+){0,3}$")
_DETERMINER = re.compile(
    r"(?:\b(?:a|an|the|his|her|their|its|this|that)|\w['’]s)\s+$", re.IGNORECASE
)
#: Cues whose nouns say nothing of speech: "the state", "battleground states", "post-debate".
_NOT_SPEECH = frozenset({"state", "states", "post", "posts"})
_ADVERBIAL = re.compile(r"\b(?:when|after|before|while|if)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)


def _cue(sentence: Sentence, memory: Memory) -> Found | None:
    text = sentence.text
    statement = False
    found_cues = [*CUE.finditer(text), *STANCE.finditer(text)]
    clauses = {cue.start(): cue_clause(sentence, cue.start()) for cue in found_cues}
    # In order, but the sentence's own reporting verb before a cue the parser reads as a
    # noun: in "Kellner ... was summoned over comments about the strike, diplomatic sources
    # said" the statement is the sources', not that of the name nearest "comments".
    main = next((c.start() for c in found_cues if is_root(sentence, c.start())), None)
    cues = sorted(
        found_cues,
        key=lambda m: (main is not None and clauses[m.start()] == "noun", m.start()),
    )
    starts = {cue.start() for cue in cues if not sentence.mask.at(sentence.start + cue.start())}
    for cue in cues:
        clause = clauses[cue.start()]
        stance = cue.re is STANCE
        if (
            sentence.mask.at(sentence.start + cue.start())
            or reported_in(sentence, cue.start()) in starts  # reported by a later cue
            or _SUBORDINATE.search(text, 0, cue.start())
            or _DETERMINER.search(text, 0, cue.start())
            or clause == "side"
            or (clause == "noun" and cue.group().lower() in _NOT_SPEECH)
        ):
            continue  # quoted words, a side clause (", as Putin indicated,"), a noun ("a tweet")
        if stance:
            # a stance only as a verb whose subject the parse names: a person's view, else
            # nothing (neither a statement that stops the search nor one with no speaker)
            taken = parsed_subject(sentence, cue.start(), cue.end(), memory)
            if clause not in {"noun", ""} and taken is not None and taken.name:
                return taken if taken.how == "pronoun" else replace(taken, how="stance")
            continue
        statement = True
        found_ = passive_agent(sentence, cue.start(), memory)
        if found_ is NO_PERSON and clause == "adverbial":
            continue  # "When the diagnosis was confirmed, Hale ...": read on
        if found_ is None and _PARTICIPLE.search(text, 0, cue.end()):
            found_ = _main_clause_subject(sentence, cue.end(), memory)
        if found_ is None:
            found_ = subject(sentence, cue.start(), cue.end(), memory)
        if found_ is not None:
            return found_
        if clause in {"main", ""} and not _ADVERBIAL.search(text, 0, cue.start()):
            break
        # "when asked ..., Lavrov said", "In one tweet, Lavrov said": a cue in an adverbial
        # clause, or a noun, has no subject; read on.
    return NO_PERSON if statement else None


#: A participle set off by a comma at the end of its clause ("..., saying", "..., adding"):
#: its subject is the main clause's, wherever the parser hangs it.
_PARTICIPLE = re.compile(r",\s*(?:\w+ly\s+)?\w+ing$")


def _main_clause_subject(sentence: Sentence, cue_end: int, memory: Memory) -> Found | None:
    """The person the sentence's main verb has for its subject, by the parse: "He repeated
    his vow that the country would hold, saying ..." is his, though the parser hangs
    "saying" on "hold"."""
    at = main_subject(sentence)
    if at is None:
        return None
    text = sentence.text
    pronoun = re.match(r"(?:he|she)\b", text[at:], re.IGNORECASE)
    if pronoun:
        named = memory.resolve(pronoun.group(), text[:at], text[cue_end:])
        return recalled(named, "pronoun")
    mention = next((m for m in memory.people.mentions(text) if m.start <= at < m.end), None)
    if mention is None or in_quotes(text, mention.start):
        return None
    return found(mention.person, role_around(text, mention.start, mention.end), "subject")


def _colon_quote(sentence: Sentence, memory: Memory) -> Found | None:
    """'Slutsky ... gave an upbeat assessment: "According to ..."': a colon that introduces a
    quotation makes the clause's subject its speaker."""
    match = re.search(r":\s*[\"“]", sentence.text)
    if not match or in_quotes(sentence.text, match.start()):
        return None
    # The parse is not asked: the colon is no verb of its own.
    bare = replace(sentence, parsed=None)
    result = subject(bare, match.start(), match.start(), memory)
    return replace(result, how="colon") if result is not None and result.name else result
