"""Paragraphs: where an article's body paragraphs are, as spans of its text.

Headlines, section headings, captions, bylines and credits are metadata, not paragraphs,
and a web page's words to its reader are no part of the article (furniture.py);
a paragraph broken mid-sentence by an extraction is joined; a last line cut short keeps
what can be quoted of it. Passages, who-said-what and the timeline all count paragraphs
this one way, so a quote's "paragraph 18" is the same paragraph everywhere.
"""

from __future__ import annotations

import re

from .furniture import is_furniture
from .lexicon import ENDS_ON_ABBREVIATION
from .quotation_marks import signature
from .sources import Source, Span

# A line that ends a sentence ends in one of these, possibly followed by closing quotes.
_TERMINAL = re.compile(r"[.!?:…;][\s\"'”’)\]]*$")
_WORD = re.compile(r"[A-Za-z][\w'’-]*")


def paragraphs(source: Source) -> list[Span]:
    """The body paragraphs of an article, as spans of `source.text`, in reading order.

    Headlines, section headings, captions and bylines are metadata, not paragraphs: they are
    lines that do not end a sentence, or short lines set in title case ("No to NATO?").
    A paragraph break in the middle of a sentence (the line stops without punctuation and
    the next one starts in lower case, as PDF and web extractions leave them) is joined, so
    the sentence stays whole.
    """
    lines = [
        Span(m.start(), m.end())
        for m in re.finditer(r"[^\n]+", source.text)
        if source.text[m.start() : m.end()].strip()
    ]
    merged: list[Span] = []
    for line in lines:
        body = source.text[line.start : line.end]
        if merged and _continues(source.text[merged[-1].start : merged[-1].end], body):
            merged[-1] = Span(merged[-1].start, line.end)
        else:
            merged.append(line)
    spans = []
    for span in merged:
        stripped = _strip(source.text, span)
        if _is_body(source.text[stripped.start : stripped.end], source.title):
            spans.append(stripped)
    if merged and (not spans or spans[-1].end < merged[-1].start):
        whole = _before_the_cut(source.text, _strip(source.text, merged[-1]))
        if whole is not None:
            spans.append(whole)
    return spans


#: How many words what is kept of an article's last line, cut short, must hold: fewer are a
#: form's leftovers ("Your comment will appear once it is approved. Fields marked") or a
#: pointer's ("Follow AP's coverage of the war in Ukraine at").
CUT_WORDS = 12
#: A sentence's closing punctuation inside a line, with its quotation marks or brackets.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*(?=\s)")
#: A caption's credit, a link: what closes a page, not its text.
_NOT_TEXT = re.compile(
    r"\bphoto(?:graph)?\b|\b(?:reuters|afp|getty)\s*/|https?://|\bwww\.", re.IGNORECASE
)
#: A wire story's credit after its last sentence: "(Reporting by ...", "-AFP", "(ANI)".
_CREDIT = re.compile(r"^\s*(?:[(\[]|[-–—]\s*[A-Z]{2,}|(?:reporting|writing|editing) by\b)", re.I)


def _before_the_cut(text: str, span: Span) -> Span | None:
    """What can be quoted of an article's last line when it stops mid-sentence (an excerpt, a
    page cut off by a paywall) or runs into a credit ("... a corridor there. (Reporting by
    ..."): dropped whole, as a caption is, it took its sentences with it (Kuleba's news
    conference, Peskov on what the Riyadh talks were for). Its whole sentences, and the one
    cut short, to its last whole word, where it is a sentence's worth (`Passage.cut_short`
    shows it with an ellipsis)."""
    line = text[span.start : span.end]
    if _NOT_TEXT.search(line) or is_furniture(line):
        return None
    ends = [
        m.end()
        for m in _SENTENCE_END.finditer(line)
        if not ENDS_ON_ABBREVIATION.search(line, 0, m.start() + 1)
    ]
    last = ends[-1] if ends else 0
    cut = line[last:]
    words = _WORD.findall(cut)
    if len(words) >= CUT_WORDS and not _CREDIT.match(cut) and not _title_case(words):
        whole_words = line[: line.rstrip().rfind(" ")].rstrip(" ,;:-–—")
        return Span(span.start, span.start + len(whole_words))
    whole = line[:last]
    if len(_WORD.findall(whole)) < CUT_WORDS or not _is_body(whole, None):
        return None
    return Span(span.start, span.start + last)


def _strip(text: str, span: Span) -> Span:
    chunk = text[span.start : span.end]
    start = span.start + (len(chunk) - len(chunk.lstrip()))
    return Span(start, span.start + len(chunk.rstrip()))


def _continues(previous: str, line: str) -> bool:
    first = line.lstrip()[:1]
    return not _TERMINAL.search(previous) and first.islower()


def _is_body(block: str, title: str | None) -> bool:
    if title and block.strip() == title.strip():
        return False
    if signature(block):
        return True  # a quotation signed with a name ('"..." ― Maria L. Ortiz') is quoted text
    if not _TERMINAL.search(block) or is_furniture(block) or _places_people(block):
        return False
    words = _WORD.findall(block)
    return not (len(words) <= 12 and _title_case(words))


#: Where a photo's caption says each one stands: "Andriy Yermak, second right, and Marco Rubio
#: talk to the press", "(from 2nd L)".
_PLACED = re.compile(
    r",\s+(?:(?:second|third|fourth|fifth)\s+)?(?:left|right|centre|center),|"
    r"\(from\s+(?:(?:2nd|3rd|4th|second|third|fourth)\s+)?(?:L|R|left|right)\)"
)
#: ... or by a letter: one delegation "(R)", the other "(L)", the hosts "(c)".
_MARKED = re.compile(r"\(([LRCc])\)")


def _places_people(block: str) -> bool:
    """Whether `block` is a photo's caption, which says where each person stands in it: set
    as a sentence, it had been quoted as the library's answer to how many sat at the table.
    By a letter only where two sides are marked, one of them not "(R)", which US news also
    writes after a Republican's name."""
    if _PLACED.search(block):
        return True
    marks = {mark.upper() for mark in _MARKED.findall(block)}
    return len(marks) >= 2 and bool(marks - {"R"})


def _title_case(words: list[str]) -> bool:
    return bool(words) and sum(w[0].isupper() for w in words) / len(words) >= 0.6
