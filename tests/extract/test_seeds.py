"""The shared seed articles (read from ../shared at run time, never copied): gold facts are found."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from briefings.extract import extract

SHARED = Path(__file__).resolve().parents[3] / "shared" / "eval" / "gold"
MANIFEST = SHARED / "manifest.json"
pytestmark = pytest.mark.skipif(not MANIFEST.exists(), reason="../shared/eval is not here")


def _entries():
    if not MANIFEST.exists():
        return []
    return json.loads(MANIFEST.read_text())


@pytest.mark.parametrize("entry", _entries(), ids=lambda e: Path(e["path"]).stem)
def test_seed_gold_troop_counts_are_found(entry):
    path = (MANIFEST.parent / entry["path"]).resolve()
    gold = json.loads((SHARED / f"{path.stem}.json").read_text())
    x = extract(path.read_text(encoding="utf-8"), dt.date.fromisoformat(entry["published"]))
    got = {(t.value, t.kind, t.country) for t in x.troop_counts}
    want = {(g["value"], g["kind"], g["country"]) for g in gold["troop_counts"] if not g.get("optional")}
    assert want <= got
    assert all(s.speaker.lower() not in {"he", "she", "it", "they"} for s in x.statements)
