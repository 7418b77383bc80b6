"""``briefbot ingest --url`` and ``briefbot feed ...`` against a local site (private hosts allowed by env)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import main
from tests.web.web_sites import OUTPOST, PATROLS, RSS, Site, article_html, rss, site_in_thread


@pytest.fixture
def site() -> Iterator[Site]:
    with site_in_thread() as running:
        yield running


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("ALLOW_PRIVATE_HOSTS", "true")
    monkeypatch.chdir(tmp_path)  # away from any .env of the checkout
    return f"sqlite:///{tmp_path / 'cli.db'}"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], db: str, *argv: str, code: int = 0):
    got, out, err = run(capsys, "--db", db, *argv, "--json")
    assert got == code, err
    return json.loads(out)


def test_ingest_url_stores_the_page_then_reports_the_duplicate(capsys, db: str, site: Site) -> None:
    url = site.page("/region/outpost", article_html("Outpost shrinks", OUTPOST, published="2024-03-11"))
    first = run_json(capsys, db, "ingest", "--url", url)
    assert first["created"] and first["title"] == "Outpost shrinks" and first["source"] == "The Ridge Ledger"
    assert (first["published"], first["published_basis"]) == ("2024-03-11", "page")

    again = run_json(capsys, db, "ingest", "--url", url + "?utm_campaign=x", "--published", "2024-03-12")
    assert not again["created"] and again["duplicate_of"] == first["article_id"]

    code, _, err = run(capsys, "--db", db, "ingest", "--url", site.url("/missing"))
    assert code == 2 and err.strip() == "briefbot: could not fetch: the site answered 404 Not Found"


def test_ingest_url_admin_date_wins_and_text_output_names_it(capsys, db: str, site: Site) -> None:
    url = site.page("/story", article_html("Patrols halted", PATROLS, published="2024-04-02"))
    code, out, err = run(capsys, "--db", db, "ingest", "--url", url, "--published", "2024-04-01", "--text")
    assert code == 0, err
    assert "published 2024-04-01 (given)" in out


def test_ingest_url_refuses_a_private_address_by_default(capsys, db, site: Site, monkeypatch) -> None:
    monkeypatch.setenv("ALLOW_PRIVATE_HOSTS", "false")
    url = site.page("/story", article_html("Patrols halted", PATROLS, published="2024-04-02"))
    code, out, err = run(capsys, "--db", db, "ingest", "--url", url)
    assert code == 2 and out == ""
    assert err.strip() == "briefbot: refused: 127.0.0.1 is a loopback address (this machine)"
    assert site.hits == []
    assert run_json(capsys, db, "articles", "list") == []


def test_feed_verbs_add_list_poll_remove(capsys, db: str, site: Site) -> None:
    story = site.page("/news/1", article_html("Outpost shrinks", OUTPOST, published="2024-03-11"))
    feed_url = site.page("/feed.rss", rss("Ledger", [("l-1", story, "Outpost", None)]), RSS)

    added = run_json(capsys, db, "feed", "add", feed_url, "--source", "Ledger", "--max-items", "5")
    assert added["title"] == "Ledger" and added["max_items"] == 5
    code, _, err = run(capsys, "--db", db, "feed", "add", feed_url)
    assert code == 2 and f"already followed as feed {added['id']}" in err

    [polled] = run_json(capsys, db, "feed", "poll")
    assert polled["ok"] and len(polled["ingested"]) == 1
    assert run_json(capsys, db, "feed", "poll") == []  # not due again yet
    [forced] = run_json(capsys, db, "feed", "poll", "--force")
    assert forced["new_items"] == 0

    [listed] = run_json(capsys, db, "feed", "list")
    assert listed["items"] == {"ingested": 1}
    code, out, _ = run(capsys, "--db", db, "feed", "list", "--text")
    assert code == 0 and f"feed {added['id']}: Ledger <{feed_url}> ok; 1 ingested" in out

    [article] = run_json(capsys, db, "articles", "list")
    assert article["source"] == "Ledger"

    removed = run_json(capsys, db, "feed", "remove", str(added["id"]))
    assert removed["id"] == added["id"]
    assert run_json(capsys, db, "feed", "list") == []
    code, _, err = run(capsys, "--db", db, "feed", "remove", str(added["id"]))
    assert code == 2 and "no feed with id" in err


def test_a_failing_poll_exits_2_and_says_why(capsys, db: str, site: Site) -> None:
    feed_url = site.page("/feed.rss", rss("Ledger", []), RSS)
    run_json(capsys, db, "feed", "add", feed_url)
    site.page("/feed.rss", "gone", "text/plain", status=500)
    code, out, _ = run(capsys, "--db", db, "feed", "poll", "--text")
    assert code == 2 and "FAILED: could not fetch: the site answered 500" in out


def test_feed_keywords_edit_pause_and_resume_on_the_command_line(capsys, db: str, site: Site) -> None:
    story = site.page("/news/1", article_html("Outpost", OUTPOST, published="2024-03-11"))
    opinion = site.page("/news/2", article_html("Opinion: stay", PATROLS, published="2024-03-12"))
    feed_url = site.page("/feed.rss", rss("Ledger", [("a", story, "Outpost", None), ("b", opinion, "Opinion: stay",
                                                                                     None)]), RSS)
    added = run_json(capsys, db, "feed", "add", feed_url, "--exclude", "opinion")
    assert added["exclude"] == ["opinion"] and added["paused"] is False
    paused = run_json(capsys, db, "feed", "pause", str(added["id"]))
    assert paused["paused"] is True
    assert run_json(capsys, db, "feed", "poll", "--force") == []
    code, out, _ = run(capsys, "--db", db, "feed", "list", "--text")
    assert code == 0 and ", paused;" in out and "; not opinion" in out
    run_json(capsys, db, "feed", "resume", str(added["id"]))
    edited = run_json(capsys, db, "feed", "edit", str(added["id"]), "--include", "syria", "--max-items", "5")
    assert (edited["include"], edited["exclude"], edited["max_items"]) == (["syria"], ["opinion"], 5)
    [polled] = run_json(capsys, db, "feed", "poll")
    assert len(polled["ingested"]) == 1 and len(polled["filtered"]) == 1
    code, _, err = run(capsys, "--db", db, "feed", "edit", "99", "--max-items", "3", "--json")
    assert code == 2 and err.strip() == "briefbot: no feed with id 99"
