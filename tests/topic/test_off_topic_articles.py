"""Articles about something else are kept but out of every answer, listed for admins, and can be restored.

The off-topic articles here are ours (a football report, a recipe, a company's
earnings); the on-topic ones are every article the project has: the samples, our
test corpora, the shared seeds and the real evaluation set (its held-out parts
R3xx and R6xx are left out here: their texts are not to be opened).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from bot.cli import main
from bot.render.embeds import ingest_embed
from briefings import answers, articles
from briefings.errors import BadInput
from briefings.extract import extract
from briefings.ingest import ingest_text
from briefings.models import Article, EventSource, StatementSource, TroopCountSource
from briefings.schemas import Extraction, TroopCount
from briefings.topic import judge
from tests.bot.bot_harness import Harness, assert_within_limits
from tests.conftest import Store

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
OFF_TOPIC = sorted((HERE / "articles").glob("*.txt"))
# The sample "06_off_topic_cup_final.txt" is the console's off-topic example: it must stay off-topic.
OURS_ON_TOPIC = [p for p in sorted((ROOT / "bot" / "samples").glob("*.txt")) if "off_topic" not in p.name] + sorted(
    (ROOT / "tests" / "extract").rglob("*.txt")
)
OFF_TOPIC_SAMPLE = ROOT / "bot" / "samples" / "06_off_topic_cup_final.txt"
WS = "topic-ws"


def off_topic_names(paths: list[Path]) -> list[str]:
    """The files judged off-topic, by name only (their text is never printed)."""
    found = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        if not judge(text, extract(text, dt.date(2025, 4, 18))).on_topic:
            found.append(path.name)
    return found


@pytest.mark.parametrize("path", OFF_TOPIC, ids=[p.stem for p in OFF_TOPIC])
def test_our_off_topic_articles_are_judged_off_topic(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert not judge(text).on_topic
    # The extractor finds statements and events in them: only the check keeps them out.
    verdict = judge(text, extract(text, dt.date(2025, 4, 18)))
    assert not verdict.on_topic and "about the story" in verdict.reason


def test_every_article_of_the_project_is_on_topic() -> None:
    assert len(OURS_ON_TOPIC) > 40
    assert off_topic_names(OURS_ON_TOPIC) == []
    assert off_topic_names([OFF_TOPIC_SAMPLE]) == [OFF_TOPIC_SAMPLE.name]


def test_the_shared_seeds_and_real_articles_are_on_topic(shared_dir: Path) -> None:
    seeds = sorted((shared_dir / "seeds").glob("*.txt"))
    real = [p for p in sorted((shared_dir / "eval" / "real" / "texts").glob("*.txt"))
            if not p.name.startswith(("R3", "R6"))]
    assert seeds and real
    assert off_topic_names(seeds + real) == []


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_the_check_never_fails_and_a_troop_figure_is_always_on_topic(text: str) -> None:
    assert isinstance(judge(text).on_topic, bool)
    figure = TroopCount(value=900, evidence="About 900 US troops remain.")
    assert judge(text, Extraction(published="2025-04-18", troop_counts=[figure])).on_topic


@pytest.mark.parametrize(
    "text",
    [
        "The Pentagon said the review would end in May.",  # a strong term
        "Soldiers patrolled the outskirts of Raqqa overnight.",  # military and region in one sentence
        "Allies react to the drawdown\n\nA spokesperson for the coalition said it would keep working with partners.",
    ],
)
def test_short_pieces_about_the_story_are_on_topic(text: str) -> None:
    assert judge(text).on_topic


async def ingest(store: Store, path: Path) -> int:
    text = await asyncio.to_thread(path.read_text, encoding="utf-8")
    async with store.factory() as session, session.begin():
        result = await ingest_text(session=session, workspace=WS, text=text, source="Local Paper",
                                   published=dt.date(2025, 4, 18))
    assert result.created
    return result.article_id


async def links(store: Store, article_id: int) -> int:
    async with store.factory() as session:
        return sum(
            [await session.scalar(select(func.count()).select_from(link).where(link.article_id == article_id)) or 0
             for link in (TroopCountSource, StatementSource, EventSource)]
        )


async def test_an_off_topic_article_is_kept_out_of_answers_until_restored(store: Store) -> None:
    story = await ingest(store, ROOT / "bot" / "samples" / "03_consolidation_announced.txt")
    football = await ingest(store, HERE / "articles" / "football_report.txt")
    async with store.factory() as session:
        stored = await session.get(Article, football)
        assert stored is not None and stored.off_topic and "Harbour City" in stored.text
        latest = await answers.latest(session=session, workspace=WS, limit=50)
        said = await answers.said(session=session, workspace=WS, limit=50)
        listed = await articles.list_articles(session=session, workspace=WS)
        aside = await articles.list_articles(session=session, workspace=WS, off_topic=True)
    assert await links(store, football) == 0 and await links(store, story) > 0
    assert latest.events and all(s.article_id != football for e in latest.events for s in e.sources)
    assert all("Harbour City" not in s.text for s in said.statements)
    assert [a.id for a in listed] == [story] and [(a.id, a.off_topic) for a in aside] == [(football, True)]

    async with store.factory() as session, session.begin():
        restored = await articles.restore_article(session=session, workspace=WS, article_id=football)
    assert restored.statements + restored.events > 0
    assert await links(store, football) == restored.statements + restored.events + len(restored.troop_counts)
    async with store.factory() as session:
        assert {a.id for a in await articles.list_articles(session=session, workspace=WS)} == {story, football}
        latest = await answers.latest(session=session, workspace=WS, limit=50)
    assert any(s.article_id == football for e in latest.events for s in e.sources)
    async with store.factory() as session, session.begin():
        with pytest.raises(BadInput, match="is not off-topic"):
            await articles.restore_article(session=session, workspace=WS, article_id=football)


def test_the_command_line_lists_and_restores_off_topic_articles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"sqlite:///{tmp_path / 'topic.db'}"

    def run(*argv: str) -> tuple[int, object]:
        code = main(["--db", db, *argv, "--json"])
        out, err = capsys.readouterr()
        return code, (json.loads(out) if out.strip() else err)

    code, stored = run("ingest", str(HERE / "articles" / "lentil_soup_recipe.txt"), "--source", "Food Desk",
                       "--published", "2025-04-18")
    assert code == 0 and stored["off_topic"] is True and "off-topic" in stored["warnings"][0]  # type: ignore[index]
    assert run("articles", "list")[1] == []
    code, aside = run("articles", "list", "--off-topic")
    assert [(a["id"], a["off_topic"]) for a in aside] == [(stored["article_id"], True)]  # type: ignore[index]
    code, restored = run("articles", "restore", str(stored["article_id"]))  # type: ignore[index]
    assert code == 0 and restored["article_id"] == stored["article_id"]  # type: ignore[index]
    assert [a["off_topic"] for a in run("articles", "list")[1]] == [False]  # type: ignore[union-attr]
    code, err = run("articles", "restore", str(stored["article_id"]))  # type: ignore[index]
    assert code == 2 and "is not off-topic" in str(err)



async def test_the_bot_lists_off_topic_articles_apart_and_restores_one(harness: Harness) -> None:
    text = await asyncio.to_thread((HERE / "articles" / "quarterly_earnings.txt").read_text, encoding="utf-8")
    async with harness.bot.session_factory() as session, session.begin():  # type: ignore[misc]
        stored = await ingest_text(session=session, workspace=harness.workspace, text=text, source="Markets Wire",
                                   published=dt.date(2025, 4, 18))
    assert stored.off_topic and ingest_embed(stored).title == f"Stored article #{stored.article_id} as off-topic"
    ex = await harness.invoke("article list")
    assert ex.last()["embeds"][0]["footer"]["text"] == "1 off-topic: /article list off_topic:true"
    ex = await harness.invoke("article list", off_topic=True)
    embed = ex.last()["embeds"][0]
    assert embed["title"] == "Off-topic articles" and ex.ephemeral()
    assert embed["description"] == (
        f"`#{stored.article_id}` **Northfield Logistics profit falls as shipping rates ease**: Markets Wire, "
        f"2025-04-18 · off-topic: its facts are not used (/article restore id:{stored.article_id})"
    )
    ex = await harness.invoke("article restore", id=stored.article_id)
    assert ex.last()["embeds"][0]["title"] == f"Restored article #{stored.article_id}"
    ex = await harness.invoke("article list", off_topic=True)
    assert ex.last()["embeds"][0]["description"] == "No article was stored as off-topic."
    assert_within_limits(ex)
