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


# -- the calendar ---------------------------------------------------------------------------

MONTHS = (
    "January February March April May June July August September October November December"
).split()
#: How news abbreviates them ("Feb. 21", "Sept. 30"); May has no abbreviation.
MONTH_ABBREVIATIONS = "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split()
#: Text that ends on an abbreviation's full stop, which ends no sentence: an initial ("V.
#: Medinsky"), US state abbreviations after a politician's name ("Mitch McConnell, R-Ky.,
#: said"), titles, months. The segmenter sometimes ends a sentence there (text/passages.py),
#: and an article's last line is not cut at one (text/paragraphs.py).
ENDS_ON_ABBREVIATION = re.compile(
    r"\b(?:[A-Z]|Ala|Ariz|Ark|Calif|Colo|Conn|Del|Fla|Ga|Ill|Ind|Kan|Ky|La|Md|Mass|Mich|Minn|"
    r"Miss|Mo|Mont|Neb|Nev|Okla|Ore|Pa|Tenn|Tex|Va|Vt|Wash|Wis|Wyo|N\.[HJMYCD]|R\.I|S\.[CD]|"
    r"Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Jr|Sr|No|Inc|Corp|Co|St|"
    r"Jan|Feb|Mar|Apr|Aug|Sept|Oct|Nov|Dec|U\.S|U\.K|U\.N)\.\s*$"
)
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
#: Each month's number by its name or abbreviation, lower case.
MONTH_NUMBERS = {
    name.lower(): number
    for number, month in enumerate(MONTHS, start=1)
    for name in (month, *(short for short in MONTH_ABBREVIATIONS if month.startswith(short[:3])))
}
#: What a month or a day of the week begins with, lower case ("jan", "mon"): enough to tell a
#: word of the calendar.
CALENDAR_PREFIXES = tuple(name[:3].lower() for name in (*MONTHS, *WEEKDAYS))


# -- speech ------------------------------------------------------------------------------------

#: Verbs that report, past tense, as news narrates a statement ("said", "tweeted"): a date near
#: one dates the saying (timeline/date_expressions.py). The attribution's fuller list, every
#: tense, is attribution/cues.py.
REPORTED = (
    "said told stated announced tweeted wrote added noted reported claimed indicated insisted "
    "warned suggested proposed revealed confirmed"
).split()
#: ... and those after which a sentence's "he" or "she" goes on speaking rather than telling
#: something new (timeline/events.py). Measured apart: the dates' list here instead changed
#: which sentences are events.
GOES_ON_SAYING = (
    "said added told noted stated stressed suggested insisted underscored reiterated tweeted wrote"
).split()


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


# -- telling two sentences apart ------------------------------------------------------------

#: Words two sentences of news share whatever they tell: left out when two tellings of an
#: event are compared (timeline/merge.py) and when a topic is matched to a sentence.
NARRATION_WORDS = frozenset(
    "a an and are as at be been but by for from had has have he her his in into is it its of on "
    "or said says she that the their them they this to was were which who will with would "
    "also after before between than then there these those not no".split()
)
_CALENDAR = re.compile(rf"^(?:{'|'.join(CALENDAR_PREFIXES)}|yesterday|today|tomorrow|\d)")


def crude_stems(text: str) -> set[str]:
    """Content words cut to six letters, a crude stem that still joins "negotiators" and
    "negotiations", "Russia" and "Russian"; dates are left out, they are compared apart.
    Unlike `keyword`, a plural s stays: the merging threshold was measured so (MERGE_OVERLAP
    in timeline/merge.py), and cutting it would merge other pairs of events."""
    words = re.findall(r"[a-z0-9]+", fold(text).replace("'s", ""))
    kept = (w for w in words if w not in NARRATION_WORDS and len(w) > 2)
    return {w[:6] for w in kept if not _CALENDAR.match(w)}


def word_overlap(a: str, b: str) -> float:
    """The share of the shorter text's `crude_stems` that the other holds: how far two
    sentences tell the same thing, dates aside (0 where either has no content word)."""
    first, second = crude_stems(a), crude_stems(b)
    if not first or not second:
        return 0.0
    return len(first & second) / min(len(first), len(second))
