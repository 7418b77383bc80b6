"""The three asks over facts we construct: troops as of a date, latest developments, who said what."""

from __future__ import annotations

import datetime as dt

import pytest

from briefings import answers
from briefings.errors import BadInput
from tests.answers.factories import add_article, change, event, level, said

LATE = dt.date(2021, 1, 1)


async def _timeline_story(session) -> None:  # type: ignore[no-untyped-def]
    await add_article(
        session,
        source="TRT",
        published="2018-12-19",
        troops=[
            level(2000, "2018-12"),
            change(2000, "2018-12-19"),  # "will withdraw all 2,000": a plan, never the level
        ],
    )
    await add_article(
        session,
        source="AP",
        published="2019-04-18",
        troops=[
            level(900, None, status="past"),  # undated: kept in the timeline, never the current estimate
            level(2000, "2017-10", qualifier="over", status="past"),
            level(1000, "2019-04-17", qualifier="under", status="planned"),
            change(600, "2019-04-17"),
            level(40, "2019-04", country="Jordan"),
        ],
    )
    await add_article(
        session,
        source="Pentagon release",
        published="2019-04-19",
        troops=[
            level(2100, "2018", status="past"),
        ],
    )
    await add_article(session, source="BBC", published="2020-02-19", troops=[level(1000, "2020-02")])


@pytest.mark.parametrize(
    "as_of,value,date",
    [
        (dt.date(2017, 12, 31), 2000, "2017-10"),
        (dt.date(2018, 6, 1), 2100, "2018"),  # a year counts from its first day
        (dt.date(2019, 1, 1), 2000, "2018-12"),
        (dt.date(2019, 12, 31), 2000, "2018-12"),  # the planned cut to under 1,000 is not a level
        (dt.date(2020, 3, 1), 1000, "2020-02"),
        (LATE, 1000, "2020-02"),
    ],
)
async def test_current_is_the_latest_level_that_held_at_the_date(store, as_of, value, date) -> None:  # type: ignore[no-untyped-def]
    async with store.factory() as session, session.begin():
        await _timeline_story(session)
    async with store.factory() as session:
        ans = await answers.troops(session=session, workspace="ws", country="Syria", as_of=as_of)
    assert ans.current is not None
    assert (ans.current.value, ans.current.date, ans.current.kind) == (value, date, "level")
    assert ans.current.status != "planned" and ans.current.sources


async def test_before_any_figure_there_is_no_estimate(store) -> None:  # type: ignore[no-untyped-def]
    async with store.factory() as session, session.begin():
        await _timeline_story(session)
    async with store.factory() as session:
        ans = await answers.troops(session=session, workspace="ws", as_of=dt.date(2010, 1, 1))
    assert ans.current is None
    assert ans.timeline == []  # an undated figure never enters an as-of answer


async def test_timeline_is_ordered_by_date_with_precision_and_plans_marked(store) -> None:  # type: ignore[no-untyped-def]
    async with store.factory() as session, session.begin():
        await _timeline_story(session)
    async with store.factory() as session:
        ans = await answers.troops(session=session, workspace="ws", country="syria", as_of=LATE)
        jordan = await answers.troops(session=session, workspace="ws", country="Jordan", as_of=LATE)
    assert ans.country == "Syria"
    assert [(f.date, f.value, f.kind) for f in ans.timeline] == [
        ("2017-10", 2000, "level"),
        ("2018", 2100, "level"),
        ("2018-12", 2000, "level"),
        ("2018-12-19", 2000, "change"),
        ("2019-04-17", 1000, "level"),
        ("2019-04-17", 600, "change"),
        ("2020-02", 1000, "level"),
    ]
    assert [f.precision for f in ans.timeline][:3] == ["month", "year", "month"]
    assert {(f.value, f.kind) for f in ans.plans} == {(1000, "level"), (600, "change"), (2000, "change")}
    assert jordan.current is not None and jordan.current.value == 40


async def test_without_a_date_the_undated_figures_follow_the_dated_ones(store) -> None:  # type: ignore[no-untyped-def]
    async with store.factory() as session, session.begin():
        await _timeline_story(session)
    async with store.factory() as session:
        ans = await answers.troops(session=session, workspace="ws")
    assert [(f.date, f.value) for f in ans.timeline][-2:] == [("2020-02", 1000), (None, 900)]
    assert ans.current is not None and ans.current.date == "2020-02"


async def test_as_of_leaves_later_figures_out_of_the_timeline(store) -> None:  # type: ignore[no-untyped-def]
    async with store.factory() as session, session.begin():
        await _timeline_story(session)
    async with store.factory() as session:
        ans = await answers.troops(session=session, workspace="ws", as_of=dt.date(2018, 12, 31))
    assert [f.date for f in ans.timeline] == ["2017-10", "2018", "2018-12", "2018-12-19"]


async def test_conflicting_figures_stand_side_by_side_and_the_better_supported_is_current(store) -> None:  # type: ignore[no-untyped-def]
    async with store.factory() as session, session.begin():
        await add_article(session, source="AP", published="2020-05-02", troops=[level(1500, "2020-05")])
        await add_article(session, source="Reuters", published="2020-05-03", troops=[level(1500, "2020-05")])
        await add_article(session, source="Local Daily", published="2020-05-04", troops=[level(2200, "2020-05")])
    async with store.factory() as session:
        ans = await answers.troops(session=session, workspace="ws", as_of=LATE)
    assert ans.current is not None and ans.current.value == 1500
    assert [sorted(f.value for f in group) for group in ans.conflicts] == [[1500, 2200]]
    by_value = {f.value: [s.source for s in f.sources] for f in ans.timeline}
    assert by_value == {1500: ["AP", "Reuters"], 2200: ["Local Daily"]}


async def test_unknown_country_has_no_figures_and_empty_country_is_refused(store) -> None:  # type: ignore[no-untyped-def]
    async with store.factory() as session, session.begin():
        await _timeline_story(session)
    async with store.factory() as session:
        ans = await answers.troops(session=session, workspace="ws", country="Niger", as_of=LATE)
        assert ans.current is None and ans.timeline == []
        with pytest.raises(BadInput):
            await answers.troops(session=session, workspace="ws", country="  ")
        assert await answers.country_choices(session=session, workspace="ws", prefix="sy") == ["Syria"]
        assert await answers.country_choices(session=session, workspace="ws") == ["Jordan", "Syria"]


async def test_latest_is_newest_event_first_then_newest_report(store) -> None:  # type: ignore[no-untyped-def]
    async with store.factory() as session, session.begin():
        await add_article(
            session,
            source="AP",
            published="2020-04-18",
            events=[
                event("The US will withdraw about 600 troops from Syria.", "2020-04-17"),
                event("Assad fled the country.", "2018-12"),
            ],
        )
        await add_article(
            session,
            source="BBC",
            published="2020-04-20",
            events=[
                event("Officials met in Amman to discuss the border.", "2020-04"),
                event("The Pentagon confirmed the first convoy left Hasakah.", "2020-04-17"),
                event("A ceasefire was agreed somewhere, sometime.", None),
            ],
        )
    async with store.factory() as session:
        got = (await answers.latest(session=session, workspace="ws")).events
        assert [e.summary.split()[1] for e in got] == ["Pentagon", "US", "met", "fled", "ceasefire"]
        assert [e.sources[0].source for e in got] == ["BBC", "AP", "BBC", "AP", "BBC"]
        assert got[0].precision == "day" and got[2].precision == "month"
        two = (await answers.latest(session=session, workspace="ws", limit=2)).events
        assert [e.summary for e in two] == [e.summary for e in got[:2]]
        with pytest.raises(BadInput):
            await answers.latest(session=session, workspace="ws", limit=0)


async def _speeches(session) -> None:  # type: ignore[no-untyped-def]
    await add_article(
        session,
        source="AP",
        published="2020-01-10",
        statements=[
            said("Donald Trump", "Syria is sand and death, not our fight", "2020-01-09", direct=True),
            said("the Pentagon", "the coalition has liberated the last town held by the group", "2020-01-09"),
            said("Benjamin Netanyahu", "Israel will defend itself in the north", "2020-01-08"),
        ],
    )
    await add_article(
        session,
        source="Reuters",
        published="2020-02-03",
        statements=[
            said("President Trump", "our soldiers are coming home soon", "2020-02-02"),
            said("US President Donald Trump", "the caliphate was defeated on my watch", "2020-01"),
            said("Department of Defense", "troop levels had doubled earlier that year", "2020-02-01"),
            said("Trump", "we will keep a small force near the oil fields", None),
        ],
    )


async def test_said_finds_every_name_of_one_speaker_newest_first(store) -> None:  # type: ignore[no-untyped-def]
    async with store.factory() as session, session.begin():
        await _speeches(session)
    async with store.factory() as session:
        for query in ("trump", "Donald Trump", "President Trump"):
            got = await answers.said(session=session, workspace="ws", speaker=query)
            assert [s.date for s in got.statements] == ["2020-02-02", "2020-01-09", "2020-01", None], query
            assert got.total == 4
        first = got.statements[0]
        assert first.sources[0].source == "Reuters" and first.sources[0].published == "2020-02-03"
        direct = [s.direct for s in got.statements]
        assert direct == [False, True, False, False]
        pentagon = await answers.said(session=session, workspace="ws", speaker="Pentagon")
        assert [s.text.split()[-1] for s in pentagon.statements] == ["year", "group"]
        assert (await answers.said(session=session, workspace="ws", speaker="Erdogan")).statements == []


async def test_said_about_searches_the_words_and_pages_through_dated_then_undated(store) -> None:  # type: ignore[no-untyped-def]
    async with store.factory() as session, session.begin():
        await _speeches(session)
    async with store.factory() as session:
        got = await answers.said(session=session, workspace="ws", about="Doubled")
        assert [s.speaker for s in got.statements] == ["Department of Defense"]
        both = await answers.said(session=session, workspace="ws", speaker="trump", about="force fields")
        assert [s.date for s in both.statements] == [None]
        assert (await answers.said(session=session, workspace="ws", speaker="Netanyahu", about="oil")).total == 0
        everyone = await answers.said(session=session, workspace="ws", limit=100)
        assert everyone.total == 7 and everyone.statements[-1].date is None
        pages = []
        for offset in range(0, 7, 2):
            page = await answers.said(session=session, workspace="ws", limit=2, offset=offset)
            pages += [s.id for s in page.statements]
        assert pages == [s.id for s in everyone.statements]
        for bad in ({"speaker": " "}, {"about": " ? "}, {"limit": 101}, {"offset": -1}):
            with pytest.raises(BadInput):
                await answers.said(session=session, workspace="ws", **bad)  # type: ignore[arg-type]


async def test_speaker_autocomplete_offers_one_name_per_speaker(store) -> None:  # type: ignore[no-untyped-def]
    async with store.factory() as session, session.begin():
        await _speeches(session)
    async with store.factory() as session:
        assert await answers.speaker_choices(session=session, workspace="ws", prefix="tru") in (
            ["Trump"],
            ["President Trump"],
            ["Donald Trump"],
            ["US President Donald Trump"],
        )
        assert await answers.speaker_choices(session=session, workspace="ws", prefix="Pent") in (
            ["the Pentagon"],
            ["Department of Defense"],
        )
        every = await answers.speaker_choices(session=session, workspace="ws")
        assert len(every) == 3
        assert await answers.speaker_choices(session=session, workspace="ws", prefix="zz") == []


async def test_workspaces_never_see_each_others_facts(store) -> None:  # type: ignore[no-untyped-def]
    async with store.factory() as session, session.begin():
        await _timeline_story(session)
        await _speeches(session)
        await add_article(session, source="AP", published="2020-01-10", events=[event("Convoy left.", "2020-01-09")])
        other = {"workspace": "other"}
        await add_article(
            session,
            source="AP",
            published="2020-01-10",
            troops=[level(1000, "2020-02")],
            statements=[said("Trump", "Syria is sand and death, not our fight", "2020-01-09")],
            events=[event("Convoy left.", "2020-01-09")],
            **other,
        )  # type: ignore[arg-type]
    async with store.factory() as session:
        for ws, n_troops, n_said in (("ws", 7, 7), ("other", 1, 1), ("nobody", 0, 0)):
            ans = await answers.troops(session=session, workspace=ws, as_of=LATE)
            assert len(ans.timeline) == n_troops
            assert (await answers.said(session=session, workspace=ws)).total == n_said
            events = (await answers.latest(session=session, workspace=ws)).events
            assert all(len(e.sources) == 1 for e in events)
        assert await answers.speaker_choices(session=session, workspace="other") == ["Trump"]
