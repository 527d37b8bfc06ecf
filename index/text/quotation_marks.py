"""Which words of a paragraph are inside quotation marks: the speaker's, not the reporter's.

A cue inside a quotation ("I hope", 'he said "I told them"') is the speaker's own word, not
a new statement, and the people a speaker names are who they talk about, not who talks.
"""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .sources import Span

OPENING = "“"
CLOSING = "”"


def quoted_stretches(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The quoted stretches of text[start:end], their marks included: straight quotes
    alternate, curly ones say which side they are; a quotation still open at the end runs
    to it."""
    spans, opened = [], None
    for i in range(start, end):
        char = text[i]
        if opened is None and char in f'"{OPENING}':
            opened = i
        elif opened is not None and char in f'"{CLOSING}':
            spans.append((opened, i + 1))
            opened = None
    if opened is not None:
        spans.append((opened, end))
    return spans


def outside(span: Span, quotes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The stretches of the sentence outside quotation marks, as offsets into it."""
    stretches, at = [], span.start
    for q0, q1 in sorted(quotes):
        if q1 <= span.start or q0 >= span.end:
            continue
        if q0 > at:
            stretches.append((at - span.start, q0 - span.start))
        at = max(at, q1)
    if at < span.end:
        stretches.append((at - span.start, span.end - span.start))
    return stretches


class QuoteMask:
    """Which characters of a paragraph are inside a quotation, addressed by text offset; a
    quotation opened in one sentence stays open in the next until it is closed. Its opening
    mark is inside, its closing mark is not."""

    def __init__(self, text: str, sentences: list[Span]) -> None:
        self.start = sentences[0].start if sentences else 0
        end = sentences[-1].end if sentences else 0
        self._inside = [False] * (end - self.start)
        self.open_at_end = False
        for opened, closed in quoted_stretches(text, self.start, end):
            unclosed = closed == end and text[closed - 1] not in f'"{CLOSING}'
            unclosed = unclosed or closed - 1 == opened  # a mark alone at the very end
            last = closed if unclosed else closed - 1
            self._inside[opened - self.start : last - self.start] = [True] * (last - opened)
            self.open_at_end = unclosed

    def at(self, position: int) -> bool:
        index = position - self.start
        return 0 <= index < len(self._inside) and self._inside[index]


_TYPEWRITER = re.compile(r"''")
#: An invisible character that keeps offsets where two characters become one mark.
_FILLER = "\u2060"


def typewriter_quotes(text: str) -> str:
    """`text` with quotations typed as two apostrophes (''...'', as news archives keep them)
    marked with double quotation marks instead, at the same offsets: the filler goes inside
    an opening mark and before a closing one, so '"Word' and '",' read as they would."""

    def mark(match: re.Match[str]) -> str:
        before = text[match.start() - 1] if match.start() else " "
        return '"' + _FILLER if before.isspace() or before in "([" else _FILLER + '"'

    return _TYPEWRITER.sub(mark, text) if "''" in text else text


#: An opening mark that opens: not one typed for a closing mark at a word's end ('51 percent.“').
_OPENS = re.compile(rf"{OPENING}(?!\s|$)|(?<!\S){OPENING}", re.MULTILINE)
#: A paragraph that opens with a quotation mark.
_OPENS_QUOTED = re.compile(rf"[ \t]*[{OPENING}\"]")


def without_stray_openings(text: str) -> str:
    """`text` with each opening quotation mark that is never closed made a filler, at the same
    offsets: a curly opening mark with no closing one after it in its paragraph, where the
    next paragraph does not open with a mark (a quotation running over paragraphs opens each
    of them) and is not the article's last (an excerpt may stop inside a quotation). An
    outlet's copy of another's paragraph may keep its opening mark and lose the closing one;
    read as a quotation, the whole paragraph would be someone's words, and the "X said" in
    it nobody's."""
    if OPENING not in text:
        return text
    lines = [m.span() for m in re.finditer(r"[^\n]*\S[^\n]*", text)]
    stray = []
    for (start, end), (after, _) in itertools.pairwise(lines):
        opened = max((m.start() for m in _OPENS.finditer(text, start, end)), default=-1)
        unclosed = opened >= 0 and not _closed(text[opened + 1 : end])
        if unclosed and not _OPENS_QUOTED.match(text, after):
            stray.append(opened)
    pieces, at = [], 0
    for mark in stray:
        pieces += [text[at:mark], _FILLER]
        at = mark + 1
    return "".join([*pieces, text[at:]])


def _closed(rest: str) -> bool:
    """Whether a quotation opened before `rest` is closed in it: by a closing mark, a straight
    one, or an opening one typed for it at a word's end."""
    return (
        any(mark in rest for mark in (CLOSING, '"'))
        or re.search(rf"\S{OPENING}(?=\s|$)", rest, re.MULTILINE) is not None
    )


def in_quotes(sentence: str, position: int) -> bool:
    """Whether `position` of one sentence is inside a quotation that opens in it."""
    straight = sentence.count('"', 0, position) % 2 == 1
    curly = sentence.rfind(OPENING, 0, position) > sentence.rfind(CLOSING, 0, position)
    return straight or curly


def starts_quoted(sentence: str) -> bool:
    return sentence[:1] in {'"', OPENING}


def closing_before(sentence: str, position: int) -> int:
    """Where the last quotation before `position` closes ('"...," Podolyak said'), or -1."""
    return max(sentence.rfind(CLOSING, 0, position), sentence.rfind('",', 0, position))


def has_quotation(sentence: str) -> bool:
    """Whether the sentence quotes someone's words, not just a term in scare quotes."""
    for quoted in re.findall(r"[\"“]([^\"“”]+)[\"”]?", sentence):
        if len(quoted.split()) >= 3:
            return True
    return False


#: A quotation signed with a dash and a name, ending its paragraph: '"We are not going
#: anywhere." ― Maria L. Ortiz' (readers' and voters' words, epigraphs, pull quotes), or,
#: as Ukrainian and Russian news write a statement, with no quotation marks and the verb
#: after the dash: "..., — said Umerov".
_SIGNATURE = re.compile(
    r"(?:[”\"]\s*[―—–]|[,.]?\s+[―—–-]\s*(?:said|says|added|noted|stressed|stated))\s*"
    r"([A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|da|del|van|von|der|la|le)){0,4})\s*\.?\s*$"
)


def signature(paragraph: str) -> str | None:
    """The name that signs a paragraph's quotation, if one does."""
    match = _SIGNATURE.search(paragraph)
    return match.group(1) if match else None
