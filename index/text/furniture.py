"""Page furniture: what a web page says to its reader about itself, not the news.

An article pasted or saved from a web page keeps its cookie notice, its newsletter sign-ups
and its calls to subscribe ("Our morning newsletter brings you the day's news.", "For the
rest of this week's quiz, click here."). They end in a full stop, so they read as body
paragraphs; quoted, they answer "the latest news" with a newsletter. Menus and lists of
other stories' headlines are already left out, as lines that end no sentence
(paragraphs.py).

A paragraph is furniture when, outside its quotations, it speaks to the reader about the
site: an unmistakable phrase ("click here", "privacy policy"), or the reader or the site
addressed ("you", "your", "our", "we") together with a word of the site's dealings with
them (newsletter, inbox, cookies, subscribe, sign up). Either alone is news prose: "your
view of the talks depends on where you live", "the countries signing up to the plan"; so is
"we subscribe to the principles of the Charter", which is no subscription. Checked on 2,791
paragraphs: the 19 it finds in the real library of talks are all furniture; none of the
seeds' 84 nor of PolNeAR's 1,726 is found.
"""

from __future__ import annotations

import re

from .quotation_marks import outside, quoted_stretches
from .sources import Span

_ALONE = re.compile(
    r"\b(?:click here|sign up here|subscribe now|privacy policy|terms of (?:use|service)"
    r"|log (?:in|out))\b",
    re.IGNORECASE,
)
_ADDRESSED = re.compile(r"\b(?:you|your|our|we)\b", re.IGNORECASE)
_DEALINGS = re.compile(
    r"\b(?:newsletters?|inbox|cookies|subscribe(?!\s+to\b)|subscri(?:bers?|ption)"
    r"|sign(?:ing)?[ -]up)\b",
    re.IGNORECASE,
)


def is_furniture(paragraph: str) -> bool:
    """Whether the paragraph is the page speaking to its reader (see the module's doc)."""
    whole = Span(0, len(paragraph))
    text = " ".join(
        paragraph[a:b] for a, b in outside(whole, quoted_stretches(paragraph, 0, whole.end))
    )
    return bool(_ALONE.search(text) or (_ADDRESSED.search(text) and _DEALINGS.search(text)))
