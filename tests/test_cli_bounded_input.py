"""Numbers out of range and files too large for the command line: exit 2, one line saying why, nothing stored.

Before, ``--offset 10000000000000000000`` and ``articles show 100000000000000000000`` ended in OverflowError
(exit 1), ``--limit -1`` listed every article, and ``extract /dev/zero`` read until MemoryError, taking a
manifest run down with it.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.cli import main
from briefings import answers, articles, feeds
from briefings.errors import BadInput, NotFound
from briefings.ingest import MAX_TEXT_CHARS, read_article_file
from tests.conftest import Store

ARTICLE = """Convoy leaves northeastern base

About 300 US troops left a base in northeastern Syria on Sunday, a military spokesperson said.
"""
OTHER = """Talks resume in the capital

Officials from both sides met on Monday to discuss the withdrawal timetable, a diplomat said.
"""
TOO_LONG = "is longer than 1,000,000 characters, the limit for an article"
TABLES = ("articles", "troop_counts", "statements", "events", "feeds")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def rows(db_path: Path) -> dict[str, int]:
    with sqlite3.connect(db_path) as db:
        return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "cli.db"


@pytest.fixture
def stored(capsys: pytest.CaptureFixture[str], db_path: Path, tmp_path: Path) -> dict[str, int]:
    """One article stored; the row counts after it."""
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    code, _, err = run(capsys, "--db", f"sqlite:///{db_path}", "ingest", str(tmp_path / "a.txt"),
                       "--source", "Wire", "--published", "2025-06-01", "--json")  # fmt: skip
    assert code == 0, err
    counts = rows(db_path)
    assert counts["articles"] == 1 and counts["troop_counts"] >= 1
    return counts


BIG = "100000000000000000000"  # past 64 bits


@pytest.mark.parametrize(
    ("argv", "reason"),
    [
        (["ask", "said", "--offset", "10000000000000000000"], "offset must be between 0 and 1,000,000,000"),
        (["ask", "said", "--offset", "-1"], "offset must be between 0 and 1,000,000,000"),
        (["ask", "said", "--count", "0"], "count must be between 1 and 100"),
        (["ask", "said", "--count", BIG], "count must be between 1 and 100"),
        (["ask", "latest", "--count", "-1"], "count must be between 1 and 100"),
        (["articles", "show", BIG], f"no article with id {BIG}"),
        (["articles", "show", "2147483648"], "no article with id 2147483648"),  # past PostgreSQL's INTEGER
        (["articles", "remove", BIG], f"no article with id {BIG}"),
        (["articles", "remove", "-1"], "no article with id -1"),
        (["articles", "list", "--limit", "-1"], "limit must be between 1 and 1,000"),
        (["articles", "list", "--limit", "0"], "limit must be between 1 and 1,000"),
        (["articles", "list", "--limit", BIG], "limit must be between 1 and 1,000"),
        (["articles", "list", "--offset", "-5"], "offset must be between 0 and 1,000,000,000"),
        (["articles", "list", "--offset", BIG], "offset must be between 0 and 1,000,000,000"),
        (["feed", "remove", BIG], f"no feed with id {BIG}"),
        (["feed", "add", "http://127.0.0.1:9/feed", "--max-items", "0"],
         "the number of items per check must be between 1 and 100"),
        (["feed", "add", "http://127.0.0.1:9/feed", "--max-items", BIG],
         "the number of items per check must be between 1 and 100"),
    ],
)  # fmt: skip
def test_a_number_out_of_range_exits_2_with_one_line_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], db_path: Path, stored: dict[str, int], argv: list[str], reason: str
) -> None:
    code, out, err = run(capsys, "--db", f"sqlite:///{db_path}", *argv, "--json")
    assert (code, out, err) == (2, "", f"briefbot: {reason}\n")
    assert rows(db_path) == stored


@pytest.fixture
def six_mb(tmp_path: Path) -> Path:
    path = tmp_path / "six.txt"
    path.write_text((ARTICLE + "\n") * (6_000_000 // len(ARTICLE)), encoding="utf-8")
    assert path.stat().st_size > 5_900_000
    return path


@pytest.mark.parametrize("verb", ["extract", "ingest"])
@pytest.mark.parametrize("which", ["/dev/zero", "six_mb"])
def test_a_file_past_the_article_limit_is_refused_fast_by_extract_and_ingest(
    capsys: pytest.CaptureFixture[str], db_path: Path, request: pytest.FixtureRequest, verb: str, which: str
) -> None:
    path = which if which.startswith("/") else str(request.getfixturevalue(which))
    extra = ["--published", "2025-06-01"] + (["--source", "Wire"] if verb == "ingest" else [])
    start = time.perf_counter()
    code, out, err = run(capsys, "--db", f"sqlite:///{db_path}", verb, path, *extra, "--json")
    elapsed = time.perf_counter() - start
    # The same limit as pasted text (briefings.ingest.MAX_TEXT_CHARS), for both verbs.
    assert (code, out, err) == (2, "", f"briefbot: {path} {TOO_LONG}\n")
    assert elapsed < 2.0, elapsed
    if db_path.exists():
        assert rows(db_path)["articles"] == 0


def test_an_article_file_is_read_up_to_the_limit_and_no_further(tmp_path: Path) -> None:
    assert MAX_TEXT_CHARS == 1_000_000
    exact = tmp_path / "exact.txt"
    exact.write_text("é" * MAX_TEXT_CHARS, encoding="utf-8")  # 2 MB: the limit is characters, not bytes
    assert read_article_file(exact) == "é" * MAX_TEXT_CHARS
    over = tmp_path / "over.txt"
    over.write_text("é" * (MAX_TEXT_CHARS + 1), encoding="utf-8")
    with pytest.raises(BadInput, match="longer than 1,000,000 characters"):
        read_article_file(over)


def test_a_manifest_entry_pointing_at_dev_zero_fails_alone(
    capsys: pytest.CaptureFixture[str], db_path: Path, tmp_path: Path
) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(OTHER, encoding="utf-8")
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps([
        {"path": "a.txt", "published": "2025-06-01", "source": "Wire"},
        {"path": "/dev/zero", "published": "2025-06-01", "source": "Zero"},
        {"path": "b.txt", "published": "2025-06-02", "source": "Gazette"},
    ]), encoding="utf-8")  # fmt: skip
    start = time.perf_counter()
    code, out, err = run(capsys, "--db", f"sqlite:///{db_path}", "ingest", "--manifest", str(manifest), "--json")
    elapsed = time.perf_counter() - start
    assert code == 2
    assert err == f"briefbot: manifest entry 1: /dev/zero {TOO_LONG}\n"
    report = json.loads(out)
    assert (report["stored"], report["duplicates"], report["failed"]) == (2, 0, 1)
    assert [r["ok"] for r in report["results"]] == [True, False, True]
    assert elapsed < 5.0, elapsed  # two small articles extracted and stored, and /dev/zero refused
    assert rows(db_path)["articles"] == 2


def test_a_manifest_that_is_dev_zero_is_refused_in_one_line(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    start = time.perf_counter()
    code, out, err = run(capsys, "--db", f"sqlite:///{db_path}", "ingest", "--manifest", "/dev/zero", "--json")
    assert (code, out, err) == (2, "", "briefbot: manifest /dev/zero is longer than 5,000,000 characters; split it\n")
    assert time.perf_counter() - start < 2.0


def test_the_installed_command_refuses_dev_zero_with_exit_2(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("briefbot")
    if not script.exists():
        pytest.skip("the briefbot console script is not installed in this environment")
    done = subprocess.run(
        [str(script), "extract", "/dev/zero", "--published", "2025-06-01", "--db", f"sqlite:///{tmp_path / 'x.db'}"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr == f"briefbot: /dev/zero {TOO_LONG}\n"


@pytest.mark.parametrize("article_id", [2**31, 2**63, 10**20])
async def test_ids_no_column_can_hold_are_not_found_on_both_databases(store: Store, article_id: int) -> None:
    # PostgreSQL's INTEGER ids end at 2**31 - 1 (asyncpg refused the value); SQLite's at 2**63 - 1.
    async with store.factory() as session:
        with pytest.raises(NotFound, match=f"^no article with id {article_id}$"):
            await articles.get_article(session=session, workspace="w", article_id=article_id)
        with pytest.raises(NotFound, match=f"^no article with id {article_id}$"):
            await articles.remove_article(session=session, workspace="w", article_id=article_id)
        with pytest.raises(NotFound, match=f"^no feed with id {article_id}$"):
            await feeds.remove_feed(session=session, workspace="w", feed_id=article_id)
        with pytest.raises(BadInput, match=r"^offset must be between 0 and 1,000,000,000$"):
            await answers.said(session=session, workspace="w", offset=article_id)
        with pytest.raises(BadInput, match=r"^offset must be between 0 and 1,000,000,000$"):
            await articles.list_articles(session=session, workspace="w", offset=article_id)
