"""Who said what: the speaker of each sentence of an article, where the text says it.

The sentences are read in order, with the state a reader keeps: who was talking last (for
"He said", pronouns.py), whether a quotation is still open (for a quote that runs over
several sentences or paragraphs), and whether a paragraph ended in a colon that introduces a
quotation in the next one. Within a sentence, rules.py finds the speaker by the
forms news uses; the people are those the article itself names (article_people.py) and
those the alias table knows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..text.names import Names
from ..text.quotation_marks import (
    QuoteMask,
    has_quotation,
    signature,
    starts_quoted,
    typewriter_quotes,
    without_stray_openings,
)
from ..text.sources import Span
from ..text.syntax import parse
from .article_people import ArticlePeople
from .cues import CUE
from .found import Found, Sentence, found, recalled
from .parsed import main_subject
from .pronouns import Memory, Named, article_roles, genders
from .rules import speaker
from .subjects import subject_start


@dataclass(frozen=True)
class Attribution:
    speaker: str | None = None
    role: str | None = None
    direct: bool = False
    # "article" when the role is the one this article gives, "config" when it is the alias
    # table's (the article gave none); None without a role.
    role_source: str | None = None
    how: str | None = None  # which rule found the speaker (see CONFIDENCE)
    confidence: float = 0.0


NOBODY = Attribution()

#: How often each rule names the right speaker: the attribution's confidence. Measured on
#: the tuning half of the PolNeAR dev split only (eval/polnear-split.json; `parley eval
#: --attribution ../shared/attribution/polnear-dev --split tuning` prints each rule's
#: figures): of the sentences a rule gave a speaker, those that overlap a statement by that
#: person, as (right + 1) / (sentences + 2), so that a rule seen a few times and always
#: right is not taken for certain. A rule under MIN_CONFIDENCE gives no speaker at all; one
#: under SURE is shown as uncertain (bot/terminal.py), not as "X said".
CONFIDENCE = {
    "subject": 0.95,  # "X said", "X, ROLE, said", "ROLE X noted that" (240 of 251)
    "inverted": 0.9,  # '"...," said X' (37 of 40)
    "continued": 0.87,  # a quotation still open, a paragraph that only quotes (66 of 75)
    "stance": 0.85,  # "X condemned ...", "X believes ...", "X grilled ..." (28 of 32)
    "signed": 0.98,  # '"..." ― Maria L. Ortiz' (46 of 46, all in one article)
    "according": 0.83,  # "according to X" (4 of 4)
    "colon": 0.8,  # 'X gave an assessment: "..."' (3 of 3)
    "described": 0.93,  # 'hailed by X as "..."' (none there: as the subject's)
    "clause": 0.9,  # "X charges that ...", "X called the plan a disaster" (8 of 8)
    "quotes": 0.83,  # 'X attacked "the whole deal"' (4 of 4)
    # '"..." was written by X' (1 of 2: the other, "declared by X", no statement labelled):
    # at the floor, shown as uncertain
    "passive": 0.5,
    # "he said": PolNeAR gave nearly all of its statements a speaker by automatic coreference
    # (about 3 in 4 right; "he" for a woman named before, in one article ten times) or none,
    # so its labels measure agreement with another program, not whether the speaker is right
    # (64 of 106 agreed, and 0.58 had kept every "he said" shown as "probably X"). Each one
    # the labels disagreed with on the tuning half was read instead; the confidence is the
    # share right when read. Plain "he said" (the person last named, the subject first): 41
    # of 45 (27 agreed); the four wrong are a "he" for the president where his aide was named
    # last, a first-person essay and a writer's mother. On the seeds' hand-labelled set 7 of 7.
    "pronoun": 0.89,
    # ... where the sentence before, in the same paragraph, is that person's statement
    # ("Lavrov ... said ... But he made it clear ..."), or a "he said" that followed one:
    # 31 of 31 read (20 agreed); 19 of 19 on the seeds' set
    "pronoun_following": 0.97,
    # ... where the paragraph opens with it right after one that ended on that person's
    # statement ('"...," Peskov told journalists. // He added: "..."'): 30 of 30 read (17
    # agreed); 8 of 8 on the talks library's hand-labelled tuning half
    "pronoun_next": 0.97,
    # "the mayor said", "the Turkish president said": the one person the article gave that
    # role. PolNeAR leaves such statements unresolved ("unknown:nominal"), so its labels
    # cannot judge them: read by hand, 7 of 7 on the tuning half name the right person (and
    # 9 of 9 in the real library of talks, 4 of them a role given before the name).
    "role": 0.89,
    # the words before "This was stated by X", "- said X": X's. None in PolNeAR; in the
    # real library of talks 5 sentences, all 5 right when read (as "role", (5+1)/(5+2))
    "pointed": 0.86,
    # "..., Hakan Fidan, who said that ...", where no other speaker is named: none in
    # PolNeAR's tuning half; 1 of 1 right in the real library of talks, (1+1)/(1+2)
    "relative": 0.67,
}
SURE = 0.6
MIN_CONFIDENCE = 0.5


@dataclass
class _Reader:
    """What a reader remembers while reading an article beyond who was named and who spoke."""

    memory: Memory
    open_quote: Attribution | None = None  # a quotation still open at the end of a paragraph
    colon_speaker: Attribution | None = None  # a paragraph ended "X said:" before a quote
    last: Attribution = NOBODY  # the statement just read
    asked: Attribution | None = None  # a paragraph put the writer's question to them
    spoken: Attribution = NOBODY  # the last statement read anywhere with a speaker
    interviewee: Attribution | None = None  # who answered the writer's last question
    roles: dict[str, str] = field(default_factory=dict)  # the role the article first gave each


def attribute(text: str, paragraphs: list[list[Span]], names: Names) -> list[list[Attribution]]:
    """One `Attribution` per sentence, for sentences grouped by paragraph (as given). The
    people are those the alias table knows and those the article itself names
    (article_people.py)."""
    spans = [Span(group[0].start, group[-1].end) if group else Span(0, 0) for group in paragraphs]
    parses = parse([text[span.start : span.end] for span in spans])
    # the rules read '' as ", and a mark never closed as none, at the same offsets
    text = without_stray_openings(typewriter_quotes(text))
    people = ArticlePeople.read(text, spans, names, parses)
    every = [text[s.start : s.end] for group in paragraphs for s in group]
    memory = Memory(
        people, genders=genders(every, people), article_roles=article_roles(every, people)
    )
    reader = _Reader(memory)
    result: list[list[Attribution]] = []
    for number, sentences in enumerate(paragraphs):
        reader.memory.paragraph = number
        inside = QuoteMask(text, sentences)
        signed = _signed(text[spans[number].start : spans[number].end], reader)
        row = []
        for position, span in enumerate(sentences):
            sentence = Sentence(
                text[span.start : span.end], span.start, inside, parses[number], spans[number].start
            )
            row.append(_sentence(sentence, reader, first=position == 0, signed=signed))
        # A quotation that stays open to the end of a paragraph runs on into the next one.
        last_sentence = sentences[-1] if sentences else None
        reader.open_quote = row[-1] if row and inside.open_at_end else None
        ending = text[last_sentence.start : last_sentence.end].rstrip() if last_sentence else ""
        reader.colon_speaker = row[-1] if ending.endswith(":") and row and row[-1].speaker else None
        paragraph = text[spans[number].start : spans[number].end]
        reader.asked = _asked_of(paragraph, reader)
        result.append(row)
        _points_back(text, paragraphs[number - 1] if number else [], sentences, result)
    return result


#: A sentence that says whose the words before it were: "This was stated by the delegation's
#: head, Rustem Umerov, ...", "... and then we will agree on the next steps. - said
#: Umerov." (wire copy translated from Ukrainian and Russian sets speech so, unquoted), by
#: any reporting verb of cues.py.
_POINTS_BACK = re.compile(
    r"\W{0,2}(?:this|that|these|it)\s+(?:was|were|has\s+been|had\s+been)\s+(?:\w+ly\s+)?"
    rf"{CUE.pattern}\s+by\b|[-–—]\s*{CUE.pattern}",
    re.IGNORECASE,
)


def _points_back(
    text: str, previous: list[Span], sentences: list[Span], said: list[list[Attribution]]
) -> None:
    """Give the speaker a pointing sentence names (`_POINTS_BACK`) to the words it points
    at: the sentences before it in its paragraph that have no speaker; where it opens its
    paragraph, the paragraph before if that is a quotation. (Not narration: after a
    subheading, "This was stated by X" points at the story's lead.)"""
    row = said[-1]
    for position, span in enumerate(sentences):
        pointer = row[position]
        if not (pointer.speaker and _POINTS_BACK.match(text, span.start, span.end)):
            continue
        if position:
            before, end = row, position
        elif previous and starts_quoted(text[previous[0].start : previous[0].end]):
            before, end = said[-2], len(said[-2])
        else:
            continue
        pointed = replace(pointer, how="pointed", confidence=CONFIDENCE["pointed"])
        for back in range(end - 1, -1, -1):
            if before[back].speaker:
                break
            before[back] = replace(pointed, direct=before[back].direct)


#: A one-word label before a quotation ('Quote: "..."'), as some outlets set a statement.
_LABEL = re.compile(r"^[A-Z][a-z]+:\s*(?=[\"“])")


def _labelled_quotation(sentence: str, memory: Memory) -> bool:
    """Whether the sentence is a quotation behind a label that names no one: such a
    paragraph goes on with the speaker just read, as one that only quotes does."""
    label = _LABEL.match(sentence)
    return label is not None and not memory.people.mentions(label.group())


def _signed(paragraph: str, reader: _Reader) -> Found | None:
    """The person who signs the paragraph's quotation ('"..." ― Maria L. Ortiz'): its
    speaker, whatever its sentences say."""
    name = signature(paragraph)
    mentions = reader.memory.people.mentions(name) if name else []
    return found(mentions[-1].person, None, "signed") if mentions else None


def _sentence(
    sentence: Sentence, reader: _Reader, first: bool, signed: Found | None = None
) -> Attribution:
    text = sentence.text
    quoted = starts_quoted(text) or _labelled_quotation(text, reader.memory)
    direct = has_quotation(text)
    found = signed or speaker(sentence, reader.memory)
    if found is not None and found.how == "pronoun" and _named_before(found, reader):
        found = replace(found, how="pronoun_next" if first else "pronoun_following")
    if found is not None:
        attribution = _attribution(found, direct) if found.name else NOBODY
    elif first and quoted and (reader.colon_speaker or reader.open_quote):
        attribution = reader.colon_speaker or reader.open_quote or NOBODY
    elif first and quoted and reader.last.speaker:
        # A paragraph that is nothing but a quotation, right after a statement, carries on it.
        attribution = reader.last
    elif first and quoted and reader.asked is not None:
        attribution = reader.interviewee = reader.asked  # the answer to the writer's question
    elif sentence.mask.at(sentence.start) and reader.last.speaker:
        attribution = reader.last  # the quotation opened in an earlier sentence goes on
    else:
        attribution = NOBODY
    if attribution.speaker and found is None:
        # carried over from an earlier sentence: whether these words are quoted is this one's
        how = "continued" if attribution.how != "colon" else "colon"
        attribution = replace(attribution, direct=direct, how=how, confidence=CONFIDENCE[how])
    attribution = _article_role(attribution, reader)
    reader.memory.remember(text, subject_start(text), main_subject(sentence))
    if attribution.speaker:
        reader.memory.spoke(Named(attribution.speaker, attribution.role, attribution.role_source))
    reader.last = attribution if found is not None or attribution.speaker else NOBODY
    if attribution.speaker:
        reader.spoken = attribution
    return attribution


def _named_before(pronoun: Found, reader: _Reader) -> bool:
    """Whether the sentence before (the last of the paragraph before, for a paragraph's
    first) is the same person's statement, naming them or following one that did ("Lavrov
    ... said ... But he made it clear ..."): the likeliest "he"."""
    last = reader.last
    return last.speaker == pronoun.name and last.how not in (None, "pronoun")


#: The writer putting a question to someone: "I asked Zelensky whether ...", "..., I asked,
#: would he keep his word?".
_ASKED = re.compile(r"\bI\s+(?:asked|put it to|pressed|suggested)\b\s*")
#: What may follow the one asked: "I asked the president whether ...".
_ASKED_OF = re.compile(
    r"(?:[\w'’.-]+\s+){0,3}?[\w'’.-]+(?=\s+(?:about|whether|if|what|how|why|to)\b)"
)


def _asked_of(paragraph: str, reader: _Reader) -> Attribution | None:
    """Whom the writer puts a question to, if this paragraph is one (an interview: it asks
    in the writer's own words, or says "I asked X"): the one it names, else the one who
    answered the last question, else the last speaker. A next paragraph that is nothing
    but a quotation is that person's answer."""
    asked = _ASKED.search(paragraph)
    if has_quotation(paragraph) or not (asked or re.search(r"\?(?:\s|$)", paragraph)):
        return None
    if asked is not None:
        after = paragraph[asked.end() :]
        named = reader.memory.people.mentions(after)
        person: Found | None
        if named and named[0].start == 0:
            person = found(named[0].person, None, "continued")
        else:
            phrase = _ASKED_OF.match(after)
            person = (
                recalled(reader.memory.by_role(phrase.group()), "continued") if phrase else None
            )
        if person is not None:
            reader.interviewee = _attribution(person, True)
    return reader.interviewee or (reader.spoken if reader.spoken.speaker else None)


def _article_role(attribution: Attribution, reader: _Reader) -> Attribution:
    """The role this article gives the speaker, here or where it gave one before: the
    alias table's only when the article gives none ("Medinsky, Russia's chief negotiator,
    said" ... "Medinsky added" keeps "Russia's chief negotiator")."""
    name = attribution.speaker
    if name is None:
        return attribution
    if attribution.role_source == "article" and attribution.role:
        reader.roles.setdefault(name, attribution.role)
        return attribution
    given = reader.roles.get(name)
    return replace(attribution, role=given, role_source="article") if given else attribution


def _attribution(found: Found, direct: bool) -> Attribution:
    confidence = CONFIDENCE.get(found.how or "", 0.0)
    if confidence < MIN_CONFIDENCE:
        return NOBODY
    return Attribution(found.name, found.role, direct, found.role_source, found.how, confidence)
