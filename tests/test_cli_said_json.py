"""``ask said --json`` gives a program every match (up to the cap); people get a page of ten."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from bot.cli import main
from briefings.db import make_engine, make_session_factory, migrate
from tests.answers.factories import add_article, said


async def _store(url: str, n: int) -> None:
    engine = make_engine(url)
    try:
        await migrate(engine)
        factory = make_session_factory(engine)
        async with factory() as session, session.begin():
            for i in range(n):
                day = f"2025-01-{i + 1:02d}"
                await add_article(session, source="AP", published=day, workspace="cli",
                                  statements=[said("Esper", f"point number {i} about the mission", day)])  # fmt: skip
    finally:
        await engine.dispose()


def test_json_lists_every_statement_and_text_a_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'said.db'}"
    asyncio.run(_store(url, 17))
    assert main(["--db", url, "ask", "said", "--speaker", "Esper", "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert len(answer["statements"]) == answer["total"] == 17
    assert "point number 0 about the mission" in [s["text"] for s in answer["statements"]]
    assert main(["--db", url, "ask", "said", "--speaker", "Esper", "--text"]) == 0
    assert capsys.readouterr().out.strip().endswith("Statements 1-10 of 17")
    assert main(["--db", url, "ask", "said", "--speaker", "Esper", "--json", "--count", "3"]) == 0
    assert len(json.loads(capsys.readouterr().out)["statements"]) == 3
    assert main(["--db", url, "ask", "said", "--count", "0", "--json"]) == 2
