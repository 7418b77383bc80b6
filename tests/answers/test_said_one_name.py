"""/said shows one speaker under one name and role, and every date with its precision."""

from __future__ import annotations

from bot.render import text
from bot.render.embeds import said_embed
from briefings import answers
from briefings.schemas import Statement
from tests.answers.factories import add_article
from tests.conftest import Store


async def test_one_speaker_appears_under_one_name_with_each_dates_precision(store: Store) -> None:
    async with store.factory() as session, session.begin():
        await add_article(
            session,
            source="Levant Desk",
            published="2025-06-27",
            statements=[
                Statement(speaker="Dana Whitfield", speaker_role="Col.", text="the reduction was on schedule",
                          direct=False, date="2025-06-26", evidence="Col. Dana Whitfield said on Thursday ..."),
            ],
        )  # fmt: skip
        await add_article(
            session,
            source="Capitol Ledger",
            published="2025-08-21",
            statements=[
                Statement(speaker="Whitfield", text="We said we would go below a thousand", direct=True,
                          date="2025-08", evidence='"We said we would go below a thousand," Whitfield said.'),
            ],
        )  # fmt: skip
    async with store.factory() as session:
        answer = await answers.said(session=session, workspace="ws", speaker="Whitfield")
    assert [(s.speaker, s.speaker_role, s.date, s.precision) for s in answer.statements] == [
        ("Dana Whitfield", "Col.", "2025-08", "month"),
        ("Dana Whitfield", "Col.", "2025-06-26", "day"),
    ]
    names = [f.name for f in said_embed(answer).fields]
    assert names == ["Dana Whitfield (Col.) · 2025-08 (month only)", "Dana Whitfield (Col.) · 2025-06-26"]
    assert "Dana Whitfield (Col.), 2025-08 (month only):" in text.said_text(answer)
