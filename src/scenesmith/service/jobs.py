"""The job queue: worker threads take queued runs oldest first and run each in its own child process.

The child is `python -m scenesmith job RUN_ID --home HOME` in a new session (its own process group), so a
crash never reaches the server and cancelling kills the whole group. It prints one JSON object per line on
stdout (stage events, progress ticks, the end); the queue keeps the last progress and hands every event to
the EventHub. The queue itself lives in the store: on start, every pending and interrupted run is taken up.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from scenesmith.engine import runs as run_api
from scenesmith.service.events import EventHub
from scenesmith.store import Store

KILL_GRACE_S = 3.0  # after SIGTERM, a job's process group gets this long before SIGKILL
LOG_TAIL = 4000  # characters of a crashed job's stderr kept as its error


@dataclass
class Active:
    """A job a worker is running now."""

    run_id: str
    proc: subprocess.Popen | None = None
    cancelled: bool = False
    progress: dict[str, Any] | None = None
    done: threading.Event = field(default_factory=threading.Event)


def job_command(run_id: str, home: Path) -> list[str]:
    return [sys.executable, "-m", "scenesmith", "job", run_id, "--home", str(home)]


def kill_group(proc: subprocess.Popen, grace_s: float = KILL_GRACE_S) -> None:
    """SIGTERM the child's process group, then SIGKILL it if it is still there after `grace_s`."""
    for sig, wait in ((signal.SIGTERM, grace_s), (signal.SIGKILL, None)):
        try:
            os.killpg(proc.pid, sig)
        except (ProcessLookupError, PermissionError):
            return
        if wait is None:
            return
        try:
            proc.wait(timeout=wait)
            os.killpg(proc.pid, signal.SIGKILL)  # the child is gone; anything left in its group goes with it
            return
        except subprocess.TimeoutExpired:
            continue
        except (ProcessLookupError, PermissionError):
            return


class JobQueue:
    def __init__(self, store: Store, workers: int, hub: EventHub, snapshot: Callable[[str], dict[str, Any]] | None = None) -> None:
        self.store = store
        self.workers = max(1, workers)
        self.hub = hub
        self.snapshot = snapshot  # job id -> the job as GET /v1/jobs/{id} gives it (for the end event)
        self.logs = store.dir_for("logs", "jobs")
        self._cond = threading.Condition()
        self._queue: list[str] = []
        self._active: dict[str, Active] = {}
        self._threads: list[threading.Thread] = []
        self._stopping = False

    # --- life cycle -------------------------------------------------------------------------------------------
    def start(self) -> list[str]:
        """Take up every pending and interrupted run (oldest first), then start the workers. The runs taken up."""
        recovered = run_api.queued_runs(self.store)
        with self._cond:
            self._queue.extend(r for r in recovered if r not in self._queue)
        for number in range(self.workers):
            thread = threading.Thread(target=self._work, name=f"scenesmith-worker-{number}", daemon=True)
            thread.start()
            self._threads.append(thread)
        return recovered

    def stop(self) -> None:
        """Stop taking jobs and end the running ones; they stay 'running' with a dead owner, so a restart resumes them."""
        with self._cond:
            self._stopping = True
            active = [a for a in self._active.values() if a.proc is not None]
            self._cond.notify_all()
        for job in active:
            kill_group(job.proc, grace_s=1.0)
        for thread in self._threads:
            thread.join(timeout=5)

    # --- queries ----------------------------------------------------------------------------------------------
    def submit(self, run_id: str) -> int:
        """Queue a stored pending run; its position (1 = next)."""
        with self._cond:
            self._queue.append(run_id)
            position = len(self._queue)
            self._cond.notify()
        self.hub.publish(run_id, "queued", {"position": position})
        return position

    def position(self, run_id: str) -> int | None:
        with self._cond:
            return self._queue.index(run_id) + 1 if run_id in self._queue else None

    def active(self, run_id: str) -> Active | None:
        with self._cond:
            return self._active.get(run_id)

    def counts(self) -> tuple[int, int]:
        with self._cond:
            return len(self._queue), len(self._active)

    # --- cancelling -------------------------------------------------------------------------------------------
    def cancel(self, run_id: str, wait_s: float = 15.0) -> bool:
        """Cancel a queued or running job; True when this call stopped it (False: it had ended, or is not ours)."""
        with self._cond:
            if run_id in self._queue:
                self._queue.remove(run_id)
                queued = True
                job = None
            else:
                queued = False
                job = self._active.get(run_id)
                if job is not None:
                    job.cancelled = True
        if queued:
            stopped = run_api.cancel_run(self.store, run_id)
            self._announce_positions()
            self._end(run_id)
            return stopped
        if job is None:
            return run_api.cancel_run(self.store, run_id) if self._pending_elsewhere(run_id) else False
        if job.proc is not None:
            kill_group(job.proc)
        job.done.wait(wait_s)  # the worker stores 'cancelled' and sends the end event
        return True

    def _pending_elsewhere(self, run_id: str) -> bool:
        """A stored pending run this server has not queued (nobody drives it): it may be cancelled outright."""
        with self.store.session() as session:
            run = session.get(run_api.Run, run_id)
            return run is not None and run.status == "pending"

    # --- the workers ------------------------------------------------------------------------------------------
    def _work(self) -> None:
        while True:
            with self._cond:
                while not self._queue and not self._stopping:
                    self._cond.wait()
                if self._stopping:
                    return
                run_id = self._queue.pop(0)
                job = self._active[run_id] = Active(run_id)
            self._announce_positions()
            try:
                self._run(job)
            except Exception as exc:  # a worker never dies of one job: the job fails with the reason
                run_api.fail_run(self.store, run_id, f"internal error: the job could not be run: {type(exc).__name__}: {exc}")
            finally:
                with self._cond:
                    self._active.pop(run_id, None)
                    stopping = self._stopping
                if not stopping:
                    self._end(run_id)
                job.done.set()

    def _run(self, job: Active) -> None:
        log_path = self.logs / f"{job.run_id}.log"
        env = {**os.environ, "SCENESMITH_JOB_PARENT": str(os.getpid())}
        with open(log_path, "ab") as log:
            with self._cond:
                if self._stopping:
                    return
                if job.cancelled:  # cancelled between leaving the queue and starting
                    run_api.cancel_run(self.store, job.run_id)
                    return
                job.proc = subprocess.Popen(
                    job_command(job.run_id, self.store.home), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=log,
                    env=env, start_new_session=True, text=True, bufsize=1,
                )
        assert job.proc.stdout is not None
        for line in job.proc.stdout:
            try:
                message = json.loads(line)
            except ValueError:
                continue
            if not isinstance(message, dict):
                continue
            kind = message.pop("type", None)
            if kind == "progress":
                job.progress = message
                self.hub.publish(job.run_id, "progress", message)
            elif kind == "stage":
                self.hub.publish(job.run_id, "stage", message)
        code = job.proc.wait()
        if self._stopping and not job.cancelled:
            return  # the server is going down: the run stays interrupted and resumes on the next start
        if job.cancelled:
            run_api.cancel_run(self.store, job.run_id)
        elif code not in (0, 2):  # 0: the child stored the run's end; 2: the run was not this job's to drive (commands.py)
            tail = log_path.read_text(errors="replace")[-LOG_TAIL:] if log_path.exists() else ""
            reason = f"killed by signal {-code}" if code < 0 else f"exited with code {code}"
            run_api.fail_run(self.store, job.run_id, f"internal error: the job process {reason}. {tail.strip()[-1000:]}".strip())

    # --- events -----------------------------------------------------------------------------------------------
    def _announce_positions(self) -> None:
        with self._cond:
            positions = list(enumerate(self._queue, start=1))
        watched = self.hub.watched()
        for position, run_id in positions:
            if run_id in watched:
                self.hub.publish(run_id, "queued", {"position": position})

    def _end(self, run_id: str) -> None:
        if self.snapshot is not None:
            self.hub.publish(run_id, "end", self.snapshot(run_id))


def wait_until_ended(queue: JobQueue, run_id: str, timeout_s: float) -> bool:
    """Block until the job is neither queued nor running (True), or `timeout_s` passes (False)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        job = queue.active(run_id)
        if job is not None:
            if job.done.wait(min(1.0, max(0.0, deadline - time.monotonic()))):
                return True
            continue
        if queue.position(run_id) is None:
            with queue.store.session() as session:
                run = session.get(run_api.Run, run_id)
                if run is None or run.status in run_api.ENDED:
                    return True
        time.sleep(0.1)
    return False
