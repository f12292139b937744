"""Benchmark: the REST API's overhead against the CLI, and the job queue's throughput with 1, 2 and 4 workers.

    .venv/bin/python bench/api_bench.py [--jobs N] [--repeat R] [--prompt TEXT]

- Overhead: the same job (a stick-figure GIF by default) in a fresh store each time, R times each way:
  through the API (POST /v1/jobs, then the SSE stream until its end event, against a running `scenesmith serve`)
  and through `scenesmith make --json`. Both start a fresh Python process for the job (the API's job child, the
  CLI itself), so the ratio shows what the server adds. Prints the medians and the ratio API / CLI.
- Throughput: N different cheap jobs submitted at once to a fresh server with 1, 2 and 4 workers; jobs per minute
  from the first submission to the last end.
Writes nothing; prints a table.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

PROMPT = "do three jumping jacks"
ENDED = {"succeeded", "partial", "failed", "cancelled"}


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCENESMITH_")}
    env["SCENESMITH_HOME"] = str(home)
    return env


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, home: Path, workers: int) -> None:
        self.port = _port()
        self.base = f"http://127.0.0.1:{self.port}"
        argv = [sys.executable, "-m", "scenesmith", "serve", "--port", str(self.port), "--workers", str(workers), "--home", str(home)]
        self.proc = subprocess.Popen(argv, env=_env(home), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        self.client = httpx.Client(base_url=self.base, timeout=300)
        deadline = time.monotonic() + 120
        while True:
            try:
                if self.client.get("/v1/health").status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise SystemExit("the server did not start")
            time.sleep(0.2)
        # the first submission waits for the planners to load: do it once, outside the timings
        self.wait(self.submit("wave"))

    def submit(self, prompt: str) -> str:
        answer = self.client.post("/v1/jobs", json={"prompt": prompt})
        answer.raise_for_status()
        return answer.json()["job_id"]

    def follow(self, job_id: str) -> dict:
        """The end event's job, read from the SSE stream."""
        with self.client.stream("GET", f"/v1/jobs/{job_id}/events") as response:
            name = None
            for line in response.iter_lines():
                if line.startswith("event:"):
                    name = line.split(":", 1)[1].strip()
                elif line.startswith("data:") and name == "end":
                    return json.loads(line.split(":", 1)[1])
        raise RuntimeError(f"the stream of {job_id} closed without an end event")

    def wait(self, job_id: str) -> dict:
        while True:
            job = self.client.get(f"/v1/jobs/{job_id}").json()
            if job["status"] in ENDED:
                return job
            time.sleep(0.1)

    def close(self) -> None:
        self.client.close()
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)


def api_once(prompt: str, workdir: Path) -> float:
    home = Path(tempfile.mkdtemp(dir=workdir))
    server = Server(home, workers=1)
    try:
        started = time.perf_counter()
        job = server.follow(server.submit(prompt))
        seconds = time.perf_counter() - started
        assert job["status"] == "succeeded", job
        return seconds
    finally:
        server.close()


def cli_once(prompt: str, workdir: Path) -> float:
    home = Path(tempfile.mkdtemp(dir=workdir))
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "scenesmith", "make", prompt, "--json"], env=_env(home), capture_output=True, text=True, timeout=600)
    seconds = time.perf_counter() - started
    assert result.returncode == 0 and json.loads(result.stdout)["status"] == "succeeded", result.stderr[-2000:]
    return seconds


def throughput(workers: int, jobs: int, workdir: Path) -> tuple[float, float]:
    """(seconds from the first submission to the last end, jobs per minute) for `jobs` different cheap jobs."""
    home = Path(tempfile.mkdtemp(dir=workdir))
    server = Server(home, workers=workers)
    prompts = [f"do {n % 9 + 1} jumping jacks" if n % 2 == 0 else f"wave {n % 9 + 1} times" for n in range(jobs)]
    try:
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            job_ids = list(pool.map(server.submit, prompts))
            ends = list(pool.map(server.follow, job_ids))
        seconds = time.perf_counter() - started
        assert all(j["status"] == "succeeded" for j in ends), [j for j in ends if j["status"] != "succeeded"][:1]
        return seconds, jobs * 60 / seconds
    finally:
        server.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=12, help="jobs per throughput run")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the overhead job each way")
    parser.add_argument("--prompt", default=PROMPT, help="the job of the overhead measurement")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="api-bench-") as tmp:
        workdir = Path(tmp)
        api = [api_once(args.prompt, workdir) for _ in range(args.repeat)]
        cli = [cli_once(args.prompt, workdir) for _ in range(args.repeat)]
        api_s, cli_s = statistics.median(api), statistics.median(cli)
        print(f"overhead: {args.prompt!r}, fresh store each run, median of {args.repeat} (cores: {os.cpu_count()})")
        print(f"{'path':<8} {'median s':>9} {'runs':>30}")
        print(f"{'API':<8} {api_s:>9.2f} {', '.join(f'{s:.2f}' for s in api):>30}")
        print(f"{'CLI':<8} {cli_s:>9.2f} {', '.join(f'{s:.2f}' for s in cli):>30}")
        print(f"ratio API / CLI: {api_s / cli_s:.2f}")
        print()
        print(f"throughput: {args.jobs} different cheap jobs (stick figures) submitted at once")
        print(f"{'workers':>7} {'seconds':>8} {'jobs/min':>9}")
        for workers in (1, 2, 4):
            seconds, rate = throughput(workers, args.jobs, workdir)
            print(f"{workers:>7} {seconds:>8.1f} {rate:>9.1f}")


if __name__ == "__main__":
    main()
