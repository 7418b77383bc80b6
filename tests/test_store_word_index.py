"""The word index that finds merge candidates: it misses no fact that can merge, and follows its facts."""

from __future__ import annotations

import datetime as dt
import random

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from briefings import answers, articles
from briefings import store as store_stage
from briefings.models import EventFact, EventWord, StatementFact, StatementWord
from briefings.store import COMMON_WORDS, SAME_TEXT, index_words, similarity, word_keys
from tests.answers.factories import add_article, event, said

LATE = dt.date(2021, 1, 1)

# Content words of news prose, the index's common words, numbers and function words that are no content.
VOCAB = [*COMMON_WORDS[:40], "convoy", "airfield", "ceasefire", "prisons", "kurdish", "detainees", "Hasakah",
         "Tanf", "rotation", "advisers", "partners", "2,000", "900", "600", "the", "of", "said", "will"]  # fmt: skip


def _texts() -> st.SearchStrategy[tuple[str, str]]:
    """Pairs of sentences that share many words: one, and the other with words dropped, added or replaced."""
    words = st.lists(st.sampled_from(VOCAB), min_size=1, max_size=25)

    @st.composite
    def pair(draw: st.DrawFn) -> tuple[str, str]:
        a = draw(words)
        rng = random.Random(draw(st.integers(0, 2**32)))
        b = [w for w in a if rng.random() > draw(st.floats(0, 0.6))]
        b += draw(st.lists(st.sampled_from(VOCAB), max_size=6))
        rng.shuffle(b)
        return " ".join(a), " ".join(b) or "troops"

    return pair()


@settings(max_examples=2_000, deadline=None)
@given(_texts())
def test_texts_similar_enough_to_merge_always_share_an_indexed_word(texts: tuple[str, str]) -> None:
    a, b = texts
    if similarity(a, b) >= SAME_TEXT:
        assert set(index_words(a)) & set(index_words(b)), (a, b)
        # ... and so share a key of the same speaker in the same workspace, never one of another workspace.
        assert set(word_keys("ws", "k", a)) & set(word_keys("ws", "k", b))
        assert not set(word_keys("ws", "k", a)) & set(word_keys("other", "k", b))


def test_a_text_is_indexed_by_its_rare_words_before_the_common_ones() -> None:
    words = index_words("US troops in Syria guarded the Hasakah prisons holding Islamic State detainees")
    assert set(words[:3]) == {"hasakah", "detaine", "prison"}  # lightly stemmed
    assert "troop" not in words and "syria" not in words  # the two commonest words of the story


async def _word_rows(session: AsyncSession, table: type, fact_id: int) -> set[tuple[int, dt.date | None]]:
    rows = await session.execute(select(table.word_key, table.date_start).where(table.fact_id == fact_id))
    return {tuple(r) for r in rows}  # type: ignore[misc]


async def test_a_statement_keeps_word_rows_for_its_current_words_and_date(store) -> None:  # type: ignore[no-untyped-def]
    paraphrase = "the pullout of American forces from the Hasakah prisons will be complete within a year"
    quote = "The pullout of our forces from the Hasakah prisons will be complete within the year"
    async with store.factory() as session, session.begin():
        await add_article(session, source="AP", published="2020-06-11",
                          statements=[said("Alan Brooks", paraphrase, "2020-06", direct=False)])  # fmt: skip
        await add_article(session, source="Reuters", published="2020-06-12",
                          statements=[said("Alan Brooks", quote, "2020-06-11", direct=True)])  # fmt: skip
    async with store.factory() as session:
        fact = (await session.scalars(select(StatementFact))).one()
        # The exact words replaced the paraphrase, the day the month: the rows follow both.
        assert (fact.text, fact.date) == (quote, "2020-06-11")
        assert await _word_rows(session, StatementWord, fact.id) == {
            (key, dt.date(2020, 6, 11)) for key in word_keys("ws", fact.fact_key, quote)
        }


async def test_an_edited_event_is_found_by_its_new_words(store) -> None:  # type: ignore[no-untyped-def]
    async with store.factory() as session, session.begin():
        await add_article(session, source="AP", published="2020-03-04",
                          events=[event("A convoy left the Tanf garrison for Jordan.", "2020-03-03")])  # fmt: skip
    async with store.factory() as session, session.begin():
        # An admin's correction is an ORM change of the fact, as briefings.review makes it.
        stored = (await session.scalars(select(EventFact))).one()
        stored.summary = "Ninety advisers flew out of the Rmeilan airfield to Erbil."
    async with store.factory() as session, session.begin():
        rewrite = event("Ninety advisers flew out of Rmeilan airfield to Erbil.", "2020-03-03")
        await add_article(session, source="BBC", published="2020-03-05", events=[rewrite])
    async with store.factory() as session:
        got = (await answers.latest(session=session, workspace="ws")).events
    assert [(e.summary, sorted(s.source for s in e.sources)) for e in got] == [
        ("Ninety advisers flew out of the Rmeilan airfield to Erbil.", ["AP", "BBC"])
    ]


async def test_removing_the_last_source_removes_the_word_rows(store) -> None:  # type: ignore[no-untyped-def]
    async with store.factory() as session, session.begin():
        art = await add_article(
            session, source="AP", published="2020-03-04",
            statements=[said("Trump", "we are leaving Syria very soon", "2020-03")],
            events=[event("Troops left the Tanf garrison.", "2020-03-01")],
        )  # fmt: skip
    async with store.factory() as session:
        counts = [await session.scalar(select(func.count()).select_from(t)) for t in (StatementWord, EventWord)]
        assert all(counts), counts
    async with store.factory() as session, session.begin():
        await articles.remove_article(session=session, workspace="ws", article_id=art.id)
    async with store.factory() as session:
        assert [await session.scalar(select(func.count()).select_from(t)) for t in (StatementWord, EventWord)] == [0, 0]


async def test_facts_with_no_content_words_are_stored_apart_and_unindexed(store) -> None:  # type: ignore[no-untyped-def]
    async with store.factory() as session, session.begin():
        for source in ("AP", "BBC"):
            await add_article(session, source=source, published="2020-03-04",
                              statements=[said("Trump", "It is so", "2020-03")])  # fmt: skip
    async with store.factory() as session:
        got = (await answers.said(session=session, workspace="ws", speaker="Trump")).statements
        assert len(got) == 2  # nothing to compare them by: as before, two statements
        assert await session.scalar(select(func.count()).select_from(StatementWord)) == 0


async def test_the_candidate_queries_read_indexes_only(sqlite_store) -> None:  # type: ignore[no-untyped-def]
    """On SQLite (no statistics) each lookup reads the key's index and rows by primary key, never a scan."""
    dates = ["2020-03-04", "2020-03", None]
    shape, params = store_stage._lookup((d, [f"key{i}"]) for i, d in enumerate(dates))
    words_shape, word_params = store_stage._lookup((d, [i]) for i, d in enumerate(dates))
    assert shape == words_shape == ("points", "range", "undated")
    queries = [
        (store_stage._troop_query(shape), {"workspace": "ws", **params}),
        (store_stage._words_query(StatementFact, shape), word_params),
        (store_stage._words_query(EventFact, shape), word_params),
    ]
    async with sqlite_store.engine.connect() as conn:
        for query, values in queries:
            sql = query.params(**values).compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True})
            plan = (await conn.execute(text(f"EXPLAIN QUERY PLAN {sql}"))).all()
            steps = [row[-1] for row in plan]
            searches = [s for s in steps if s.startswith(("SEARCH", "SCAN"))]
            assert searches and all(s.startswith("SEARCH") for s in searches), steps
            assert all("_lookup" in s or "PRIMARY KEY" in s for s in searches), steps
