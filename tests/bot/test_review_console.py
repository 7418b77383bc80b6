"""The review commands at the console prompt, on the sample articles (known facts)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from bot.console import run_console_command, store_samples
from tests.bot.bot_harness import next_guild


@pytest.fixture
async def console(sqlite_store: Any, known_facts: None) -> Any:
    workspace = str(next_guild())
    await store_samples(session_factory=sqlite_store.factory, workspace=workspace)

    async def run(line: str) -> str:
        return await run_console_command(line, session_factory=sqlite_store.factory, workspace=workspace)

    return run


async def test_review_at_the_console_lists_decides_and_logs(console: Any) -> None:
    queue = await console("/review list")
    # Sample article 5: a defense official's "fewer than 1,000" and an aide's "about 1,200", same day.
    assert queue.startswith("2 fact(s) await review:")
    assert "why: sources disagree for 2025-08-21: fewer than 1,000 (Capitol Ledger)" in queue
    assert 'evidence: "about 1,200 troops were still in the country"' in queue
    aide = re.search(r"\[(t\d+)\] 2025-08-21: about 1,200", queue).group(1)  # type: ignore[union-attr]
    official = re.search(r"\[(t\d+)\] 2025-08-21: fewer than 1,000", queue).group(1)  # type: ignore[union-attr]
    assert "Conflicting figures:" in await console("/troops")

    rejected = await console(f"/review reject id:{aide}")
    assert rejected == f"Rejected {aide} (decision #1)"
    troops = await console("/troops")
    assert "1,200" not in troops and "Conflicting figures:" not in troops
    assert await console("/review list") == "Nothing awaits review."

    edited = await console(f"/review edit id:{official} value:950 qualifier:approx")
    assert edited == f"Edited {official}: value 1,000 → 950; qualifier under → approx (decision #2)"
    assert "Current estimate: about 950 US troops in Syria" in await console("/troops")
    log = (await console("/review log")).splitlines()
    assert [line.split(" ", 5)[5] for line in log] == [
        f"edited {official} (fewer than 1,000 troops in Syria, level, 2025-08-21): value 1,000 → 950; "
        "qualifier under → approx",
        f"rejected {aide} (about 1,200 troops in Syria, level, 2025-08-21)",
    ]
    assert all(line.split(" ")[4] == "console" for line in log)
    assert await console(f"/fact remove id:{official}") == f"Removed {official} (decision #3)"
    assert await console("/review approve id:12") == (
        "error: '12' is not a fact id: use the id `review list` shows, t12 for a troop figure, s40 for a statement, "
        "e7 for an event"
    )
    assert (await console("/review edit id:t1 colour:red")).startswith("error: Unknown option colour:")
