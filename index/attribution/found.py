"""What a rule finds: who speaks (or that no person does), and the sentence it reads."""

from __future__ import annotations

from dataclasses import dataclass

from ..text.names import Mention, Person
from ..text.quotation_marks import QuoteMask
from ..text.syntax import Parse
from .pronouns import Named


@dataclass(frozen=True)
class Found:
    """A rule's finding: who (None: a statement, but no person's), the role, and how."""

    name: str | None
    role: str | None = None
    role_source: str | None = None  # "article" or "config"
    how: str | None = None  # the rule (index/attribution/speakers.py CONFIDENCE)


NO_PERSON = Found(None)


def found(person: Person, role: str | None, how: str) -> Found:
    """`person` as the speaker, with the role the article gives, else the alias table's."""
    if role:
        return Found(person.name, role, "article", how)
    return Found(person.name, person.role, "config" if person.role else None, how)


def recalled(named: Named | None, how: str) -> Found | None:
    return Found(named.name, named.role, named.role_source, how) if named else None


@dataclass(frozen=True)
class Sentence:
    """One sentence, with what the rules read around it: the quotation marks of its
    paragraph and the paragraph's parse."""

    text: str  # the sentence
    start: int  # where it starts in the article
    mask: QuoteMask
    parsed: Parse | None = None
    parsed_at: int = 0  # where the parsed paragraph starts in the article


def mention_at(mentions: list[Mention], offset: int) -> Mention | None:
    return next((m for m in mentions if m.start <= offset < m.end), None)
