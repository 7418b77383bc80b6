"""Faults through the real bot: the database dies while an admin adds an article, or is down altogether.

The store-level version of the first is ``tests/test_store_faults.py``; here the
same fault happens under an interaction (``/article add`` form submitted), and
the test checks what the admin sees and what the database holds.
"""

from __future__ import annotations

import logging

import pytest
from hardening_helpers import (
    FORM_DATE,
    FORM_SOURCE,
    FORM_TEXT,
    assert_sends_are_safe,
    is_ephemeral,
    open_form,
    row_counts,
)
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from bot import errors
from briefings import store as store_stage
from briefings.db import make_engine, make_session_factory
from tests.bot.bot_harness import MEMBER_ID, Harness
from tests.conftest import Store

ARTICLE = (
    "Convoy leaves northeastern base\n\n"
    "About 300 US troops left a base in northeastern Syria on Sunday, a military spokesperson said.\n\n"
    '"The move was planned months ago," the spokesperson said.\n'
)
FORM = {FORM_SOURCE: "Wire", FORM_DATE: "2025-06-01", FORM_TEXT: ARTICLE}


async def test_connection_dies_during_article_add_gives_an_error_and_stores_nothing(
    store_harness: Harness, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    """The article row and its facts are written, then the connection dies before commit."""
    h = store_harness
    real = store_stage.store_facts
    killed: list[int] = []

    async def store_then_lose_connection(session, article, extraction):  # type: ignore[no-untyped-def]
        await real(session, article, extraction)
        await session.flush()
        if store.backend == "postgresql":
            pid = await session.scalar(text("SELECT pg_backend_pid()"))
            async with store.engine.connect() as other:
                await other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            killed.append(pid)
            await session.execute(text("SELECT 1"))  # the next statement finds the connection gone
        else:
            killed.append(0)
            raise OperationalError("INSERT", {}, Exception("disk I/O error"))

    modal = await open_form(h)
    # A patch of its own: undoing the test's monkeypatch would also point discord.py back at discord.com.
    with pytest.MonkeyPatch.context() as patch, caplog.at_level(logging.ERROR, logger="bot.errors"):
        patch.setattr("briefings.ingest.store_facts", store_then_lose_connection)
        sub = await h.submit_modal(modal, FORM)
    assert killed, "the fault was not reached"
    assert sub.ephemeral(), "the deferral (and so the error that follows it) is private"
    body = sub.last()
    assert body["content"] == errors.GENERIC and is_ephemeral(body)
    assert "disk I/O" not in body["content"] and "terminat" not in body["content"]
    assert [r for r in caplog.records if r.name == "bot.errors" and r.exc_info], "the traceback is logged"
    assert await row_counts(store.factory) == (0, 0, 0, 0), "no partial article"

    # The bot and the store recover: the same text is then stored once, whole.
    sub = await h.submit_modal(await open_form(h), FORM)
    assert sub.last()["embeds"][0]["title"].startswith("Stored article #")
    articles, troops, statements, _ = await row_counts(store.factory)
    assert (articles, troops >= 1, statements >= 1) == (1, True, True)
    assert_sends_are_safe(h.fake)


async def test_a_database_that_goes_down_gets_answers_not_hangs(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    """After start the database becomes unreachable: every command answers with the generic message."""
    # Nothing listens on port 9 of 127.0.0.1: every connection is refused at once.
    engine = make_engine("postgresql://postgres@127.0.0.1:9/none", pool_size=1)
    harness.bot.session_factory = make_session_factory(engine)
    try:
        with caplog.at_level(logging.ERROR):
            for path, options in [("troops", {}), ("latest", {}), ("said", {"speaker": "Whitfield"})]:
                ex = await harness.invoke(path, user=MEMBER_ID, **options)
                assert ex.callback_type == 5
                assert ex.last()["content"] == errors.GENERIC, path
            assert await harness.autocomplete("said", "speaker", "Whit") == []
            sub = await harness.submit_modal(await open_form(harness), FORM)
            assert sub.ephemeral() and sub.last()["content"] == errors.GENERIC
    finally:
        await engine.dispose()
    assert "Connect call failed" in caplog.text
    assert_sends_are_safe(harness.fake)
