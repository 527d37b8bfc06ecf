"""What `parley eval` reports: each figure of eval/README.md computed here, printed by the
command line (which only prints)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from ..building import BuildReport
from ..library import Library
from ..settings import PROJECT_ROOT, Settings
from ..text.names import Names
from ..text.sources import load_seeds
from ..timeline.events import extract_events
from ..timeline.merge import merge_events
from . import attribution, fitting
from .probes import run_probes
from .questions import evaluate, load_questions, score_dates
from .timeline import timeline_figures

EVAL_DIR = PROJECT_ROOT / "eval"
DEFAULT_QUESTIONS = EVAL_DIR / "questions.jsonl"
DEFAULT_SPLIT = EVAL_DIR / "polnear-split.json"
#: Figures that are counts or lengths, shown whole.
COUNTS = frozenset({"quote_chars_p50", "timeline_year_only_but_finer"})

#: Opens a library with these settings, its index built or brought up to date (the command
#: line's, which shows progress as it builds).
Opener = Callable[[Settings], Library]


@dataclass(frozen=True)
class Report:
    """Figures by name, then the lines that say what was missed."""

    figures: dict[str, float]
    misses: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # what was measured, in a line each, after the figures
    head: tuple[str, ...] = ()  # ... or before them

    def lines(self) -> list[str]:
        shown = [f"{k} {v:.0f}" if k in COUNTS else f"{k} {v:.2f}" for k, v in self.figures.items()]
        return [*self.head, *shown, *self.notes, *self.misses]


def questions_report(library: Library, questions: Path, probes: bool = False) -> Report:
    """The answers' figures on a question set, with the speakers, the timeline and the dates
    of the labelled sets beside it; with `probes`, each question asked again as members word
    it and with its names misspelled."""
    asked = load_questions(questions)
    started = time.perf_counter()
    results = [(q, library.ask(q.question)) for q in asked]
    elapsed = time.perf_counter() - started
    report = evaluate(results, library.same_speaker)
    figures = dict(report.figures)
    eval_dir = questions.parent
    sources = list(library.index.sources.values())
    gold = eval_dir / "attribution.jsonl"
    if gold.exists():
        labels = attribution.load_seed_labels(gold, sources)
        figures |= attribution.score(sources, labels, library.names).figures()
    figures |= timeline_figures(library.index.events, sources, eval_dir)[0]
    dates_gold = eval_dir / "dates.jsonl"
    if dates_gold.exists():
        dates = score_dates(dates_gold, sources)
        figures |= {f"dates_{k}": dates[k] for k in ("precision", "recall", "exact")}
    failures: list[str] = []
    if probes:
        answered = {q.question: answer for q, answer in results}
        probed, failures = run_probes(
            [q.question for q in asked], library.names, library.ask, answered
        )
        figures |= probed
    return Report(
        figures,
        tuple(f"miss {miss}" for miss in report.misses)
        + tuple(f"probe {failure}" for failure in failures),
        (f"questions {len(asked)} in {elapsed:.2f} s",),
    )


def timeline_report(settings: Settings, eval_dir: Path, folder: Path | None) -> Report:
    """The timeline figures of the seeds (and `folder`'s articles) straight from the
    extractor, merged as an index merges them: what tuning the dates needs, in a second."""
    more = attribution.shared_articles(folder) if folder else []
    sources = load_seeds(settings.seeds_dir) + more
    names = Names.load(settings.aliases_path)
    events = merge_events([e for source in sources for e in extract_events(source, names)])
    figures, misses = timeline_figures(events, sources, eval_dir)
    counted = f"events {len(events)} from {len(sources)} articles"
    return Report(figures, tuple(f"miss {miss}" for miss in misses), head=(counted,))


def attribution_report(
    settings: Settings,
    folder: Path,
    half: str | None,
    split: Path = DEFAULT_SPLIT,
    gold: Path | None = None,
) -> Report:
    """Precision and recall of the speaker extractor on a labelled set in the shared format
    (or one half of its articles; `gold`: labels kept apart from the articles), its errors
    by kind and each rule's precision."""
    only = attribution.load_split(split, half) if half else None
    articles, labels = attribution.load_shared(folder, only, gold)
    started = time.perf_counter()
    result = attribution.score(articles, labels, Names.load(settings.aliases_path))
    elapsed = time.perf_counter() - started
    notes = [
        f"articles {len(articles)}, named statements {result.named}, "
        f"sentences attributed {result.attributed}, in {elapsed:.1f} s",
        f"attribution_precision_judged {result.judged_precision:.2f} (of the {result.judged} "
        "attributed sentences whose labels name the speaker or say there is none)",
        f"attribution_recall_resolved {result.recall_resolved:.2f} (of the {result.resolved} "
        "statements whose labels name the speaker, however the text gives it)",
    ]
    notes += [f"missed ({kind}) {count}" for kind, count in result.missed.most_common()]
    notes += [f"wrong ({kind}) {count}" for kind, count in result.wrong.most_common()]
    notes += [f"rule {r} {right / n:.2f} of {n}" for r, (n, right) in result.by_rule.items()]
    figures = {"attribution_precision": result.precision, "attribution_recall": result.recall}
    return Report(figures, (), tuple(notes))


def fit_report(
    settings: Settings,
    open_library: Opener,
    warn: Callable[[str], None],
    tell: Callable[[str], None],
) -> str:
    """The verdict fitted on the tuning sets: its cross-validated figures, then the
    `[answer.verdict]` table for the config. `warn` hears of a set left out, `tell` of a
    library built for one."""
    data: list[fitting.Example] = []
    for name, library_dir in fitting.TUNING_SETS:
        if library_dir is not None and not library_dir.is_dir():
            warn(f"{library_dir} is not here: {name} left out")
            continue
        library = (
            library_with(settings, library_dir, open_library, tell)
            if library_dir is not None
            else open_library(settings)
        )
        data += fitting.examples(library, load_questions(EVAL_DIR / f"{name}.jsonl"), name)
    held = fitting.cross_validate(data)
    answer_bar, passage_bar = fitting.choose_bars(held)
    lines = [f"cross-validated ({fitting.FOLDS} folds, {len(data)} questions), bars chosen on it:"]
    for name in dict.fromkeys(e.source for e in data):
        part = [h for h in held if h.example.source == name]
        lines.append(f"  {name:16} {fitting.figures(part, answer_bar, passage_bar).line()}")
    lines.append(f"  {'all':16} {fitting.figures(held, answer_bar, passage_bar).line()}")
    lines += ["", fitting.toml(fitting.fit(data, answer_bar, passage_bar))]
    return "\n".join(lines)


def library_with(
    settings: Settings, folder: Path, open_library: Opener, tell: Callable[[str], None]
) -> Library:
    """The seeds and the articles in `folder`, in a data directory of their own (under the
    configured one, named by the folder), built once and kept: the real library is not
    touched, and the next eval of the same articles starts at once."""
    name = "".join(c if c.isalnum() else "-" for c in str(folder.resolve()))[-80:]
    library = open_library(replace(settings, data_dir=settings.data_dir / "eval-libraries" / name))
    changes, report = library.add_all(load_seeds(folder), added_by="parley eval --add")
    if report is not None:
        added = sum(change != "unchanged" for change in changes.values())
        tell(f"Added {added} articles from {folder}; {summary_line(report)}")
    return library


def summary_line(report: BuildReport) -> str:
    return f"{report.passages} passages from {report.sources} sources in {report.seconds:.1f} s"
