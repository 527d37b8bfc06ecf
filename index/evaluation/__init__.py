"""Evaluation: the figures of eval/README.md, and fitting the verdict to the tuning sets.

`parley eval` prints what `reports` computes; the modules beside it score one thing each
(questions, attribution, timeline), fit the verdict (fitting) and ask questions again as
members word them (probes).
"""

from .reports import (
    DEFAULT_QUESTIONS,
    DEFAULT_SPLIT,
    Report,
    attribution_report,
    fit_report,
    library_with,
    questions_report,
    summary_line,
    timeline_report,
)

__all__ = [
    "DEFAULT_QUESTIONS",
    "DEFAULT_SPLIT",
    "Report",
    "attribution_report",
    "fit_report",
    "library_with",
    "questions_report",
    "summary_line",
    "timeline_report",
]
