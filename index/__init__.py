"""Parley's library: news articles on the peace talks, split into quotable passages, searched
by meaning and by words, and quoted word for word with who said each passage, when, and where
it comes from.

This is its public surface; the front doors (`parley.bot`) import nothing else. A program
builds one `Library` from `load_settings()` and asks it::

    from parley.index import Library, configure_process, load_settings

    settings = load_settings()
    configure_process(settings)
    answer = Library(settings).ask("What did Medinsky say about neutrality?")
    for quote in answer.quotes:
        print(quote.passage.text, quote.passage.speaker, quote.source.label)

The subpackages hold the parts: `text` (articles, passages, names, the shared vocabulary),
`attribution` (who said what), `timeline` (dated events), `search` (embeddings, BM25, reading
a question, ranking, the verdict), `store` (the registry and the builds on disk), `ingest`
(files and web pages, untrusted), `evaluation` (the figures of eval/README.md).
"""

from __future__ import annotations

from .answers import Answer, Quote, clean_question
from .building import BuildReport
from .catalog import SourceSummary, Statements
from .errors import (
    BadQuestion,
    ConfigError,
    IndexCorrupt,
    IndexMismatch,
    IndexMissing,
    ParleyError,
    RegistryDamaged,
    SourceError,
    SourceRefused,
    StorageError,
)
from .ingest.drafts import Draft
from .library import Library
from .runtime import configure_process
from .search.embeddings import Embedder, embedder_for
from .settings import PROJECT_ROOT, BotSettings, Settings, load_settings
from .store.atomic import atomic_write_bytes
from .store.registry import Entry
from .text.lexicon import fold, keyword, keywords
from .text.paragraphs import paragraphs
from .text.passages import Passage, sentence_spans
from .text.sources import Source, dated_by_name, load_seeds, with_metadata_beside
from .timeline.events import Event, EventSource, timeline_dict
from .timeline.selection import parse_range

__all__ = [
    "PROJECT_ROOT",
    "Answer",
    "BadQuestion",
    "BotSettings",
    "BuildReport",
    "ConfigError",
    "Draft",
    "Embedder",
    "Entry",
    "Event",
    "EventSource",
    "IndexCorrupt",
    "IndexMismatch",
    "IndexMissing",
    "Library",
    "ParleyError",
    "Passage",
    "Quote",
    "RegistryDamaged",
    "Settings",
    "Source",
    "SourceError",
    "SourceRefused",
    "SourceSummary",
    "Statements",
    "StorageError",
    "atomic_write_bytes",
    "clean_question",
    "configure_process",
    "dated_by_name",
    "embedder_for",
    "evaluation",
    "fold",
    "keyword",
    "keywords",
    "load_seeds",
    "load_settings",
    "paragraphs",
    "parse_range",
    "sentence_spans",
    "timeline_dict",
    "with_metadata_beside",
]
