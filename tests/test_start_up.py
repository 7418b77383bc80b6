"""Start-up: the command line loads only what a verb needs; Alembic only when the store is behind."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HEAVY = ("matplotlib", "discord", "alembic")
ROOT = Path(__file__).resolve().parents[1]


def _python(code: str, tmp_path: Path) -> dict:  # type: ignore[type-arg]
    """Run ``code`` in a fresh interpreter (no .env of the checkout) and return the JSON it prints last."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "DISCORD_TOKEN"))}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


LOADED = f"sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))"


def test_importing_the_command_line_loads_neither_matplotlib_discord_nor_alembic(tmp_path: Path) -> None:
    got = _python(f"import json, sys, bot.cli; print(json.dumps({LOADED}))", tmp_path)
    assert got == []


def test_an_ask_on_a_store_at_the_head_never_imports_alembic(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'store.db'}"
    # A new store: migrated on first use, which needs Alembic.
    first = _python(
        "import contextlib, io, json, sys\nfrom bot.cli import main\n"
        f"with contextlib.redirect_stdout(io.StringIO()):\n    code = main(['migrate', '--db', {db!r}])\n"
        f"print(json.dumps({{'code': code, 'loaded': {LOADED}}}))",
        tmp_path,
    )
    assert first == {"code": 0, "loaded": ["alembic"]}
    # The same store again: one query finds it at the head, and the answer comes without Alembic.
    again = _python(
        "import contextlib, io, json, sys\nfrom bot.cli import main\nout = io.StringIO()\n"
        f"with contextlib.redirect_stdout(out):\n    code = main(['ask', 'troops', '--json', '--db', {db!r}])\n"
        f"print(json.dumps({{'code': code, 'answer': json.loads(out.getvalue()), 'loaded': {LOADED}}}))",
        tmp_path,
    )
    assert again["code"] == 0 and again["loaded"] == []
    assert again["answer"]["current"] is None and again["answer"]["timeline"] == []
