"""The sandbox: time limit on the whole process group, memory limit, scrubbed environment, no network."""

from __future__ import annotations

import sys
import time

from scenesmith import sandbox


def py(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def test_timeout_kills_the_whole_group(tmp_path):
    started = time.monotonic()
    # the child starts a grandchild that would outlive a plain kill of the child
    result = sandbox.run(py("import subprocess, time; subprocess.Popen(['sleep', '60']); time.sleep(60)"), tmp_path, sandbox.Limits(timeout_s=1.5))
    assert result.timed_out and not result.ok
    assert time.monotonic() - started < 10
    assert "time limit" in result.failure()


def test_memory_limit(tmp_path):
    result = sandbox.run(py("x = bytearray(800 * 1024 * 1024)"), tmp_path, sandbox.Limits(memory_mb=300))
    assert result.returncode != 0
    assert "MemoryError" in result.stderr


def test_environment_is_scrubbed_and_confined(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_TOKEN", "hunter2")
    result = sandbox.run(py("import os; print(os.environ.get('SECRET_TOKEN'), os.environ['COLUMNS'], os.getcwd(), os.environ['HOME'])"), tmp_path)
    assert result.ok, result.stderr
    secret, columns, cwd, home = result.stdout.split()
    assert secret == "None" and columns == "160"
    assert cwd == str(tmp_path) and home == str(tmp_path)


def test_no_network(tmp_path):
    code = "import socket\ns = socket.socket()\ns.settimeout(2)\ntry:\n    s.connect(('1.1.1.1', 80)); print('connected')\nexcept OSError as e:\n    print('blocked', e)"
    result = sandbox.run(py(code), tmp_path)
    assert result.ok, result.stderr
    assert result.stdout.startswith("blocked")


def test_failure_line_is_the_error(tmp_path):
    result = sandbox.run(py("raise ValueError('the latex was bad')"), tmp_path)
    assert result.returncode == 1
    assert result.failure() == "ValueError: the latex was bad"
