"""The troop chart (drawn off the event loop) and the one error mapping."""

from __future__ import annotations

import asyncio
import threading

import discord
import pytest
from discord import app_commands

from bot import charts, errors
from bot.transformers import DateTransformer
from briefings.errors import BadInput, NotFound
from briefings.schemas import TroopFact, TroopsAnswer


def answer(*facts: TroopFact) -> TroopsAnswer:
    return TroopsAnswer(country="Syria", as_of="2025-08-21", current=facts[-1] if facts else None, timeline=list(facts))


LEVELS = (
    TroopFact(value=900, qualifier="approx", date="2024", status="past", evidence="e"),
    TroopFact(value=2000, qualifier="approx", date="2024-12-19", evidence="e"),
    TroopFact(value=1000, qualifier="under", date="2025-08", status="planned", evidence="e"),
    TroopFact(value=600, kind="change", direction="decrease", date="2025-06", evidence="e"),
    TroopFact(value=1400, date=None, evidence="e"),
)


def test_chart_plots_dated_levels_only_at_the_middle_of_vague_periods() -> None:
    points = charts.chart_points(answer(*LEVELS))
    assert [(d.isoformat(), f.value) for d, f in points] == [
        ("2024-07-01", 900),
        ("2024-12-19", 2000),
        ("2025-08-15", 1000),
    ]
    png = charts.render_troop_chart(answer(*LEVELS))
    assert png is not None and png.startswith(b"\x89PNG") and len(png) > 5000


def test_no_chart_without_a_dated_level() -> None:
    assert charts.render_troop_chart(answer()) is None
    assert charts.render_troop_chart(answer(LEVELS[3], LEVELS[4])) is None


async def test_chart_is_drawn_off_the_event_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[threading.Thread] = []
    real = charts.render_troop_chart

    def spy(a: TroopsAnswer) -> bytes | None:
        seen.append(threading.current_thread())
        return real(a)

    monkeypatch.setattr(charts, "render_troop_chart", spy)
    heartbeat = 0

    async def beat() -> None:
        nonlocal heartbeat
        while True:
            heartbeat += 1
            await asyncio.sleep(0.001)

    ticker = asyncio.create_task(beat())
    png = await charts.troop_chart(answer(*LEVELS))
    ticker.cancel()
    assert png is not None
    assert seen and seen[0] is not threading.main_thread()
    assert heartbeat > 1  # the loop kept running while the chart was drawn


def test_user_messages_for_domain_and_library_errors() -> None:
    bad = app_commands.TransformerError("x", discord.AppCommandOptionType.string, DateTransformer())
    bad.__cause__ = BadInput("'x' is not a date")
    assert errors.user_message(bad) == "'x' is not a date"
    invoke_error = app_commands.CommandInvokeError.__new__(app_commands.CommandInvokeError)
    invoke_error.original = NotFound("no article with id 3")
    assert errors.user_message(invoke_error) == "no article with id 3"
    assert errors.user_message(app_commands.MissingPermissions(["manage_guild"])) == errors.NEEDS_MANAGE_GUILD
    assert errors.user_message(app_commands.NoPrivateMessage()) == "This command works only in a server."
    assert errors.user_message(RuntimeError("bug")) is None
