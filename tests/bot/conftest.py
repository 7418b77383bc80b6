"""Fixtures of the bot tests: stores with known facts (the bot itself: ``harness`` in tests/conftest.py)."""

from __future__ import annotations

import pytest

from bot.console import store_samples
from tests.bot.bot_harness import Harness
from tests.bot.bot_sample_facts import known_extract


@pytest.fixture
def known_facts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ingestion finds exactly the facts of ``bot_sample_facts`` in the sample articles."""
    import briefings.ingest

    monkeypatch.setattr(briefings.ingest, "extract", known_extract)


@pytest.fixture
async def loaded(harness: Harness, known_facts: None) -> Harness:
    """The harness with the six sample articles (one off-topic) stored in its guild's workspace."""
    results = await store_samples(session_factory=harness.bot.session_factory, workspace=harness.workspace)
    assert [r.created for r in results] == [True] * 6
    return harness
