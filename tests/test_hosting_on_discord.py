"""What a host is told in the README's "Hosting on Discord" holds: the invite link, its permissions, the intents."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest

from bot.app import PERMISSIONS, BriefBot, bot_permissions, invite_url
from bot.cli import main
from briefings.config import Settings

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _hosting() -> str:
    start = README.index("## Hosting on Discord")
    return README[start : README.index("\n## ", start + 1)]


def test_invite_prints_the_link_with_both_scopes_and_the_permissions(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["invite", "--application-id", "123", "--text"]) == 0
    url = capsys.readouterr().out.strip()
    assert url == (
        "https://discord.com/oauth2/authorize?client_id=123&scope=bot+applications.commands&permissions=117760"
    )
    # 117760 is exactly View Channel, Send Messages, Embed Links, Attach Files and Read Message History.
    assert bot_permissions().value == 0x400 | 0x800 | 0x4000 | 0x8000 | 0x10000 == 117760


def test_invite_reads_the_application_id_from_the_token(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    token = base64.b64encode(b"987654321098765432").decode().rstrip("=") + ".GhIjKl.secret-part"
    monkeypatch.setenv("DISCORD_TOKEN", token)
    assert main(["invite", "--text"]) == 0
    assert capsys.readouterr().out.strip() == invite_url(987654321098765432)


def test_invite_without_an_id_or_token_says_what_to_give(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    assert main(["invite"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--application-id" in err


def test_the_readme_shows_the_link_and_explains_every_permission() -> None:
    hosting = _hosting()
    assert invite_url(123).replace("123", "ID") in hosting
    rows = re.findall(r"^\s*\| ([A-Z][A-Za-z ]+) \| (.+) \|$", hosting, flags=re.MULTILINE)
    named = {name.strip().lower().replace(" ", "_"): why for name, why in rows if name != "permission"}
    assert set(named) == set(PERMISSIONS)
    for name, why in PERMISSIONS.items():
        assert " ".join(why.split()) in " ".join(named[name].replace("`", "").split()), name


def test_no_privileged_intent_is_asked_for() -> None:
    bot = BriefBot(settings=Settings(_env_file=None, discord_token=None), session_factory=None, http_client=None)  # type: ignore[call-arg]
    intents = bot.intents
    assert not (intents.message_content or intents.members or intents.presences)
    assert "Intents: none privileged" in _hosting()


def test_the_service_unit_runs_the_bot_from_the_lock() -> None:
    unit = (ROOT / "docs" / "briefbot.service").read_text(encoding="utf-8")
    assert "ExecStart=/opt/briefbot/.venv/bin/briefbot run" in unit
    assert "--require-hashes -r requirements/base.lock" in unit
    assert "KillSignal=SIGINT" in unit
