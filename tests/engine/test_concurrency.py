"""Several commands at once on one store: creating and migrating it is safe, and ordinary use waits instead of failing."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import scenesmith.store as store_module
from scenesmith.store import Store
from tests.conftest import REPO, cli_env

TRIALS = 4
RUNS_AT_ONCE = 6
MAKES = ("wave hello", "do five jumping jacks")  # pose prompts: real renders, a few seconds each


def _start_together(home: Path, commands: list[list[str]]) -> list[subprocess.Popen]:
    return [
        subprocess.Popen([sys.executable, "-m", "scenesmith", *args], env=cli_env(home), cwd=REPO, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for args in commands
    ]


@pytest.mark.slow
def test_commands_started_at_once_on_a_new_home_all_succeed(tmp_path):
    commands = [["runs", "--json"]] * RUNS_AT_ONCE + [["make", prompt, "--json"] for prompt in MAKES]
    failures = []
    for trial in range(TRIALS):
        home = tmp_path / f"trial-{trial}" / "home"  # does not exist yet: every command races to create it
        procs = _start_together(home, commands)
        for args, proc in zip(commands, procs):
            stdout, stderr = proc.communicate(timeout=600)
            try:
                answer = json.loads(stdout)
            except json.JSONDecodeError:
                answer = None
            if proc.returncode != 0 or answer is None:
                failures.append(f"trial {trial}: {args} exit {proc.returncode}, stdout {stdout[:200]!r}, stderr {stderr[:300]!r}")
            elif args[0] == "make":
                assert answer["status"] == "succeeded", answer
                assert Path(answer["artifacts"]["video"]).stat().st_size > 0
            else:
                assert isinstance(answer, list)
        assert not failures, "\n".join(failures)
        # Both makes are recorded in the one store, which is at the newest schema.
        with sqlite3.connect(home / "scenesmith.db") as db:
            assert sorted(row[0] for row in db.execute("select prompt from runs")) == sorted(MAKES)
            assert db.execute("select version_num from alembic_version").fetchall() == [(store_module._head_revision(),)]


def test_a_migration_cut_short_leaves_the_database_as_it_was(tmp_path, monkeypatch):
    """A migration that fails halfway (here: one more that raises after the real ones ran) must not leave
    half-made tables behind, or every later command fails with 'table runs already exists'."""
    migrations = tmp_path / "migrations"
    shutil.copytree(store_module.MIGRATIONS, migrations, ignore=shutil.ignore_patterns("__pycache__"))
    head = store_module._head_revision()
    (migrations / "versions" / "9999_fails.py").write_text(
        f'revision = "9999"\ndown_revision = "{head}"\nbranch_labels = None\ndepends_on = None\n\n\n'
        "def upgrade():\n    raise RuntimeError('migration cut short')\n"
    )
    monkeypatch.setattr(store_module, "MIGRATIONS", migrations)
    home = tmp_path / "home"
    with pytest.raises(RuntimeError, match="migration cut short"):
        Store(home)
    with sqlite3.connect(home / "scenesmith.db") as db:
        assert db.execute("select name from sqlite_master where type = 'table'").fetchall() == []
    monkeypatch.undo()
    store = Store(home)  # the real migrations now run from the start
    with store.session() as session:
        assert session.query(store_module.Run).count() == 0


HOLD_SECONDS = 12  # longer than the 10 s the store used to wait; well inside store.BUSY_TIMEOUT_MS


@pytest.mark.slow
def test_a_write_waits_for_another_process_long_write_instead_of_failing(tmp_path):
    """Another process holds SQLite's write lock for a while, as a long transaction would; a command's write
    meanwhile waits on the busy timeout and then succeeds, rather than failing with 'database is locked'."""
    home = tmp_path / "home"
    Store(home)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys, time\n"
         "db = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
         "db.execute('BEGIN IMMEDIATE'); print('locked', flush=True); time.sleep(float(sys.argv[2])); db.execute('COMMIT')", str(home / "scenesmith.db"), str(HOLD_SECONDS)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        store = Store(home)
        with store.session() as session:
            session.add(store_module.Run(id="waited", prompt="p", kind="pose", options={}, status="pending", artifacts={}, report={}))
    finally:
        holder.wait(timeout=30)
    with store.session() as session:
        assert session.get(store_module.Run, "waited") is not None
