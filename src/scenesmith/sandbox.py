"""Run untrusted or heavy work in a confined child process: the only place scenesmith does so.

Each job gets its own working folder, a wall-clock timeout (the whole process group is
killed), an address-space limit, a file-size limit, no core dumps, a scrubbed environment
with COLUMNS=160 (so tracebacks can be parsed), and, where the kernel allows it, an
empty network namespace.
"""

from __future__ import annotations

import ctypes
import os
import resource
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

CLONE_NEWNET = 0x40000000
CLONE_NEWUSER = 0x10000000


@dataclass(frozen=True)
class Limits:
    timeout_s: float = 120.0
    memory_mb: int = 4096
    file_size_mb: int = 1024
    isolate_network: bool = True


@dataclass
class SandboxResult:
    argv: list[str]
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    timed_out: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out

    def failure(self) -> str:
        """One readable line on why the job failed, for reports and placeholder cards."""
        if self.timed_out:
            return f"stopped after the {self.seconds:.0f} s time limit"
        if self.returncode < 0:
            return f"killed by signal {signal.Signals(-self.returncode).name}"
        lines = [l.strip() for l in self.stderr.strip().splitlines() if l.strip()]
        for line in reversed(lines):
            if "Error" in line or "error" in line or line.startswith("!"):
                return line[:300]
        return (lines[-1][:300] if lines else f"exit status {self.returncode}")


def _drop_network() -> bool:
    libc = ctypes.CDLL(None, use_errno=True)
    flags = CLONE_NEWNET if os.geteuid() == 0 else CLONE_NEWNET | CLONE_NEWUSER
    return libc.unshare(flags) == 0


def _confine(limits: Limits) -> None:
    """Runs in the child between fork and exec."""
    memory = limits.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    size = limits.file_size_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if limits.isolate_network:
        _drop_network()


def clean_env(workdir: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(workdir),
        "TMPDIR": str(workdir),
        "LANG": "C.UTF-8",
        "COLUMNS": "160",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONUNBUFFERED": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
    }
    for key in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "TEXMFHOME", "SOURCE_DATE_EPOCH"):
        if key in os.environ:
            env[key] = os.environ[key]
    env.update(extra or {})
    return env


def run(argv: list[str], workdir: Path, limits: Limits = Limits(), env: dict[str, str] | None = None) -> SandboxResult:
    """Run argv inside workdir under the limits; never raises for the child's failures."""
    workdir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    proc = subprocess.Popen(
        argv,
        cwd=workdir,
        env=clean_env(workdir, env),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
        start_new_session=True,
        preexec_fn=lambda: _confine(limits),
    )
    timed_out = False
    try:
        stdout, stderr = proc.communicate(timeout=limits.timeout_s)
    except subprocess.TimeoutExpired:
        timed_out = True
        _kill_group(proc)
        stdout, stderr = proc.communicate()
    finally:
        if proc.poll() is None:  # interrupted by the caller: take the whole group down
            _kill_group(proc)
    return SandboxResult(argv, proc.returncode, stdout, stderr, time.monotonic() - started, timed_out)


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


def python_module(module: str, *args: str) -> list[str]:
    """argv that runs a module of this package with the current interpreter."""
    return [sys.executable, "-m", module, *args]
