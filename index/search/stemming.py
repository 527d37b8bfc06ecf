"""Words as the lexical index reads them: lower case, English stop words dropped, an irregular
verb's forms brought to its base form, stemmed.

Snowball stems "leaving" to "leav" and "left" to "left", so "What did Kirby say about troops
leaving Kyiv?" shared no word with his "small troops had left"; "kept" and "keep", "met" and
"meet", "held" and "hold", "fought" and "fight" were strangers too. A verb form whose base
form stems otherwise is stemmed from that base form (the verb entries of lemminflect's
dictionary); regular forms ("talks", "meeting") stem as before. A form that is also a noun or
an adjective ("left", "spoke") is taken as the verb: in news of talks and war the verb is the
common reading, and a stray match costs one word of a BM25 score.
"""

from __future__ import annotations

import gzip
import importlib.util
import re
from functools import cache, lru_cache
from pathlib import Path

import Stemmer
from bm25s.stopwords import STOPWORDS_EN

#: bm25s's default pattern drops one-character words, and with them the day in "March 7".
TOKEN_PATTERN = r"(?u)\b\w+\b"

_SNOWBALL = Stemmer.Stemmer("english")
_WORDS = re.compile(TOKEN_PATTERN)
_STOP_WORDS = frozenset(STOPWORDS_EN)  # what bm25s.tokenize(stopwords="en") drops


def stem(word: str) -> str:
    """One lower-case word's stem, from its base form where it is an irregular verb form."""
    return _SNOWBALL.stemWord(_irregular().get(word, word))


@cache
def _irregular() -> dict[str, str]:
    """Each verb form whose base form stems otherwise ("left": "leave"), from the lookup
    table lemminflect ships ("word,category,lemma/lemma" a line). Read as a file: importing
    lemminflect imports spaCy, to hook into it, and spaCy torch, which answering with the
    ONNX encoder never loads (2 s, and gigabytes on a machine without it)."""
    spec = importlib.util.find_spec("lemminflect")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("lemminflect is not installed: run scripts/install")
    table = Path(spec.submodule_search_locations[0]) / "resources" / "lemma_lu.csv.gz"
    forms = {}
    with gzip.open(table, "rt", encoding="utf-8") as lines:
        for line in lines:
            word, category, lemmas = line.rstrip("\n").split(",")
            base = lemmas.split("/")
            # a word that is also a verb of its own ("wound": wind or wound, "ground": grind
            # or ground, "found": find or found) is left as it is: taken as the other verb's
            # form, the noun "wound" would part from "wounds" and "wounded"
            if category != "verb" or word in base:
                continue
            if _SNOWBALL.stemWord(base[0]) != _SNOWBALL.stemWord(word):
                forms[word] = base[0]
    return forms


def stem_words(words: list[str]) -> list[str]:
    """`stem` of each word, as bm25s.tokenize calls a stemmer."""
    return [stem(word) for word in words]


def stems(text: str) -> list[str]:
    """The words of `text` as BM25 reads them. The steps of bm25s.tokenize, done directly:
    through it, the few words of a question or a candidate took 0.26 ms each (it makes two
    progress bars a call)."""
    return list(_stems(text))


@lru_cache(maxsize=65_536)
def _stems(text: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in _WORDS.findall(text.lower()) if w not in _STOP_WORDS)


#: Words that ask for the newest (questions.py reads them as `Intent.latest`), not for a
#: topic: "Nothing in the library mentions latest" had refused "what's the latest on the talks".
RECENCY_WORDS = ("latest", "newest", "recent", "recently", "lately", "current", "currently")

#: Words that ask rather than tell: not what a question is about.
QUESTION_WORDS = frozenset(
    stems(
        "what when where who whom whose why how which did does do say says said tell told "
        "think thinks happen happened much many long please parley can could would will know "
        "about there give me quote quotes "
        + " ".join(RECENCY_WORDS)
        # asking for an account: "summary of the march 29 talks" was refused as "Nothing in
        # the library mentions summary"
        + " summary summarize summarise overview recap explain "
        # ... or for what people think: "thoughts on the memorandum?"
        "thought thoughts opinion opinions view views "
        # ... or of no one in particular: "did anyone mention Crimea"
        "anyone anybody someone somebody anything something everyone everybody "
        # ... or how sure or how exact an answer should be, as members add them: "where
        # exactly did ...", "roughly how many ...", "what's the story in Kharkiv"
        "exactly really actually roughly approximately basically story"
    )
)


def telling(question: str) -> frozenset[str]:
    """The stems of what `question` is about, without the words that ask."""
    return frozenset(stems(question)) - QUESTION_WORDS
