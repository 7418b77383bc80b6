"""The troop chart a reader understands at a glance: legend, hollow plans off the line, a gap, a readable window."""

from __future__ import annotations

import datetime as dt
import struct

import matplotlib.colors as mcolors
from matplotlib.dates import num2date

from bot import charts
from briefings.schemas import SourceRef, TroopFact, TroopsAnswer
from tests.bot.bot_harness import Harness


def fact(value: int, date: str, outlet: str, **kw: object) -> TroopFact:
    return TroopFact(value=value, date=date, evidence="e", sources=[SourceRef(source=outlet)], **kw)  # type: ignore[arg-type]


OLD = fact(50, "2015-10", "Courant", qualifier="under")
STORY = [
    OLD,
    fact(900, "2021-09", "The National"),
    fact(900, "2023-01", "AP"),
    fact(900, "2023-03", "The Hill"),
    fact(2000, "2024-12-19", "Wire"),
    fact(1000, "2025-08", "Wire", qualifier="under", status="planned"),
    fact(2000, "2025-04", "Reuters"),
    fact(1000, "2026-02", "MENAFN"),
]


def the_answer() -> TroopsAnswer:
    return TroopsAnswer(country="Syria", as_of="2026-03-20", current=STORY[-1], timeline=STORY)


def line_points(fig) -> list[tuple[dt.date, float]]:  # type: ignore[no-untyped-def]
    ax = fig.axes[0]
    return [
        (num2date(x).date(), y)
        for line in ax.get_lines()
        if line.get_gid() == "levels"
        for x, y in zip(*line.get_data(orig=False), strict=True)
    ]


def test_levels_are_the_line_and_plans_hollow_marks_with_their_dates_off_it() -> None:
    answer = the_answer()
    data = charts.chart_data(answer)
    assert data is not None
    fig = charts.build_troop_figure(answer, data)
    ax = fig.axes[0]
    on_line = line_points(fig)
    assert (dt.date(2025, 8, 15), 1000) not in on_line  # the plan is not on the line
    assert (dt.date(2026, 2, 15), 1000) in on_line
    [plans] = [line for line in ax.get_lines() if line.get_gid() == "plans"]
    assert plans.get_markerfacecolor() == "none" and plans.get_linestyle() == "None"
    labels = [t.get_text() for t in ax.texts]
    assert "<1,000 plan\n2025-08" in labels and "now 1,000" in labels
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["level reported", "announced plan", "current estimate"]


def test_the_line_breaks_where_no_figure_was_reported_for_over_a_year() -> None:
    answer = the_answer()
    data = charts.chart_data(answer)
    assert data is not None
    segments = [[d for d, _ in seg] for seg in data.segments]
    # 2021-09 stands alone; 2023-03 to 2024-12 is more than a year without a figure.
    assert [len(s) for s in segments] == [1, 2, 3]
    fig = charts.build_troop_figure(answer, data)
    assert len([line for line in fig.axes[0].get_lines() if line.get_gid() == "levels"]) == 3


def test_the_axis_shows_the_last_years_and_the_caption_counts_what_is_drawn() -> None:
    data = charts.chart_data(the_answer())
    assert data is not None
    assert data.start > dt.date(2020, 1, 1) and data.end == dt.date(2026, 3, 20)
    assert OLD not in [f for _, f in data.levels]
    assert data.caption() == "6 levels and 1 plan from 6 sources · 1 older (before 2021-09) not shown"
    fig = charts.build_troop_figure(the_answer(), data)
    assert data.caption() in [t.get_text() for t in fig.texts]
    # Dark, like Discord's embeds.
    assert mcolors.to_hex(fig.get_facecolor()) == charts.BACKGROUND


def test_a_story_that_ended_long_ago_is_still_drawn() -> None:
    answer = TroopsAnswer(country="Syria", as_of="2026-03-20", timeline=STORY[:4])
    data = charts.chart_data(answer)
    assert data is not None and data.end == dt.date(2023, 3, 15) + dt.timedelta(days=365)
    assert len(data.levels) == 3 and data.older == 1


def png_size(png: bytes) -> tuple[int, int]:
    width, height = struct.unpack(">II", png[16:24])
    return width, height


async def test_troops_posts_a_chart_at_the_size_discord_shows_and_counts_what_it_draws(loaded: Harness) -> None:
    ex = await loaded.invoke("troops", as_of="2025-09-01")
    [png] = ex.files()
    assert png_size(png["data"]) == (charts.WIDTH, charts.HEIGHT) == (800, 450)
    embed = ex.last()["embeds"][0]
    assert embed["image"]["url"] == "attachment://troops.png"
    # Sample articles: 900 in 2024, 2,000 three times, 1,400, "fewer than 1,000", "about 1,200"; one plan.
    assert embed["footer"]["text"] == "Chart: 7 levels and 1 plan from 3 sources"


def test_a_bound_is_a_mark_off_the_line() -> None:
    bound = fact(100, "2026-01-10", "RINF", qualifier="over")
    answer = TroopsAnswer(country="Syria", as_of="2026-03-20", timeline=[*STORY[1:], bound])
    data = charts.chart_data(answer)
    assert data is not None
    fig = charts.build_troop_figure(answer, data)
    assert (dt.date(2026, 1, 10), 100) not in line_points(fig)
    [marks] = [line for line in fig.axes[0].get_lines() if line.get_gid() == "levels-^"]
    assert list(marks.get_ydata()) == [100]
    assert "lower bound" in [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
