"""``said --about`` through the full-text index, and ``said``'s capped total, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from briefings import answers
from briefings import store as store_stage
from briefings.models import Article
from tests.answers.factories import add_article, said


async def _quotes(session) -> None:  # type: ignore[no-untyped-def]
    await add_article(
        session,
        source="AP",
        published="2021-03-02",
        statements=[
            said("Lloyd Austin", "the withdrawal of 1,000 troops is conditions-based", "2021-03-01"),
            said("the Pentagon", "we will draw down forces from the border", "2021-02-27"),
            said("a Kurdish commander", "the café in Qamishli was hit by a drone", "2021-02-20"),
        ],
    )


async def _texts(store, about: str, **kw) -> list[str]:  # type: ignore[no-untyped-def]
    async with store.factory() as session:
        got = await answers.said(session=session, workspace="ws", about=about, **kw)
    return [s.text for s in got.statements]


async def test_about_matches_whole_words_and_their_starts(store) -> None:  # type: ignore[no-untyped-def]
    async with store.factory() as session, session.begin():
        await _quotes(session)
    withdrawal = ["the withdrawal of 1,000 troops is conditions-based"]
    assert await _texts(store, "withdraw") == withdrawal  # the start of a word
    assert await _texts(store, "Withdrawal TROOPS") == withdrawal
    assert await _texts(store, "1,000") == withdrawal
    assert await _texts(store, "conditions-based") == withdrawal
    assert await _texts(store, "based") == withdrawal
    assert await _texts(store, "draw") == ["we will draw down forces from the border"]  # not inside "withdrawal"
    assert await _texts(store, "ithdraw") == []  # a word's middle is no word
    assert await _texts(store, "troops border") == []  # every word must be there
    assert await _texts(store, "café") == ["the café in Qamishli was hit by a drone"]
    assert await _texts(store, 'drone "hit') == ["the café in Qamishli was hit by a drone"]  # quotes are not syntax


async def test_about_follows_changed_and_removed_statements(store) -> None:  # type: ignore[no-untyped-def]
    async with store.factory() as session, session.begin():
        first = await add_article(
            session,
            source="AP",
            published="2021-03-02",
            statements=[said("Lloyd Austin", "the troops will leave the base soon", "2021-03-01")],
        )
    async with store.factory() as session, session.begin():
        # The same words quoted directly replace the paraphrase (and its searchable text).
        await add_article(
            session,
            source="Reuters",
            published="2021-03-03",
            statements=[said("Austin", "The troops will leave the base soon, promptly", "2021-03-01", direct=True)],
        )
    assert await _texts(store, "promptly") == ["The troops will leave the base soon, promptly"]
    async with store.factory() as session, session.begin():
        for art in (await session.scalars(select(Article))).all():
            ids = await store_stage.article_fact_ids(session, art.id)
            await session.delete(art)
            await session.flush()
            await store_stage.delete_orphans(session, "ws", fact_ids=ids)
    assert first.id is not None
    assert await _texts(store, "troops") == []


@pytest.mark.parametrize("sort_cap", [0, 10_000])
async def test_common_and_rare_searches_page_alike(store, monkeypatch, sort_cap) -> None:  # type: ignore[no-untyped-def]
    # 0: every search walks the date index (a common word on SQLite); 10,000: every search sorts its matches.
    monkeypatch.setattr(answers, "_FTS_SORT_CAP", sort_cap)
    async with store.factory() as session, session.begin():
        for day in range(1, 13):
            await add_article(
                session,
                source="AP",
                published=f"2021-04-{day:02d}",
                statements=[
                    said("Lloyd Austin", f"convoy number {day} crossed the border", f"2021-04-{day:02d}"),
                    said("the Pentagon", f"unrelated remark {day}", f"2021-04-{day:02d}"),
                ],
            )
        await add_article(
            session, source="AP", published="2021-05-01", statements=[said("Austin", "an undated convoy story", None)]
        )
    async with store.factory() as session:
        every = await answers.said(session=session, workspace="ws", about="convoy", limit=100)
        assert every.total == 13
        assert [s.date for s in every.statements] == [f"2021-04-{d:02d}" for d in range(12, 0, -1)] + [None]
        paged = []
        for offset in range(0, 13, 5):
            paged += (
                await answers.said(session=session, workspace="ws", about="convoy", limit=5, offset=offset)
            ).statements
        assert [s.id for s in paged] == [s.id for s in every.statements]
        by_austin = await answers.said(session=session, workspace="ws", speaker="Austin", about="border convoy")
        assert by_austin.total == 12


async def test_total_is_capped_but_always_shows_an_older_page(store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(answers, "TOTAL_CAP", 4)
    monkeypatch.setattr(answers, "SEARCH_TOTAL_CAP", 3)
    async with store.factory() as session, session.begin():
        await add_article(
            session,
            source="AP",
            published="2021-04-20",
            statements=[said(f"Speaker {n}", f"remark about topic {n}", f"2021-04-{n:02d}") for n in range(1, 10)],
        )
    async with store.factory() as session:
        first = await answers.said(session=session, workspace="ws", limit=2)
        assert first.total == 5  # more than the cap: at least one older page
        deep = await answers.said(session=session, workspace="ws", limit=2, offset=6)
        assert deep.total == 9 and len(deep.statements) == 2  # counted to the end of the page, plus one
        last = await answers.said(session=session, workspace="ws", limit=2, offset=8)
        assert last.total == 9 and [s.date for s in last.statements] == ["2021-04-01"]
        searched = await answers.said(session=session, workspace="ws", about="remark topic", limit=2)
        assert searched.total == 4 and len(searched.statements) == 2
        few = await answers.said(session=session, workspace="ws", about="topic 3")
        assert few.total == 1


def test_has_words_reads_words_as_the_index_does() -> None:
    text = "the withdrawal of 1,000 troops is conditions-based"
    assert answers.has_words(text, ["withdraw", "1,000", "conditions-based", "troop"])
    assert answers.has_words(text, ["1,0"])  # the last part may begin a longer one
    assert not answers.has_words(text, ["draw"])
    assert not answers.has_words(text, ["1,000", "border"])
    assert not answers.has_words(text, ["000 troops is conditions-based extra"])



async def test_a_capped_total_says_so(store, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """Counting stops at a cap; the answer says "at least", and the bot's footer shows it."""
    from bot.render.embeds import said_embed
    from briefings.schemas import SaidAnswer

    monkeypatch.setattr(answers, "TOTAL_CAP", 3)
    names = ["Adams", "Baker", "Clark", "Davis", "Evans", "Foster"]
    async with store.factory() as session, session.begin():
        await add_article(session, source="AP", published="2021-03-02",
                          statements=[said(f"Senator {n}", f"{n} spoke on day {i}", f"2021-03-0{i + 1}")
                                      for i, n in enumerate(names)])
    async with store.factory() as session:
        capped = await answers.said(session=session, workspace="ws", limit=2)
        exact = await answers.said(session=session, workspace="ws", limit=10)
    assert (capped.total, capped.total_exact, capped.total_words) == (4, False, "3+")
    assert (exact.total, exact.total_exact, exact.total_words) == (6, True, "6")
    assert (said_embed(capped, offset=0).footer.text or "").startswith("Statements 1–2 of 3+ ·")
    assert SaidAnswer(total=6).total_words == "6"
