"""Run untrusted or heavy work in a confined child process: the only place scenesmith does so.

Each job gets its own working folder, a wall-clock timeout (the whole process group is
killed), an address-space limit, a file-size limit, no core dumps, a scrubbed environment
with COLUMNS=160 (so tracebacks can be parsed), and, where the kernel allows it, an
empty network namespace.

Two ways to start a job, with the same confinement:
- `run(argv, ...)`: a fresh process (fork + exec).
- `WarmPool`: a fork server that has already imported the heavy modules (Manim: about
  a second of imports) forks one confined child per job, so N scenes pay the import once.
  It runs no job code itself; if it cannot start or dies, jobs fall back to `run`.
"""

from __future__ import annotations

import ctypes
import json
import os
import queue
import resource
import select
import shutil
import signal
import subprocess
import sys
import threading
import time
import traceback
from dataclasses import asdict, dataclass, field
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


def spawn(argv: list[str], workdir: Path, limits: Limits = Limits(), env: dict[str, str] | None = None, *, stdin=subprocess.DEVNULL, text: bool = True) -> subprocess.Popen:
    """Start argv confined in workdir (its own session, rlimits, no network) with stdout and stderr piped.

    The caller owns the process: `run` waits for it, a long-lived server (the warm PlantUML pipe) talks to it.
    The wall-clock limit is the caller's to enforce; `kill_group` stops it and everything it started.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(
        argv,
        cwd=workdir,
        env=clean_env(workdir, env),
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=text,
        errors="replace" if text else None,
        start_new_session=True,
        preexec_fn=lambda: _confine(limits),
    )


def run(argv: list[str], workdir: Path, limits: Limits = Limits(), env: dict[str, str] | None = None) -> SandboxResult:
    """Run argv inside workdir under the limits; never raises for the child's failures."""
    started = time.monotonic()
    proc = spawn(argv, workdir, limits, env)
    timed_out = False
    try:
        stdout, stderr = proc.communicate(timeout=limits.timeout_s)
    except subprocess.TimeoutExpired:
        timed_out = True
        kill_group(proc)
        stdout, stderr = proc.communicate()
    finally:
        if proc.poll() is None:  # interrupted by the caller: take the whole group down
            kill_group(proc)
    return SandboxResult(argv, proc.returncode, stdout, stderr, time.monotonic() - started, timed_out)


def kill_group(proc: subprocess.Popen) -> None:
    """Kill a spawned process and its whole session, and reap it."""
    _kill_pgid(proc.pid)
    proc.wait()


def python_module(module: str, *args: str) -> list[str]:
    """argv that runs a module of this package with the current interpreter."""
    return [sys.executable, "-m", module, *args]


def run_module(module: str, args: list[str], workdir: Path, limits: Limits = Limits(), pool: WarmPool | None = None) -> SandboxResult:
    """Run `python -m module args` confined in workdir: through the warm pool when one is up, else as a fresh process."""
    if pool is not None:
        result = pool.run(module, args, workdir, limits)
        if result is not None:
            return result
    return run(python_module(module, *args), workdir, limits)


class WarmPool:
    """A fork server with `preload` modules imported. Thread-safe; use as a context manager."""

    def __init__(self, preload: list[str], home: Path) -> None:
        self.preload = preload
        self.home = home
        self._proc: subprocess.Popen | None = None
        self._lock = threading.Lock()
        self._waiting: dict[int, queue.Queue] = {}
        self._next_id = 0
        self._dead = False
        self._used = False

    def __enter__(self) -> WarmPool:
        return self

    def start(self) -> WarmPool:
        """Begin importing the preload modules now, in the background, so they are ready when jobs come."""
        with self._lock:
            self._start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _start(self) -> bool:
        if self._proc is not None or self._dead:
            return not self._dead
        self.home.mkdir(parents=True, exist_ok=True)
        try:
            self._proc = subprocess.Popen(
                python_module("scenesmith.sandbox", "serve", *self.preload),
                cwd=self.home, env=clean_env(self.home), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL, text=True, bufsize=1, start_new_session=True,
            )
        except OSError:
            self._dead = True
            return False
        threading.Thread(target=self._read, daemon=True).start()
        return True

    def _read(self) -> None:
        assert self._proc is not None and self._proc.stdout is not None
        for line in self._proc.stdout:
            try:
                message = json.loads(line)
            except json.JSONDecodeError:
                continue
            box = self._waiting.get(message.get("id"))
            if box is not None:
                box.put(message)
        self._dead = True
        for box in list(self._waiting.values()):
            box.put({"dead": True})

    def run(self, module: str, args: list[str], workdir: Path, limits: Limits) -> SandboxResult | None:
        """The job's result, or None when the pool is unusable (the caller then starts a fresh process)."""
        workdir.mkdir(parents=True, exist_ok=True)
        box: queue.Queue = queue.Queue()
        with self._lock:
            if not self._start():
                return None
            self._next_id += 1
            self._used = True
            job = self._next_id
            self._waiting[job] = box
            request = {"id": job, "module": module, "args": args, "cwd": str(workdir), "env": clean_env(workdir), "limits": asdict(limits)}
            try:
                self._proc.stdin.write(json.dumps(request) + "\n")
                self._proc.stdin.flush()
            except (BrokenPipeError, OSError):
                self._dead = True
                return None
        started = time.monotonic()
        try:
            first = box.get(timeout=30)
            if "pid" not in first:
                return None
            pid = first["pid"]
            timed_out = False
            try:
                done = box.get(timeout=limits.timeout_s)
            except queue.Empty:
                timed_out = True
                _kill_pgid(pid)
                done = box.get(timeout=30)
            if done.get("dead"):
                _kill_pgid(pid)
                return None
        except queue.Empty:
            return None
        finally:
            self._waiting.pop(job, None)
        out = workdir / ".sandbox-stdout"
        err = workdir / ".sandbox-stderr"
        return SandboxResult(
            argv=["<warm>", module, *args], returncode=done["returncode"],
            stdout=out.read_text(errors="replace") if out.exists() else "",
            stderr=err.read_text(errors="replace") if err.exists() else "",
            seconds=time.monotonic() - started, timed_out=timed_out,
        )

    def close(self) -> None:
        """Stop the server. One that never ran a job may still be importing: it is simply killed."""
        if self._proc is not None and self._proc.poll() is None:
            if not self._used:
                _kill_pgid(self._proc.pid)
            else:
                try:
                    self._proc.stdin.close()
                    self._proc.wait(timeout=5)
                except (OSError, subprocess.TimeoutExpired):
                    _kill_pgid(self._proc.pid)
            try:
                self._proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
        self._dead = True
        shutil.rmtree(self.home, ignore_errors=True)


def _kill_pgid(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _child(request: dict) -> None:
    """In the forked child: confine, then run the module as __main__. Never returns."""
    import runpy

    code = 1
    try:
        os.setsid()
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.close(devnull)
        os.chdir(request["cwd"])
        for fd, name in ((1, ".sandbox-stdout"), (2, ".sandbox-stderr")):
            target = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.dup2(target, fd)
            os.close(target)
        sys.stdout = open(1, "w", closefd=False, buffering=1)
        sys.stderr = open(2, "w", closefd=False, buffering=1)
        os.environ.clear()
        os.environ.update(request["env"])
        _confine(Limits(**request["limits"]))
        sys.argv = [request["module"], *request["args"]]
        runpy.run_module(request["module"], run_name="__main__", alter_sys=True)
        code = 0
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    except BaseException:  # the job's own failure: its traceback is its report
        traceback.print_exc()
        code = 1
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def serve(preload: list[str]) -> None:
    """The fork server's loop: read job requests on stdin, fork a child for each, report pid and exit status."""
    import importlib

    for name in preload:
        importlib.import_module(name)
    children: dict[int, int] = {}  # pid -> job id

    def say(message: dict) -> None:
        sys.stdout.write(json.dumps(message) + "\n")
        sys.stdout.flush()

    fd = sys.stdin.fileno()
    pending = b""
    open_input = True
    while open_input or children:
        if open_input:
            ready, _, _ = select.select([fd], [], [], 0.02)
            if ready:
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    open_input = False  # the parent is gone: stop everything we started
                    for pid in children:
                        _kill_pgid(pid)
                pending += chunk
                while b"\n" in pending:
                    line, pending = pending.split(b"\n", 1)
                    request = json.loads(line)
                    pid = os.fork()
                    if pid == 0:
                        _child(request)
                    children[pid] = request["id"]
                    say({"id": request["id"], "pid": pid})
        else:
            time.sleep(0.02)
        while children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                children.clear()
                break
            if pid == 0:
                break
            job = children.pop(pid, None)
            if job is not None and open_input:
                say({"id": job, "returncode": os.waitstatus_to_exitcode(status)})


if __name__ == "__main__" and len(sys.argv) >= 2 and sys.argv[1] == "serve":
    serve(sys.argv[2:])


def call(fn, args: tuple = (), limits: Limits = Limits(timeout_s=20, memory_mb=2048)):
    """Run `fn(*args)` in a forked child under the limits and return its result (pickled back).

    For heavy in-process work on already-imported modules (a SymPy solve): no exec, so it starts in
    milliseconds. Raises TimeoutError when the limit is hit (the child is killed), MemoryError when
    it ran out of its address space, and re-raises the child's own exception otherwise. Where fork
    is unavailable it runs in-process with no limit.
    """
    import pickle

    if not hasattr(os, "fork"):
        return fn(*args)
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: confine, compute, report, never return
        status = 0
        try:
            os.close(read_fd)
            memory = limits.memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
            try:
                payload = pickle.dumps(("ok", fn(*args)))
            except MemoryError:
                payload = pickle.dumps(("memory", None))
            except BaseException as exc:  # the job's own failure travels back to the caller
                try:
                    payload = pickle.dumps(("raised", exc))
                except Exception:
                    payload = pickle.dumps(("raised", RuntimeError(f"{type(exc).__name__}: {exc}")))
            with os.fdopen(write_fd, "wb") as pipe:
                pipe.write(payload)
        except BaseException:
            status = 1
        finally:
            os._exit(status)
    os.close(write_fd)
    chunks: list[bytes] = []
    deadline = time.monotonic() + limits.timeout_s
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                os.kill(pid, signal.SIGKILL)
                raise TimeoutError(f"stopped after the {limits.timeout_s:g} s time limit")
            ready, _, _ = select.select([read_fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(read_fd, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_fd)
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass
    if not chunks:
        raise MemoryError("the computation ran out of memory or was killed")
    kind, result = pickle.loads(b"".join(chunks))
    if kind == "ok":
        return result
    if kind == "memory":
        raise MemoryError(f"the computation needed more than {limits.memory_mb} MB")
    raise result
