"""``briefbot console`` at a real terminal (a pseudo-terminal): no log line among the answers, Ctrl-C leaves at once."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

PROMPT = b"briefbot> "


def _read_until(fd: int, marker: bytes, seen: bytearray, timeout: float) -> bytes:
    """Read the terminal until ``marker`` appears after what was ``seen`` so far; everything read is returned."""
    start = len(seen)
    deadline = time.monotonic() + timeout
    while marker not in seen[start:]:
        left = deadline - time.monotonic()
        assert left > 0, f"no {marker!r} within {timeout} s; the terminal shows: {bytes(seen[start:])!r}"
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                seen.extend(os.read(fd, 65536))
            except OSError:  # the other side closed
                break
    return bytes(seen[start:])


def test_ctrl_c_leaves_at_once_and_no_log_line_is_among_the_answers(tmp_path: Path) -> None:
    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("DISCORD_TOKEN", "LOG_FILE", "DATABASE_URL")}
    env |= {"DATABASE_URL": f"sqlite:///{tmp_path / 'console.db'}", "LOG_LEVEL": "INFO"}
    proc = subprocess.Popen(
        [sys.executable, "-c", "import sys; from bot.cli import main; sys.exit(main(['console']))"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=tmp_path,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    seen = bytearray()
    try:
        start = _read_until(master, PROMPT, seen, timeout=120)
        os.write(master, b"/latest count:1\n")
        answer = _read_until(master, PROMPT, seen, timeout=60)

        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C does at a terminal
        pressed = time.monotonic()
        code = proc.wait(timeout=10)
        took = time.monotonic() - pressed
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)

    assert took < 3, f"the console took {took:.1f} s to leave after Ctrl-C"
    assert code == 130
    assert b"Latest developments:" in answer
    # The sample articles were stored (and logged), but no log line reached the terminal.
    screen = bytes(seen).decode("utf-8", "replace")
    assert "Sample articles: 6 stored" in start.decode()
    assert " INFO " not in screen and "briefings.ingest" not in screen, screen
    assert "the log goes to data/console.log" in screen
    log = (tmp_path / "data" / "console.log").read_text(encoding="utf-8")
    assert "ingested article 5" in log


def test_commands_can_come_from_a_file_or_a_pipe(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISCORD_TOKEN", "LOG_FILE", "DATABASE_URL")}
    env |= {"DATABASE_URL": f"sqlite:///{tmp_path / 'console.db'}"}
    script = tmp_path / "commands.txt"
    script.write_text("/latest count:1\n/article show id:1\n", encoding="utf-8")
    run = [sys.executable, "-c", "import sys; from bot.cli import main; sys.exit(main(['console']))"]
    with script.open("rb") as stdin:  # a regular file: no event-loop reader can wait on it
        from_file = subprocess.run(run, stdin=stdin, capture_output=True, cwd=tmp_path, env=env, timeout=120)
    piped = subprocess.run(run, input=b"/said speaker:Reyes\n", capture_output=True, cwd=tmp_path, env=env, timeout=120)

    assert from_file.returncode == 0, from_file.stderr
    assert b"Latest developments:" in from_file.stdout and b"#1 Pentagon says about 2,000" in from_file.stdout
    assert piped.returncode == 0 and b"Thomas Reyes" in piped.stdout
    # Standard error is not the terminal here: the log stays there, off the answers.
    assert b"ingested article" in from_file.stderr and b"ingested article" not in from_file.stdout
