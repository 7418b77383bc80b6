"""Admin review on SQLite and PostgreSQL: the queue, decisions as rows of their own, outliving the article."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from briefings import answers, articles, review
from briefings.errors import BadInput, NotFound
from briefings.models import Article, FactDecision, TroopCountFact
from briefings.schemas import Statement
from tests.answers.factories import add_article, level, said
from tests.conftest import Store

LATE = dt.date(2026, 6, 1)
RETURNING = "Around 100 soldiers got a rousing welcome home in Sioux City."


async def _story(session) -> Article:  # type: ignore[no-untyped-def]
    """About 1,000 in January and February; then a local story's 100 (implausible); returns that article."""
    await add_article(session, source="TWZ", published="2026-01-23", troops=[level(1000, "2026-01")])
    await add_article(session, source="MENAFN", published="2026-02-19", troops=[level(1000, "2026-02-19")])
    return await add_article(
        session,
        source="Radio Iowa",
        published="2026-03-13",
        text="Returning unit story",
        troops=[level(100, "2026-03", evidence=RETURNING)],
    )


async def _readd(session, source: str = "Radio Iowa") -> None:  # type: ignore[no-untyped-def]
    await add_article(
        session,
        source=source,
        published="2026-03-13",
        text="Returning unit story",
        troops=[level(100, "2026-03", evidence=RETURNING)],
    )


async def _queue(store: Store) -> dict[str, str]:
    async with store.factory() as session:
        q = await review.review_queue(session=session, workspace="ws")
    assert q.total == len(q.items)
    return {it.id: it.reason for it in q.items}


async def _current(store: Store) -> tuple[int, str | None] | None:
    async with store.factory() as session:
        ans = await answers.troops(session=session, workspace="ws", as_of=LATE)
    return (ans.current.value, ans.current.date) if ans.current else None


async def test_the_queue_lists_doubtful_facts_with_evidence_source_and_reason(store: Store) -> None:
    async with store.factory() as session, session.begin():
        await _story(session)
        await add_article(session, source="ABC", published="2026-02-17",
                          troops=[level(4, "2026-02", qualifier="exact", evidence="four were wounded")])  # fmt: skip
        await add_article(
            session,
            source="Capitol Ledger",
            published="2025-08-21",
            troops=[level(1000, "2025-08-21", qualifier="under"), level(1200, "2025-08-21")],
        )
        weak = Statement(speaker="Someone", text="maybe they left", direct=False, date="2025-01-01",
                         evidence="Someone hinted.", confidence=0.2)  # fmt: skip
        await add_article(session, source="Blog", published="2025-01-01", statements=[weak])
    async with store.factory() as session:
        q = await review.review_queue(session=session, workspace="ws")
    by_value = {it.fact.value: it for it in q.items if it.type == "troop_count"}  # type: ignore[union-attr]
    assert set(by_value) == {100, 4, 1000, 1200}
    hundred = by_value[100]
    assert hundred.id.startswith("t") and "a tenth or less of the 1,000" in hundred.reason
    assert hundred.fact.evidence == RETURNING and hundred.fact.sources[0].source == "Radio Iowa"
    assert by_value[4].reason.startswith("under 20 troops")
    assert by_value[1200].reason == "sources disagree for 2025-08-21: fewer than 1,000 (Capitol Ledger)"
    [weak] = [it for it in q.items if it.type == "statement"]
    assert weak.id.startswith("s") and weak.reason == "weak evidence (confidence 0.20)"


async def test_rejecting_removes_the_figure_at_once_and_for_good(store: Store) -> None:
    async with store.factory() as session, session.begin():
        radio = await _story(session)
        [ref] = [it.id for it in (await review.review_queue(session=session, workspace="ws")).items]
        # Approve the figure first, so only the rejection keeps it out.
        await review.approve(session=session, workspace="ws", fact_id=ref, decided_by="admin (1)")
    assert await _current(store) == (100, "2026-03")
    async with store.factory() as session, session.begin():
        decision = await review.reject(session=session, workspace="ws", fact_id=ref, decided_by="admin (1)")
    assert (decision.action, decision.fact_id, decision.old["review_state"], decision.new) == (
        "reject", ref, "approved", {"review_state": "rejected"}
    )
    assert await _current(store) == (1000, "2026-02-19")
    assert await _queue(store) == {}  # decided: never flagged again
    # The article goes, and comes back (the same report): the figure stays rejected.
    async with store.factory() as session, session.begin():
        await articles.remove_article(session=session, workspace="ws", article_id=radio.id)
    async with store.factory() as session, session.begin():
        hundreds = select(func.count()).select_from(TroopCountFact).where(TroopCountFact.value == 100)
        assert await session.scalar(hundreds) == 0
        await _readd(session)
    async with store.factory() as session:
        state = await session.scalar(select(TroopCountFact.review_state).where(TroopCountFact.value == 100))
        ans = await answers.troops(session=session, workspace="ws", as_of=LATE)
    assert state == "rejected"
    assert [f.value for f in ans.timeline] == [1000, 1000] and ans.held_back == 0
    assert await _queue(store) == {}


async def test_approving_lets_a_held_back_figure_in_and_outlives_the_article(store: Store) -> None:
    async with store.factory() as session, session.begin():
        radio = await _story(session)
    [ref] = await _queue(store)
    assert await _current(store) == (1000, "2026-02-19")
    async with store.factory() as session, session.begin():
        await review.approve(session=session, workspace="ws", fact_id=ref, decided_by="admin (1)")
    assert await _current(store) == (100, "2026-03")
    async with store.factory() as session, session.begin():
        await articles.remove_article(session=session, workspace="ws", article_id=radio.id)
        await _readd(session, source="Radio Iowa (again)")
    assert await _current(store) == (100, "2026-03")
    assert await _queue(store) == {}


async def test_an_edit_corrects_the_fact_keeps_old_and_new_and_is_applied_again(store: Store) -> None:
    async with store.factory() as session, session.begin():
        radio = await _story(session)
    [ref] = await _queue(store)
    async with store.factory() as session, session.begin():
        decision = await review.edit(
            session=session, workspace="ws", fact_id=ref, changes={"value": "1000", "date": "2026-03-12"},
            decided_by="admin (1)",
        )  # fmt: skip
    assert (decision.old["value"], decision.old["date"]) == (100, "2026-03")
    assert decision.new is not None
    assert (decision.new["value"], decision.new["date"]) == (1000, "2026-03-12")
    assert decision.new["review_state"] == "approved"
    assert decision.reason is not None and "a tenth" in decision.reason
    assert await _current(store) == (1000, "2026-03-12")
    async with store.factory() as session, session.begin():
        await articles.remove_article(session=session, workspace="ws", article_id=radio.id)
        await _readd(session)
    async with store.factory() as session:
        rows = (await session.execute(select(TroopCountFact.value, TroopCountFact.date, TroopCountFact.review_state)
                                      .order_by(TroopCountFact.date_start))).all()  # fmt: skip
    # The returning article's figure is corrected as the admin corrected it.
    assert [tuple(r) for r in rows] == [
        (1000, "2026-01", None),
        (1000, "2026-02-19", None),
        (1000, "2026-03-12", "approved"),
    ]


async def test_an_edit_that_makes_two_facts_one_merges_their_sources(store: Store) -> None:
    async with store.factory() as session, session.begin():
        await _story(session)
    [ref] = await _queue(store)
    async with store.factory() as session, session.begin():
        decision = await review.edit(session=session, workspace="ws", fact_id=ref,
                                     changes={"value": 1000, "date": "2026-02-19"}, decided_by="admin (1)")  # fmt: skip
    assert decision.new is not None and decision.new["merged_into"].startswith("t")
    async with store.factory() as session:
        ans = await answers.troops(session=session, workspace="ws", as_of=LATE)
    assert ans.current is not None and ans.current.review_state == "approved"
    assert sorted(s.source for s in ans.current.sources) == ["MENAFN", "Radio Iowa"]
    assert ans.current_reason is not None and ans.current_reason.startswith("approved in review")


async def test_a_removed_fact_is_gone_and_not_stored_again(store: Store) -> None:
    async with store.factory() as session, session.begin():
        radio = await _story(session)
    [ref] = await _queue(store)
    async with store.factory() as session, session.begin():
        decision = await review.remove_fact(session=session, workspace="ws", fact_id=ref, decided_by="admin (1)")
    assert decision.action == "remove" and decision.new is None and decision.old["value"] == 100
    async with store.factory() as session, session.begin():
        await articles.remove_article(session=session, workspace="ws", article_id=radio.id)
        await _readd(session)
    async with store.factory() as session:
        values = (await session.scalars(select(TroopCountFact.value))).all()
        log = await review.review_log(session=session, workspace="ws")
    assert sorted(values) == [1000, 1000]
    assert [(d.action, d.decided_by, d.old["value"]) for d in log] == [("remove", "admin (1)", 100)]
    assert dt.datetime.fromisoformat(log[0].decided_at).tzinfo is not None


async def test_the_log_keeps_every_decision_newest_first(store: Store) -> None:
    async with store.factory() as session, session.begin():
        await _story(session)
    [ref] = await _queue(store)
    async with store.factory() as session, session.begin():
        await review.approve(session=session, workspace="ws", fact_id=ref, decided_by="a (1)")
        await review.edit(session=session, workspace="ws", fact_id=ref, changes={"status": "past"}, decided_by="b (2)")
        await review.reject(session=session, workspace="ws", fact_id=ref, decided_by="c (3)")
    async with store.factory() as session:
        log = await review.review_log(session=session, workspace="ws")
        other = await review.review_log(session=session, workspace="other")
        ids = (await session.scalars(select(FactDecision.id).order_by(FactDecision.id))).all()
    assert [(d.action, d.decided_by) for d in log] == [("reject", "c (3)"), ("edit", "b (2)"), ("approve", "a (1)")]
    assert log[1].old["status"] == "current" and log[1].new["status"] == "past"  # type: ignore[index]
    assert other == [] and list(ids) == sorted(ids)


async def test_a_rejected_statement_leaves_said_and_stays_out_after_the_article_returns(store: Store) -> None:
    words = "we will stay as long as needed"
    async with store.factory() as session, session.begin():
        art = await add_article(session, source="AP", published="2025-01-02", text="statement story",
                                statements=[said("Dana Whitfield", words, "2025-01-02")])  # fmt: skip
        [s] = (await answers.said(session=session, workspace="ws")).statements
        await review.reject(session=session, workspace="ws", fact_id=f"s{s.id}", decided_by="admin (1)")
        assert (await answers.said(session=session, workspace="ws")).statements == []
        await articles.remove_article(session=session, workspace="ws", article_id=art.id)
        await add_article(session, source="AP", published="2025-01-02", text="statement story",
                          statements=[said("Whitfield", words, "2025-01")])  # fmt: skip
        assert (await answers.said(session=session, workspace="ws")).statements == []


async def test_bad_ids_and_bad_edits_get_clear_messages(store: Store) -> None:
    async with store.factory() as session, session.begin():
        await _story(session)
        await add_article(session, source="AP", published="2026-01-01", troops=[level(500, "2026-01")],
                          workspace="other")  # fmt: skip
        [ref] = [it.id for it in (await review.review_queue(session=session, workspace="ws")).items]
        other = await session.scalar(select(TroopCountFact.id).where(TroopCountFact.workspace == "other"))
        with pytest.raises(BadInput, match="not a fact id"):
            await review.approve(session=session, workspace="ws", fact_id="12", decided_by="x")
        with pytest.raises(NotFound, match=f"no troop figure t{other} "):
            await review.reject(session=session, workspace="ws", fact_id=f"t{other}", decided_by="x")
        with pytest.raises(BadInput, match="has no 'speaker'"):
            await review.edit(session=session, workspace="ws", fact_id=ref, changes={"speaker": "X"}, decided_by="x")
        with pytest.raises(BadInput, match="value"):
            await review.edit(session=session, workspace="ws", fact_id=ref, changes={"value": "-5"}, decided_by="x")
        with pytest.raises(BadInput, match="date"):
            await review.edit(session=session, workspace="ws", fact_id=ref, changes={"date": "2026-13"},
                              decided_by="x")  # fmt: skip
        with pytest.raises(BadInput, match="direction"):
            await review.edit(session=session, workspace="ws", fact_id=ref, changes={"kind": "change"}, decided_by="x")
        assert await session.scalar(select(func.count()).select_from(FactDecision)) == 0


def test_the_partial_index_of_weak_facts_says_what_the_queue_means_by_weak() -> None:
    from briefings import models

    assert models.WEAK == f"confidence < {review.LOW_CONFIDENCE}"


async def test_a_rejected_event_leaves_latest_for_good(store: Store) -> None:
    from tests.answers.factories import event

    events = [event("Convoy left the base.", "2025-01-02"), event("Talks began.", "2025-01-01")]
    async with store.factory() as session, session.begin():
        art = await add_article(session, source="AP", published="2025-01-02", text="event story", events=events)
        first = (await answers.latest(session=session, workspace="ws")).events[0]
        await review.reject(session=session, workspace="ws", fact_id=f"e{first.id}", decided_by="admin (1)")
        assert [e.summary for e in (await answers.latest(session=session, workspace="ws")).events] == ["Talks began."]
        await articles.remove_article(session=session, workspace="ws", article_id=art.id)
        await add_article(session, source="AP", published="2025-01-02", text="event story", events=events)
        assert [e.summary for e in (await answers.latest(session=session, workspace="ws")).events] == ["Talks began."]
