"""Statements and events on the real development articles stay above their floors.

Scores parts R1, R2, R4 and R5 of ``../shared/eval/real`` in-process with the shared scorer's own matching
(tests/extract/realscore.py). Parts R3 and R6 are kept unread as the estimate of unseen articles, so no test
reads them. The floors sit a little under what the extractor reaches, so that a regression fails and noise
does not; troop-count floors belong with the troop-count work.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.extract.realscore import SHARED_EVAL, score_corpus

REAL = SHARED_EVAL / "real"
DEV_PARTS = ("R1", "R2", "R4", "R5")
FLOORS = {"statements_f1": 0.94, "statements_precision": 0.95, "speaker_acc": 0.97, "events_recall": 0.91}


@pytest.mark.skipif(not (REAL / "manifest.json").exists(), reason="../shared/eval/real is not here")
def test_statements_and_events_on_the_real_development_parts_stay_above_the_floors() -> None:
    metrics, misses, _ = score_corpus(Path(REAL), DEV_PARTS)
    low = {k: metrics[k] for k, floor in FLOORS.items() if metrics[k] is None or metrics[k] < floor}
    relevant = [m for m in misses if "statement" in m or "speaker" in m or "event" in m]
    assert not low, f"{low}\n" + "\n".join(relevant)
