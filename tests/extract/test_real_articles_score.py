"""The extractor on the 60 real articles of ../shared/eval/real: a regression in what readers are shown fails CI.

The articles belong to their publishers and are read from ../shared, never copied. The facts are scored
in-process with the shared scorer's own matching (tests/extract/realscore.py); the end-to-end questions
(the current figure, figures as of a date, the latest event, who said what) run the shared scorer itself
through the command line. The floors sit a little under what the extractor reaches, so that a real
regression fails and a one-fact wobble does not.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.extract.realscore import SHARED_EVAL, score_corpus

REAL = SHARED_EVAL / "real"
SEEDS = SHARED_EVAL / "gold"

FLOORS = {
    "troops_f1": 0.96,
    "troops_precision": 0.97,
    "troops_date_acc": 0.95,
    "troops_status_acc": 0.94,
    "casualties_f1": 0.94,
    "statements_f1": 0.92,
    "speaker_acc": 0.95,
    "events_recall": 0.89,
}
SEED_FLOOR = 0.95
QUESTIONS_FLOOR = 0.95

pytestmark = pytest.mark.skipif(not (REAL / "manifest.json").exists(), reason="../shared/eval/real is not here")


def test_real_articles_score_above_the_floors() -> None:
    metrics, _, _ = score_corpus(REAL)
    short = {k: metrics[k] for k, floor in FLOORS.items() if (metrics[k] or 0) < floor}
    assert not short, f"under the floor: {short} (floors {FLOORS})"


def test_the_seed_articles_stay_above_the_seed_floor() -> None:
    metrics, misses, _ = score_corpus(SEEDS)
    keys = ("troops_f1", "troops_date_acc", "troops_status_acc", "statements_f1", "speaker_acc", "events_recall")
    short = {k: metrics[k] for k in keys if (metrics[k] or 0) < SEED_FLOOR}
    assert not short, f"{short}; misses: {misses[:10]}"


def test_end_to_end_questions_on_the_real_articles() -> None:
    cli = Path(sys.executable).parent / "briefbot"
    if not cli.exists() and shutil.which("briefbot") is None:
        pytest.skip("the briefbot command is not installed")
    proc = subprocess.run(
        [sys.executable, str(SHARED_EVAL / "score.py"), str(REAL), "--cli", str(cli if cli.exists() else "briefbot"),
         "--quiet", "--require", f"questions_acc={QUESTIONS_FLOOR}"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-1500:] + proc.stderr[-1500:]
