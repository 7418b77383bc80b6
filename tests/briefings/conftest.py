"""Fixtures of the briefing tests (the helpers they use are in ``briefing_helpers``)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import discord
import pytest
from briefing_helpers import Clock, FakeChannels, utc


@pytest.fixture
async def fake(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeChannels]:
    """The fake Discord at a clock of 2025-03-01, with discord.py pointed at it."""
    f = FakeChannels(clock=Clock(utc(2025, 3, 1, 0, 0)))
    await f.start()
    monkeypatch.setattr(discord.http.Route, "BASE", f.base)
    try:
        yield f
    finally:
        await f.stop()
