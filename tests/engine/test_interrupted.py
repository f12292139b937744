"""A run whose process is gone shows as interrupted, with the command that continues it; resume then
works even when the dead owner's pid now belongs to another process, and clears the dead owner's
'running' stage rows; the dead owner's work folders go at the next start.

Each run here is a real 'scenesmith make' subprocess, killed with SIGKILL while a stage is running.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import cli_env

pytestmark = pytest.mark.slow


def _query(db: Path, sql: str, *args) -> list[tuple]:
    try:
        with sqlite3.connect(db, timeout=10) as conn:
            return conn.execute(sql, args).fetchall()
    except sqlite3.OperationalError:  # the database is still being created
        return []


def _start_make(home: Path, prompt: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "scenesmith", "make", prompt, "--json"], env=cli_env(home), stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def _stop_while_rendering(home: Path, proc: subprocess.Popen) -> str:
    """Wait until a render stage is running with its work folder made, then stop (SIGSTOP) the CLI and its whole group."""
    db = home / "scenesmith.db"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        rows = _query(db, "select runs.id from stages join runs on runs.id = stages.run_id where stages.name like 'render:%' and stages.status = 'running'")
        if rows and list((home / "work").rglob(f"{rows[0][0]}-*")):  # in its warm pool's folder (work/pool-*/jobs/)
            break
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.02)
    else:
        pytest.fail("no render stage started within 180 s")
    os.killpg(proc.pid, signal.SIGSTOP)
    return rows[0][0]


def _kill(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def _listed(cli, home: Path, run_id: str) -> dict:
    listing = cli(home, "runs", "--json")
    assert listing.returncode == 0, listing.stderr
    return next(row for row in json.loads(listing.stdout) if row["run_id"] == run_id)


def test_killed_run_is_interrupted_until_resumed_and_its_leftovers_go(cli, home):
    proc = _start_make(home, "Solve x^2 - 5x + 6 = 0")
    db = home / "scenesmith.db"
    run_id = _stop_while_rendering(home, proc)
    try:  # while its owner lives (stopped, not gone), the run is running and nobody else may drive it
        assert _listed(cli, home, run_id)["status"] == "running"
        refused = cli(home, "resume", run_id, "--json")
        assert refused.returncode == 2 and "still running" in refused.json["error"], refused.stderr
    finally:
        _kill(proc)
    dead_folders = sorted(p.name for p in (home / "work").iterdir())
    assert any(name.startswith("pool-") for name in dead_folders), dead_folders
    # the run's job folders lie in its pool's own folder, which the pool's jail may write (and nothing of other runs)
    assert any(p.name.startswith(f"{run_id}-") for p in (home / "work").glob("pool-*/jobs/*")), list((home / "work").rglob("*"))[:20]

    row = _listed(cli, home, run_id)
    assert row["status"] == "interrupted" and row["resume"] == f"scenesmith resume {run_id}", row
    table = cli(home, "runs")
    assert f"continue it with: scenesmith resume {run_id}" in table.stdout, table.stdout
    shown = cli(home, "runs", "show", run_id, "--json")
    info = shown.json
    assert info["status"] == "interrupted" and info["resume"] == f"scenesmith resume {run_id}"
    assert "interrupted" in {s["status"] for s in info["stages"]} and "running" not in {s["status"] for s in info["stages"]}, info["stages"]
    assert f"scenesmith resume {run_id}" in cli(home, "runs", "show", run_id).stdout

    # the next start, of another run, removes the dead owner's folders and leaves the dead run interrupted
    other = cli(home, "make", "Solve 4x = 12", "--json")
    assert other.returncode == 0, other.stderr
    left = sorted(p.name for p in (home / "work").iterdir()) if (home / "work").is_dir() else []
    assert not set(dead_folders) & set(left), left
    assert _listed(cli, home, run_id)["status"] == "interrupted"

    resumed = cli(home, "resume", run_id, "--json")
    assert resumed.returncode == 0, resumed.stderr
    assert resumed.json["status"] == "succeeded" and resumed.json["answer"] == "x = 2 or x = 3"
    after = json.loads(cli(home, "runs", "show", run_id, "--json").stdout)
    assert after["status"] == "succeeded" and after["resume"] is None
    assert {s["status"] for s in after["stages"]} <= {"done", "cached", "degraded"}, after["stages"]
    assert _query(db, "select count(*) from stages where run_id = ? and status = 'running'", run_id) == [(0,)]
    assert _listed(cli, home, run_id)["status"] == "succeeded"


def test_resume_when_the_dead_owners_pid_belongs_to_another_process(cli, home):
    proc = _start_make(home, "Solve 3x + 4 = 19")
    run_id = _stop_while_rendering(home, proc)
    _kill(proc)
    db = home / "scenesmith.db"
    stranger = subprocess.Popen(["sleep", "300"])  # the pid the dead run recorded is now this process's (as after a reboot)
    try:
        with sqlite3.connect(db, timeout=10) as conn:
            conn.execute("update runs set pid = ? where id = ?", (stranger.pid, run_id))
        assert _listed(cli, home, run_id)["status"] == "interrupted"
        with sqlite3.connect(db, timeout=10) as conn:  # a row from before start times were recorded: pid only
            conn.execute("update runs set owner_start = null where id = ?", (run_id,))
        assert _listed(cli, home, run_id)["status"] == "interrupted"

        resumed = cli(home, "resume", run_id, "--json")
        assert resumed.returncode == 0, resumed.stderr
        assert resumed.json["status"] == "succeeded" and resumed.json["answer"] == "x = 5"
        assert stranger.poll() is None  # the stranger was neither waited on nor harmed
        assert _query(db, "select status, pid from runs where id = ?", run_id) == [("succeeded", None)]
    finally:
        stranger.kill()
        stranger.wait()


def test_a_store_made_before_owner_start_times_upgrades_in_place(cli, home):
    """A home whose database is at the first migration gains the owner column and keeps its runs."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    from scenesmith.store import MIGRATIONS

    engine = create_engine(f"sqlite:///{home / 'scenesmith.db'}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    engine.dispose()
    with sqlite3.connect(home / "scenesmith.db") as conn:
        conn.execute(
            "insert into runs (id, created_at, updated_at, prompt, kind, options, status, artifacts, report, pid) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ("0123456789ab", "2026-01-01 00:00:00", "2026-01-01 00:00:00", "Solve 4x = 12", "solution", "{}", "running", "{}", "{}", 2**22 + 1),
        )
    row = _listed(cli, home, "0123456789ab")  # the old run's pid is no process: interrupted
    assert row["status"] == "interrupted" and row["resume"] == "scenesmith resume 0123456789ab"
    with sqlite3.connect(home / "scenesmith.db") as conn:
        columns = {r[1] for r in conn.execute("pragma table_info(runs)")}
        assert "owner_start" in columns
        assert conn.execute("select prompt from runs where id = '0123456789ab'").fetchone() == ("Solve 4x = 12",)


def test_resumes_started_at_once_take_the_run_one_at_a_time(cli, home):
    """Six 'scenesmith resume' of one interrupted run at the same moment: one drives it to the end, the others are
    told (exit 2) that it was taken; none fails with 'database is locked' (a read that turns into a write must
    wait for the other writers, not give up)."""
    proc = _start_make(home, "Solve x^2 - 5x + 6 = 0")
    run_id = _stop_while_rendering(home, proc)
    _kill(proc)
    procs = [subprocess.Popen([sys.executable, "-m", "scenesmith", "resume", run_id, "--json"], env=cli_env(home), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(6)]
    results = [(p.wait(timeout=300), *p.communicate()) for p in procs]
    codes = sorted(code for code, _, _ in results)
    assert all("locked" not in err and "internal error" not in err for _, _, err in results), [err for _, _, err in results]
    assert codes.count(0) >= 1 and set(codes) <= {0, 2}, results
    for code, out, _ in results:
        payload = json.loads(out)
        if code == 0:
            assert payload["status"] == "succeeded" and payload["answer"] == "x = 2 or x = 3"
        else:
            assert "taken by another process" in payload["error"] or "still running in process" in payload["error"], payload
    assert _listed(cli, home, run_id)["status"] == "succeeded"
