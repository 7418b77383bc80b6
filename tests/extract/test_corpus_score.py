"""The extractor on the corpora we wrote ourselves: a regression in what readers are shown fails CI.

Four corpora live beside this file, each written in our own words in the styles of other outlets and
years, and annotated before the extractor was run on them: corpus (14 articles), heldout (12), heldout2
(10) and heldout3 (24, written blind by an engineer who never saw the rules). Each has a BASELINE.txt with
its first-look scores. The facts are scored in-process with the shared scorer's own matching
(tests/extract/realscore.py); corpus is also run through the shared scorer and the command line, the way
a host would. The floors sit a little under what the extractor reaches, so that a real regression fails
and a one-fact wobble does not. Text we write flatters our rules: ../shared/eval/real is the measure
(tests/extract/test_real_articles_score.py); these floors guard against regressions only.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.extract.realscore import SHARED_EVAL, score_corpus

HERE = Path(__file__).resolve().parent
SCORE = SHARED_EVAL / "score.py"

# Each floor is about 0.02-0.03 under the figure reached at the commit that set it.
FLOORS: dict[str, dict[str, float]] = {
    "corpus": {"troops_f1": 0.96, "troops_precision": 0.97, "troops_date_acc": 0.95, "troops_status_acc": 0.93,
               "casualties_f1": 0.9, "statements_f1": 0.97, "speaker_acc": 0.96, "events_recall": 0.97},
    "heldout": {"troops_f1": 0.95, "troops_precision": 0.95, "troops_date_acc": 0.92, "troops_status_acc": 0.97,
                "casualties_f1": 0.85, "statements_f1": 0.96, "speaker_acc": 0.97, "events_recall": 0.97},
    "heldout2": {"troops_f1": 0.94, "troops_precision": 0.97, "troops_date_acc": 0.91, "troops_status_acc": 0.91,
                 "casualties_f1": 0.64, "statements_f1": 0.97, "speaker_acc": 0.96, "events_recall": 0.81},
    "heldout3": {"troops_f1": 0.89, "troops_precision": 0.92, "troops_date_acc": 0.88, "troops_status_acc": 0.94,
                 "casualties_f1": 0.95, "statements_f1": 0.9, "speaker_acc": 0.94, "events_recall": 0.86},
}


@pytest.mark.skipif(not SCORE.exists(), reason="../shared/eval/score.py is not here")
@pytest.mark.parametrize("name", sorted(FLOORS))
def test_our_corpus_scores_above_its_floors(name: str) -> None:
    metrics, misses, _ = score_corpus(HERE / name)
    short = {k: metrics[k] for k, floor in FLOORS[name].items() if (metrics[k] or 0) < floor}
    assert not short, f"{name} under the floor: {short}; misses: {misses[:12]}"


@pytest.mark.skipif(not SCORE.exists(), reason="../shared/eval/score.py is not here")
def test_the_shared_scorer_through_the_command_line_agrees() -> None:
    local = Path(sys.executable).parent / "briefbot"
    cli = str(local) if local.exists() else shutil.which("briefbot")
    if cli is None:
        pytest.skip("the briefbot command is not installed")
    requires = [arg for key, floor in FLOORS["corpus"].items() for arg in ("--require", f"{key}={floor}")]
    proc = subprocess.run(
        [sys.executable, str(SCORE), str(HERE / "corpus"), "--cli", cli, "--quiet", *requires],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
