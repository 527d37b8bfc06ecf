"""The vocabulary the library's readers share: how words are folded and compared, the months,
and the words too common to tell one passage from another.

Kept in one place: each reader (dates, questions, the timeline, the bot's bold words) had
written its own copy, and the copies had begun to differ.
"""

from __future__ import annotations

import re
import unicodedata


def fold(text: str) -> str:
    """Lower case, accents removed, curly apostrophes straight: Çavuşoğlu -> cavusoglu."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


# -- words worth matching ---------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+")
#: Words a member's question and an article share without saying anything in common.
COMMON_WORDS = frozenset(
    "the and for are was were has have had did does what who whom whose which when where why "
    "how say says said about with from that this these those they them their there into over "
    "than then been being also any all can could would should will shall not but its his her "
    "him she you your our out was tell told talk".split()
)


def keywords(text: str) -> frozenset[str]:
    """The words of `text` worth matching, as keys that ignore case, accents, a plural s and
    endings after six letters (neutral/neutrality, Russia/Russian, guarantee/guarantees)."""
    return frozenset(
        keyword(w) for w in _WORD.findall(text) if len(w) >= 3 and fold(w) not in COMMON_WORDS
    )


def keyword(word: str) -> str:
    """`word` as `keywords` compares it."""
    folded = fold(word)
    return (folded[:-1] if len(folded) > 3 and folded.endswith("s") else folded)[:6]
