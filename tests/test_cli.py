"""The ``briefbot`` command line: JSON shapes, exit codes, manifests, admin verbs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main

ARTICLE_A = """Pentagon trims Syria mission

The Pentagon said on Tuesday that it will withdraw about 400 troops from Syria over the next two months.
"""
ARTICLE_B = """Allies react to the drawdown

Officials in the region said the move was expected. A spokesperson for the coalition said it would keep working
with local partners.
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def ask_json(capsys: pytest.CaptureFixture[str], db: str, *argv: str) -> dict:
    code, out, err = run(capsys, "--db", db, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


@pytest.fixture
def manifest(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE_B, encoding="utf-8")
    entries = [
        {"path": "a.txt", "published": "2025-03-04", "source": "Wire", "url": "https://example.org/a"},
        {"path": "b.txt", "published": "2025-03-05", "source": "Gazette", "url": None},
    ]
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps(entries), encoding="utf-8")
    return path


def test_empty_store_answers_troops_with_the_schema_shape(capsys: pytest.CaptureFixture[str], db: str) -> None:
    answer = ask_json(capsys, db, "ask", "troops")
    # SCHEMA.md's fields, and why the current figure was chosen and how many doubtful ones were held back.
    assert set(answer) == {"country", "as_of", "current", "timeline", "current_reason", "held_back"}
    assert answer["country"] == "Syria" and answer["current"] is None and answer["timeline"] == []
    assert len(answer["as_of"]) == 10
    assert ask_json(capsys, db, "ask", "latest") == {"events": []}
    assert ask_json(capsys, db, "ask", "said", "--speaker", "Trump")["statements"] == []


def test_manifest_twice_stores_each_article_once(
    capsys: pytest.CaptureFixture[str], db: str, manifest: Path
) -> None:
    first = ask_json(capsys, db, "ingest", "--manifest", str(manifest))
    assert (first["stored"], first["duplicates"], first["failed"]) == (2, 0, 0)
    second = ask_json(capsys, db, "ingest", "--manifest", str(manifest))
    assert (second["stored"], second["duplicates"], second["failed"]) == (0, 2, 0)
    listed = ask_json(capsys, db, "articles", "list")
    assert sorted(a["source"] for a in listed) == ["Gazette", "Wire"]
    assert {a["published"] for a in listed} == {"2025-03-04", "2025-03-05"}


def test_manifest_with_a_bad_entry_stores_the_others_and_names_it(
    capsys: pytest.CaptureFixture[str], db: str, manifest: Path
) -> None:
    entries = json.loads(manifest.read_text())
    entries.insert(1, {"path": "missing.txt", "published": "2025-03-04", "source": "Ghost"})
    entries.append({"path": "a.txt", "source": "NoDate", "published": "not a date"})
    manifest.write_text(json.dumps(entries))
    code, out, err = run(capsys, "--db", db, "ingest", "--manifest", str(manifest), "--json")
    assert code == 2
    report = json.loads(out)
    assert (report["stored"], report["failed"]) == (2, 2)
    assert "entry 1: file not found" in err and "missing.txt" in err
    assert "entry 3: published" in err
    assert "Traceback" not in err
    listed = ask_json(capsys, db, "articles", "list")
    assert sorted(a["source"] for a in listed) == ["Gazette", "Wire"]


def test_stop_on_error_stops_at_the_bad_entry(capsys: pytest.CaptureFixture[str], db: str, manifest: Path) -> None:
    entries = json.loads(manifest.read_text())
    entries.insert(0, {"path": "missing.txt", "published": "2025-03-04", "source": "Ghost"})
    manifest.write_text(json.dumps(entries))
    code, out, _ = run(capsys, "--db", db, "ingest", "--manifest", str(manifest), "--stop-on-error", "--json")
    assert code == 2 and json.loads(out)["stored"] == 0
    assert ask_json(capsys, db, "articles", "list") == []


def test_ingest_file_then_show_and_remove(capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE_A, encoding="utf-8")
    result = ask_json(capsys, db, "ingest", str(path), "--published", "2025-03-04", "--source", "Wire")
    assert result["created"] is True and result["source"] == "Wire" and result["published"] == "2025-03-04"
    shown = ask_json(capsys, db, "articles", "show", str(result["article_id"]))
    assert shown["text"] == ARTICLE_A and shown["source"] == "Wire"
    assert set(shown["facts"]) == {"schema", "published", "troop_counts", "statements", "events"}
    removed = ask_json(capsys, db, "articles", "remove", str(result["article_id"]))
    assert removed["id"] == result["article_id"]
    code, _, err = run(capsys, "--db", db, "articles", "show", str(result["article_id"]))
    assert code == 2 and err.strip() == f"briefbot: no article with id {result['article_id']}"


def test_workspaces_are_separate_on_the_command_line(
    capsys: pytest.CaptureFixture[str], db: str, manifest: Path
) -> None:
    ask_json(capsys, db, "--workspace", "one", "ingest", "--manifest", str(manifest))
    assert ask_json(capsys, db, "--workspace", "two", "articles", "list") == []
    assert len(ask_json(capsys, db, "--workspace", "one", "articles", "list")) == 2


def test_extract_prints_the_schema_and_stores_nothing(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE_A, encoding="utf-8")
    out = ask_json(capsys, db, "extract", str(path), "--published", "2025-03-04")
    assert out["schema"] == 1 and out["published"] == "2025-03-04"
    assert {"troop_counts", "statements", "events"} <= set(out)
    for fact in out["troop_counts"]:
        keys = {"value", "qualifier", "kind", "direction", "status", "date", "country", "force", "evidence"}
        # SCHEMA.md's fields, plus the one extra it allows: how strong the evidence is.
        assert set(fact) == keys | {"confidence"}
        assert 0 <= fact["confidence"] <= 1
    assert ask_json(capsys, db, "articles", "list") == []


@pytest.mark.parametrize(
    "argv,needle",
    [
        (["ask", "troops", "--as-of", "2020-13-01"], "bad date '2020-13-01'"),
        (["ask", "troops", "--as-of", "2999-01-01"], "in the future"),
        (["ask", "said", "--speaker", "  "], "speaker is empty"),
        (["ask", "latest", "--count", "0"], "count must be between"),
        (["ingest", "nowhere.txt", "--source", "X", "--published", "2025-01-01"], "file not found"),
        (["ingest", "--manifest", "nowhere.json"], "manifest not found"),
        (["ingest"], "exactly one of"),
        (["articles", "show", "12"], "no article with id 12"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str], db: str, argv: list[str], needle: str
) -> None:
    code, _out, err = run(capsys, "--db", db, *argv)
    assert code == 2
    assert needle in err
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err


def test_text_output_for_people(capsys: pytest.CaptureFixture[str], db: str, manifest: Path) -> None:
    code, out, _ = run(capsys, "--db", db, "ingest", "--manifest", str(manifest), "--text")
    assert code == 0 and out.startswith("2 stored, 0 already stored, 0 failed of 2 entries")
    code, out, _ = run(capsys, "--db", db, "articles", "list", "--text")
    assert code == 0 and "Wire" in out and not out.lstrip().startswith("[")


def test_console_script_runs_as_installed(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("briefbot")
    if not exe.exists():
        pytest.skip("the briefbot console script is not installed in this environment")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'env.db'}"}
    proc = subprocess.run([str(exe), "ask", "troops", "--json"], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["current"] is None
    # DATABASE_URL from the environment was used: the file exists there, not under ./data.
    assert (tmp_path / "env.db").exists() and not (tmp_path / "data").exists()


@pytest.mark.parametrize(
    "env,needle",
    [
        ({"SHARD_ID": "1"}, "set SHARD_ID and SHARD_COUNT together"),
        ({"DEFAULT_TIMEZONE": "Mars/Olympus"}, "DEFAULT_TIMEZONE: unknown time zone 'Mars/Olympus'"),
        ({"BRIEFING_GRACE_HOURS": "soon"}, "BRIEFING_GRACE_HOURS"),
    ],
)
def test_bad_configuration_is_named_in_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, db: str, env: dict[str, str], needle: str
) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    code, _, err = run(capsys, "--db", db, "ask", "troops", "--json")
    assert code == 2 and needle in err and len(err.strip().splitlines()) == 1, err


def test_an_article_pasted_without_a_date_is_dated_by_its_wire_dateline(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    path = tmp_path / "wire.txt"
    path.write_text("Pentagon gives troop figure\n\nWASHINGTON, Nov. 20, 2025 — About 1,000 U.S. troops remain in "
                    "Syria, the Pentagon said on Thursday.\n", encoding="utf-8")
    result = ask_json(capsys, db, "ingest", str(path), "--source", "Wire")
    assert (result["published"], result["published_basis"]) == ("2025-11-20", "dateline")
    # "Thursday" is read against the dateline, not against today
    troops = ask_json(capsys, db, "ask", "troops", "--country", "Syria", "--as-of", "2025-12-31")
    assert (troops["current"]["value"], troops["current"]["date"]) == (1000, "2025-11-20")


def test_a_figure_said_to_have_held_before_is_shown_as_an_earlier_figure(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    article = tmp_path / "c.txt"
    article.write_text(
        "Pentagon revises its count\n\nThe Pentagon said on Thursday that about 1,800 US troops are in Syria, "
        "more than double the roughly 800 it had cited in public for years.\n",
        encoding="utf-8",
    )
    code, _, err = run(
        capsys, "--db", db, "ingest", str(article), "--published", "2025-03-06", "--source", "Wire", "--json"
    )
    assert code == 0, err
    code, out, _ = run(capsys, "--db", db, "ask", "troops", "--text")
    assert code == 0
    assert "Current estimate: about 1,800 US troops in Syria" in out
    assert "about 800 US troops in Syria (an earlier figure)" in out
    assert "about 1,800 US troops in Syria (an earlier figure)" not in out
