"""Score the extractor in-process with the shared scorer's own matching (a fast loop for development).

``../shared/eval/score.py`` drives the command line, one process per article (about 50 s for the 60 real
articles); this module imports that scorer's matching functions and calls :func:`briefings.extract.extract`
directly, so a whole corpus scores in a few seconds with the same figures. The scorer is read from
``../shared`` at run time, never copied.

    .venv/bin/python -m tests.extract.realscore ../shared/eval/real --only R1 --only R2 --misses
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parents[2]
SHARED_EVAL = REPO.parent / "shared" / "eval"


def load_scorer() -> ModuleType:
    """The shared scorer as a module (its matching functions and metrics)."""
    spec = importlib.util.spec_from_file_location("shared_score", SHARED_EVAL / "score.py")
    if spec is None or spec.loader is None:
        raise FileNotFoundError(SHARED_EVAL / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score_corpus(
    corpus: Path, only: tuple[str, ...] = (), by_part: int = 0
) -> tuple[dict[str, Any], list[str], dict[str, dict[str, Any]]]:
    """Metrics, misses and per-part metrics of the facts of every article (no end-to-end questions)."""
    from briefings.extract import extract

    sc = load_scorer()
    manifest = json.loads((corpus / "manifest.json").read_text())
    if only:
        manifest = [e for e in manifest if Path(e["path"]).name.startswith(only)]
    total, misses = sc.Tally(), []
    parts: dict[str, Any] = {}
    for entry in manifest:
        path = corpus / entry["path"]
        stem = path.stem
        gold_file = next(f for f in (corpus / f"{stem}.json", corpus / "gold" / f"{stem}.json") if f.exists())
        gold = json.loads(gold_file.read_text())
        text = path.read_text(encoding="utf-8")
        pred = json.loads(extract(text, dt.date.fromisoformat(entry["published"])).model_dump_json())
        tallies = [total]
        total.add("articles")
        if by_part:
            part = parts.setdefault(path.name[:by_part], sc.Tally())
            part.add("articles")
            tallies.append(part)
        local: list[str] = []
        for i, tally in enumerate(tallies):
            out = local if i == 0 else []
            sc.score_troops(gold["troop_counts"], pred["troop_counts"], tally, out, {"level", "change"}, "tc_")
            sc.score_troops(gold["troop_counts"], pred["troop_counts"], tally, out if i == 0 else [], {"casualty"},
                            "cas_")
            sc.score_statements(gold["statements"], pred["statements"], tally, out)
            sc.score_events(gold["events"], pred["events"], tally, out)
        misses += [f"{path.name}: {line}" for line in local]
    return sc.metrics(total), misses, {k: sc.metrics(v) for k, v in sorted(parts.items())}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--only", action="append", default=[], metavar="PREFIX")
    ap.add_argument("--by-part", type=int, default=0, metavar="N")
    ap.add_argument("--misses", action="store_true", help="print every miss (never on parts kept unread)")
    args = ap.parse_args(argv)
    metrics, misses, parts = score_corpus(args.corpus.resolve(), tuple(args.only), args.by_part)
    if args.misses:
        for line in misses:
            print("  " + line)
        print()
    if parts:
        cols = ("troops_f1", "troops_precision", "troops_date_acc", "troops_status_acc", "statements_f1",
                "speaker_acc", "events_recall", "casualties_f1")
        print("part " + " ".join(f"{c[:14]:>14s}" for c in cols))
        for name, pm in parts.items():
            print(f"{name:5s}" + " ".join(f"{pm[c]!s:>14s}" for c in cols))
        print()
    for key, val in metrics.items():
        print(f"{key:28s} {val}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
