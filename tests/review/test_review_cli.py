"""``briefbot review``: rejecting a flagged figure removes it from ``ask troops`` at once, and for good."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from bot.cli import main
from briefings.schemas import Extraction, TroopCount

AIDE = "An aide says about 1,200 troops remain.\n\nA congressional aide said about 1,200 US troops were still in Syria."
OFFICIAL = "Officials: under 1,000 remain.\n\nA senior defense official said fewer than 1,000 US troops are in Syria."
FACTS = {
    AIDE: TroopCount(value=1200, qualifier="approx", date="2025-08-21", evidence="about 1,200 US troops were still"),
    OFFICIAL: TroopCount(value=1000, qualifier="under", date="2025-08-21", evidence="fewer than 1,000 US troops"),
}


def known_extract(text: str, published: dt.date) -> Extraction:
    found = [fact for start, fact in FACTS.items() if text.strip().startswith(start.split("\n")[0])]
    return Extraction(published=published.isoformat(), troop_counts=found)


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Run ``briefbot --db <tmp> ARGS --json`` in-process; returns the parsed output."""
    import briefings.ingest

    monkeypatch.setattr(briefings.ingest, "extract", known_extract)
    db = f"sqlite:///{tmp_path / 'review.db'}"

    def run(*argv: str, ok: int = 0) -> dict:
        code = main(["--db", db, *argv, "--json"])
        out, err = capsys.readouterr()
        assert code == ok, err
        return json.loads(out) if out.strip() else {"error": err}

    for name, text in (("aide", AIDE), ("official", OFFICIAL)):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    run.path = tmp_path  # type: ignore[attr-defined]
    return run


def values(answer: dict) -> list[int]:
    return [f["value"] for f in answer["timeline"]] + ([answer["current"]["value"]] if answer["current"] else [])


def test_rejecting_a_flagged_figure_removes_it_from_ask_troops_and_it_stays_out(cli) -> None:  # type: ignore[no-untyped-def]
    aide = cli("ingest", str(cli.path / "aide.txt"), "--source", "Capitol Ledger", "--published", "2025-08-21")
    cli("ingest", str(cli.path / "official.txt"), "--source", "AP", "--published", "2025-08-21")
    assert sorted(values(cli("ask", "troops"))) == [1000, 1200, 1200]  # both shown, in conflict

    queue = cli("review", "list")
    assert set(queue) == {"items", "total"} and queue["total"] == 2
    [flagged] = [it for it in queue["items"] if it["fact"]["value"] == 1200]
    assert set(flagged) == {"id", "type", "fact", "reason"}
    assert flagged["reason"] == "sources disagree for 2025-08-21: fewer than 1,000 (AP)"
    assert flagged["fact"]["sources"][0]["source"] == "Capitol Ledger"

    decision = cli("review", "reject", flagged["id"])
    assert (decision["action"], decision["fact_id"], decision["decided_by"]) == ("reject", flagged["id"], "cli")
    assert 1200 not in values(cli("ask", "troops"))
    assert cli("review", "list")["items"] == []  # the other figure no longer disagrees with anything shown

    # The article is removed and added again: the figure is stored again, rejected.
    cli("articles", "remove", str(aide["article_id"]))
    cli("ingest", str(cli.path / "aide.txt"), "--source", "Capitol Ledger", "--published", "2025-08-21")
    assert 1200 not in values(cli("ask", "troops"))
    assert cli("review", "list")["items"] == []
    log = cli("review", "log")
    assert [(d["action"], d["old"]["value"], d["new"]) for d in log] == [("reject", 1200, {"review_state": "rejected"})]


def test_edit_and_remove_from_the_command_line(cli) -> None:  # type: ignore[no-untyped-def]
    cli("ingest", str(cli.path / "aide.txt"), "--source", "Capitol Ledger", "--published", "2025-08-21")
    cli("ingest", str(cli.path / "official.txt"), "--source", "AP", "--published", "2025-08-21")
    [flagged] = [it for it in cli("review", "list")["items"] if it["fact"]["value"] == 1200]
    edit = cli("review", "edit", flagged["id"], "--value", "950", "--date", "2025-08")
    assert (edit["new"]["value"], edit["new"]["date"], edit["new"]["review_state"]) == (950, "2025-08", "approved")
    answer = cli("ask", "troops")
    assert answer["current"]["value"] == 950 and answer["current"]["review_state"] == "approved"
    bad = cli("review", "edit", flagged["id"], "--qualifier", "roughly", ok=2)
    assert "qualifier" in bad["error"]
    cli("fact", "remove", flagged["id"])
    assert 950 not in values(cli("ask", "troops"))
    assert cli("fact", "remove", flagged["id"], ok=2)["error"].startswith(f"briefbot: no troop figure {flagged['id']}")
