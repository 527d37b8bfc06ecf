"""The timeline as a picture: one row per day, oldest at the top, a dot for each event
coloured by the article that tells it, and what happened in a few words.

Made with matplotlib's object interface on the Agg canvas: no pyplot, so no global figure
state and no display, safe in the bot's worker threads. Sized for Discord, which shows an
attached image about 550 pixels wide in the channel: 1,100 pixels wide at 100 dpi, with text
of 13 points, so that it reads at half size and in full when opened.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from itertools import groupby

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from parley.index import Event

from .shortening import one_line
from .terminal import event_date, excerpt

#: Days in one picture: more would not read at Discord's width (the rest are in the list).
MAX_DAYS = 24
WIDTH_INCHES, DPI = 11.0, 100
#: The share of the width left of the days' axis, where their dates are; more for wider dates.
LEFT = 0.2
LABEL_GAP_PX = 24  # between a date and the figure's edge, the tick and its padding included
TEXT_CHARS = 84  # of what happened on a day, with the narrowest margin
_COLOURS = (
    "#4c72b0",
    "#dd8452",
    "#55a868",
    "#c44e52",
    "#8172b3",
    "#937860",
    "#da8bc3",
    "#8c8c8c",
    "#ccb974",
    "#64b5cd",
)  # seaborn's "deep": told apart in print too


def timeline_png(events: Sequence[Event], title: str) -> bytes:
    """A PNG of `events` (in date order), at most MAX_DAYS days of them."""
    days = [(date, list(group)) for date, group in groupby(events, key=event_date)]
    shown, rest = days[:MAX_DAYS], days[MAX_DAYS:]
    sources = list(dict.fromkeys(s.id for _, group in shown for e in group for s in e.sources))
    colour = {source: _COLOURS[n % len(_COLOURS)] for n, source in enumerate(sources)}
    labels = {s.id: s.title or s.id for _, g in shown for e in g for s in e.sources}

    rows = max(len(shown), 1)
    height = 1.6 + 0.42 * rows  # inches: the title and legend, then a row per day
    figure = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI)
    canvas = FigureCanvasAgg(figure)
    bottom, tall = 1.1 / height, 0.42 * rows / height  # of the figure: under the legend
    axes = figure.add_axes((LEFT, bottom, 0.98 - LEFT, tall))
    axes.set_yticks(range(rows), [date for date, _ in reversed(shown)] or [""], fontsize=12)
    # A range, an estimated or a planned date ("2025-06-20 to 2025-06-30 (planned)") is wider
    # than the margin a day needs: the margin grows to the widest, which was cut off before,
    # and what happened is cut shorter to the width left.
    renderer = canvas.get_renderer()  # measures text without drawing the figure
    widest = max(label.get_window_extent(renderer).width for label in axes.get_yticklabels())
    left = max(LEFT, (widest + LABEL_GAP_PX) / (WIDTH_INCHES * DPI))
    axes.set_position((left, bottom, 0.98 - left, tall))
    limit = int(TEXT_CHARS * (0.98 - left) / (0.98 - LEFT))
    for row, (_, group) in enumerate(shown):
        y = rows - 1 - row
        told = [s.id for e in group for s in e.sources]
        for n, source in enumerate(told[:8]):
            axes.scatter(0.012 + n * 0.018, y, s=90, color=colour[source], zorder=3)
        more = f"  (+{len(group) - 1} more)" if len(group) > 1 else ""
        text = excerpt(group[0].text, group[0], limit - len(more)) + more
        axes.text(0.17, y, text, va="center", fontsize=11)
    axes.set_xlim(0, 1.0)
    axes.set_ylim(-0.7, rows - 0.3)
    axes.set_xticks([])
    for side in ("top", "right", "bottom"):
        axes.spines[side].set_visible(False)
    axes.grid(axis="y", color="#e6e6e6", zorder=0)
    heading = one_line(title, 80)
    if rest:
        heading += f" (first {len(shown)} of {len(days)} days)"
    figure.suptitle(heading, x=0.02, ha="left", fontsize=14, fontweight="bold")
    handles = [
        axes.scatter([], [], s=60, color=colour[s], label=one_line(labels[s], 45)) for s in sources
    ]
    if handles:
        figure.legend(
            handles=handles[:6],
            loc="lower left",
            ncol=min(3, len(handles)),
            fontsize=10,
            frameon=False,
            bbox_to_anchor=(0.01, 0.0),
        )
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
