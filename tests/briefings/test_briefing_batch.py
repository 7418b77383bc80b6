"""Batched composition: compose_many gives each window of a batch the briefing it gets as a batch of one.

The store is generated from a seed: several workspaces, four days of articles that
bring new figures, revised figures (same period, another number), figures tied for
one period, the country spelled two ways, planned levels, undated figures, more
items than a briefing lists, and facts other articles report again (corroborations).
The windows overlap, nest, abut, reach past the data, start before any of it, and
include first briefings (no watermark) and windows too long to batch.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from briefing_helpers import add_article, event, said, utc

from briefings.compose import BATCH_SPAN, MAX_ITEMS, Briefing, Key, compose_briefing, compose_many
from briefings.errors import BadInput
from briefings.schemas import TroopCount

START = utc(2025, 4, 10)
WORKSPACES = ["w1", "w2", "w3"]
SOURCES = ["AP", "Reuters", "BBC", "AFP", "NYT"]
SPEAKERS = ["Sean Parnell", "Tom Barrack", "Mazloum Abdi"]
PLACES = ["Deir ez-Zor", "Hasakah", "the Conoco base", "al-Tanf", "Rmeilan", "Kobani", "the Iraqi border"]
ACTIONS = ["A convoy left", "Troops arrived at", "A drone strike hit", "A patrol reached", "Officials visited"]


def _troops(rng: random.Random) -> list[TroopCount]:
    """Figures from a small pool: the same period with another number (revisions, ties), repeats, other shapes."""
    out = []
    for _ in range(rng.randrange(0, 3)):
        kind = rng.choice(["level"] * 4 + ["change"])
        out.append(
            TroopCount(
                value=rng.choice([900, 1500, 2000, 2500]),
                date=rng.choice(["2025-04", "2025-04-09", "2025-04-11", "2025-04-12", "2025-04-13", None]),
                country=rng.choice(["Syria", "Syria", "Syria", "syria", "Iraq"]),
                status=rng.choice(["current"] * 5 + ["planned"]),
                kind=kind,
                direction="decrease" if kind == "change" else None,
                evidence="There are US troops in Syria.",
            )
        )
    return out


async def _generate(factory: Any, seed: int) -> dict[str, list[dt.datetime]]:
    """Four days of articles in each workspace, facts drawn from small pools; each workspace's article times."""
    rng = random.Random(seed)
    times: dict[str, list[dt.datetime]] = {}
    for ws in WORKSPACES:
        # History before the windows: a day figure for 1 March, then more month figures for March than a level
        # lookup reads (levels.CANDIDATES, 20), stored later, so the month figures it reads hide the more precise one.
        await add_article(factory, ws, at=START - dt.timedelta(days=6), source="Archive",
                          troops=[TroopCount(value=3000, date="2025-03-01", evidence="History.")])
        month = [TroopCount(value=3100 + 10 * k, date="2025-03", evidence="History.") for k in range(27)]
        await add_article(factory, ws, at=START - dt.timedelta(days=5), source="Archive", troops=month)
        minutes = sorted(rng.sample(range(0, 4 * 24 * 60, 7), 18))
        times[ws] = [START + dt.timedelta(minutes=minute) for minute in minutes]
        for n, at in enumerate(times[ws]):
            await add_article(
                factory, ws, at=at, source=f"{rng.choice(SOURCES)}{n}", troops=_troops(rng),
                statements=[
                    said(rng.choice(SPEAKERS), f"We are watching {rng.choice(PLACES)} closely",
                         rng.choice(["2025-04-10", "2025-04-11"]))
                    for _ in range(rng.randrange(0, 3))
                ],
                events=[
                    event(_development(rng, f"{n}-{k}"), rng.choice(["2025-04-11", "2025-04", None]))
                    for k in range(rng.randrange(3, 7))
                ],
            )
        # A newer figure two outlets agree on, stored mid-way: windows across it see the figure change.
        for k, source in enumerate(("Late Wire", "Late Desk")):
            late = [TroopCount(value=700, qualifier="approx", date="2025-04-14", evidence="Now about 700.")]
            await add_article(factory, ws, at=START + dt.timedelta(days=2, hours=k), source=source, troops=late)
    return times


def _development(rng: random.Random, tag: str) -> str:
    """Mostly a development of its own; sometimes one from a small pool that other articles report too."""
    if rng.random() < 0.3:
        return f"{rng.choice(ACTIONS)} {rng.choice(PLACES)}."
    return f"{rng.choice(ACTIONS)} {rng.choice(PLACES)} (operation {tag})."


def _windows(rng: random.Random, times: dict[str, list[dt.datetime]]) -> list[Key]:
    """Overlapping, nested and abutting windows in every workspace, plus ones batching must leave alone."""
    keys: list[Key] = []
    for ws, at in times.items():
        # Windows that start or end exactly when an article was stored (it is in the one that ends then).
        keys += [(ws, at[3], at[9]), (ws, at[9], at[12]), (ws, at[3] - dt.timedelta(hours=2), at[3])]
    for ws in [*WORKSPACES, "empty"]:
        for _ in range(14):
            since = START + dt.timedelta(minutes=rng.randrange(-12 * 60, 5 * 24 * 60))
            keys.append((ws, since, since + dt.timedelta(minutes=rng.choice([30, 6 * 60, 24 * 60, 47 * 60]))))
        day = START + dt.timedelta(days=1)
        keys += [(ws, day, day + dt.timedelta(days=1)), (ws, day + dt.timedelta(days=1), day + dt.timedelta(days=2))]
        keys += [(ws, None, day), (ws, START - dt.timedelta(days=1), START + BATCH_SPAN + dt.timedelta(hours=1))]
    # The same instant in another time zone is the same window (and its dates are that zone's).
    berlin = dt.timezone(dt.timedelta(hours=2))
    keys.append(("w1", (START + dt.timedelta(hours=23)).astimezone(berlin), START + dt.timedelta(days=2)))
    rng.shuffle(keys)
    return keys


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_batched_composition_equals_composing_each_window_alone(store, seed: int) -> None:  # type: ignore[no-untyped-def]
    keys = _windows(random.Random(seed), await _generate(store.factory, seed))
    async with store.factory() as session:
        batched = await compose_many(session=session, requests=[*keys, *keys[:5]])
    alone: dict[Key, Briefing] = {}
    for key in keys:
        async with store.factory() as session:
            alone[key] = await compose_briefing(session=session, workspace=key[0], since=key[1], until=key[2])

    assert list(batched) == list(dict.fromkeys(keys))
    for key in keys:
        assert batched[key] == alone[key], key
        assert batched[key].model_dump_json() == alone[key].model_dump_json(), key

    # The comparison covers what a briefing can hold, not just empty ones.
    briefings = list(alone.values())
    assert any(b.revisions for b in briefings)
    assert any(b.troops.changed and b.troops.previous is not None for b in briefings)
    assert any(b.corroborations_total for b in briefings)
    assert any(b.developments_total > MAX_ITEMS for b in briefings)
    assert any(b.figures for b in briefings) and any(b.statements for b in briefings)
    assert any(b.is_empty for b in briefings)
    # Before April's figures, the level is one of the month figures: the day figure is past the 20 read.
    assert any(b.troops.previous is not None and b.troops.previous.date == "2025-03" for b in briefings)


async def test_batched_composition_is_as_strict_about_windows_and_countries(sqlite_store) -> None:  # type: ignore[no-untyped-def]
    until = utc(2025, 4, 19)
    async with sqlite_store.factory() as session:
        assert await compose_many(session=session, requests=[]) == {}
        with pytest.raises(BadInput, match="after it ends"):
            await compose_many(session=session, requests=[("w1", until - dt.timedelta(hours=1), until),
                                                          ("w1", until, until - dt.timedelta(hours=1))])
        with pytest.raises(BadInput, match="time zone"):
            await compose_many(session=session, requests=[("w1", dt.datetime(2025, 4, 18), until)])
        with pytest.raises(BadInput, match="name a country"):
            await compose_many(session=session, requests=[("w1", None, until)], country="  ")
