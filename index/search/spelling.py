"""Typos in a question, corrected toward words the library holds.

One swapped pair of letters in a question's longest word changed the first quote of 21 of
85 dev and calibration questions, and made the flagship abstain ("What did Medinsky say
about neutrlaity?"): BM25 matches no passage on a misspelled word, and the model moves the
question off its topic. A word the library does not hold is replaced by pyspellchecker's
correction (an English word-frequency list, one edit away), but only when the library holds
the correction: a word that is rare in English but in the news (a place, a weapon) is never
turned into a common one, and an acronym ("HIMARS") is left alone. A word the English list
lacks too is most often a name of the news typed wrong ("antalia"): it is read as the one word
of the library one edit away (Antalya), if there is exactly one.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from functools import lru_cache

from spellchecker import SpellChecker

#: Shorter words are left as typed: one edit from a short word is too many other words.
MIN_LENGTH = 5

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


_LOADING = threading.Lock()
_LOADED: list[SpellChecker] = []


def _checker() -> SpellChecker:
    # Loaded at the first word that needs it (0.14 s): most questions need none. Once, under
    # a lock: a bot answering twenty members at once would otherwise load it twenty times.
    with _LOADING:
        if not _LOADED:
            _LOADED.append(SpellChecker(distance=1))
        return _LOADED[0]


@lru_cache(maxsize=4096)
def _correction(word: str) -> str | None:
    """pyspellchecker's correction of a lower-case word (a millisecond each; words recur)."""
    correction: str | None = _checker().correction(word)
    return correction


def corrected(question: str, knows: Callable[[str], bool], keep: Callable[[str], bool]) -> str:
    """`question` with each misspelled word replaced by the word the library holds. `knows`
    says whether the library holds a word, `keep` whether a word must stay as typed (a
    person's name, which the alias table resolves)."""

    def fix(match: re.Match[str]) -> str:
        word = match.group()
        if len(word) < MIN_LENGTH or word.isupper() or knows(word) or keep(word):
            return word
        lower = word.lower()
        correction = _correction(lower)
        if not correction or correction == lower or not knows(correction):
            # no English word: a name of the news the list lacks ("antalia" for Antalya)
            correction = None if english(lower) else _library_spelling(lower, knows)
            if correction is None:
                return word
        return correction.capitalize() if word[0].isupper() else correction

    return _WORD.sub(fix, question)


def _library_spelling(word: str, knows: Callable[[str], bool]) -> str | None:
    """The one word the library holds one edit away from `word`, if there is exactly one."""
    held = {e for e in _checker().edit_distance_1(word) if e.isalpha() and knows(e)}
    return held.pop() if len(held) == 1 else None


def english(word: str) -> bool:
    """Whether `word` is in pyspellchecker's English word list (lower case)."""
    return bool(_checker().known([word.lower()]))
