"""Clauses: where a date stands in its sentence's grammar, and the tense the sentence tells in.

Which date a sentence reports depends on its grammar, which patterns of words kept getting
wrong: "began" opened an aside in "since the invasion began in 2022" but is the main verb of
"The third round of talks began in Belarus on Monday"; "had" marked the past perfect in "had
agreed" but not in "had a one-on-one conversation"; "are" in "to inquire if they are
willing" made a past-tense sentence present. So each sentence is parsed by spaCy's small
English pipeline (en_core_web_sm 3.8, loaded once in text/syntax.py; here its tagger and
parser, not its entity recognizer): about 3 s for the 81 articles of the real library. Its
parse is wrong at times; each rule built on it was kept only where it raised the figures on
the tuning halves of the labelled samples (eval/README.md) and lowered none.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Iterable
from typing import Any

from ..text.syntax import pipeline

#: Sentences whose parse is kept: tests and evaluations read the same articles again and again.
KEPT = 20_000
_PARSED: OrderedDict[str, Any] = OrderedDict()
_LOADING = threading.Lock()

#: What opens an adverbial clause that dates only itself ("after the peace process resumed
#: last month", "when he took office"); "since" is told apart, see `aside`.
_SUBORDINATORS = {"after", "before", "when", "while", "once", "until", "till", "as", "because"}
_SINCE = re.compile(r"\bsince\b", re.I)
_SUBJECTS = {"nsubj", "nsubjpass", "csubj", "expl"}
_PAST_PERFECT = {"had", "'d"}
_PERFECT = {"has", "have", "'ve"}


def parse_all(sentences: Iterable[str]) -> None:
    """Parse `sentences` in one batch, ahead of `aside` and `tense` asking about them."""
    with _LOADING:
        unread = [s for s in dict.fromkeys(sentences) if s not in _PARSED]
    if not unread:
        return
    # Tagger and parser only: the entities are the paragraph parse's (text/syntax.py).
    texts = [s.replace("\n", " ") for s in unread]
    docs = list(pipeline().pipe(texts, batch_size=64, disable=["ner"]))
    with _LOADING:
        _PARSED.update(zip(unread, docs, strict=True))
        while len(_PARSED) > KEPT:
            _PARSED.popitem(last=False)


def _doc(sentence: str) -> Any:
    with _LOADING:
        doc = _PARSED.get(sentence)
    if doc is None:
        parse_all([sentence])
        with _LOADING:
            doc = _PARSED.get(sentence)
    if doc is None:  # pushed out by other threads' sentences since: parse it again
        doc = next(pipeline().pipe([sentence.replace("\n", " ")], disable=["ner"]))
    return doc


def aside(sentence: str, start: int, end: int) -> str:
    """Where the words at [start, end) of `sentence` stand: "" in the clause the sentence
    reports; "since" under a "since" ("since 2014", "since he took office on January 20");
    "clause" in a relative clause ("regions Russia annexed in September 2022", "the talks
    held on Friday") or an adverbial one with a subject of its own ("after the process
    resumed last month"); "subject" in a relative clause on the main verb's subject ("The
    last attempt, held in mid-May, marked ...": what the sentence is about). A participle
    without a subject ("Speaking earlier, he said") and a reported clause ("said talks will
    resume on Friday") are what the sentence reports."""
    if _SINCE.search(re.split(r"[,;:–—(]|\s-\s", sentence[:start])[-1]):
        return "since"  # the parser sometimes hangs "early last year" elsewhere; the word decides
    token = _head(_doc(sentence), start, end)
    while token is not None:
        if token.lower_ == "since" or any(
            c.dep_ == "mark" and c.lower_ == "since" for c in token.children
        ):
            return "since"
        if token.dep_ == "relcl" or (token.dep_ == "acl" and token.tag_ == "VBN"):
            # on the subject of the sentence's main verb, it says when that subject was
            noun = token.head
            main = noun.head.dep_ == "ROOT" and noun.dep_ in ("nsubj", "nsubjpass")
            return "subject" if main else "clause"
        if token.dep_ == "advcl" and _subordinate(token):
            return "clause"
        token = token.head if token.head.i != token.i else None
    return ""


def on_a_noun(sentence: str, start: int, end: int) -> bool:
    """Whether the words at [start, end) date a thing, not an act: they hang, through
    prepositions only, on a common noun ("the formal incorporation in 2014 of Crimea").
    A year so placed dates that thing, an aside, where the parser hung the clause it is in
    on the main verb: a seeds tuning sentence was listed under 2014 from its "On Saturday
    evening". Not a month: "In a March 2025 interview, Zelensky suggested" is the
    sentence's own time. Four events of the library and seeds became asides, one was
    added; no tuning figure moved."""
    token = _head(_doc(sentence), start, end)
    while token is not None and token.head.i != token.i:
        head = token.head
        if head.pos_ == "ADP":
            token = head
            continue
        return head.pos_ == "NOUN"
    return False


def in_main_clause(sentence: str, start: int, end: int) -> bool:
    """Whether the words at [start, end) belong to the sentence's main clause itself (its
    main verb's, or a verb joined to it by "and"), not to a clause under it: "years" in
    "saying results depend on the three-year-old conflict" says nothing of when the saying
    was."""
    doc = _doc(sentence)
    inside = [t for t in doc if t.idx < end and start < t.idx + len(t)]
    if not inside:
        return False
    token = inside[0]
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
        token = token.head
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token.dep_ == "ROOT" or token.head.i == token.i


def dates_a_past_verb(sentence: str, start: int, end: int) -> bool:
    """Whether the words at [start, end) say when a verb in the past tense happened: "met on
    March 10", "ending on March 7" (a participle of "held"), "spoke ... in June". A date on
    a noun ("proposed talks on July 1") says nothing of the tense it is in."""
    token = _head(_doc(sentence), start, end)
    if token is None:
        return False
    head = token.head
    if token.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head  # "on March 10" hangs on what the preposition does
    elif token.dep_ != "npadvmod":  # "met Monday"
        return False
    if head.pos_ not in ("VERB", "AUX"):
        return False
    while head.tag_ in ("VBG", "VBN") and head.dep_ in ("advcl", "xcomp", "conj", "acl"):
        if any(a.dep_ in ("aux", "auxpass") for a in head.children):
            break  # "was held", "has been held": its own auxiliary tells
        head = head.head
    auxiliaries = [a for a in head.children if a.dep_ in ("aux", "auxpass")]
    if any(a.tag_ == "MD" or a.lower_ in _PERFECT for a in auxiliaries):
        return False
    return head.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxiliaries)


def hedged(sentence: str, start: int, end: int) -> bool:
    """Whether the verb the words at [start, end) date is told as a guess, not a plan: "would
    probably meet this week", "it may be this week that talks are held", "was unlikely to take
    place next week". A modal of possibility or an adverb of doubt on that verb, or an
    adjective of doubt it completes ("unlikely to ..."). "Would meet on Thursday" is a plan."""
    token = _head(_doc(sentence), start, end)
    while token is not None and token.pos_ not in ("VERB", "AUX"):
        token = token.head if token.head.i != token.i else None
    # the verb, and what it completes ("was unlikely to take place", "may want to meet")
    for verb in (token, token.head if token is not None and token.dep_ == "xcomp" else None):
        if verb is None:
            continue
        if verb.lower_ == "unlikely":
            return True
        for child in verb.children:
            if child.dep_ == "aux" and child.lower_ in _POSSIBLE:
                return True
            if child.dep_ == "advmod" and child.lower_ in _DOUBT:
                return True
            if child.dep_ == "acomp" and child.lower_ == "unlikely":
                return True
    return False


#: "could" too: "could not reach an agreement ... on Thursday" is past, and only dates to
#: come are asked about (dates.py).
_POSSIBLE = {"may", "might", "could"}
_DOUBT = {"probably", "possibly", "perhaps", "maybe"}


def dated_verb(sentence: str, start: int, end: int) -> tuple[int, int] | None:
    """Where the verb stands whose time the words at [start, end) give outright, as offsets
    into the sentence: "said Tuesday", "said on Tuesday", "After Tuesday's meeting, Podoliak
    tweeted", "In a television interview Wednesday, Lavrov said". None where they date
    something else on the way to a verb: "reiterated Macron's message of the previous day"
    (the message), "commenting on the results of the talks on July 23" (the talks), "said
    Russia attacked on Sunday" (the attack, whose verb comes first)."""
    token = _head(_doc(sentence), start, end)
    if token is None:
        return None
    date = token
    # at most the date, the nouns of phrases on the verb and their prepositions ("in a
    # series of posts on Friday")
    for _ in range(4):
        head = token.head
        if head.i == token.i:
            return None
        if head.pos_ in ("VERB", "AUX"):
            # after the verb, only close to it: the parser hangs a date at the end of a
            # long object on the verb as readily as on the object's last noun
            if date.i - head.i > _NEAR:
                return None
            return (head.idx, head.idx + len(head))
        if head.pos_ == "ADP" or (head.dep_ == "pobj" and head.head.pos_ == "ADP"):
            token = head
        else:
            return None
    return None


#: How many words after its verb a date may stand and still be the verb's: "told reporters
#: in Kyiv on Friday" (5), "said in several posts on social media late on Friday" (8).
_NEAR = 10


def _head(doc: Any, start: int, end: int) -> Any:
    """The token of the words at [start, end) that the others hang on, or None."""
    inside = {t.i for t in doc if t.idx < end and start < t.idx + len(t)}
    if not inside:
        return None
    return next((doc[i] for i in sorted(inside) if doc[i].head.i not in inside), doc[min(inside)])


def _subordinate(verb: Any) -> bool:
    children = list(verb.children)
    return any(c.dep_ == "mark" and c.lower_ in _SUBORDINATORS for c in children) and any(
        c.dep_ in _SUBJECTS for c in children
    )


def tense(sentence: str, outside: list[tuple[int, int]]) -> str:
    """The tense of the clause the sentence reports, read from its main verb that lies in
    one of the `outside` stretches (offsets into `sentence`: its narration, not what it
    quotes): "past" ("met", "was signed", "had a conversation"), "past perfect" ("had
    agreed"), "perfect" ("has dropped"), "present", "future" ("will", "would" or another
    modal), or "" for a sentence with no verb there (a dateline: "ISTANBUL, June 2.")."""
    main = _main_verb(sentence, outside)
    if main is None:
        return ""
    auxiliaries = [c for c in main.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxiliaries}
    if any(a.tag_ == "MD" for a in auxiliaries) or main.tag_ == "MD":
        return "future"
    if words & _PAST_PERFECT and main.tag_ == "VBN":
        return "past perfect"
    if words & _PERFECT and main.tag_ == "VBN":
        return "perfect"
    if main.tag_ == "VBD" or (main.tag_ == "VBN" and any(a.tag_ == "VBD" for a in auxiliaries)):
        return "past"
    if main.tag_ == "VBN" and not auxiliaries:
        # A participle with no auxiliary heads no clause: the tagger took a past tense for
        # one ("Trump posted on his platform that ...", read as present, had sent a 2026
        # overview's story of 2025 back to the article's year)
        return "past"
    if main.tag_ in ("VBZ", "VBP") or any(a.tag_ in ("VBZ", "VBP") for a in auxiliaries):
        return "present"
    return "past" if any(a.tag_ == "VBD" for a in auxiliaries) else "present"


def main_verb(sentence: str, outside: list[tuple[int, int]]) -> str:
    """The main verb of the clause the sentence reports, as written and in lower case ("" for
    none): see `tense` for which verb that is."""
    main = _main_verb(sentence, outside)
    return main.lower_ if main is not None else ""


def _main_verb(sentence: str, outside: list[tuple[int, int]]) -> Any:
    doc = _doc(sentence)

    def narrated(token: Any) -> bool:
        return any(a <= token.idx < b for a, b in outside)

    verbs = [t for t in doc if narrated(t) and t.pos_ in ("VERB", "AUX") and t.dep_ != "aux"]
    if not verbs:
        return None
    # The main verb: the root if it is narration, else the highest verb that is.
    return min(verbs, key=lambda t: (len(list(t.ancestors)), t.i))
