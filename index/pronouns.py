"""Who "he" and "she" are: what a reader remembers of the people an article has named.

News goes on with its speaker rather than with the last name it mentioned ('"...," Peskov
said. Ushakov was also there. "But not at any price," he said': Peskov), and a pronoun's
gender rules people out where the article tells theirs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .article_people import ArticlePeople
from .names import Person
from .quotation_marks import in_quotes


@dataclass(frozen=True)
class Named:
    """A person as last named: the canonical name, a role and where the role came from."""

    name: str
    role: str | None = None
    role_source: str | None = None  # "article" or "config"


def as_named(person: Person) -> Named:
    return Named(person.name, person.role, "config" if person.role else None)


@dataclass
class Memory:
    """The people named so far (newest last) and who spoke last, as a reader keeps them."""

    people: ArticlePeople
    paragraph: int = 0
    recent: list[tuple[Named, int]] = field(default_factory=list)  # with its paragraph
    last_speaker: Named | None = None
    last_speaker_at: int = 0  # its paragraph

    def push(self, named: Named) -> None:
        kept = [entry for entry in self.recent if entry[0].name != named.name][-8:]
        self.recent = [*kept, (named, self.paragraph)]

    def spoke(self, named: Named) -> None:
        self.push(named)
        self.last_speaker, self.last_speaker_at = named, self.paragraph

    def remember(self, sentence: str, subject_from: int) -> None:
        """Note everyone the sentence names outside quotation marks (the speaker's words
        name people they talk about); its subject, the first name from `subject_from` on,
        last, as "he" in the next sentence most often means the subject of this one."""
        named = [m for m in self.people.mentions(sentence) if not in_quotes(sentence, m.start)]
        for mention in named:
            self.push(as_named(mention.person))
        subject = [m for m in named if m.start >= subject_from and not possessive(sentence, m.end)]
        for mention in subject[:1]:
            self.push(as_named(mention.person))

    def resolve(self, earlier: str, rest: str) -> Named | None:
        """The person "he" or "she" refers to: a person named before it in the same sentence
        ("Zelenskyy gave an address in which he urged"); else the speaker just quoted, if a
        statement was read in this paragraph or the last ('"...," Peskov said. He added');
        else the nearest person named in the last two paragraphs. Never one named again as
        the object ("he told Macron" is not Macron). Further back than that, news writing
        names the person again."""
        objects = {m.person.name for m in self.people.mentions(rest[:40])}
        for mention in reversed(self.people.mentions(earlier)):
            if mention.person.name not in objects:
                return as_named(mention.person)
        last = self.last_speaker
        recently = last is not None and self.paragraph - self.last_speaker_at <= 1
        if last is not None and recently and last.name not in objects:
            return last
        for named, paragraph in reversed(self.recent):
            if named.name not in objects and self.paragraph - paragraph <= 1:
                return named
        return None


def possessive(text: str, end: int) -> bool:
    return text[end : end + 2] in {"'s", "’s"}
