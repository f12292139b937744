"""The job queue for real: cancelling a running Manim render, 50 jobs at once, and a server killed mid-job."""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.conftest import run_cli
from tests.service.conftest import job_processes, read_events, wait_job


@pytest.mark.slow
def test_cancel_stops_a_running_render(start_server):
    live = start_server(workers=1)
    job_id = live.client.post("/v1/jobs", json={"prompt": "Solve 7x - 3 = 25"}).json()["job_id"]
    queued = live.client.post("/v1/jobs", json={"prompt": "do two jumping jacks"}).json()["job_id"]
    # the second waits behind the first (one worker) and says where it stands
    assert live.client.get(f"/v1/jobs/{queued}").json()["queue_position"] == 1
    deadline = time.monotonic() + 120
    while True:  # wait until a scene render is under way
        job = live.client.get(f"/v1/jobs/{job_id}").json()
        if any(s["name"].startswith("render:") and s["status"] == "running" for s in job["stages"]):
            break
        assert job["status"] in ("queued", "running") and time.monotonic() < deadline, job
        time.sleep(0.1)
    assert job_processes(job_id), "the job's process should be running"
    started = time.monotonic()
    answer = live.client.delete(f"/v1/jobs/{job_id}")
    assert answer.status_code == 200, answer.text
    assert time.monotonic() - started < 10
    cancelled = answer.json()
    assert cancelled["status"] == "cancelled" and cancelled["artifacts"] == {}
    assert not any(s["status"] == "running" for s in cancelled["stages"])
    assert job_processes(job_id) == []
    events = read_events(live.client, job_id, timeout=10)
    assert events == [("end", events[0][1])] and events[0][1]["status"] == "cancelled"
    # the CLI sees the same stored status; the queue moves on to the next job
    listed = {r["run_id"]: r["status"] for r in json.loads(run_cli(live.home, "runs", "--json").stdout)}
    assert listed[job_id] == "cancelled"
    assert wait_job(live.client, queued, timeout=120)["status"] == "succeeded"
    assert live.client.delete(f"/v1/jobs/{job_id}").status_code == 409
    # a queued job is cancelled before it ever runs
    first = live.client.post("/v1/jobs", json={"prompt": "Solve 2x + 9 = 31"}).json()["job_id"]
    waiting = live.client.post("/v1/jobs", json={"prompt": "do four jumping jacks"}).json()["job_id"]
    gone = live.client.delete(f"/v1/jobs/{waiting}").json()
    assert gone["status"] == "cancelled" and gone["stages"] == []
    assert live.client.delete(f"/v1/jobs/{first}").json()["status"] == "cancelled"
    assert live.client.get("/v1/health").json()["queued"] == 0


@pytest.mark.slow
def test_fifty_concurrent_submissions_all_complete(start_server):
    live = start_server(workers=2)
    prompts = [f"do {n % 5 + 1} jumping jacks" if n % 2 else f"wave {n % 4 + 1} times" for n in range(50)]

    def submit(prompt: str) -> str:
        answer = live.client.post("/v1/jobs", json={"prompt": prompt})
        assert answer.status_code == 202, answer.text
        return answer.json()["job_id"]

    with ThreadPoolExecutor(max_workers=50) as pool:
        job_ids = list(pool.map(submit, prompts))
    assert len(set(job_ids)) == 50
    started = time.monotonic()
    deadline = started + 600
    pending = set(job_ids)
    while pending:
        assert time.monotonic() < deadline, f"{len(pending)} jobs did not finish"
        page = live.client.get("/v1/runs", params={"limit": 100}).json()
        ended = {i["job_id"] for i in page["items"] if i["status"] in ("succeeded", "partial", "failed", "cancelled")}
        pending -= ended
        time.sleep(1)
    jobs = [live.client.get(f"/v1/jobs/{j}").json() for j in job_ids]
    assert [j["status"] for j in jobs] == ["succeeded"] * 50, [j for j in jobs if j["status"] != "succeeded"][:2]
    assert all(j["artifacts"]["gif"]["size"] > 0 for j in jobs)
    assert live.client.get("/v1/runs").json()["total"] == 50
    health = live.client.get("/v1/health").json()
    assert health["queued"] == 0 and health["running"] == 0


@pytest.mark.slow
def test_a_server_killed_mid_job_restarts_and_finishes_it(start_server):
    live = start_server(workers=1)
    home = live.home
    try:
        running = live.client.post("/v1/jobs", json={"prompt": "Solve 4x + 1 = 29"}).json()["job_id"]
        queued = live.client.post("/v1/jobs", json={"prompt": "do two jumping jacks"}).json()["job_id"]
        deadline = time.monotonic() + 120
        while True:
            job = live.client.get(f"/v1/jobs/{running}").json()
            if any(s["name"].startswith("render:") for s in job["stages"]):
                break
            assert time.monotonic() < deadline, job
            time.sleep(0.1)
        done_before = {s["name"] for s in job["stages"] if s["status"] == "done"}
        assert "plan" in done_before
    finally:
        live.kill()
    deadline = time.monotonic() + 10
    while job_processes(running):  # the job dies with its server
        assert time.monotonic() < deadline, "the job process outlived its server"
        time.sleep(0.1)
    deadline = time.monotonic() + 30
    while True:  # the dead job is 'interrupted' once reaped (here PID 1 reaps orphans every few seconds)
        listed = {r["run_id"]: r["status"] for r in json.loads(run_cli(home, "runs", "--json").stdout)}
        if listed[running] == "interrupted" or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert listed[running] == "interrupted" and listed[queued] == "pending"
    again = start_server(workers=1, home=home)
    finished = wait_job(again.client, running, timeout=240)
    assert finished["status"] == "succeeded", finished
    assert finished["answer"] == "x = 7" and finished["artifacts"]["video"]["content_type"] == "video/mp4"
    reused = {s["name"] for s in finished["stages"] if s["status"] == "cached"}
    assert "plan" in reused  # what was done before the kill is taken from the cache, not redone
    assert wait_job(again.client, queued, timeout=120)["status"] == "succeeded"


def test_taken_up_on_start_are_pending_and_interrupted_runs_only(home):
    """What a starting server queues: pending runs and runs whose owner is gone (also one that is a zombie), oldest first."""
    import subprocess
    import sys

    from scenesmith.engine import owner
    from scenesmith.engine.runs import cancel_run, new_run, queued_runs
    from scenesmith.store import Run, Store

    store = Store(home)
    first, dead, alive, zombie, ended = (new_run(store, f"do {n} jumping jacks", "pose") for n in range(1, 6))
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    living = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], stdin=subprocess.DEVNULL)
    unreaped = subprocess.Popen([sys.executable, "-c", "pass"])  # exits at once; not waited for: a zombie
    try:
        deadline = time.monotonic() + 10
        while not (owner.PROC / str(unreaped.pid) / "stat").read_text().split(")")[-1].split()[0] == "Z":
            assert time.monotonic() < deadline
            time.sleep(0.05)
        with store.session() as session:
            for run_id, proc in ((dead, gone), (alive, living), (zombie, unreaped)):
                run = session.get(Run, run_id)
                run.status, run.pid, run.owner_start = "running", proc.pid, owner.identity(proc.pid) or "gone"
        assert cancel_run(store, ended) and not cancel_run(store, ended)
        assert queued_runs(store) == [first, dead, zombie]
        with store.session() as session:
            assert [session.get(Run, r).status for r in (first, dead, alive, zombie, ended)] == ["pending", "pending", "running", "pending", "cancelled"]
    finally:
        living.kill()
        living.wait()
        unreaped.wait()
