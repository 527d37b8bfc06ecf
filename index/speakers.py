"""Who said what: the speaker of each sentence of an article, where the text says it.

A rule-based extractor over whole sentences, in reading order, with the state a reader keeps:
who was talking last (for "He said"), whether a quotation is still open (for a quote that
runs over several sentences or paragraphs), and whether a paragraph ended in a colon that
introduces a quotation in the next one. It covers the forms news uses:

    X said (that) ... / X, ROLE, said, "..." / "...," X said / "...," said X
    X told reporters that "..." / X tweeted: "..." / According to X, "..."
    ROLE X noted that ... / He said ... (the person named before) / X: <quote in next paragraph>
    ... hailed by X as "..." / ... described by X as "..."

Cues are only looked for outside quotation marks: a quoted "I hope" is not a new speaker.
Organisations ("the Russian side", "Zelensky's office") are not people: their statements get
no speaker rather than the nearest name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .cues import CUE
from .names import Mention, Names
from .roles import role_after, role_around
from .sources import Span

_PRONOUNS = {"he", "she"}
#: Words after which a capitalised word is not the start of a subject clause.
_INTRO = re.compile(
    r"^(?:(?:also|and|but|so|then|later|meanwhile|however|nevertheless|still|yet)\b,?\s*)*"
    r"(?:(?:on|in|at|after|before|during|following|since|despite|with|for|from|by|as|"
    r"earlier|later|also on|when asked)\b[^,\"“”]{0,120},\s*)*",
    re.IGNORECASE,
)
_ORG_WORDS = frozenset(
    """ministry office government side kremlin pentagon council department union agency
    television readout media team delegation army forces intelligence sources""".split()
)
_QUOTE_OPEN = "“"
_QUOTE_CLOSE = "”"


_ACCORDING = re.compile(r"\baccording to\s+([^,\"“”]{2,80}?)\s*(?:,|:|$)", re.IGNORECASE)
_UNKNOWN_NAME = re.compile(r"(?:[A-Z][a-z]+(?:-[A-Z][a-z]+)?\s+){1,2}[A-Z][a-z]{2,}$")


@dataclass(frozen=True)
class Attribution:
    speaker: str | None = None
    role: str | None = None
    direct: bool = False


NOBODY = Attribution()


@dataclass
class _Reader:
    """What a reader remembers while reading an article: who is talking, who was named."""

    names: Names
    #: (name, role, paragraph) of people named so far, newest last
    recent: list[tuple[str, str | None, int]] = field(default_factory=list)
    paragraph: int = 0
    open_quote: Attribution | None = None  # a quotation still open at the end of a paragraph
    colon_speaker: Attribution | None = None  # a paragraph ended "X said:" before a quote
    last: Attribution = NOBODY  # the statement just read
    unknown: dict[str, str] = field(default_factory=dict)  # surname -> name, for new people


def attribute(text: str, paragraphs: list[list[Span]], names: Names) -> list[list[Attribution]]:
    """One `Attribution` per sentence, for sentences grouped by paragraph (as given)."""
    reader = _Reader(names)
    result: list[list[Attribution]] = []
    for number, sentences in enumerate(paragraphs):
        reader.paragraph = number
        inside = _QuoteMask(text, sentences)
        row = []
        for position, sentence in enumerate(sentences):
            row.append(_sentence(text, sentence, inside, reader, first=position == 0))
        # A quotation that stays open to the end of a paragraph runs on into the next one.
        last_sentence = sentences[-1] if sentences else None
        reader.open_quote = row[-1] if row and inside.open_at_end else None
        ending = text[last_sentence.start : last_sentence.end].rstrip() if last_sentence else ""
        reader.colon_speaker = row[-1] if ending.endswith(":") and row and row[-1].speaker else None
        result.append(row)
    return result


class _QuoteMask:
    """Which characters of a paragraph are inside a quotation, addressed by text offset."""

    def __init__(self, text: str, sentences: list[Span]) -> None:
        self.start = sentences[0].start if sentences else 0
        end = sentences[-1].end if sentences else 0
        self._inside: list[bool] = []
        inside = False
        for char in text[self.start : end]:
            if char == '"':
                inside = not inside
            elif char == _QUOTE_OPEN:
                inside = True
            elif char == _QUOTE_CLOSE:
                inside = False
            self._inside.append(inside)

    def at(self, position: int) -> bool:
        index = position - self.start
        return 0 <= index < len(self._inside) and self._inside[index]

    @property
    def open_at_end(self) -> bool:
        return bool(self._inside) and self._inside[-1]


def _sentence(text: str, span: Span, mask: _QuoteMask, reader: _Reader, first: bool) -> Attribution:
    sentence = text[span.start : span.end]
    starts_quoted = sentence[:1] in {'"', _QUOTE_OPEN}
    direct = _has_quotation(sentence)
    found = (
        _according_to(sentence, reader)
        or _described_by(sentence, reader)
        or _cue(text, span, mask, reader)
        or _colon_quote(sentence, reader)
    )
    if found is not None:
        attribution = Attribution(found[0], found[1], direct) if found[0] else NOBODY
    elif first and starts_quoted and (reader.colon_speaker or reader.open_quote):
        attribution = reader.colon_speaker or reader.open_quote or NOBODY
    elif first and starts_quoted and reader.last.speaker:
        # A paragraph that is nothing but a quotation, right after a statement, carries on it.
        attribution = reader.last
    elif mask.at(span.start) and reader.last.speaker:
        attribution = reader.last  # the quotation opened in an earlier sentence goes on
    else:
        attribution = NOBODY
    if attribution.speaker and found is None:
        # carried over from an earlier sentence: whether these words are quoted is this one's
        attribution = Attribution(attribution.speaker, attribution.role, direct)
    _remember_people(sentence, reader)
    if attribution.speaker:
        _push(reader, attribution.speaker, attribution.role)
    reader.last = attribution if found is not None or attribution.speaker else NOBODY
    return attribution


def _according_to(sentence: str, reader: _Reader) -> tuple[str | None, str | None] | None:
    match = _ACCORDING.search(sentence)
    if not match or _in_quotes(sentence, match.start()):
        return None
    phrase = match.group(1)
    # The person must head the phrase: "according to Medinsky" or "according to Russia's
    # chief negotiator Medinsky", not "according to the readout of his call with Macron".
    mentions = [
        m
        for m in reader.names.mentions(phrase)
        if not _possessive(phrase, m.end)
        and not re.search(r"\b(?:of|with|from|by|to|in|on|for)\b", phrase[: m.start], re.I)
    ]
    if mentions:
        person = mentions[0].person
        return person.name, role_after(sentence, match.end()) or person.role
    if phrase.split()[0].lower() in _PRONOUNS | {"his", "her"} and not phrase.lower().endswith(
        ("office", "side", "spokesman")
    ):
        return _resolve_pronoun(reader, "", sentence[match.end() :])
    # "According to the Ukrainian side / a French official": a statement, but not a person's.
    # The sentence's own cue ("According to his office, Macron told Putin") may still name one.
    return None if CUE.search(sentence, match.end()) else (None, None)


#: The passive that quotes: 'It was hailed by security chief Vasyl Maliuk as "a major slap in
#: the face"', 'described by Kirby as "a relocation"'.
_DESCRIBED_BY = re.compile(
    r"\b(?:hailed|described|called|termed|dubbed|branded|characteri[sz]ed)\s+by\s+"
    r"([^,\"“”]{2,80}?)\s+as\s+[\"“]"
)


def _described_by(sentence: str, reader: _Reader) -> tuple[str | None, str | None] | None:
    match = _DESCRIBED_BY.search(sentence)
    if not match or _in_quotes(sentence, match.start()):
        return None
    phrase = match.group(1)
    mentions = [m for m in reader.names.mentions(phrase) if not _possessive(phrase, m.end)]
    if mentions:
        person = mentions[-1].person
        return person.name, role_around(phrase, mentions[-1].start, mentions[-1].end) or person.role
    return _unknown_person(phrase, reader)


def _cue(
    text: str, span: Span, mask: _QuoteMask, reader: _Reader
) -> tuple[str | None, str | None] | None:
    sentence = text[span.start : span.end]
    statement = False
    for cue in CUE.finditer(sentence):
        if (
            mask.at(span.start + cue.start())
            or _SUBORDINATE.search(sentence, 0, cue.start())
            or _DETERMINER.search(sentence, 0, cue.start())
        ):
            continue  # quoted words, a side clause (", as Putin indicated,"), a noun ("a tweet")
        statement = True
        subject = _subject(sentence, cue.start(), cue.end(), reader)
        if subject is not None:
            return subject
        if not _ADVERBIAL.search(sentence, 0, cue.start()):
            break
        # "when asked ..., Lavrov said": a cue in an adverbial clause has no subject; read on.
    return (None, None) if statement else None


#: A cue in a relative or "as" clause describes someone, it is not the sentence's statement:
#: "Zelenskyy, who had agreed to ...", "which, as Putin indicated in his call, had ...".
_SUBORDINATE = re.compile(r"(?:,\s*|\bwhich,\s*)(?:who|which|as)\b[^,]*?\s*(?:\b\w+\s+){0,3}$")
_DETERMINER = re.compile(r"\b(?:a|an|the|his|her|their|its|this|that)\s+$", re.IGNORECASE)
_ADVERBIAL = re.compile(r"\b(?:when|after|before|while|if)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)


def _colon_quote(sentence: str, reader: _Reader) -> tuple[str | None, str | None] | None:
    """'Slutsky ... gave an upbeat assessment: "According to ..."': a colon that introduces a
    quotation makes the clause's subject its speaker."""
    match = re.search(r":\s*[\"“]", sentence)
    if not match or _in_quotes(sentence, match.start()):
        return None
    return _subject(sentence, match.start(), match.start(), reader)


def _subject(
    sentence: str, cue_start: int, cue_end: int, reader: _Reader
) -> tuple[str | None, str | None] | None:
    """The person who is the subject of the cue, by the shapes news sentences take."""
    clause = _clause_start(sentence, cue_start)
    before = sentence[clause:cue_start]
    mentions = [
        m
        for m in reader.names.mentions(before)
        if not _possessive(before, m.end) and not _in_quotes(sentence, clause + m.start)
    ]
    pronoun = re.search(r"\b(he|she)\b(?:\s+\w+){0,3}\s*$", before, re.IGNORECASE)
    if pronoun and not (mentions and _adjacent(before, mentions[-1].end)):
        return _resolve_pronoun(reader, sentence[: clause + pronoun.start()], sentence[cue_end:])
    chosen = _choose(before, mentions)
    if chosen is not None:
        person = chosen.person
        return person.name, role_around(before, chosen.start, chosen.end) or person.role
    unknown = _unknown_person(before, reader)
    if unknown:
        return unknown
    # Inverted order: '"...," said Medinsky'.
    after = sentence[cue_end : cue_end + 60]
    inverted = [m for m in reader.names.mentions(after) if m.start <= 2]
    if inverted:
        person = inverted[0].person
        return person.name, role_after(after, inverted[0].end) or person.role
    return None


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
    closing = max(sentence.rfind(_QUOTE_CLOSE, 0, cue_start), sentence.rfind('",', 0, cue_start))
    if closing > 0:
        return closing + 1
    intro = _INTRO.match(sentence)
    return intro.end() if intro and intro.end() < cue_start else 0


def _resolve_pronoun(
    reader: _Reader, earlier: str, rest: str
) -> tuple[str | None, str | None] | None:
    """The person "he" or "she" refers to: the nearest person named before it, in the same
    sentence or the last two paragraphs, who is not named again as the object ("he told
    Macron" is not Macron). Further back than that, news writing names the person again."""
    objects = {m.person.name for m in reader.names.mentions(rest[:40])}
    for mention in reversed(reader.names.mentions(earlier)):
        if mention.person.name not in objects:
            return mention.person.name, mention.person.role
    for name, role, paragraph in reversed(reader.recent):
        if name not in objects and reader.paragraph - paragraph <= 1:
            return name, role
    return None


def _remember_people(sentence: str, reader: _Reader) -> None:
    """Note everyone the sentence names; its subject (the first name after an opening phrase)
    last, as "he" in the next sentence most often means the subject of this one."""
    mentions = [m for m in reader.names.mentions(sentence) if not _possessive(sentence, m.end)]
    for mention in reader.names.mentions(sentence):
        _push(reader, mention.person.name, mention.person.role)
    intro = _INTRO.match(sentence)
    subject = [m for m in mentions if m.start >= (intro.end() if intro else 0)][:1]
    for mention in subject:
        _push(reader, mention.person.name, mention.person.role)


def _push(reader: _Reader, name: str, role: str | None) -> None:
    kept = [entry for entry in reader.recent if entry[0] != name][-8:]
    reader.recent = [*kept, (name, role, reader.paragraph)]


def _unknown_person(before: str, reader: _Reader) -> tuple[str, str | None] | None:
    """A person the alias table does not know, named just before the cue ("Jane Doe said")."""
    head = re.sub(r",[^,]*,\s*$", "", before.strip()).strip()
    head = re.sub(r"\s+(?:has|had|have|also|later|then|likewise|again)$", "", head)
    match = _UNKNOWN_NAME.search(head)
    if not match or any(w.lower() in _ORG_WORDS for w in match.group().split()):
        return None
    surname = match.group().split()[-1]
    name = reader.unknown.setdefault(surname, surname)
    role = role_around(before, match.start(), match.end())
    return name, role


def _possessive(text: str, end: int) -> bool:
    return text[end : end + 2] in {"'s", "’s"}


def _in_quotes(sentence: str, position: int) -> bool:
    straight = sentence.count('"', 0, position) % 2 == 1
    curly = sentence.rfind(_QUOTE_OPEN, 0, position) > sentence.rfind(_QUOTE_CLOSE, 0, position)
    return straight or curly


def _has_quotation(sentence: str) -> bool:
    """Whether the sentence quotes someone's words, not just a term in scare quotes."""
    for quoted in re.findall(r"[\"“]([^\"“”]+)[\"”]?", sentence):
        if len(quoted.split()) >= 3:
            return True
    return False
