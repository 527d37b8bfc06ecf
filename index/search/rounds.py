"""Which round of the talks a text names: "the second round", "the third round of direct
talks", "their first face-to-face meeting".

Talks come in numbered rounds, and news of one round names the others ("a follow-up to the
second round"). A question about "the second round" shares every word but one with a
passage about the third, so by words and by meaning the two come out alike; the ordinal
tells them apart.
"""

from __future__ import annotations

import re

_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
    "5th": 5,
    "6th": 6,
}
# up to two words between the ordinal and what it numbers ("first face-to-face meeting")
_ROUND = re.compile(
    rf"\b({'|'.join(_ORDINALS)})(?:\s+[\w-]+){{0,2}}?\s+(?:round|meeting|session)s?\b",
    re.IGNORECASE,
)


def rounds_named(text: str) -> frozenset[int]:
    """The numbers of the rounds (or meetings, sessions) `text` names by ordinal."""
    return frozenset(_ORDINALS[match.group(1).lower()] for match in _ROUND.finditer(text))
