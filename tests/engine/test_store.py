"""The store: migrations, atomic content-addressed blobs, and the stage cache."""

from __future__ import annotations

import sqlite3

from scenesmith.engine.stages import StageOutput, StageRunner
from scenesmith.store import Run, Store


def test_migrations_create_tables_once(home):
    Store(home)
    Store(home)  # a second open finds the schema current
    with sqlite3.connect(home / "scenesmith.db") as db:
        tables = {r[0] for r in db.execute("select name from sqlite_master where type='table'")}
        version = db.execute("select version_num from alembic_version").fetchone()[0]
    assert {"runs", "stages", "stage_cache", "alembic_version"} <= tables
    assert version == "0002"


def test_blobs_are_content_addressed_and_leave_no_temporary_files(home):
    store = Store(home)
    a = store.blobs.put_bytes(b"hello", ".txt")
    b = store.blobs.put_bytes(b"hello", ".txt")
    assert a == b and a.endswith(".txt")
    assert store.blobs.path(a).read_bytes() == b"hello"
    assert not list(store.blobs.root.glob(".incoming-*"))


def _runner(store: Store, run_id: str) -> StageRunner:
    with store.session() as session:
        session.add(Run(id=run_id, prompt="p", kind="test", options={}, status="running", artifacts={}, report={}))
    return StageRunner(store, run_id)


def test_stage_cache_hits_on_same_inputs_and_misses_on_new_ones(home):
    store = Store(home)
    calls = []

    def work(io):
        calls.append(1)
        return StageOutput(files={"out": io.put_text("result", ".txt")}, value={"n": len(calls)})

    first = _runner(store, "run1").stage("demo", "1", {"x": 1}, work)
    again = _runner(store, "run2").stage("demo", "1", {"x": 1}, work)
    assert again.cached and again.files == first.files and len(calls) == 1
    _runner(store, "run3").stage("demo", "2", {"x": 1}, work)  # a new version is a new key
    _runner(store, "run4").stage("demo", "1", {"x": 2}, work)  # so is a new input
    assert len(calls) == 3
    with store.session() as session:
        statuses = [s.status for s in session.get(Run, "run2").stages]
    assert statuses == ["cached"]


def test_missing_blob_is_recomputed_not_handed_out(home):
    store = Store(home)
    work = lambda io: StageOutput(files={"out": io.put_text("data", ".txt")})  # noqa: E731
    out = _runner(store, "r1").stage("demo", "1", {}, work)
    store.blobs.path(out.files["out"]).unlink()
    again = _runner(store, "r2").stage("demo", "1", {}, work)
    assert not again.cached and store.blobs.exists(again.files["out"])


def test_uncacheable_output_is_retried(home):
    store = Store(home)
    calls = []

    def flaky(io):
        calls.append(1)
        return StageOutput(value="placeholder", cache=False)

    _runner(store, "r1").stage("demo", "1", {}, flaky)
    _runner(store, "r2").stage("demo", "1", {}, flaky)
    assert len(calls) == 2
