"""Merging across sources: one fact per thing reported, with every source; removal."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from briefings import answers, articles
from briefings import store as store_stage
from briefings.models import EventFact, StatementFact, TroopCountFact
from tests.answers.factories import add_article, change, event, level, said

LATE = dt.date(2021, 1, 1)


async def _count(session, model) -> int:  # type: ignore[no-untyped-def]
    return await session.scalar(select(func.count()).select_from(model)) or 0


async def test_one_figure_from_two_outlets_is_one_fact_with_both_sources(store) -> None:  # type: ignore[no-untyped-def]
    async with store.factory() as session, session.begin():
        await add_article(session, source="AP", published="2020-03-04", troops=[level(1800, "2020-03")])
        await add_article(
            session,
            source="Reuters",
            published="2020-03-05",
            troops=[level(1800, "2020-03-02", evidence="Some 1,800 American troops remain in Syria")],
        )
    async with store.factory() as session:
        ans = await answers.troops(session=session, workspace="ws", as_of=LATE)
    assert [f.value for f in ans.timeline] == [1800]
    fact = ans.timeline[0]
    assert sorted(s.source for s in fact.sources) == ["AP", "Reuters"]
    assert fact.date == "2020-03-02"  # the more precise date of the two
    assert ans.current is not None and len(ans.current.sources) == 2


async def test_a_syndicated_copy_adds_a_source_never_a_second_development(store) -> None:  # type: ignore[no-untyped-def]
    story = {
        "troops": [change(500, "2020-06-11"), level(1200, "2020-06-11", status="planned", qualifier="under")],
        "statements": [said("Defense Secretary Alan Brooks", "our partners are ready to take the lead", "2020-06-11")],
        "events": [event("The Pentagon ordered 500 troops out of Syria.", "2020-06-11")],
    }
    async with store.factory() as session, session.begin():
        await add_article(session, source="Wire", published="2020-06-11", **story)
        await add_article(session, source="Daily Gazette", published="2020-06-12", **story)
    async with store.factory() as session:
        for model, n in ((TroopCountFact, 2), (StatementFact, 1), (EventFact, 1)):
            assert await _count(session, model) == n
        events = (await answers.latest(session=session, workspace="ws")).events
        assert len(events) == 1 and [s.source for s in events[0].sources] == ["Wire", "Daily Gazette"]
        statements = (await answers.said(session=session, workspace="ws", speaker="Brooks")).statements
        assert len(statements) == 1 and len(statements[0].sources) == 2


async def test_a_rewritten_story_merges_by_its_words(store) -> None:  # type: ignore[no-untyped-def]
    async with store.factory() as session, session.begin():
        await add_article(
            session,
            source="AP",
            published="2020-06-11",
            statements=[
                said(
                    "a US official",
                    "The US will withdraw about 500 troops from Syria, leaving fewer than 1,200 to "
                    "work with Kurdish partners against the Islamic State group",
                    "2020-06-11",
                )
            ],
        )
        await add_article(
            session,
            source="Myind",
            published="2020-06-11",
            statements=[
                said(
                    "a U.S. official",
                    "The US will pull out around 500 troops from Syria, leaving fewer than 1,200 "
                    "behind to keep working with Kurdish partners to fight the Islamic State group",
                    "2020-06-11",
                )
            ],
        )
        # The same speaker on another subject is another statement.
        await add_article(
            session,
            source="AP",
            published="2020-06-12",
            statements=[
                said("a US official", "talks with Ankara on the border crossings will resume next week", "2020-06-12")
            ],
        )
    async with store.factory() as session:
        got = (await answers.said(session=session, workspace="ws", speaker="US official")).statements
    assert [len(s.sources) for s in got] == [1, 2]


async def test_different_figures_and_claims_stay_apart(store) -> None:  # type: ignore[no-untyped-def]
    async with store.factory() as session, session.begin():
        await add_article(
            session,
            source="A",
            published="2020-03-10",
            troops=[
                level(2000, "2020-03", qualifier="approx"),
                level(1000, "2020-03", qualifier="under", status="planned"),
                change(600, "2020-03-09"),
            ],
            events=[event("A drone strike hit a base near Deir ez-Zor, wounding 3 soldiers.", "2020-03-09")],
        )
        await add_article(
            session,
            source="B",
            published="2020-03-11",
            troops=[
                level(2000, "2020-03", qualifier="exact"),  # the same round figure printed bare: one fact
                level(1000, "2020-03", qualifier="approx"),  # "about 1,000" is another claim than "fewer than 1,000"
                change(600, "2020-03-09", direction="increase"),  # a deployment, not the withdrawal
                level(2000, "2019"),  # another period
            ],
            events=[event("A drone strike hit a base near Deir ez-Zor, wounding 5 soldiers.", "2020-03-09")],
        )
    async with store.factory() as session:
        ans = await answers.troops(session=session, workspace="ws", as_of=LATE)
        assert await _count(session, EventFact) == 2
    shapes = sorted((f.value, f.kind, f.qualifier, f.direction, f.date, len(f.sources)) for f in ans.timeline)
    assert shapes == [
        (600, "change", "approx", "decrease", "2020-03-09", 1),
        (600, "change", "approx", "increase", "2020-03-09", 1),
        (1000, "level", "approx", None, "2020-03", 1),
        (1000, "level", "under", None, "2020-03", 1),
        (2000, "level", "approx", None, "2019", 1),
        (2000, "level", "approx", None, "2020-03", 2),
    ]


async def test_storing_one_article_twice_links_each_fact_once(store) -> None:  # type: ignore[no-untyped-def]
    async with store.factory() as session, session.begin():
        art = await add_article(
            session,
            source="AP",
            published="2020-03-04",
            troops=[level(1800, "2020-03")],
            events=[event("Troops left the Tanf garrison.", "2020-03-01")],
        )
        again = await store_stage.article_fact_ids(session, art.id)
        from briefings.schemas import Extraction

        await store_stage.store_facts(
            session,
            art,
            Extraction(
                published="2020-03-04",
                troop_counts=[level(1800, "2020-03")],
                events=[event("Troops left the Tanf garrison.", "2020-03-01")],
            ),
        )
        assert await store_stage.article_fact_ids(session, art.id) == again
    async with store.factory() as session:
        ans = await answers.troops(session=session, workspace="ws", as_of=LATE)
    assert len(ans.timeline) == 1 and len(ans.timeline[0].sources) == 1


async def test_removing_an_article_keeps_facts_another_supports_and_drops_orphans(store) -> None:  # type: ignore[no-untyped-def]
    async with store.factory() as session, session.begin():
        ap = await add_article(
            session,
            source="AP",
            published="2020-03-04",
            troops=[level(1800, "2020-03")],
            statements=[said("Trump", "we are leaving", "2020-03")],
            events=[event("Troops left the Tanf garrison.", "2020-03-01")],
        )
        await add_article(session, source="BBC", published="2020-03-05", troops=[level(1800, "2020-03")])
    async with store.factory() as session, session.begin():
        await articles.remove_article(session=session, workspace="ws", article_id=ap.id)
    async with store.factory() as session:
        ans = await answers.troops(session=session, workspace="ws", as_of=LATE)
        assert [s.source for s in ans.timeline[0].sources] == ["BBC"]
        assert (await answers.latest(session=session, workspace="ws")).events == []
        assert (await answers.said(session=session, workspace="ws", speaker="Trump")).statements == []
        assert (await _count(session, StatementFact), await _count(session, EventFact)) == (0, 0)


async def test_targeted_orphan_removal_checks_only_the_removed_articles_facts(store) -> None:  # type: ignore[no-untyped-def]
    async with store.factory() as session, session.begin():
        a = await add_article(
            session, source="AP", published="2020-03-04", troops=[level(1800, "2020-03"), level(900, "2019")]
        )
        await add_article(session, source="BBC", published="2020-03-05", troops=[level(1800, "2020-03")])
    async with store.factory() as session, session.begin():
        ids = await store_stage.article_fact_ids(session, a.id)
        await session.delete(await session.get(type(a), a.id))
        await session.flush()
        assert await store_stage.delete_orphans(session, "ws", fact_ids=ids) == 1
    async with store.factory() as session:
        ans = await answers.troops(session=session, workspace="ws", as_of=LATE)
    assert [(f.value, [s.source for s in f.sources]) for f in ans.timeline] == [(1800, ["BBC"])]


async def test_a_whole_quotation_is_kept_over_the_part_it_merges_with(store) -> None:  # type: ignore[no-untyped-def]
    part = "But we are not going to go into specific numbers because we are still going through the analysis"
    whole = ("There will be fewer than 1,000 for sure, and probably about 500. But we are not going to go into "
             "specific numbers because we are still going through the analysis")
    async with store.factory() as session, session.begin():
        await add_article(session, source="Wire", published="2019-11-11",
                          statements=[said("Gen. Mark Milley", part, "2019-11-11", direct=True),
                                      said("Gen. Mark Milley", whole, "2019-11-11", direct=True)])
    async with store.factory() as session:
        statements = (await answers.said(session=session, workspace="ws", speaker="Milley")).statements
    assert [s.text for s in statements] == [whole]
