"""The sandbox: time limit on the whole process group, memory limit, scrubbed environment, no network.

Every check runs both ways a job can start: a fresh process, and a child forked from the warm pool.
Jobs are `python -m timeit -n 1 CODE`, a stdlib module that runs a statement and exits 1 on an exception.
"""

from __future__ import annotations

import socket
import time

import pytest

from scenesmith import sandbox


@pytest.fixture(scope="module")
def pool(tmp_path_factory):
    with sandbox.WarmPool(["json"], tmp_path_factory.mktemp("pool")).start() as warm:
        yield warm


@pytest.fixture(params=["fresh", "warm"])
def job(request, pool):
    def run(code: str, workdir, limits: sandbox.Limits = sandbox.Limits()) -> sandbox.SandboxResult:
        result = sandbox.run_module("timeit", ["-n", "1", "-r", "1", code], workdir, limits, pool if request.param == "warm" else None)
        if request.param == "warm":
            assert result.argv[0] == "<warm>"  # really went through the pool
        return result

    return run


def test_timeout_kills_the_whole_group(job, tmp_path):
    started = time.monotonic()
    # the job starts a grandchild that would outlive a plain kill of the job itself
    result = job("import subprocess, time; subprocess.Popen(['sleep', '60']); time.sleep(60)", tmp_path, sandbox.Limits(timeout_s=1.5))
    assert result.timed_out and not result.ok
    assert time.monotonic() - started < 10
    assert "time limit" in result.failure()


def test_memory_limit(job, tmp_path):
    result = job("x = bytearray(3000 * 1024 * 1024)", tmp_path, sandbox.Limits(memory_mb=1500))
    assert result.returncode != 0
    assert "MemoryError" in result.stderr


def test_environment_is_scrubbed_and_confined(job, tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_TOKEN", "hunter2")
    code = f"import os; assert os.environ.get('SECRET_TOKEN') is None; assert os.environ['COLUMNS'] == '160'; assert os.getcwd() == {str(tmp_path)!r} == os.environ['HOME']"
    result = job(code, tmp_path)
    assert result.ok, result.stderr


def test_no_network(job, tmp_path):
    """Even loopback is out of reach: a server listening here cannot be contacted from inside."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    code = f"import socket; socket.create_connection(('127.0.0.1', {server.getsockname()[1]}), timeout=2)"
    try:
        isolated = job(code, tmp_path / "a")
        # a job that asks for the network gets its own jail with it (the warm pool's jail has none)
        control = sandbox.run_module("timeit", ["-n", "1", "-r", "1", code], tmp_path / "b", sandbox.Limits(isolate_network=False))
    finally:
        server.close()
    assert control.ok, control.stderr  # the check itself works
    assert not isolated.ok
    assert "Error" in isolated.stderr


def test_failure_line_is_the_error(job, tmp_path):
    result = job("raise ValueError('the latex was bad')", tmp_path)
    assert result.returncode == 1
    assert result.failure() == "ValueError: the latex was bad"


def test_dead_pool_falls_back_to_a_fresh_process(tmp_path):
    warm = sandbox.WarmPool(["json"], tmp_path / "pool").start()
    warm.close()
    result = sandbox.run_module("timeit", ["-n", "1", "-r", "1", "pass"], tmp_path / "job", pool=warm)
    assert result.ok and result.argv[0] != "<warm>"


def _square(n):
    return n * n


def _spin():
    while True:
        pass


def _raise():
    raise KeyError("from the child")


def _hog():
    return bytearray(4 * 1024 * 1024 * 1024)


def test_call_returns_the_childs_result():
    assert sandbox.call(_square, (12,)) == 144


def test_call_stops_a_runaway_computation_at_its_time_limit():
    import time

    started = time.monotonic()
    with pytest.raises(TimeoutError):
        sandbox.call(_spin, (), sandbox.Limits(timeout_s=1))
    assert time.monotonic() - started < 5


def test_call_reraises_the_childs_exception():
    with pytest.raises(KeyError, match="from the child"):
        sandbox.call(_raise)


def test_call_bounds_memory():
    with pytest.raises(MemoryError):
        sandbox.call(_hog, (), sandbox.Limits(timeout_s=20, memory_mb=1024))
