"""The composer: what is new since a watermark, corroborations, revisions, the troop level."""

from __future__ import annotations

import datetime as dt

import pytest
from briefing_helpers import add_article, event, level, said, utc

from bot import limits
from bot.render.briefing import briefing_embeds, briefing_text
from briefings.compose import compose_briefing, preview
from briefings.errors import BadInput

WS = "g1"
DAY1 = utc(2025, 4, 17, 12)
DAY2 = utc(2025, 4, 18, 12)
WATERMARK = utc(2025, 4, 18, 0)


async def compose(store, since, until=utc(2025, 4, 19)):  # type: ignore[no-untyped-def]
    async with store.factory() as session:
        return await compose_briefing(session=session, workspace=WS, since=since, until=until)


async def test_new_facts_since_the_watermark_newest_first_with_sources(sqlite_store) -> None:  # type: ignore[no-untyped-def]
    f = sqlite_store.factory
    await add_article(f, WS, at=DAY1, source="AP", troops=[level(2000, "2025-04-16")],
                      events=[event("The Pentagon disclosed the troop level.", "2025-04-16")])
    await add_article(f, WS, at=DAY2, source="Reuters",
                      events=[event("Troops left the Conoco base near Deir ez-Zor.", "2025-04-17"),
                              event("A convoy crossed into Iraq at dawn on Friday.", "2025-04-18")],
                      statements=[said("Sean Parnell", "We are consolidating our forces", "2025-04-18")])
    b = await compose(sqlite_store, WATERMARK)
    assert not b.is_empty
    assert [e.summary for e in b.developments] == [
        "A convoy crossed into Iraq at dawn on Friday.",
        "Troops left the Conoco base near Deir ez-Zor.",
    ]
    assert [s.source for s in b.developments[0].sources] == ["Reuters"]
    assert [s.speaker for s in b.statements] == ["Sean Parnell"]
    assert b.statements[0].sources[0].source == "Reuters"
    # The level did not change in the window: it is shown, and not as news.
    assert b.troops.current is not None and b.troops.current.value == 2000
    assert not b.troops.changed
    assert b.figures == [] and b.revisions == []

    nothing = await compose(sqlite_store, utc(2025, 4, 18, 18))
    assert nothing.is_empty
    assert nothing.troops.current is not None and nothing.troops.current.value == 2000


async def test_a_fact_reported_again_is_a_corroboration_not_news(sqlite_store) -> None:  # type: ignore[no-untyped-def]
    f = sqlite_store.factory
    await add_article(f, WS, at=DAY1, source="AP", events=[event("US forces left the Conoco base.", "2025-04-16")],
                      statements=[said("Sean Parnell", "We are consolidating our forces", "2025-04-16")])
    await add_article(f, WS, at=DAY2, source="BBC", events=[event("US forces left the Conoco base.", "2025-04-16")],
                      statements=[said("Sean Parnell", "We are consolidating our forces", "2025-04-16")])
    b = await compose(sqlite_store, WATERMARK)
    assert b.is_empty
    assert b.developments == [] and b.statements == []
    assert b.corroborations_total == 2
    assert {c.kind for c in b.corroborations} == {"event", "statement"}
    assert all([s.source for s in c.new_sources] == ["BBC"] for c in b.corroborations)
    assert "Nothing new to report." in briefing_text(b)


async def test_a_changed_figure_is_a_revision_and_the_level_moves(sqlite_store) -> None:  # type: ignore[no-untyped-def]
    f = sqlite_store.factory
    await add_article(f, WS, at=DAY1, source="AP", troops=[level(2000, "2025-04")])
    await add_article(f, WS, at=DAY2, source="NYT", troops=[level(1500, "2025-04")])
    b = await compose(sqlite_store, WATERMARK)
    assert not b.is_empty
    assert [(r.previous.value, r.fact.value) for r in b.revisions] == [(2000, 1500)]
    assert b.figures == []
    assert b.troops.previous is not None and b.troops.previous.value == 2000
    assert b.troops.current is not None and b.troops.current.value == 1500
    text = briefing_text(b)
    assert "The figure for April 2025 is now 1,500 US troops in Syria, not 2,000" in text
    embeds = briefing_embeds(b, local_day=dt.date(2025, 4, 19), marker="ref D7")
    limits.check_message(embeds=embeds)
    assert embeds[-1].footer.text and embeds[-1].footer.text.startswith("ref D7")


async def test_a_new_later_level_changes_the_level(sqlite_store) -> None:  # type: ignore[no-untyped-def]
    f = sqlite_store.factory
    await add_article(f, WS, at=DAY1, source="AP", troops=[level(2000, "2025-04-10")])
    await add_article(f, WS, at=DAY2, source="AP", troops=[level(1400, "2025-04-18")])
    b = await compose(sqlite_store, WATERMARK)
    assert b.troops.changed and b.troops.delta == -600
    assert [x.value for x in b.figures] == [1400]
    assert "down from 2,000" in briefing_text(b)


async def test_a_first_briefing_is_the_state_of_the_story(sqlite_store) -> None:  # type: ignore[no-untyped-def]
    f = sqlite_store.factory
    await add_article(f, WS, at=DAY1, source="AP", troops=[level(2000, "2025-04-10")],
                      events=[event(f"Development {n} happened.", f"2025-04-{n + 1:02d}") for n in range(5)],
                      statements=[said("Sean Parnell", f"Remark number {n}", f"2025-04-{n + 1:02d}") for n in range(5)])
    b = await compose(sqlite_store, None)
    assert b.is_first and not b.is_empty
    assert b.troops.current is not None and b.troops.current.value == 2000 and b.troops.previous is None
    assert [s.source for s in b.troops.current.sources] == ["AP"]
    # The three latest by date, not everything stored.
    assert [e.summary for e in b.developments] == [f"Development {n} happened." for n in (4, 3, 2)]
    assert [s.text for s in b.statements] == [f"Remark number {n}" for n in (4, 3, 2)]
    assert (b.developments_total, b.statements_total, b.figures, b.revisions) == (3, 3, [], [])
    text = briefing_text(b)
    assert "Where things stand" in text and "not shown" not in text and "more developments" not in text
    other = await compose_briefing_other_workspace(sqlite_store)
    assert other.is_empty


async def compose_briefing_other_workspace(store):  # type: ignore[no-untyped-def]
    async with store.factory() as session:
        return await compose_briefing(session=session, workspace="other", since=None, until=utc(2025, 4, 19))


async def test_bad_windows_get_clear_messages(sqlite_store) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(BadInput, match="after it ends"):
        await compose(sqlite_store, utc(2025, 4, 20), utc(2025, 4, 19))
    with pytest.raises(BadInput, match="time zone"):
        await compose(sqlite_store, dt.datetime(2025, 4, 18), utc(2025, 4, 19))


async def test_preview_starts_at_the_watermark_or_is_a_first_briefing(sqlite_store) -> None:  # type: ignore[no-untyped-def]
    async with sqlite_store.factory() as session:
        p = await preview(session=session, workspace=WS, now=utc(2025, 4, 19))
    assert p.briefing.is_first and p.briefing.is_empty and p.timezone == "UTC"
    await add_article(sqlite_store.factory, WS, at=DAY2, source="AP", events=[event("Troops moved.", "2025-04-18")])
    async with sqlite_store.factory() as session:
        p = await preview(session=session, workspace=WS, now=utc(2025, 4, 19), timezone="Asia/Kolkata")
    assert [e.summary for e in p.briefing.developments] == ["Troops moved."]
    assert (p.timezone, p.local_day) == ("Asia/Kolkata", dt.date(2025, 4, 19))


async def test_the_briefing_and_the_alerts_give_the_figure_troops_gives(sqlite_store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import briefings.ingest
    from bot.console import store_samples
    from briefings import answers, levels
    from tests.bot.bot_sample_facts import known_extract

    monkeypatch.setattr(briefings.ingest, "extract", known_extract)
    await store_samples(session_factory=sqlite_store.factory, workspace=WS)
    now = dt.datetime.now(dt.UTC)
    async with sqlite_store.factory() as session:
        troops = await answers.troops(session=session, workspace=WS)
        first = await compose_briefing(session=session, workspace=WS, since=None, until=now)
        found = await levels.levels_at(session=session, workspace=WS, country="Syria", moments=[(now.date(), None)])
    assert troops.current is not None and first.troops.current is not None
    assert first.troops.current.id == troops.current.id == found[(now.date(), None)].id  # type: ignore[union-attr]


async def test_a_rejected_figure_is_neither_the_level_nor_news(sqlite_store) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import update

    from briefings.models import TroopCountFact

    f = sqlite_store.factory
    await add_article(f, WS, at=DAY1, source="AP", troops=[level(2000, "2025-04-10")])
    await add_article(f, WS, at=DAY2, source="NYT", troops=[level(1500, "2025-04-17")])
    async with f() as session, session.begin():
        rejected = update(TroopCountFact).where(TroopCountFact.value == 1500).values(review_state="rejected")
        await session.execute(rejected)
    b = await compose(sqlite_store, WATERMARK)
    assert b.troops.current is not None and b.troops.current.value == 2000 and not b.troops.changed
    assert b.figures == [] and b.is_empty
