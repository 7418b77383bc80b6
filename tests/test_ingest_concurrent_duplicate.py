"""Two ingestions of one text at the same moment: one stores it, the other reports the duplicate it is.

Both pass the duplicate check before either inserts: each waits for the other inside extraction (a barrier
in ``analyse``, which runs after the check), so the race the issue saw now and then happens every time.
The loser used to count the entry as failed ("stored by another request a moment ago") and exit 2.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.cli import main
from briefings import ingest
from briefings.ingest import ingest_in_transaction
from briefings.models import Article
from tests.conftest import Store

ARTICLE = """Convoy leaves northeastern base

About 300 US troops left a base in northeastern Syria on Sunday, a military spokesperson said.
"""
OTHER = """Talks resume in the capital

Officials from both sides met on Monday to discuss the withdrawal timetable, a diplomat said.
"""
ROOT = Path(__file__).resolve().parents[1]


async def test_the_loser_of_a_race_reports_the_article_the_winner_stored(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    barrier = threading.Barrier(2, timeout=30)
    real = ingest.analyse

    def analyse_together(*args: Any) -> Any:
        barrier.wait()  # both ingestions have found no duplicate by now
        return real(*args)

    monkeypatch.setattr(ingest, "analyse", analyse_together)

    async def one() -> Any:
        return await ingest_in_transaction(
            session_factory=store.factory, workspace="g", text=ARTICLE, source="Wire", published=dt.date(2025, 6, 1)
        )

    first, second = await asyncio.gather(one(), one())
    winner, loser = (first, second) if first.created else (second, first)
    assert winner.created and not loser.created
    assert loser.duplicate_of == loser.article_id == winner.article_id
    assert loser.warnings == [f"already stored as article {winner.article_id} (Wire, 2025-06-01)"]
    async with store.factory() as session:
        assert await session.scalar(select(func.count()).select_from(Article)) == 1


# Runs `briefbot ingest --manifest` in a child process whose extraction waits for the other child's at each
# entry: a rendezvous of marker files, since the two are separate processes.
_CHILD = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from briefings import ingest

    folder, me, other = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    real, calls = ingest.analyse, [0]

    def analyse_together(*args):
        calls[0] += 1
        (folder / f"{me}-{calls[0]}").touch()
        deadline = time.monotonic() + 60
        while not (folder / f"{other}-{calls[0]}").exists():
            assert time.monotonic() < deadline, "the other ingestion never came"
            time.sleep(0.01)
        return real(*args)

    ingest.analyse = analyse_together
    from bot.cli import main
    sys.exit(main(sys.argv[4:]))
    """
)


def test_two_ingestions_of_one_manifest_at_once_exit_0_and_name_the_stored_articles(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(OTHER, encoding="utf-8")
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps([
        {"path": "a.txt", "published": "2025-06-01", "source": "Wire"},
        {"path": "b.txt", "published": "2025-06-02", "source": "Gazette"},
    ]), encoding="utf-8")  # fmt: skip
    db = f"sqlite:///{tmp_path / 'shared.db'}"
    # Migrate first: this test is about the ingestions (tests/test_migrations_concurrent.py races migrations).
    assert main(["migrate", "--db", db]) == 0
    rendezvous = tmp_path / "rendezvous"
    rendezvous.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    children = [
        subprocess.Popen(
            [sys.executable, "-c", _CHILD, str(rendezvous), me, other,
             "ingest", "--manifest", str(manifest), "--db", db, "--json"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env,
        )
        for me, other in (("one", "two"), ("two", "one"))
    ]
    done = [(child.wait(timeout=120), *child.communicate()) for child in children]
    for code, _out, err in done:
        assert (code, err) == (0, "")
    reports = [json.loads(out) for _code, out, _err in done]
    assert sorted((r["stored"], r["duplicates"], r["failed"]) for r in reports) in (
        [(0, 2, 0), (2, 0, 0)],
        [(1, 1, 0), (1, 1, 0)],  # each won one entry
    )
    for entry in (0, 1):
        rows = [r["results"][entry] for r in reports]
        created = [row for row in rows if row["created"]]
        duplicate = [row for row in rows if not row["created"]]
        assert len(created) == len(duplicate) == 1
        assert duplicate[0]["ok"] is True
        assert duplicate[0]["article_id"] == created[0]["article_id"]
        assert duplicate[0]["warnings"][0].startswith(f"already stored as article {created[0]['article_id']} (")
