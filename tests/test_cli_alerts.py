"""``briefbot alert add|list|remove``: alerts set up from the command line, for the running bot to post."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_add_list_and_remove_alerts(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'alerts.db'}"
    code, out, err = run(capsys, "--db", db, "alert", "add", "--channel", "123456", "--threshold", "1000", "--json")
    assert code == 0, err
    added = json.loads(out)
    assert (added["id"], added["channel_id"], added["threshold"], added["created_by"]) == (1, 123456, 1000, "cli")
    code, out, _ = run(capsys, "--db", db, "alert", "list", "--text")
    assert out.strip() == "alert 1: channel 123456, Syria, when the figure crosses 1,000; 0 posted"
    code, out, _ = run(capsys, "--db", db, "alert", "remove", "1", "--json")
    assert code == 0 and json.loads(out)["id"] == 1
    assert json.loads(run(capsys, "--db", db, "alert", "list", "--json")[1]) == []


@pytest.mark.parametrize(
    "argv,needle",
    [
        (("alert", "add", "--channel", "1", "--threshold", "0"), "threshold must be a number of troops between 1"),
        (("alert", "add", "--channel", "-5"), "name a channel"),
        (("alert", "remove", "9"), "no alert with id 9"),
        (("alert", "add"), "--channel"),
    ],
)
def test_bad_alert_arguments_exit_2_with_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: tuple[str, ...], needle: str
) -> None:
    code, out, err = run(capsys, "--db", f"sqlite:///{tmp_path / 'a.db'}", *argv, "--json")
    assert code == 2 and out == ""
    assert needle in err and len(err.strip().splitlines()) == 1, err


def test_commands_json_lists_the_alert_and_feed_commands(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DEFAULT_TIMEZONE", "Asia/Kolkata")
    code, out, err = run(capsys, "commands", "--json")
    assert code == 0, err
    tree = {c["name"]: c for c in json.loads(out)}
    for group in ("alert", "feed"):
        assert int(tree[group]["default_member_permissions"]) == 32  # Manage Server
    options = {g: {o["name"]: [x["name"] for x in o.get("options", [])] for o in tree[g]["options"]}
               for g in ("alert", "feed", "article")}
    assert options["alert"] == {"add": ["channel", "threshold"], "list": [], "remove": ["id"]}
    assert options["feed"]["add"] == ["url", "source", "max_items", "include", "exclude"]
    assert options["feed"]["edit"] == ["id", "source", "max_items", "include", "exclude"]
    assert options["feed"]["pause"] == options["feed"]["resume"] == ["id"]
    assert options["article"]["list"] == ["page", "off_topic"] and options["article"]["restore"] == ["id"]
    zone = {o["name"]: o for o in tree["subscribe"]["options"]}["timezone"]["description"]
    # /subscribe says which zone it falls back to: the host's DEFAULT_TIMEZONE.
    assert zone == "Time zone, e.g. Europe/Berlin (default: Asia/Kolkata, this bot's DEFAULT_TIMEZONE)"
