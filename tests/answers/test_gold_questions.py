"""The end-to-end questions of the shared set, answered from the gold facts.

The gold files say what a careful reader finds in each seed article. Storing
exactly those facts and asking the questions of ``questions.json`` proves the
answer layer on its own: if the extractor finds these facts, the answers are right.
The gold files stay in ``../shared``; they are read at test time.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
from pathlib import Path

import pytest

from briefings import answers
from briefings.schemas import Event, Statement, TroopCount
from tests.answers.factories import add_article

GOLD = Path(__file__).resolve().parents[3] / "shared" / "eval" / "gold"
WS = "gold"


def _gold() -> tuple[list[dict], dict]:
    if not (GOLD / "questions.json").is_file():
        pytest.skip(f"the shared gold set is not at {GOLD}")
    manifest = json.loads((GOLD / "manifest.json").read_text())
    return manifest, json.loads((GOLD / "questions.json").read_text())


def _period(s: str) -> tuple[dt.date, dt.date]:
    parts = [int(p) for p in s.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], 1), dt.date(parts[0], parts[1], calendar.monthrange(*parts)[1])
    day = dt.date(*parts)
    return day, day


def _within(pred: str | None, gold: str) -> bool:
    if not pred:
        return False
    p, g = _period(pred), _period(gold)
    return g[0] <= p[0] and p[1] <= g[1]


async def _store_gold(store, manifest: list[dict]) -> None:  # type: ignore[no-untyped-def]
    async with store.factory() as session, session.begin():
        for entry in manifest:
            gold = json.loads((GOLD / f"{Path(entry['path']).stem}.json").read_text())
            await add_article(
                session,
                workspace=WS,
                source=entry["source"],
                published=entry["published"],
                troops=[TroopCount(**{k: v for k, v in t.items() if k != "optional"}) for t in gold["troop_counts"]],
                statements=[
                    Statement(
                        speaker=s["speaker"],
                        speaker_role=s.get("speaker_role"),
                        text=s["text"],
                        direct=bool(s.get("direct")),
                        date=s.get("date"),
                        evidence=s["evidence"],
                    )
                    for s in gold["statements"]
                ],
                events=[Event(date=e["date"], summary=e["summary"], evidence=e["evidence"]) for e in gold["events"]],
            )


async def test_gold_questions_are_answered_from_the_gold_facts(store) -> None:  # type: ignore[no-untyped-def]
    manifest, q = _gold()
    await _store_gold(store, manifest)
    async with store.factory() as session:
        cur = q["troops_current"]
        now = await answers.troops(session=session, workspace=WS, country=cur["country"])
        assert now.current is not None
        assert (now.current.value, now.current.qualifier) == (cur["value"], cur["qualifier"])
        assert _within(now.current.date, cur["date"])
        for item in q["troops_as_of"]:
            ans = await answers.troops(
                session=session, workspace=WS, country="Syria", as_of=dt.date.fromisoformat(item["as_of"])
            )
            assert ans.current is not None and ans.current.value == item["value"], item
        lat = q["latest"]
        first = (await answers.latest(session=session, workspace=WS)).events[0]
        blob = f"{first.summary} {first.evidence}".lower()
        assert all(k.lower() in blob for k in lat["keywords"]), first
        assert first.date and _period(first.date)[0] <= _period(lat["date"])[1]
        assert _period(lat["date"])[0] <= _period(first.date)[1]
        for item in q["said"]:
            got = (await answers.said(session=session, workspace=WS, speaker=item["speaker"])).statements
            for words in item["must_include_keywords"]:
                assert any(all(w.lower() in s.text.lower() for w in words) for s in got), (item["speaker"], words)


async def test_rewritten_wire_copies_in_the_gold_set_share_facts(store) -> None:  # type: ignore[no-untyped-def]
    """AP and Myind ran the same wire story: its figures and its quote are one fact with both sources."""
    manifest, _ = _gold()
    await _store_gold(store, manifest)
    async with store.factory() as session:
        ans = await answers.troops(session=session, workspace=WS, as_of=dt.date(2025, 4, 30))
        cut = [f for f in ans.timeline if f.kind == "change" and f.value == 600]
        assert len(cut) == 1
        assert sorted(s.source for s in cut[0].sources) == ["AP", "Myind"]
        official = (await answers.said(session=session, workspace=WS, speaker="US official", about="600")).statements
        assert len(official) == 1
        assert sorted(s.source for s in official[0].sources) == ["AP", "Myind"]
