"""The local console: slash-style lines answered as text from the same services."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from bot.console import parse_line, run_console, run_console_command, store_samples
from briefings.config import Settings
from briefings.errors import BadInput
from tests.bot.bot_harness import next_guild


@pytest.fixture
async def console(sqlite_store: Any, known_facts: None) -> Any:
    """A runner of console lines on a store loaded with the sample articles."""
    workspace = str(next_guild())
    await store_samples(session_factory=sqlite_store.factory, workspace=workspace)

    async def run(line: str) -> str:
        return await run_console_command(line, session_factory=sqlite_store.factory, workspace=workspace)

    return run


def test_parse_line_reads_values_with_spaces_and_colons() -> None:
    assert parse_line("/said speaker:Dana Whitfield about:ISIS") == (
        ["said"],
        {"speaker": "Dana Whitfield", "about": "ISIS"},
    )
    assert parse_line("/article add url:https://x.org/a?b=1 source:Sample Wire") == (
        ["article", "add"],
        {"url": "https://x.org/a?b=1", "source": "Sample Wire"},
    )
    assert parse_line("/subscribe time:08:00") == (["subscribe"], {"time": "08:00"})
    with pytest.raises(BadInput):
        parse_line("troops")
    with pytest.raises(BadInput):
        parse_line("/said speaker:a speaker:b")


async def test_troops_as_text(console: Any, tmp_path: Path) -> None:
    out = await console("/troops as_of:2025-07-01")
    assert "Current estimate: about 1,400 US troops in Syria" in out
    assert "Sources: Levant Desk, 2025-06-27 <https://levantdesk.example.net/2025/06/27/us-drawdown-syria-bases>" in out
    assert "down by about 600 US troops" in out
    latest = await console("/troops")
    # Two figures for the same day: whichever is current, both are shown as conflicting.
    assert "Date: 2025-08-21" in latest
    assert "Conflicting figures:\n  - fewer than 1,000 (Capitol Ledger" in latest and "vs about 1,200" in latest
    earlier = await console("/troops as_of:2025-03-01")
    assert "Current estimate: about 2,000" in earlier and "as of 2025-03-01" in earlier
    chart = tmp_path / "chart.png"
    assert f"Chart: {chart}" in await console(f"/troops chart:{chart}")
    assert chart.read_bytes().startswith(b"\x89PNG")


async def test_said_latest_and_articles(console: Any) -> None:
    said = await console("/said speaker:Whitfield")
    assert said.startswith("Dana Whitfield (Pentagon spokesperson), 2025-08-21:")
    assert "Statements 1-4 of 4" in said
    assert "“We understand the decision, but the danger from ISIS" in await console("/said about:ISIS")
    latest = (await console("/latest count:2")).splitlines()
    assert latest[0] == "Latest developments:" and len(latest) == 3 and "2025-08-20" in latest[1]
    listing = (await console("/article list")).splitlines()
    assert len(listing) == 5 and listing[0].startswith("#5 Officials give differing figures")
    assert "fewer than 1,000" in await console("/article show id:3")


async def test_bad_input_is_one_line_of_error(console: Any) -> None:
    assert await console("/troops as_of:yesterday") == (
        "error: 'yesterday' is not a date: write it as YYYY-MM-DD, for example 2025-04-18."
    )
    assert await console("/latest count:lots") == "error: count: must be a whole number, not 'lots'."
    assert (await console("/nope")).startswith("error: Unknown command /nope")
    assert (await console("/troops colour:red")).startswith("error: Unknown option colour:")
    assert await console("/article show id:99") == "error: no article with id 99"


async def test_console_session_loads_samples_once_and_answers(tmp_path: Path, known_facts: None) -> None:
    settings = Settings(_env_file=None, database_url=f"sqlite:///{tmp_path / 'c.db'}", discord_token=None)  # type: ignore[call-arg]
    out = io.StringIO()
    stdin = io.StringIO("/latest count:1\n\n# a comment\n/quit\n/help\n")
    assert await run_console(settings, stdin=stdin, stdout=out) == 0
    lines = out.getvalue().splitlines()
    assert lines[0] == "Sample articles: 6 stored, 0 already there (see /article list)."
    assert any("A drone struck a base" in line for line in lines)
    assert "Commands (" not in out.getvalue()  # /quit stopped before /help
    again = io.StringIO()
    await run_console(settings, stdin=io.StringIO("/article list\n"), stdout=again)
    assert "Sample articles" not in again.getvalue()  # not empty any more: nothing loaded
    assert len([ln for ln in again.getvalue().splitlines() if ln.startswith("#")]) == 5


async def test_console_with_the_real_extractor_runs_every_command(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, database_url=f"sqlite:///{tmp_path / 'r.db'}", discord_token=None)  # type: ignore[call-arg]
    out = io.StringIO()
    lines = "/troops\n/latest\n/said\n/said speaker:Whitfield\n/article list\n/help\n"
    await run_console(settings, stdin=io.StringIO(lines), stdout=out, load_samples=True)
    text = out.getvalue()
    assert "Sample articles: 6 stored" in text
    assert "US troops in Syria, as of" in text and "Commands (" in text
    assert "error:" not in text


async def test_pasted_text_is_stored_whole_as_the_form_would(sqlite_store: Any) -> None:
    from tests.bot.test_article_from_a_file import long_article

    text = long_article(9_000)
    workspace = str(next_guild())
    out = await run_console_command(
        "/article add source:Levant Desk published:2025-06-30",
        session_factory=sqlite_store.factory,
        workspace=workspace,
        pasted=text + "\n.\n/this line is not part of it\n",
    )
    assert out.startswith("Stored article #1:"), out
    assert "Source: Levant Desk, published 2025-06-30 (given)" in out
    shown = await run_console_command("/article show id:1", session_factory=sqlite_store.factory, workspace=workspace)
    assert shown.endswith(text)
    nothing = await run_console_command(
        "/article add source:Levant Desk", session_factory=sqlite_store.factory, workspace=workspace, pasted=".\n"
    )
    assert nothing == "error: no text was pasted; nothing was stored"


async def test_a_file_is_read_as_an_upload_is(sqlite_store: Any, tmp_path: Path) -> None:
    from tests.bot.test_article_from_a_file import long_article
    from tests.web.web_sites import OUTPOST, article_html

    workspace = str(next_guild())
    text_file = tmp_path / "levant-desk.txt"
    text_file.write_text(long_article(20_000), encoding="utf-8")
    page = tmp_path / "outpost.html"
    page.write_text(article_html("Outpost shrinks", OUTPOST, published="2024-03-11"), encoding="utf-8")

    async def run(line: str) -> str:
        return await run_console_command(line, session_factory=sqlite_store.factory, workspace=workspace)

    assert "Source: levant-desk," in await run(f"/article add file:{text_file}")
    added = await run(f"/article add file:{page}")
    assert "Stored article #2: Outpost shrinks" in added and "The Ridge Ledger, published 2024-03-11 (page)" in added
    missing = tmp_path / "missing.txt"
    assert await run(f"/article add file:{missing}") == f"error: file not found: {missing}"


async def test_help_lists_the_options_typed_at_the_console(console: Any) -> None:
    text = await console("/help")
    for usage in (
        "/troops [country:COUNTRY] [as_of:YYYY-MM-DD] [chart:FILE.png]",
        "/said [speaker:SPEAKER] [about:ABOUT] [page:N]",
        "/article add [url:URL] [file:PATH] [source:SOURCE] [title:TITLE] [published:YYYY-MM-DD]",
        "/article show id:N",
    ):
        assert usage in text
    assert "file:        a path to the article's file (.txt, .md or .html) on this machine" in text
    assert "paste it, then a line with only ." in text
    assert "/subscribe [channel:CHANNEL] [time:HH:MM] [timezone:TIMEZONE]  (admin, in Discord only)" in text


async def test_a_page_of_statements_says_how_to_get_the_next(console: Any) -> None:
    first = (await console("/said")).splitlines()[-1]
    assert first.startswith("Statements 1-5 of ") and first.endswith("; for 6-10 type /said page:2")
    second = (await console("/said page:2")).splitlines()[-1]
    assert second.startswith("Statements 6-10 of ") and second.endswith("type /said page:3")
    by_one = (await console("/said speaker:Whitfield")).splitlines()[-1]
    assert by_one == "Statements 1-4 of 4"
