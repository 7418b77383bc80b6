"""``briefbot brief [--since ISO-DATETIME] --json``: what was stored since a time, as JSON."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from bot.cli import main

# Our own words: a troop level, a quoted statement and a development.
ARTICLE = """Convoy leaves Rmeilan as drawdown goes on

About 1,800 US troops remain in Syria, the Pentagon said on Monday.

"We are consolidating our positions in the east," said Sean Parnell, the Pentagon spokesman.

A convoy of armored vehicles left the Rmeilan airfield for Iraq on Monday.
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def brief(capsys: pytest.CaptureFixture[str], db: str, *argv: str) -> dict:
    code, out, err = run(capsys, "--db", db, "brief", *argv, "--json")
    assert code == 0, err
    return json.loads(out)


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'brief.db'}"


def test_empty_store_gives_an_empty_briefing(capsys: pytest.CaptureFixture[str], db: str) -> None:
    before = dt.datetime.now(dt.UTC)
    b = brief(capsys, db)
    assert b["is_empty"] is True
    assert b["figures"] == b["developments"] == b["statements"] == b["revisions"] == b["corroborations"] == []
    assert b["troops"] == {"current": None, "previous": None, "changed": False, "delta": None}
    assert b["figures_total"] == b["developments_total"] == b["statements_total"] == b["corroborations_total"] == 0
    # Without --since the window is the last 24 hours.
    since, until = dt.datetime.fromisoformat(b["since"]), dt.datetime.fromisoformat(b["until"])
    assert until - since == dt.timedelta(days=1) and until >= before


def test_facts_of_a_new_article_appear(capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path) -> None:
    start = (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)).isoformat()
    path = tmp_path / "convoy.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    today = dt.datetime.now(dt.UTC).date().isoformat()
    code, _, err = run(capsys, "--db", db, "ingest", str(path), "--published", today, "--source", "Test Wire")
    assert code == 0, err

    for argv in ((), ("--since", start)):
        b = brief(capsys, db, *argv)
        assert b["is_empty"] is False
        assert [f["value"] for f in b["figures"]] == [1800]
        assert b["troops"]["current"]["value"] == 1800 and b["troops"]["changed"] is True
        assert any("Rmeilan airfield" in e["summary"] for e in b["developments"])
        parnell = [s for s in b["statements"] if s["speaker"] == "Sean Parnell"]
        assert parnell and "consolidating our positions" in parnell[0]["text"]
        for item in [*b["figures"], *b["developments"], *b["statements"]]:
            assert [s["source"] for s in item["sources"]] == ["Test Wire"]

    # A window that starts after the article was stored has nothing new; the level is still shown.
    later = brief(capsys, db, "--since", dt.datetime.now(dt.UTC).isoformat())
    assert later["is_empty"] is True and later["developments"] == []
    assert later["troops"]["current"]["value"] == 1800 and later["troops"]["changed"] is False


@pytest.mark.parametrize(
    "since,needle",
    [
        ("yesterday", "bad time 'yesterday'"),
        ("2025-13-01", "bad time '2025-13-01'"),
        ("2999-01-01T00:00+00:00", "is not in the past"),
    ],
)
def test_bad_since_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str], db: str, since: str, needle: str
) -> None:
    code, out, err = run(capsys, "--db", db, "brief", "--since", since, "--json")
    assert code == 2
    assert out == ""
    assert needle in err
    assert len(err.strip().splitlines()) == 1, err
