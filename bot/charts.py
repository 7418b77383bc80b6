"""The troop timeline chart: a PNG drawn with matplotlib's Agg backend, off the event loop.

The figure is built with :class:`matplotlib.figure.Figure` directly rather than
``pyplot``, which keeps global state and is not safe to use from worker threads.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import logging
from concurrent.futures import Executor

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from briefings.schemas import TroopFact, TroopsAnswer

log = logging.getLogger(__name__)

# Markers say how sure a figure is: a plain dot for exact, open shapes for bounds.
_MARKERS = {"exact": "o", "approx": "o", "under": "v", "at_most": "v", "over": "^", "at_least": "^"}


def fact_day(fact: TroopFact) -> dt.date | None:
    """The date a fact is plotted at: the middle of its month or year when that is all we know."""
    if not fact.date:
        return None
    parts = [int(p) for p in fact.date.split("-")]
    if len(parts) == 3:
        return dt.date(*parts)
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], 15)
    return dt.date(parts[0], 7, 1)


def chart_points(answer: TroopsAnswer) -> list[tuple[dt.date, TroopFact]]:
    """The dated troop levels of the timeline (not changes or casualties), oldest first."""
    points = [(day, f) for f in answer.timeline if f.kind == "level" and (day := fact_day(f)) is not None]
    return sorted(points, key=lambda p: p[0])


def render_troop_chart(answer: TroopsAnswer) -> bytes | None:
    """The timeline as PNG bytes, or None when there is nothing dated to plot. CPU-bound: call off the loop."""
    points = chart_points(answer)
    if not points:
        return None
    fig = Figure(figsize=(8, 4), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    days = [d for d, _ in points]
    values = [f.value for _, f in points]
    ax.plot(days, values, color="#2a7f86", linewidth=1.5, alpha=0.6)
    for day, fact in points:
        planned = fact.status == "planned"
        ax.plot(
            [day],
            [fact.value],
            marker=_MARKERS.get(fact.qualifier, "o"),
            markersize=7,
            color="#c0392b" if planned else "#2a7f86",
            markerfacecolor="none" if planned or fact.qualifier != "exact" else None,
            linestyle="none",
        )
    if answer.current is not None and answer.current.date:
        ax.axhline(answer.current.value, color="#888888", linewidth=0.8, linestyle="--")
    ax.set_title(f"US troops in {answer.country} (as of {answer.as_of})")
    ax.set_ylabel("troops")
    ax.set_ylim(bottom=0)
    ax.grid(True, alpha=0.3)
    fig.autofmt_xdate()
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


async def troop_chart(answer: TroopsAnswer, *, executor: Executor | None = None) -> bytes | None:
    """Render the chart in a worker so the event loop keeps serving other interactions."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(executor, render_troop_chart, answer)
