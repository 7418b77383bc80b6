"""The fact store on SQLite and PostgreSQL: rows, provenance, duplicates, atomicity, isolation."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from briefings import answers, articles
from briefings import store as store_stage
from briefings.errors import BadInput, NotFound
from briefings.ingest import ingest_text
from briefings.models import Article, EventFact, StatementFact, TroopCountFact, TroopCountSource
from briefings.schemas import Event, Extraction, Statement, TroopCount

# Our own short article, in the shape of a wire story.
ARTICLE = """Officials outline smaller US footprint in Syria

WASHINGTON (Wire) - The United States will cut its force in Syria to about 1,500 troops by the summer,
a defense official said on Monday.

"We are confident our partners can hold the ground," Defense Secretary Alan Brooks said in a statement.
"""

FACTS = Extraction(
    published="2025-05-06",
    troop_counts=[
        TroopCount(value=1500, qualifier="approx", kind="level", status="planned", date="2025-05-06",
                   evidence="The United States will cut its force in Syria to about 1,500 troops by the summer"),
        TroopCount(value=2500, qualifier="approx", kind="level", status="current", date="2025-05",
                   evidence="About 2,500 US troops are in Syria now"),
    ],
    statements=[
        Statement(speaker="Alan Brooks", speaker_role="Defense Secretary", direct=True, date="2025-05-06",
                  text="We are confident our partners can hold the ground",
                  evidence='"We are confident our partners can hold the ground," Defense Secretary Alan Brooks said'),
    ],
    events=[Event(date="2025-05-06", summary="The US will cut its Syria force to about 1,500 troops.",
                  evidence="The United States will cut its force in Syria to about 1,500 troops by the summer")],
)


async def _add(session, workspace: str, text: str, source: str, facts: Extraction | None = None) -> Article:  # type: ignore[no-untyped-def]
    art = Article(workspace=workspace, title=None, source=source, url=f"https://example.org/{source}",
                  url_canonical=None, published=dt.date(2025, 5, 6), published_basis="given", found_by="file",
                  text=text, content_hash=store_stage.content_hash(text), added_by="test")
    session.add(art)
    await session.flush()
    await store_stage.store_facts(session, art, facts or FACTS)
    return art


async def _count(session, model) -> int:  # type: ignore[no-untyped-def]
    return await session.scalar(select(func.count()).select_from(model)) or 0


async def test_ingest_stores_article_with_provenance(store) -> None:  # type: ignore[no-untyped-def]
    async with store.factory() as session, session.begin():
        result = await ingest_text(session=session, workspace="g1", text=ARTICLE, source="Wire",
                                   published=dt.date(2025, 5, 6), url="https://example.org/a", added_by="admin#1")
    assert result.created and result.published == "2025-05-06" and result.published_basis == "given"
    async with store.factory() as session:
        row = await session.scalar(select(Article))
        assert row is not None
        assert (row.workspace, row.source, row.url, row.published, row.added_by) == (
            "g1", "Wire", "https://example.org/a", dt.date(2025, 5, 6), "admin#1")
        assert row.text == ARTICLE and len(row.content_hash) == 64
        assert row.added_at.tzinfo is not None


async def test_same_text_is_stored_once_and_named(store) -> None:  # type: ignore[no-untyped-def]
    async with store.factory() as session, session.begin():
        first = await ingest_text(session=session, workspace="g1", text=ARTICLE, source="Wire",
                                  published=dt.date(2025, 5, 6))
    async with store.factory() as session, session.begin():
        # Spacing and case differences are the same text.
        again = await ingest_text(session=session, workspace="g1", text="  " + ARTICLE.upper(), source="Other",
                                  published=dt.date(2025, 5, 6))
    assert not again.created and again.duplicate_of == first.article_id
    assert "already stored as article" in again.warnings[0]
    async with store.factory() as session:
        assert await _count(session, Article) == 1


async def test_failed_ingestion_leaves_no_partial_rows(store, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    async def broken(session, article, events):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")

    monkeypatch.setattr(store_stage, "store_events", broken)
    with pytest.raises(RuntimeError):
        async with store.factory() as session, session.begin():
            art = await _add(session, "g1", ARTICLE, "Wire")
            assert art.id is not None  # the article and its troop counts were flushed before the failure
    async with store.factory() as session:
        for model in (Article, TroopCountFact, StatementFact, EventFact, TroopCountSource):
            assert await _count(session, model) == 0, model.__tablename__


@pytest.mark.parametrize("text,message", [("   \n ", "empty"), ("x" * 1_000_001, "too long"), ("a\x00b", "NUL")])
async def test_bad_text_is_refused_with_a_reason(store, text: str, message: str) -> None:  # type: ignore[no-untyped-def]
    async with store.factory() as session, session.begin():
        with pytest.raises(BadInput, match=message):
            await ingest_text(session=session, workspace="g1", text=text, source="Wire")
        with pytest.raises(BadInput, match="source"):
            await ingest_text(session=session, workspace="g1", text=ARTICLE, source="  ")


async def test_a_fact_from_two_articles_is_one_fact_with_two_sources(store) -> None:  # type: ignore[no-untyped-def]
    async with store.factory() as session, session.begin():
        a = await _add(session, "g1", ARTICLE, "Wire")
        b = await _add(session, "g1", ARTICLE + "\nCopyright Other.", "Other")
    async with store.factory() as session:
        assert await _count(session, TroopCountFact) == 2
        assert await _count(session, StatementFact) == 1
        answer = await answers.troops(session=session, workspace="g1", as_of=dt.date(2025, 6, 1))
    assert answer.current is not None and answer.current.value == 2500
    assert sorted(s.source for s in answer.current.sources) == ["Other", "Wire"]
    async with store.factory() as session, session.begin():
        await articles.remove_article(session=session, workspace="g1", article_id=a.id)
    async with store.factory() as session:
        # Still reported by the other article: the facts stay, with one source.
        answer = await answers.troops(session=session, workspace="g1", as_of=dt.date(2025, 6, 1))
        assert answer.current is not None and [s.source for s in answer.current.sources] == ["Other"]
    async with store.factory() as session, session.begin():
        await articles.remove_article(session=session, workspace="g1", article_id=b.id)
    async with store.factory() as session:
        for model in (TroopCountFact, StatementFact, EventFact):
            assert await _count(session, model) == 0, model.__tablename__


async def test_workspaces_never_see_each_others_rows(store) -> None:  # type: ignore[no-untyped-def]
    async with store.factory() as session, session.begin():
        mine = await _add(session, "guild-a", ARTICLE, "Wire")
    async with store.factory() as session:
        assert await articles.list_articles(session=session, workspace="guild-b") == []
        assert (await answers.troops(session=session, workspace="guild-b")).timeline == []
        assert (await answers.latest(session=session, workspace="guild-b")).events == []
        assert (await answers.said(session=session, workspace="guild-b")).statements == []
        assert await answers.speaker_choices(session=session, workspace="guild-b") == []
        with pytest.raises(NotFound):
            await articles.get_article(session=session, workspace="guild-b", article_id=mine.id)
    async with store.factory() as session, session.begin():
        with pytest.raises(NotFound):
            await articles.remove_article(session=session, workspace="guild-b", article_id=mine.id)
    async with store.factory() as session:
        # guild-a still has everything.
        listed = await articles.list_articles(session=session, workspace="guild-a")
        assert [a.id for a in listed] == [mine.id]
        assert listed[0].troop_counts == 2 and listed[0].statements == 1 and listed[0].events == 1
        said = await answers.said(session=session, workspace="guild-a", speaker="Brooks")
        assert said.statements[0].sources[0].url == "https://example.org/Wire"


async def test_article_detail_shows_facts_with_their_evidence(store) -> None:  # type: ignore[no-untyped-def]
    async with store.factory() as session, session.begin():
        art = await _add(session, "g1", ARTICLE, "Wire")
    async with store.factory() as session:
        detail = await articles.get_article(session=session, workspace="g1", article_id=art.id)
    assert detail.text == ARTICLE
    assert detail.facts is not None
    assert {t.value for t in detail.facts.troop_counts} == {1500, 2500}
    assert detail.facts.statements[0].speaker == "Alan Brooks"
    assert detail.facts.events[0].evidence.startswith("The United States will cut")
