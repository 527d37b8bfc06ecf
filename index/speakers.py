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
from dataclasses import dataclass, field, replace

from .article_people import ArticlePeople
from .cues import CUE
from .names import Mention, Names, Person
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

#: How often each rule names the right speaker, measured on the PolNeAR dev split
#: (../shared/attribution/polnear-dev, `parley eval --attribution`; the sentences it gave a
#: speaker, how many of them overlap a statement by that person): the attribution's
#: confidence. A rule under MIN_CONFIDENCE gives no speaker at all; one under SURE is shown
#: as uncertain (bot/terminal.py), not as "X said". "he said" is right about half the time
#: there (gender and a second person named in between mislead it), yet it is most of what
#: the seed articles quote after a first "X said" (without it the seeds' recall fell from
#: 0.92 to 0.53): kept, shown as uncertain.
CONFIDENCE = {
    "subject": 0.81,  # "X said", "X, ROLE, said", "ROLE X noted that" (517 sentences)
    "according": 0.9,  # "according to X" (9, all right: set at the subject's and over)
    "described": 0.8,  # 'hailed by X as "..."' (none there: as the subject's)
    "colon": 0.8,  # 'X gave an assessment: "..."' (4, all right)
    "continued": 0.77,  # a quotation still open, a paragraph that only quotes (114)
    "inverted": 0.7,  # '"...," said X' (66)
    "pronoun": 0.52,  # "he said": a name before it in the sentence, the last speaker (175)
}
SURE = 0.6
MIN_CONFIDENCE = 0.5


@dataclass(frozen=True)
class _Found:
    """A rule's finding: who (None: a statement, but no person's), the role, and how."""

    name: str | None
    role: str | None = None
    role_source: str | None = None
    how: str | None = None


_NO_PERSON = _Found(None)


def _found(person: Person, role: str | None, how: str) -> _Found:
    """`person` as the speaker, with the role the article gives, else the alias table's."""
    if role:
        return _Found(person.name, role, "article", how)
    return _Found(person.name, person.role, "config" if person.role else None, how)


@dataclass
class _Reader:
    """What a reader remembers while reading an article: who is talking, who was named."""

    names: ArticlePeople
    #: (name, role, role source, paragraph) of people named so far, newest last
    recent: list[tuple[str, str | None, str | None, int]] = field(default_factory=list)
    paragraph: int = 0
    open_quote: Attribution | None = None  # a quotation still open at the end of a paragraph
    colon_speaker: Attribution | None = None  # a paragraph ended "X said:" before a quote
    last: Attribution = NOBODY  # the statement just read
    last_speaker: Attribution | None = None  # the last statement with a speaker
    last_speaker_at: int = 0  # its paragraph
    roles: dict[str, str] = field(default_factory=dict)  # the role the article first gave each


def attribute(text: str, paragraphs: list[list[Span]], names: Names) -> list[list[Attribution]]:
    """One `Attribution` per sentence, for sentences grouped by paragraph (as given). The
    people are those the alias table knows and those the article itself names
    (index/article_people.py)."""
    spans = [Span(group[0].start, group[-1].end) for group in paragraphs if group]
    reader = _Reader(ArticlePeople.read(text, spans, names))
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
        attribution = _attribution(found, direct) if found.name else NOBODY
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
        how = "continued" if attribution.how != "colon" else "colon"
        attribution = replace(attribution, direct=direct, how=how, confidence=CONFIDENCE[how])
    attribution = _article_role(attribution, reader)
    _remember_people(sentence, reader)
    if attribution.speaker:
        _push(reader, attribution.speaker, attribution.role, attribution.role_source)
        reader.last_speaker, reader.last_speaker_at = attribution, reader.paragraph
    reader.last = attribution if found is not None or attribution.speaker else NOBODY
    return attribution


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


def _attribution(found: _Found, direct: bool) -> Attribution:
    confidence = CONFIDENCE.get(found.how or "", 0.0)
    if confidence < MIN_CONFIDENCE:
        return NOBODY
    return Attribution(found.name, found.role, direct, found.role_source, found.how, confidence)


def _according_to(sentence: str, reader: _Reader) -> _Found | None:
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
        return _found(mentions[0].person, role_after(sentence, match.end()), "according")
    if phrase.split()[0].lower() in _PRONOUNS | {"his", "her"} and not phrase.lower().endswith(
        ("office", "side", "spokesman")
    ):
        return _resolve_pronoun(reader, "", sentence[match.end() :])
    # "According to the Ukrainian side / a French official": a statement, but not a person's.
    # The sentence's own cue ("According to his office, Macron told Putin") may still name one.
    return None if CUE.search(sentence, match.end()) else _NO_PERSON


#: The passive that quotes: 'It was hailed by security chief Vasyl Maliuk as "a major slap in
#: the face"', 'described by Kirby as "a relocation"'.
_DESCRIBED_BY = re.compile(
    r"\b(?:hailed|described|called|termed|dubbed|branded|characteri[sz]ed)\s+by\s+"
    r"([^,\"“”]{2,80}?)\s+as\s+[\"“]"
)


def _described_by(sentence: str, reader: _Reader) -> _Found | None:
    match = _DESCRIBED_BY.search(sentence)
    if not match or _in_quotes(sentence, match.start()):
        return None
    phrase = match.group(1)
    mentions = [m for m in reader.names.mentions(phrase) if not _possessive(phrase, m.end)]
    if mentions:
        last = mentions[-1]
        return _found(last.person, role_around(phrase, last.start, last.end), "described")
    return None


def _cue(text: str, span: Span, mask: _QuoteMask, reader: _Reader) -> _Found | None:
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
    return _NO_PERSON if statement else None


#: A cue in a relative or "as" clause describes someone, it is not the sentence's statement:
#: "Zelenskyy, who had agreed to ...", "which, as Putin indicated in his call, had ...".
_SUBORDINATE = re.compile(r"(?:,\s*|\bwhich,\s*)(?:who|which|as)\b[^,]*?\s*(?:\b\w+\s+){0,3}$")
_DETERMINER = re.compile(r"\b(?:a|an|the|his|her|their|its|this|that)\s+$", re.IGNORECASE)
_ADVERBIAL = re.compile(r"\b(?:when|after|before|while|if)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)


def _colon_quote(sentence: str, reader: _Reader) -> _Found | None:
    """'Slutsky ... gave an upbeat assessment: "According to ..."': a colon that introduces a
    quotation makes the clause's subject its speaker."""
    match = re.search(r":\s*[\"“]", sentence)
    if not match or _in_quotes(sentence, match.start()):
        return None
    found = _subject(sentence, match.start(), match.start(), reader)
    return replace(found, how="colon") if found is not None and found.name else found


def _subject(sentence: str, cue_start: int, cue_end: int, reader: _Reader) -> _Found | None:
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
        return _found(chosen.person, role_around(before, chosen.start, chosen.end), "subject")
    # Inverted order: '"...," said Medinsky'.
    after = sentence[cue_end : cue_end + 60]
    inverted = [m for m in reader.names.mentions(after) if m.start <= 2]
    if inverted:
        return _found(inverted[0].person, role_after(after, inverted[0].end), "inverted")
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


def _resolve_pronoun(reader: _Reader, earlier: str, rest: str) -> _Found | None:
    """The person "he" or "she" refers to: a person named before it in the same sentence
    ("Zelenskyy gave an address in which he urged"); else the speaker just quoted, if a
    statement was read in this paragraph or the last ('"...," Peskov said. He added'), since
    news goes on with its speaker rather than the last name it mentioned; else the nearest
    person named in the last two paragraphs. Never one named again as the object ("he told
    Macron" is not Macron). Further back than that, news writing names the person again."""
    objects = {m.person.name for m in reader.names.mentions(rest[:40])}
    for mention in reversed(reader.names.mentions(earlier)):
        if mention.person.name not in objects:
            return _found(mention.person, None, "pronoun")
    last = reader.last_speaker
    recently = last is not None and reader.paragraph - reader.last_speaker_at <= 1
    if last is not None and recently and last.speaker not in objects:
        return _Found(last.speaker, last.role, last.role_source, "pronoun")
    for name, role, source, paragraph in reversed(reader.recent):
        if name not in objects and reader.paragraph - paragraph <= 1:
            return _Found(name, role, source, "pronoun")
    return None


def _remember_people(sentence: str, reader: _Reader) -> None:
    """Note everyone the sentence names; its subject (the first name after an opening phrase)
    last, as "he" in the next sentence most often means the subject of this one."""
    # Not those inside a quotation: the speaker's words name people they talk about.
    named = [m for m in reader.names.mentions(sentence) if not _in_quotes(sentence, m.start)]
    mentions = [m for m in named if not _possessive(sentence, m.end)]
    for mention in named:
        _push(reader, *_config_role(mention.person))
    intro = _INTRO.match(sentence)
    subject = [m for m in mentions if m.start >= (intro.end() if intro else 0)][:1]
    for mention in subject:
        _push(reader, *_config_role(mention.person))


def _config_role(person: Person) -> tuple[str, str | None, str | None]:
    return person.name, person.role, "config" if person.role else None


def _push(reader: _Reader, name: str, role: str | None, source: str | None) -> None:
    kept = [entry for entry in reader.recent if entry[0] != name][-8:]
    reader.recent = [*kept, (name, role, source, reader.paragraph)]


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
