"""The shared scorer on our held-out corpus (tests/extract/corpus): a regression in generalisation fails CI.

The corpus is 14 articles we wrote in the styles of other outlets and years, annotated before the
extractor was run on them. score.py belongs to ../shared and is run from there, never copied; the
floors sit a little below what the extractor reaches, so that real regressions fail and noise does not.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCORE = REPO.parent / "shared" / "eval" / "score.py"
CORPUS = Path(__file__).resolve().parent / "corpus"
FLOORS = {
    "troops_f1": 0.95,
    "troops_date_acc": 0.93,
    "troops_status_acc": 0.90,
    "statements_f1": 0.95,
    "speaker_acc": 0.93,
    "events_recall": 0.90,
}


def _cli() -> str | None:
    local = Path(sys.executable).parent / "briefbot"
    return str(local) if local.exists() else shutil.which("briefbot")


@pytest.mark.skipif(not SCORE.exists(), reason="../shared/eval/score.py is not here")
def test_held_out_corpus_scores_above_the_floors() -> None:
    cli = _cli()
    if cli is None:
        pytest.skip("the briefbot command is not installed")
    requires = [arg for key, floor in FLOORS.items() for arg in ("--require", f"{key}={floor}")]
    proc = subprocess.run(
        [sys.executable, str(SCORE), str(CORPUS), "--cli", cli, "--quiet", *requires],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
