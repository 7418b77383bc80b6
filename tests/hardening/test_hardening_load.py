"""A CI-sized load: 60 concurrent /troops, /said and /latest on a small generated store, without an error.

Latency and event-loop lag are measured and printed by ``bench/bench_load.py``
(200 interactions, 100,000 articles); here only correctness under concurrency
is asserted: every interaction is answered, none with an error, none can ping.
"""

from __future__ import annotations

from typing import Any

from hardening_helpers import assert_sends_are_safe
from hardening_load import generate_store, mixed_commands, run_load

from tests.bot.bot_harness import Harness


async def test_sixty_concurrent_interactions_on_a_small_store_all_succeed(harness: Harness, sqlite_store: Any) -> None:
    shape = await generate_store(sqlite_store.engine, harness.workspace, 600)
    assert (shape.articles, shape.statements) == (600, 1200)
    result = await run_load(harness, mixed_commands(60), limit=60)
    assert result.errors == []
    assert len(result.first_response) == 60 and len(result.complete) == 60
    assert result.lag, "the loop-lag ticker ran"
    assert_sends_are_safe(harness.fake)
    # The answers came from the generated store, not from an empty one.
    text = str([r.json for r in harness.fake.requests if r.json])
    assert "Dana Whitfield" in text or "Thomas Reyes" in text
    assert "US troops in Syria" in text
