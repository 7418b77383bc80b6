"""/troops a reader can trust: doubtful figures held back, conflicts between sources, as-of without undated figures."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update

from briefings import answers
from briefings.models import TroopCountFact
from tests.answers.factories import add_article, change, level
from tests.conftest import Store

LATE = dt.date(2026, 6, 1)


async def _story(store: Store) -> None:
    async with store.factory() as session, session.begin():
        await add_article(session, source="TWZ", published="2026-01-23", troops=[level(1000, "2026-01")])
        await add_article(session, source="MENAFN", published="2026-02-19", troops=[level(1000, "2026-02-19")])
        await add_article(
            session,
            source="ABC",
            published="2026-02-17",
            troops=[level(4, "2026-02", qualifier="exact", evidence="an explosion wounded four US service members")],
        )
        await add_article(
            session,
            source="Radio Iowa",
            published="2026-03-13",
            troops=[level(100, "2026-03", evidence="Around 100 soldiers got a rousing welcome home")],
        )
        await add_article(
            session,
            source="Asharq",
            published="2026-03-01",
            troops=[level(900, "2014", evidence="900 in Syria, part of the coalition formed in 2014")],
        )


async def test_doubtful_levels_stay_out_of_the_timeline_and_the_current_figure(store: Store) -> None:
    await _story(store)
    async with store.factory() as session:
        ans = await answers.troops(session=session, workspace="ws", as_of=LATE)
    assert ans.current is not None and (ans.current.value, ans.current.date) == (1000, "2026-02-19")
    assert ans.current_reason == "2 outlets agree, newest 2026-02-19; a newer about 100 (2026-03) awaits review"
    assert [(f.value, f.date) for f in ans.timeline] == [(1000, "2026-01"), (1000, "2026-02-19")]
    assert ans.held_back == 3  # the four wounded, the returning unit, the 2014 date of a 2026 figure


async def test_an_approved_figure_is_shown_and_a_rejected_one_never_is(store: Store) -> None:
    await _story(store)
    async with store.factory() as session, session.begin():
        await session.execute(update(TroopCountFact).where(TroopCountFact.value == 100).values(review_state="approved"))
        await session.execute(
            update(TroopCountFact).where(TroopCountFact.date == "2026-02-19").values(review_state="rejected")
        )
    async with store.factory() as session:
        ans = await answers.troops(session=session, workspace="ws", as_of=LATE)
    assert ans.current is not None and ans.current.value == 100 and ans.current.review_state == "approved"
    assert ans.current_reason is not None and ans.current_reason.startswith("approved in review")
    assert [(f.value, f.date) for f in ans.timeline] == [(1000, "2026-01"), (100, "2026-03")]


async def test_sources_disagreeing_about_one_period_are_a_conflict(store: Store) -> None:
    async with store.factory() as session, session.begin():
        # One article quoting two sources for the same day: both said to hold now.
        await add_article(
            session,
            source="Capitol Ledger",
            published="2025-08-21",
            troops=[level(1000, "2025-08-21", qualifier="under"), level(1200, "2025-08-21")],
        )
        await add_article(session, source="AP", published="2025-08-22", troops=[level(900, "2025-08")])
        await add_article(session, source="Wire", published="2025-06-27", troops=[level(1400, "2025-06-27")])
    async with store.factory() as session:
        ans = await answers.troops(session=session, workspace="ws", as_of=LATE)
    groups = [sorted((f.qualifier, f.value) for f in g) for g in ans.conflicts]
    # "about 900" agrees with "fewer than 1,000" but not with "about 1,200"; June's 1,400 is another period.
    assert groups == [[("approx", 900), ("approx", 1200), ("under", 1000)]]
    [group] = ans.conflicts
    assert {s.source for f in group for s in f.sources} == {"Capitol Ledger", "AP"}


async def test_one_article_telling_of_a_change_is_no_conflict(store: Store) -> None:
    async with store.factory() as session, session.begin():
        # "about 2,000 US troops, more than double the roughly 900 it had cited" (one article, one month).
        await add_article(
            session,
            source="Wire",
            published="2024-12-19",
            troops=[level(2000, "2024-12"), level(900, "2024-12", status="past")],
        )
        # Figures of different years, or of the same year only, never conflict.
        await add_article(session, source="AP", published="2024-06-01", troops=[level(900, "2024-06")])
        await add_article(session, source="BBC", published="2024-10-01", troops=[level(2000, "2024")])
    async with store.factory() as session:
        ans = await answers.troops(session=session, workspace="ws", as_of=LATE)
    assert ans.conflicts == []


async def test_figures_that_agree_within_their_qualifiers_are_no_conflict(store: Store) -> None:
    async with store.factory() as session, session.begin():
        for source, fact in (
            ("AP", level(900, "2024-08", qualifier="exact")),
            ("Reuters", level(950, "2024-08")),
            ("AFP", level(1000, "2024-08", qualifier="under")),
        ):
            await add_article(session, source=source, published="2024-08-15", troops=[fact])
    async with store.factory() as session:
        ans = await answers.troops(session=session, workspace="ws", as_of=LATE)
    assert ans.conflicts == []


async def test_an_as_of_answer_holds_only_figures_dated_on_or_before_it(store: Store) -> None:
    async with store.factory() as session, session.begin():
        await add_article(
            session,
            source="AP",
            published="2025-04-18",
            troops=[level(2000, "2025-04-18"), level(1200, None), change(600, "2025-06", status="past")],
        )
        await add_article(session, source="Wire", published="2025-06-27", troops=[level(1400, "2025-06-27")])
    async with store.factory() as session:
        early = await answers.troops(session=session, workspace="ws", as_of=dt.date(1990, 1, 1))
        april = await answers.troops(session=session, workspace="ws", as_of=dt.date(2025, 5, 1))
        everything = await answers.troops(session=session, workspace="ws")
    assert early.current is None and early.timeline == []
    assert april.current is not None and april.current.value == 2000
    assert [(f.value, f.date) for f in april.timeline] == [(2000, "2025-04-18")]
    # Without a date the undated figure follows the dated ones, and is never the current figure.
    assert [f.date for f in everything.timeline] == ["2025-04-18", "2025-06", "2025-06-27", None]
    assert everything.current is not None and everything.current.value == 1400


async def test_when_every_figure_is_doubtful_the_answer_says_so(store: Store) -> None:
    from bot.render.embeds import troops_embed
    from bot.render.text import troops_text

    async with store.factory() as session, session.begin():
        wounded = level(4, "2023-02", qualifier="exact")
        await add_article(session, source="ABC", published="2023-02-17", troops=[wounded])
    async with store.factory() as session:
        ans = await answers.troops(session=session, workspace="ws", as_of=LATE)
    assert ans.current is None and ans.timeline == [] and ans.held_back == 1
    assert troops_embed(ans).description == (
        "No troop figure for Syria up to 2026-06-01 can be used yet: 1 doubtful figure held back for review "
        "(admins: /review queue)."
    )
    assert "1 doubtful figure held back for review." in troops_text(ans)
