"""Live servers for the API tests: `scenesmith serve` as a real process, or create_app under uvicorn in a thread."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import cli_env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(base: str, timeout: float = 60, headers: dict | None = None, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"the server exited with {proc.returncode}: {proc.stderr.read() if proc.stderr else ''}")
        try:
            if httpx.get(base + "/v1/health", headers=headers, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"no server answered at {base} within {timeout} s")


class ServerProcess:
    """`scenesmith serve` on 127.0.0.1 and a free port, in its own process group."""

    def __init__(self, home: Path, workers: int = 2, port: int | None = None, **env: str) -> None:
        self.home = home
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = open(home.parent / f"server-{self.port}.log", "ab")
        argv = [sys.executable, "-m", "scenesmith", "serve", "--port", str(self.port), "--workers", str(workers), "--home", str(home)]
        self.proc = subprocess.Popen(argv, env=cli_env(home, **env), stdout=self.log, stderr=self.log, stdin=subprocess.DEVNULL, start_new_session=True)
        wait_healthy(self.base, proc=self.proc)
        self.client = httpx.Client(base_url=self.base, timeout=60)

    def kill(self) -> None:
        """SIGKILL the server process alone (its job children must die with it by themselves)."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        self.client.close()
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        self.log.close()


class ThreadServer:
    """create_app under a real uvicorn in a thread of the test process (for settings `serve` does not expose)."""

    def __init__(self, app) -> None:
        import uvicorn

        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", timeout_graceful_shutdown=2))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(20)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    home = tmp_path_factory.mktemp("service") / "home"
    home.mkdir()
    live = ServerProcess(home, workers=2)
    yield live
    live.stop()


def wait_job(client: httpx.Client, job_id: str, timeout: float = 180, until=("succeeded", "partial", "failed", "cancelled")) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/v1/jobs/{job_id}").json()
        if job["status"] in until:
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not reach {until} within {timeout} s: {job}")


def read_events(client: httpx.Client, job_id: str, timeout: float = 180) -> list[tuple[str, dict]]:
    """Every SSE event of a job until its end: (event name, data)."""
    events: list[tuple[str, dict]] = []
    with client.stream("GET", f"/v1/jobs/{job_id}/events", timeout=timeout) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        name = None
        for line in response.iter_lines():
            if line.startswith("event:"):
                name = line.split(":", 1)[1].strip()
            elif line.startswith("data:"):
                events.append((name, json.loads(line.split(":", 1)[1])))
                if name == "end":
                    break
    return events


def job_processes(job_id: str) -> list[int]:
    """Pids of the `scenesmith job JOB_ID` processes on this machine."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"job" in cmdline and job_id.encode() in cmdline and any(b"scenesmith" in part for part in cmdline):
            try:
                if (entry / "stat").read_text().split(")")[-1].split()[0] == "Z":
                    continue  # a zombie waiting for its parent: already dead
            except OSError:
                continue
            found.append(int(entry.name))
    return found


@pytest.fixture
def start_server(tmp_path):
    """A factory of servers on a store of this test (one home unless told), all stopped when the test ends."""
    started: list[ServerProcess] = []

    def start(workers: int = 2, home: Path | None = None) -> ServerProcess:
        home = home or tmp_path / "home"
        home.mkdir(exist_ok=True)
        live = ServerProcess(home, workers=workers)
        started.append(live)
        return live

    yield start
    for live in started:
        live.stop()
