"""The troop timeline chart: a PNG drawn with matplotlib's Agg backend, off the event loop.

Made for the place a reader sees it, a Discord embed on the dark theme, about
400 px wide: 800 x 450 px with large type, the embed's own background colour.
The levels that held are the line, broken where no figure was reported for more
than :data:`GAP_DAYS`; announced plans are hollow markers with their dates, off
the line; the current estimate is ringed; a legend names every mark and a
caption says how many figures and sources are drawn. By default the axis spans
the last :data:`CHART_YEARS` years up to the answer's date, so one old figure
does not squeeze the rest into a corner.

What is drawn is decided by :func:`chart_data`, which imports nothing heavy, so
the embed's footer can count the same figures. matplotlib is imported only when
a chart is drawn, and the figure is built with :class:`matplotlib.figure.Figure`
directly rather than ``pyplot``, which keeps global state and is not safe to use
from worker threads.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import logging
import statistics
from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from briefings.schemas import TroopFact, TroopsAnswer

if TYPE_CHECKING:
    from matplotlib.figure import Figure

log = logging.getLogger(__name__)

#: The default span of the time axis, ending at the answer's date.
CHART_YEARS = 5
#: The line is broken where no level was reported for longer than this.
GAP_DAYS = 365
#: Pixels: twice the ~400 px Discord gives an embed image, for sharp text on dense screens.
WIDTH, HEIGHT, DPI = 800, 450, 100

# Discord's dark theme: the embed background and its text colours.
BACKGROUND = "#2b2d31"
TEXT = "#dbdee1"
MUTED = "#949ba4"
GRID = "#3f4147"
LINE = "#5d9cec"
PLAN = "#f0b232"
CURRENT = "#57f287"

_LOWER = ("over", "at_least")
_UPPER = ("under", "at_most")


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


@dataclass
class ChartData:
    """What the chart draws: the levels and plans in its window, oldest first, and what it leaves out."""

    start: dt.date
    end: dt.date
    levels: list[tuple[dt.date, TroopFact]] = field(default_factory=list)
    plans: list[tuple[dt.date, TroopFact]] = field(default_factory=list)
    #: Dated levels and plans before the window, not drawn.
    older: int = 0

    @property
    def outlets(self) -> int:
        """How many distinct outlets report the figures drawn."""
        return len({s.source.casefold() for _, f in (*self.levels, *self.plans) for s in f.sources})

    @property
    def segments(self) -> list[list[tuple[dt.date, float]]]:
        """The line: one point per day (the median of that day's figures), broken across long gaps.

        A bound ("more than 100", "fewer than 1,000") is a mark off the line: it limits the
        level without giving it, so the line runs through the point figures only.
        """
        by_day: dict[dt.date, list[int]] = {}
        for day, fact in self.levels:
            if fact.qualifier in ("exact", "approx"):
                by_day.setdefault(day, []).append(fact.value)
        out: list[list[tuple[dt.date, float]]] = []
        for day in sorted(by_day):
            point = (day, float(statistics.median(by_day[day])))
            if out and (day - out[-1][-1][0]).days <= GAP_DAYS:
                out[-1].append(point)
            else:
                out.append([point])
        return out

    def caption(self) -> str:
        """``12 levels and 3 plans from 9 sources``, and what is not drawn."""
        n, p = len(self.levels), len(self.plans)
        parts = [f"{n} level{'s' if n != 1 else ''}"]
        if p:
            parts.append(f"{p} plan{'s' if p != 1 else ''}")
        text = " and ".join(parts) + f" from {self.outlets} source{'s' if self.outlets != 1 else ''}"
        if self.older:
            first = min(d for d, _ in (*self.levels, *self.plans))
            text += f" · {self.older} older (before {first:%Y-%m}) not shown"
        return text


def chart_data(answer: TroopsAnswer, *, years: int = CHART_YEARS) -> ChartData | None:
    """The figures the chart draws for ``answer``, or None when it has no dated level to draw.

    The axis spans the figures of the last ``years`` years before the newest one,
    and runs on to the answer's date when that is within a year of the newest figure
    (so a reader sees how long ago it was), a little past the newest figure otherwise.
    """
    dated = [(day, f) for f in answer.timeline if f.kind == "level" and (day := fact_day(f)) is not None]
    held = [d for d, f in dated if f.status != "planned"]
    if not held:
        return None
    newest = max(held)
    as_of = dt.date.fromisoformat(answer.as_of)
    end = max(min(as_of, newest + dt.timedelta(days=365)), newest + dt.timedelta(days=30))
    earliest = _years_before(newest, years)
    inside = sorted(((d, f) for d, f in dated if earliest <= d <= end), key=lambda p: p[0])
    first = inside[0][0]
    start = first - max(dt.timedelta(days=45), (end - first) / 25)
    return ChartData(
        start=start,
        end=end,
        levels=[(d, f) for d, f in inside if f.status != "planned"],
        plans=[(d, f) for d, f in inside if f.status == "planned"],
        older=sum(1 for d, _ in dated if d < earliest),
    )


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def chart_points(answer: TroopsAnswer) -> list[tuple[dt.date, TroopFact]]:
    """The dated troop levels and plans the chart draws, oldest first."""
    data = chart_data(answer)
    return [] if data is None else sorted([*data.levels, *data.plans], key=lambda p: p[0])


def _short(fact: TroopFact) -> str:
    words = {"approx": "~", "under": "<", "at_most": "≤", "over": ">", "at_least": "≥"}
    return f"{words.get(fact.qualifier, '')}{fact.value:,}"


class Labels:
    """Places text labels next to points without overlapping each other or the plotted marks."""

    # Offsets tried, in points: above, below, further out, then to either side.
    _TRIES = (
        (0, 12), (0, -14), (0, 40), (0, -42), (-56, 12), (56, 12), (-56, -14), (56, -14), (0, 68), (0, -70),
        (-56, 40), (56, 40), (-56, -42), (56, -42),
    )  # fmt: skip

    def __init__(self, ax: Any, marks: Sequence[tuple[dt.date, float]] = ()) -> None:
        from matplotlib.dates import date2num
        from matplotlib.transforms import Bbox

        self.ax = ax
        self.renderer = ax.figure.canvas.get_renderer()
        # Every plotted mark is an obstacle: a square of about a marker's size around it.
        self.boxes: list[Any] = []
        for day, value in marks:
            x, y = ax.transData.transform((date2num(day), value))
            self.boxes.append(Bbox.from_extents(x - 9, y - 9, x + 9, y + 9))

    def place(self, text: str, day: dt.date, value: float, **style: Any) -> None:
        """Annotate (day, value) with ``text`` at the first offset that overlaps nothing placed so far."""
        fontsize, weight = style.pop("fontsize", 11), style.pop("weight", "normal")
        inside = self.ax.get_window_extent()
        best: tuple[float, tuple[int, int]] | None = None
        for dx, dy in self._TRIES:
            note = self._note(text, day, value, dx, dy, fontsize, weight, style)
            box = note.get_window_extent(self.renderer)
            note.remove()
            # How badly this place is covered: overlap with what is placed, and any part outside the plot.
            cover = sum(_overlap(box, b) for b in self.boxes)
            if not (inside.contains(box.x0, box.y0) and inside.contains(box.x1, box.y1)):
                cover += box.width * box.height
            if best is None or cover < best[0]:
                best = (cover, (dx, dy))
            if cover == 0:
                break
        assert best is not None
        note = self._note(text, day, value, *best[1], fontsize, weight, style)
        self.boxes.append(note.get_window_extent(self.renderer))

    def _note(self, text: str, day: dt.date, value: float, dx: int, dy: int, fontsize: float, weight: str,
              style: dict[str, Any]) -> Any:  # fmt: skip
        return self.ax.annotate(text, (day, value), xytext=(dx, dy), textcoords="offset points", ha="center",
                                va="bottom" if dy > 0 else "top", fontsize=fontsize, fontweight=weight, **style)


def _overlap(a: Any, b: Any) -> float:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return w * h if w > 0 and h > 0 else 0.0


def build_troop_figure(answer: TroopsAnswer, data: ChartData) -> Figure:
    """The chart as a matplotlib figure (tests read its artists; :func:`render_troop_chart` saves it)."""
    import matplotlib.dates as mdates
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.ticker import FuncFormatter

    fig = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI, facecolor=BACKGROUND)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.1, 0.17, 0.87, 0.6), facecolor=BACKGROUND)
    for spine in ("top", "right"):
        ax.spines[spine].set_visible(False)
    for spine in ("left", "bottom"):
        ax.spines[spine].set_color(GRID)
    ax.tick_params(colors=MUTED, labelsize=13, length=0, pad=6)
    ax.grid(True, axis="y", color=GRID, linewidth=1)
    ax.set_axisbelow(True)

    for segment in data.segments:
        days, values = zip(*segment, strict=True)
        ax.plot(days, values, color=LINE, linewidth=2.5, solid_capstyle="round", gid="levels")
    handles: list[Any] = [Line2D([], [], color=LINE, linewidth=2.5, marker="o", markersize=7, label="level reported")]
    shapes = {"o": [], "v": [], "^": []}  # type: dict[str, list[tuple[dt.date, int]]]
    for day, fact in data.levels:
        shape = "v" if fact.qualifier in _UPPER else "^" if fact.qualifier in _LOWER else "o"
        shapes[shape].append((day, fact.value))
    for shape, points in shapes.items():
        if points:
            days, values = zip(*points, strict=True)
            ax.plot(days, values, linestyle="none", marker=shape, markersize=8, color=LINE, gid=f"levels-{shape}")
    if shapes["v"]:
        handles.append(Line2D([], [], linestyle="none", marker="v", markersize=8, color=LINE, label="upper bound"))
    if shapes["^"]:
        handles.append(Line2D([], [], linestyle="none", marker="^", markersize=8, color=LINE, label="lower bound"))

    current = answer.current
    cur_day = fact_day(current) if current is not None else None
    show_current = current is not None and cur_day is not None and data.start <= cur_day <= data.end
    if data.plans:
        days = [d for d, _ in data.plans]
        values = [f.value for _, f in data.plans]
        ax.plot(days, values, linestyle="none", marker="D", markersize=9, markerfacecolor="none",
                markeredgecolor=PLAN, markeredgewidth=2, gid="plans")  # fmt: skip
        handles.append(Line2D([], [], linestyle="none", marker="D", markersize=9, markerfacecolor="none",
                              markeredgecolor=PLAN, markeredgewidth=2, label="announced plan"))  # fmt: skip
    if show_current:
        assert current is not None and cur_day is not None
        ax.plot([cur_day], [current.value], linestyle="none", marker="o", markersize=17, markerfacecolor="none",
                markeredgecolor=CURRENT, markeredgewidth=2.5, gid="current")  # fmt: skip
        handles.append(Line2D([], [], linestyle="none", marker="o", markersize=12, markerfacecolor="none",
                              markeredgecolor=CURRENT, markeredgewidth=2.5, label="current estimate"))  # fmt: skip

    ax.set_xlim(data.start, data.end)
    top = max([f.value for _, f in (*data.levels, *data.plans)] + [1])
    ax.set_ylim(0, top * 1.25)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.0f}"))
    locator = mdates.AutoDateLocator(minticks=3, maxticks=7)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, show_offset=False))

    # Labels beside their marks, each moved clear of the marks and of the labels placed before it.
    labels = Labels(ax, [(d, f.value) for d, f in (*data.levels, *data.plans)])
    if show_current:
        assert current is not None and cur_day is not None
        labels.place(f"now {_short(current)}", cur_day, current.value, color=CURRENT, fontsize=12, weight="bold")
    for day, fact in data.plans:
        labels.place(f"{_short(fact)} plan\n{fact.date}", day, fact.value, color=PLAN, fontsize=11)

    legend = ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.0, 1.0), fontsize=11, frameon=False,
                       ncols=min(len(handles), 3), handletextpad=0.4, columnspacing=1.2, borderaxespad=0.3)  # fmt: skip
    for text in legend.get_texts():
        text.set_color(TEXT)
    fig.text(0.1, 0.92, f"US troops in {answer.country}", color=TEXT, fontsize=16, fontweight="bold")
    fig.text(0.97, 0.92, f"as of {answer.as_of}", color=MUTED, fontsize=13, ha="right")
    fig.text(0.1, 0.04, data.caption(), color=MUTED, fontsize=12)
    return fig


def render_troop_chart(answer: TroopsAnswer) -> bytes | None:
    """The timeline as PNG bytes, or None when there is nothing dated to plot. CPU-bound: call off the loop."""
    data = chart_data(answer)
    if data is None:
        return None
    fig = build_troop_figure(answer, data)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", facecolor=BACKGROUND)
    return buf.getvalue()


async def troop_chart(answer: TroopsAnswer, *, executor: Executor | None = None) -> bytes | None:
    """Render the chart in a worker so the event loop keeps serving other interactions."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(executor, render_troop_chart, answer)
