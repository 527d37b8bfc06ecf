"""Who is the subject of a reporting verb by the dependency parse (index/text/syntax.py):
the verb's nominal subject, wherever it stands, so that in "Zelensky is ready to meet Putin,
spokesman Georgy Tykhyi said" the speaker is Tykhyi, not the subject of the sentence's first
clause, and in '"...," the White House said' the subject is an organisation, no person; and
what kind of clause a cue stands in."""

from __future__ import annotations

from ..text.names import Mention
from ..text.syntax import Parse
from .found import NO_PERSON, Found, Sentence, found, mention_at, recalled
from .pronouns import Memory, possessive
from .roles import ROLE_NOUNS, role_around


def parsed_subject(
    sentence: Sentence, cue_start: int, cue_end: int, memory: Memory
) -> Found | None:
    """The cue's subject by the dependency parse: the verb's nominal subject (or, for a verb
    joined to another, "X met Y and said", that verb's), a person named there, by a name, by
    a role with the name set beside it, or by "he"/"she". None where the parse says nothing."""
    parsed = sentence.parsed
    if parsed is None:
        return None
    base = sentence.start - sentence.parsed_at  # the sentence's offset in the paragraph
    verb = parsed.word_at(base + cue_start)
    if verb is None or parsed.words[verb].pos not in {"VERB", "AUX"}:
        return None
    head = _nominal_subject(parsed, verb, sentence.text, base)
    if head is None:
        return None
    text = sentence.text
    word = parsed.words[head]
    offset = word.start - base
    if not 0 <= offset < len(text) or sentence.mask.at(sentence.start + offset):
        return None  # a subject inside the quotation is the parser's slip: the shape decides
    mentions = [m for m in memory.people.mentions(text) if not possessive(text, m.end)]
    how = "subject" if offset < cue_start else "inverted"
    token = text[offset : offset + word.end - word.start]
    if token.rstrip(".") in _GENERATIONS:  # "Robert T. Hale Jr., a lawyer, said": Hale
        offset = text.rfind(" ", 0, max(0, offset - 1)) + 1
    person = mention_at(mentions, offset)
    if person is not None:
        return found(person.person, role_around(text, person.start, person.end), how)
    if word.pos == "PRON":
        if token.lower() in _NO_ONES_PRONOUNS:
            return NO_PERSON
        if token.lower() not in {"he", "she"}:
            return None
        ahead = _named_later(parsed, word.head, mentions, base)
        if ahead is not None and memory.genders.get(ahead.person.name, token.lower()) == (
            token.lower()
        ):
            return found(ahead.person, None, "pronoun")
        # "The meeting must bring Putin and Zelensky together, he added": what comes before
        # is the words he reports, whose names are not who "he" is
        reported = any(
            parsed.words[child].dep == "ccomp" and child < head for child in parsed.children(verb)
        )
        earlier = "" if reported else text[:offset]
        return recalled(memory.resolve(token, earlier, text[cue_end:]), "pronoun")
    for child in parsed.children(head):
        if parsed.words[child].dep == "appos":
            person = mention_at(mentions, parsed.words[child].start - base)
            if person is not None:
                role = role_around(text, person.start, person.end)
                return found(person.person, role, how)
    if token.lower().rstrip("s") not in ROLE_NOUNS:
        return NO_PERSON
    start, end = parsed.extent(head)
    if any(start <= m.start + base < end for m in mentions):
        return None  # "A close advisor to Putin, Vladimir Medinsky, said": the shape decides
    if token.lower() in ROLE_NOUNS and _definite(parsed, head, text, base):
        # "the minister said", '"...," said the Ukrainian foreign minister': the one person
        # the article has given that role ("the negotiators", several, are none)
        role = text[max(0, start - base) : end - base].split(",")[0]
        return recalled(memory.by_role(role), "role") or NO_PERSON
    return NO_PERSON


def _definite(parsed: Parse, head: int, text: str, base: int) -> bool:
    """Whether the noun phrase `head` heads points at one known thing: "the minister",
    "Russia's negotiator" (not "a minister", "ministers")."""
    for child in parsed.children(head):
        word = parsed.words[child]
        said = text[word.start - base : word.end - base].lower()
        if (word.dep == "det" and said == "the") or word.dep == "poss":
            return True
    return False


def _named_later(parsed: Parse, verb: int, mentions: list[Mention], base: int) -> Mention | None:
    """The person a pronoun names ahead of its name: "Though she criticized the delay, Ruiz
    voted for the bill": the subject of the main clause that the
    pronoun's clause opens, when it is a person named after the pronoun."""
    clause = parsed.words[verb]
    if clause.dep != "advcl" or clause.head == verb:
        return None
    subjects = [c for c in parsed.children(clause.head) if parsed.words[c].dep == "nsubj"]
    if not subjects or parsed.words[subjects[0]].start < clause.start:
        return None
    return mention_at(mentions, parsed.words[subjects[0]].start - base)


def cue_clause(sentence: Sentence, cue_start: int) -> str:
    """What the parse says of the cue at `cue_start`: "noun" (no verb: "contributed
    reporting", "a tweet"; the sentence's shape still decides, as the parser takes a verb for
    a noun now and then), "side" (a verb in a clause that describes a noun: "the measures he
    and the leaders agreed at Minsk", "Zelenskyy, who had agreed to ..."), "adverbial" (a verb
    in a clause that sets the scene: "Asked about the delay, Hale said"), "main",
    or "" where there is no parse."""
    parsed = sentence.parsed
    if parsed is None:
        return ""
    verb = parsed.word_at(sentence.start - sentence.parsed_at + cue_start)
    if verb is None:
        return ""
    word = parsed.words[verb]
    if word.pos not in {"VERB", "AUX"}:
        return "noun"
    if word.dep in {"relcl", "acl"}:
        return "side"
    for _ in range(4):
        if word.dep in {"advcl", "pcomp", "prep", "pobj"}:
            return "adverbial"
        if word.dep not in {"xcomp", "conj"} or parsed.words[word.head] is word:
            return "main"
        word = parsed.words[word.head]
    return "main"


def is_root(sentence: Sentence, cue_start: int) -> bool:
    """Whether the parse reads the cue at `cue_start` as the sentence's main verb."""
    parsed = sentence.parsed
    word = parsed.word_at(sentence.start - sentence.parsed_at + cue_start) if parsed else None
    return parsed is not None and word is not None and parsed.words[word].head == word


def reported_in(sentence: Sentence, cue_start: int) -> int | None:
    """Where (an offset in the sentence) the verb stands whose reported words hold the cue at
    `cue_start`, by the parse: "The General Staff will say more ..., Fomin added" reports
    "say" in "added". None where the cue is no verb's complement."""
    parsed = sentence.parsed
    base = sentence.start - sentence.parsed_at
    verb = parsed.word_at(base + cue_start) if parsed is not None else None
    if parsed is None or verb is None or parsed.words[verb].dep != "ccomp":
        return None
    return parsed.words[parsed.words[verb].head].start - base


_GENERATIONS = frozenset({"Jr", "Sr", "II", "III", "IV"})


def main_subject(sentence: Sentence) -> int | None:
    """Where the subject of the sentence's main verb stands (an offset in the sentence), by
    the parse: in "A day after Hurst visited the plant, Anna Berg hit back" it is Berg. None
    where the parse gives none."""
    parsed = sentence.parsed
    if parsed is None:
        return None
    base = sentence.start - sentence.parsed_at
    root = next(
        (
            index
            for index, word in enumerate(parsed.words)
            if word.head == index and 0 <= word.start - base < len(sentence.text)
        ),
        None,
    )
    head = None if root is None else _nominal_subject(parsed, root, sentence.text, base)
    return None if head is None else parsed.words[head].start - base


#: Subjects that name no one person: an organisation ("it said"), a group ("they argue"), the
#: writer ("I know"), the reader. Read on past them, the shape of the sentence took the nearest
#: name before the cue ("Meanwhile, it attacked Ruiz, saying ...": Ruiz). With the subject
#: inside a quotation left to the shape, this moved precision on the PolNeAR tuning half
#: 0.859 -> 0.863 (three statements of organisations no longer given a person).
_NO_ONES_PRONOUNS = frozenset({"it", "they", "we", "i", "you"})


_JOINED = frozenset({"conj", "xcomp", "advcl", "pcomp", "prep"})


def _nominal_subject(parsed: Parse, verb: int, text: str, base: int) -> int | None:
    """The verb's nominal subject, or that of the verb it is joined to ("X met Y and said",
    "X went on to say", "X dismissed the plan, saying", "X began by saying")."""
    for _ in range(5):
        subjects = [c for c in parsed.children(verb) if parsed.words[c].dep == "nsubj"]
        if subjects:
            return _acting(parsed, _heading(parsed, subjects, text, base))
        word = parsed.words[verb]
        if word.dep not in _JOINED or word.head == verb:
            return None
        verb = word.head
    return None


def _acting(parsed: Parse, subject: int) -> int:
    """The subject, unless the parser took the sentence's own opening verb for an adjective
    of it: in "Trump hosted Zelenskyy and other leaders ... and said he would ask Putin" it
    reads "Trump-hosted Zelenskyy" as the one who said it. A verb before the subject,
    describing it, with a noun of its own before it, apart ("Kremlin-backed" is one word):
    that noun is the subject (a person only where it names one, as any subject)."""
    for described in parsed.children(subject):
        word = parsed.words[described]
        if word.dep != "amod" or word.pos != "VERB" or described > subject:
            continue
        # the name hangs from the verb or, as the parser has it, from the subject
        names = [
            c
            for c in (*parsed.children(described), *parsed.children(subject))
            if c < described
            and parsed.words[c].pos in {"PROPN", "NOUN"}
            and parsed.words[c].end < word.start
        ]
        if names:
            return max(names)
    return subject


def _heading(parsed: Parse, subjects: list[int], text: str, base: int) -> int:
    """The first of a verb's subjects (`text` is the sentence, at `base` in the parsed
    paragraph), unless the parser split a name-and-title phrase in two: in "Zelensky adviser
    Mykhailo Podolyak said" it reads "Zelensky" as a subject of its own, and only compounds
    of the next subject stand between them. A label before a colon ("Details: Vladimir
    Medinsky ... confirmed") is no subject either. Other second subjects are its slips the
    other way ("the leaders ... — most notably, Macron and Scholz — have urged": the
    leaders)."""
    first = subjects[0]
    for later in subjects[1:]:
        between = range(first + 1, later)
        colon = parsed.words[first + 1].start - base
        if first + 1 < later and text[colon : colon + 1] == ":":
            between = range(first + 2, later)
        if all(
            parsed.words[w].dep == "compound" and parsed.words[w].head == later for w in between
        ):
            first = later
    return first
