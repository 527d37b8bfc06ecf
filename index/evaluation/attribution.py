"""Scoring who-said-what against hand-labelled statements, in either of two formats.

- eval/attribution.jsonl (the seeds): `source`, `text` (the statement, found in the article),
  `speaker` (a name, any spelling the alias table knows, or null for no person);
- the shared format of ../shared/attribution/ (PolNeAR): a folder of `articles/*.txt` with
  `sources.toml`, and `gold.jsonl` whose rows also give `start`/`end` and a `method`; the
  headline figure counts the statements whose span names their speaker (`named`).

Recall: of those statements, the share whose sentence the extractor gives that speaker.
Precision: of the sentences it gives a speaker, the share that overlap a labelled statement
by the same person (a sentence attributed where the label says "no person", or says nothing,
counts against it). A speaker is the same person by the alias table, or by surname, since
labels name people as the article does ("Cruz", "Mr. Podesta" -> Podesta).

A labelled set may be scored in part: eval/polnear-split.json splits PolNeAR's dev articles
once, at random, into a tuning half (the only one whose errors are read to change a rule or
measure a confidence) and a test half (only scored), as lists of article stems.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..attribution.speakers import attribute
from ..errors import ParleyError
from ..text.names import Names
from ..text.paragraphs import paragraphs
from ..text.passages import sentences
from ..text.sources import Source, load_seeds
from .labels import read_jsonl

#: Of the shared format's methods, those whose span names the speaker: the headline figure.
NAMED = frozenset({"named"})
#: Those whose speaker the labels do not name: resolved by automatic coreference, or not at all.
UNJUDGED = frozenset(
    {
        "coref",
        "unknown:pronoun",
        "unknown:nominal",
        "unknown:first-person",
        "unknown:relative",
        "unknown:odd-source",
    }
)


@dataclass(frozen=True)
class Label:
    source: str
    start: int
    end: int
    speaker: str | None
    method: str
    # A headline's statement: Parley does not index headlines, so none counts toward recall,
    # but a headline the article's text gives as its first line is judged by its label.
    in_title: bool = False


@dataclass(frozen=True)
class Said:
    source: str
    start: int
    end: int
    speaker: str | None
    how: str | None = (
        None  # the rule that found the speaker (index/attribution/speakers.py CONFIDENCE)
    )


@dataclass(frozen=True)
class AttributionScore:
    precision: float
    recall: float
    attributed: int  # sentences given a speaker
    named: int  # labelled statements that name their speaker
    # Why a named statement was missed ("no speaker", "another person") and why an
    # attribution was wrong ("an organisation's or no one's", "another person's", "no
    # statement there").
    missed: Counter[str] = field(default_factory=Counter)
    wrong: Counter[str] = field(default_factory=Counter)
    # Per rule: the sentences it gave a speaker, and how many of them were right.
    by_rule: dict[str, tuple[int, int]] = field(default_factory=dict)
    # Precision over the sentences the labels can judge: those that overlap no statement, or
    # one whose speaker the corpus names or says is no person (not only statements it gave a
    # speaker by automatic coreference, about 3 in 4 right, or left unresolved: "he said"
    # there is scored against a guess or against nothing).
    judged_precision: float = 0.0
    judged: int = 0
    # Recall over every statement whose label names its speaker however the text gives it
    # ("he said", a role, a quotation going on), where a person resolved it, not a program.
    recall_resolved: float = 0.0
    resolved: int = 0

    def figures(self) -> dict[str, float]:
        return {"attribution_precision": self.precision, "attribution_recall": self.recall}


def load_shared(
    folder: Path, only: frozenset[str] | None = None, gold: Path | None = None
) -> tuple[list[Source], list[Label]]:
    """A labelled set in the shared format (../shared/attribution/README.md); with `only`,
    just those articles (by stem) and their labels. The articles may also lie in `folder`
    itself, as in seeds/, and the labels in another file (`gold`: a set labelled on a
    library kept outside the repository, its rows giving offsets, never the text)."""
    articles = shared_articles(folder)
    if only is not None:
        absent = sorted(only - {article.id for article in articles})
        if absent:
            raise ParleyError(
                f"the split names {len(absent)} articles {folder} does not hold, e.g. {absent[0]}"
            )
        articles = [article for article in articles if article.id in only]
    rows = read_jsonl(gold or folder / "gold.jsonl")
    rows = [row for row in rows if only is None or row["source"] in only]
    labels = [
        Label(
            str(row["source"]),
            int(row["start"]),
            int(row["end"]),
            row.get("speaker"),
            str(row.get("method", "named")),
            bool(row.get("in_title")),
        )
        for row in rows
    ]
    return articles, labels


def shared_articles(folder: Path) -> list[Source]:
    """The articles of a set in the shared format (`articles/` beside `sources.toml`), or of
    one in the seeds format (the articles beside it)."""
    inner = folder / "articles"
    return load_seeds(inner if inner.is_dir() else folder, metadata=folder / "sources.toml")


def load_split(path: Path, half: str) -> frozenset[str]:
    """The article stems of one half ("tuning" or "test") of a split file."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        stems = raw[half]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ParleyError(f"cannot read the {half} half of {path}: {error!r}") from None
    return frozenset(str(stem) for stem in stems)


def load_seed_labels(path: Path, sources: Iterable[Source]) -> list[Label]:
    """eval/attribution.jsonl's statements, placed in their articles."""
    by_id = {source.id: source for source in sources}
    labels = []
    for row in read_jsonl(path):
        source = by_id.get(str(row["source"]))
        if source is None:
            continue  # the library does not hold that article
        start = source.text.find(row["text"])
        method = "named" if row.get("speaker") else "none"
        labels.append(Label(source.id, start, start + len(row["text"]), row.get("speaker"), method))
    return labels


def predict(sources: Iterable[Source], names: Names) -> list[Said]:
    """The extractor's speaker for every sentence of every body paragraph."""
    said = []
    for source in sources:
        by_paragraph = [sentences(source.text, span) for span in paragraphs(source)]
        attributed = attribute(source.text, by_paragraph, names)
        for spans, row in zip(by_paragraph, attributed, strict=True):
            said += [
                Said(source.id, s.start, s.end, a.speaker, a.how)
                for s, a in zip(spans, row, strict=True)
            ]
    return said


def score(
    sources: Sequence[Source],
    labels: Sequence[Label],
    names: Names,
    recall_methods: frozenset[str] = NAMED,
) -> AttributionScore:
    labelled = {label.source for label in labels}
    predicted = predict([s for s in sources if s.id in labelled], names)
    by_source: dict[str, list[Said]] = {}
    for row in predicted:
        by_source.setdefault(row.source, []).append(row)
    labels_by: dict[str, list[Label]] = {}
    for label in labels:
        labels_by.setdefault(label.source, []).append(label)

    def same(found: str | None, expected: str | None) -> bool:
        if not found or not expected:
            return False
        return names.same_speaker(found, expected)

    missed: Counter[str] = Counter()
    named = [
        label
        for label in labels
        if label.speaker and label.method in recall_methods and not label.in_title
    ]

    def heard(label: Label) -> tuple[bool, bool]:
        """Whether the label's speaker is found, and whether anyone is."""
        near = [p for p in by_source.get(label.source, []) if _overlap(p, label)]
        return any(same(p.speaker, label.speaker) for p in near), any(p.speaker for p in near)

    found = 0
    for label in named:
        is_found, anyone = heard(label)
        if is_found:
            found += 1
        else:
            missed["another person" if anyone else "no speaker"] += 1
    resolved = [
        label
        for label in labels
        if label.speaker and label.method not in UNJUDGED and not label.in_title
    ]
    found_resolved = sum(heard(label)[0] for label in resolved)
    wrong: Counter[str] = Counter()
    attributed = [p for p in predicted if p.speaker]
    right = judged = judged_right = 0
    rules: dict[str, list[int]] = {}
    for row in attributed:
        close = [label for label in labels_by.get(row.source, []) if _overlap(row, label)]
        tally = rules.setdefault(row.how or "?", [0, 0])
        tally[0] += 1
        judging = not close or any(label.method not in UNJUDGED for label in close)
        judged += judging
        if any(same(row.speaker, label.speaker) for label in close):
            right += 1
            judged_right += judging
            tally[1] += 1
        elif not judging:
            wrong["another person's, by the corpus' coreference or unresolved"] += 1
        elif any(label.speaker for label in close):
            wrong["another person's"] += 1
        elif close:
            wrong["an organisation's or no one's"] += 1
        else:
            wrong["no statement there"] += 1
    return AttributionScore(
        right / len(attributed) if attributed else 0.0,
        found / len(named) if named else 0.0,
        len(attributed),
        len(named),
        missed,
        wrong,
        {rule: (given, good) for rule, (given, good) in sorted(rules.items())},
        judged_right / judged if judged else 0.0,
        judged,
        found_resolved / len(resolved) if resolved else 0.0,
        len(resolved),
    )


def _overlap(row: Said | Label, other: Said | Label) -> bool:
    return row.start < other.end and other.start < row.end
