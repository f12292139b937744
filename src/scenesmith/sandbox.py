"""Run untrusted or heavy work in a confined child process: the only place scenesmith does so.

Each job runs in a bubblewrap jail (Debian's `bubblewrap`, the `bwrap` command): a private root
that holds, read-only, only what a render needs (/usr with TeX Live and the fonts, the Python
prefix, the venv, this package, /etc/fonts and TeX's configuration), read-write only the job's
own folder and the shared folders its caller names (the LaTeX cache), a fresh /tmp, its own PID
namespace (no other process is visible, and the whole tree dies with the job), no network
(unless the job asks for it), no capabilities. Beside the jail: a wall-clock timeout (every
descendant is killed and the pipes closed, so `run` returns at the deadline), limits on address
space, CPU time, file size and process count, no core dumps, and a scrubbed environment with
COLUMNS=160 (so tracebacks can be parsed). The process count is a pids cgroup per job (a warm pool:
one for the pool), which holds for root too and lets the deadline kill reach every task the job
started; where no cgroup can be made it falls back to RLIMIT_NPROC (see process_limit.py).

Fail closed: when bwrap is missing or cannot create its namespaces, a job does not run;
`SandboxUnavailable` says why and what to install. `SCENESMITH_SANDBOX=rlimits` is the one,
explicit opt-out (limits and a process group only, no jail), for trusted template code only,
never for model-written code.

Two ways to start a job, with the same confinement:
- `run(argv, ...)`: a fresh process (fork + exec).
- `WarmPool`: a fork server that has already imported the heavy modules (Manim: about
  a second of imports) forks one confined child per job, so N scenes pay the import once.
  It runs no job code itself; if it cannot start or dies, jobs fall back to `run`.
  The whole pool lives in one jail, whose read-write part is its workspace and the shared folders;
  a job whose folder lies outside them runs as a fresh process in its own jail. A run's pool gets a
  workspace of its own (`engine.runs.warm_pool`: work/pool-…/jobs, where StageRunner puts that run's
  job folders), so its jobs cannot reach another run's folders; without one it is the folder above
  its home.
  Each job is watched by a keeper process (a child subreaper): at the deadline, or when the job
  ends, the keeper kills every process the job left behind.
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

from scenesmith.process_limit import ProcessLimit

CLONE_NEWNET = 0x40000000
CLONE_NEWUSER = 0x10000000
PR_SET_CHILD_SUBREAPER = 36

SANDBOX_SETTING = "SCENESMITH_SANDBOX"  # "jail" (the default) or "rlimits" (trusted template code only)
JAIL, RLIMITS = "jail", "rlimits"
INSTALL_HINT = "install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap; or run scripts/setup.sh)"
PIPE_GRACE_S = 1.0  # after the deadline kill, how long run() still reads what the job wrote


class SandboxUnavailable(RuntimeError):
    """The isolation a job asks for cannot be set up here, so the job was not run."""


@dataclass(frozen=True)
class Limits:
    timeout_s: float = 120.0
    memory_mb: int = 4096
    file_size_mb: int = 1024
    isolate_network: bool = True
    cpu_s: float | None = None  # CPU seconds per process; None: four times the wall-clock limit
    processes: int = 4096  # tasks (threads included): a pids cgroup per job (process_limit.py), else RLIMIT_NPROC

    def cpu_seconds(self) -> int:
        return max(1, int(self.cpu_s if self.cpu_s is not None else 4 * self.timeout_s + 1))


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


def _lower_limit(which: int, soft: int, hard: int | None = None) -> None:
    """Set an rlimit, never above the hard limit already in force (a warm pool's own cap stays)."""
    hard = soft if hard is None else hard
    _, current = resource.getrlimit(which)
    if current != resource.RLIM_INFINITY:
        soft, hard = min(soft, current), min(hard, current)
    resource.setrlimit(which, (soft, hard))


def _confine(limits: Limits, drop_network: bool = True) -> None:
    """Runs in the child between fork and exec (or, in the warm pool, before the job's code)."""
    memory = limits.memory_mb * 1024 * 1024
    _lower_limit(resource.RLIMIT_AS, memory)
    size = limits.file_size_mb * 1024 * 1024
    _lower_limit(resource.RLIMIT_FSIZE, size)
    _lower_limit(resource.RLIMIT_CORE, 0)
    cpu = limits.cpu_seconds()
    _lower_limit(resource.RLIMIT_CPU, cpu, cpu + 1)  # SIGXCPU at the soft limit, SIGKILL at the hard one
    _lower_limit(resource.RLIMIT_NPROC, limits.processes)
    if limits.isolate_network and drop_network:
        _drop_network()


def sandbox_mode() -> str:
    """JAIL unless SCENESMITH_SANDBOX=rlimits opts out (trusted template code only)."""
    mode = os.environ.get(SANDBOX_SETTING, "").strip().lower() or JAIL
    if mode not in (JAIL, RLIMITS):
        raise SandboxUnavailable(f"{SANDBOX_SETTING}={mode!r} is not a sandbox mode: use 'jail' (the default) or 'rlimits' (trusted template code only)")
    return mode


def _ro_roots() -> list[Path]:
    """What a render reads: the system (/usr: TeX Live, fonts, Java, ffmpeg libraries), Python, the venv, this package, their configuration."""
    package = Path(__file__).resolve().parent
    candidates = [Path("/usr"), Path(sys.base_prefix), Path(sys.prefix), package,
                  Path("/etc/fonts"), Path("/etc/texmf"), Path("/var/lib/texmf"), Path("/var/cache/fontconfig"),
                  Path("/etc/alternatives"), Path("/etc/ld.so.cache"), *sorted(Path("/etc").glob("java-*"))]
    roots: list[Path] = []
    for path in candidates:
        path = path.resolve() if path != Path(sys.prefix) else path.absolute()
        if path.exists() and not any(path.is_relative_to(r) for r in roots):
            roots = [r for r in roots if not r.is_relative_to(path)] + [path]
    return roots


def jail_command(argv: list[str], workdir: Path, read_write: list[Path] = (), isolate_network: bool = True, die_with_parent: bool = False) -> list[str]:
    """argv wrapped in bwrap: a private root with only the render's read-only roots, workdir and read_write writable.

    die_with_parent ties the jail to the *thread* that starts it (the kernel's parent-death signal follows the
    thread), so only a caller that waits in that same thread (`run`) asks for it; long-lived jails (the warm
    pool, PlantUML's pipe) end when their stdin closes, which our death also does."""
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        raise SandboxUnavailable(f"the job was not run: the sandbox needs bwrap, which is not on PATH; {INSTALL_HINT}. "
                                 f"Only for trusted template code, {SANDBOX_SETTING}=rlimits runs without the jail.")
    command = [bwrap, "--unshare-all", "--unshare-user", "--cap-drop", "ALL", "--new-session"]
    if die_with_parent:
        command.append("--die-with-parent")
    if not isolate_network:
        command.append("--share-net")
    command += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]
    for name in ("bin", "lib", "lib32", "lib64", "sbin"):
        top = Path("/") / name
        if top.is_symlink():  # merged /usr: /bin -> usr/bin
            command += ["--symlink", os.readlink(top), str(top)]
        elif top.is_dir():
            command += ["--ro-bind", str(top), str(top)]
    for root in _ro_roots():
        command += ["--ro-bind", str(root), str(root)]
    for folder in [workdir, *read_write]:
        folder = Path(folder).absolute()
        folder.mkdir(parents=True, exist_ok=True)
        command += ["--bind", str(folder), str(folder)]
    return command + ["--chdir", str(workdir.absolute()), "--", *argv]


_probe_lock = threading.Lock()
_probed: dict[str, str | None] = {}


def check_jail() -> None:
    """Raise SandboxUnavailable unless bwrap can create its namespaces here (checked once per bwrap)."""
    bwrap = shutil.which("bwrap") or ""
    with _probe_lock:
        if bwrap not in _probed:
            _probed[bwrap] = _probe(bwrap)
    if _probed[bwrap] is not None:
        raise SandboxUnavailable(_probed[bwrap])


def _probe(bwrap: str) -> str | None:
    import tempfile

    with tempfile.TemporaryDirectory(prefix="scenesmith-jail-probe-") as folder:
        try:
            command = jail_command(["/bin/true"], Path(folder))
        except SandboxUnavailable as exc:
            return str(exc)
        done = subprocess.run(command, capture_output=True, text=True, errors="replace", stdin=subprocess.DEVNULL, timeout=30)
    if done.returncode != 0:
        return (f"the job was not run: bwrap cannot create the sandbox's namespaces here ({done.stderr.strip()[:300] or f'exit {done.returncode}'}); "
                f"allow user namespaces (sysctl kernel.unprivileged_userns_clone=1 or run where namespaces are permitted) or {INSTALL_HINT}. "
                f"Only for trusted template code, {SANDBOX_SETTING}=rlimits runs without the jail.")
    return None


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


def spawn(argv: list[str], workdir: Path, limits: Limits = Limits(), env: dict[str, str] | None = None, *, stdin=subprocess.DEVNULL, text: bool = True, read_write: list[Path] = (), die_with_parent: bool = False) -> subprocess.Popen:
    """Start argv confined in workdir (the jail, its own session, rlimits, no network) with stdout and stderr piped.

    The caller owns the process: `run` waits for it, a long-lived server (the warm PlantUML pipe) talks to it.
    The wall-clock limit is the caller's to enforce; `kill_group` stops it and everything it started.
    Raises SandboxUnavailable when the jail cannot be set up (and the rlimits opt-out is not set).
    """
    workdir.mkdir(parents=True, exist_ok=True)
    jailed = sandbox_mode() == JAIL
    if jailed:
        check_jail()
        argv = jail_command(argv, workdir, list(read_write), limits.isolate_network, die_with_parent)
    process_limit = ProcessLimit(limits.processes)

    def confine() -> None:
        process_limit.join()
        _confine(limits, drop_network=not jailed)

    try:
        proc = subprocess.Popen(
            argv,
            cwd=workdir,
            env=clean_env(workdir, env),
            stdin=stdin,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=text,
            errors="replace" if text else None,
            start_new_session=True,
            preexec_fn=confine,
        )
    except BaseException:
        process_limit.close()
        raise
    proc.process_limit = process_limit  # kill_group ends everything in it, setsid descendants included
    return proc


def run(argv: list[str], workdir: Path, limits: Limits = Limits(), env: dict[str, str] | None = None, read_write: list[Path] = ()) -> SandboxResult:
    """Run argv inside workdir under the limits; never raises for the child's failures (SandboxUnavailable: it did not run)."""
    started = time.monotonic()
    proc = spawn(argv, workdir, limits, env, read_write=read_write, die_with_parent=True)
    timed_out = False
    try:
        stdout, stderr = proc.communicate(timeout=limits.timeout_s)
    except subprocess.TimeoutExpired:
        timed_out = True
        kill_group(proc)  # in the jail this ends its PID namespace: every descendant dies
        try:
            stdout, stderr = proc.communicate(timeout=PIPE_GRACE_S)
        except subprocess.TimeoutExpired as late:  # something outside our reach still holds the pipes: stop reading
            stdout, stderr = _text(late.stdout), _text(late.stderr)
            for stream in (proc.stdout, proc.stderr):
                stream.close()
    finally:
        if proc.poll() is None:  # interrupted by the caller: take the whole group down
            kill_group(proc)
        _end_process_limit(proc)  # what the job left running in the background goes with it
    returncode = proc.returncode
    if proc.args[0] != argv[0] and returncode > 128 and returncode - 128 in signal.valid_signals():
        returncode = 128 - returncode  # bwrap reports a job killed by signal N as exit 128+N
    return SandboxResult(argv, returncode, stdout, stderr, time.monotonic() - started, timed_out)


def _text(data) -> str:
    if data is None:
        return ""
    return data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data


def kill_group(proc: subprocess.Popen) -> None:
    """Kill a spawned process and its whole session, and reap it (a jailed one takes its PID namespace with it),
    then everything else it started (its pids cgroup: descendants that left the session too)."""
    _kill_pgid(proc.pid)
    limit = getattr(proc, "process_limit", None)
    if limit is not None:
        limit.kill()
    proc.wait()
    _end_process_limit(proc)


def _end_process_limit(proc: subprocess.Popen) -> None:
    limit = getattr(proc, "process_limit", None)
    if limit is not None:
        limit.close()


def python_module(module: str, *args: str) -> list[str]:
    """argv that runs a module of this package with the current interpreter."""
    return [sys.executable, "-m", module, *args]


def run_module(module: str, args: list[str], workdir: Path, limits: Limits = Limits(), pool: WarmPool | None = None, read_write: list[Path] = ()) -> SandboxResult:
    """Run `python -m module args` confined in workdir: through the warm pool when one is up and its jail
    covers workdir and read_write, else as a fresh process in its own jail."""
    if pool is not None:
        result = pool.run(module, args, workdir, limits, read_write)
        if result is not None:
            return result
    return run(python_module(module, *args), workdir, limits, read_write=read_write)


class WarmPool:
    """A fork server with `preload` modules imported. Thread-safe; use as a context manager."""

    def __init__(self, preload: list[str], home: Path, *, workspace: Path | None = None, shared: list[Path] = (), processes: int = Limits.processes) -> None:
        self.preload = preload
        self.processes = processes  # tasks for the whole pool, its jobs together (one pids cgroup; see process_limit.py)
        self._process_limit: ProcessLimit | None = None
        self.home = home
        self.workspace = (workspace or home.parent).absolute()  # the jail's writable folder for job folders
        self.shared = [Path(p).absolute() for p in shared]  # further writable folders (the LaTeX cache)
        self._jailed = False
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
        argv = python_module("scenesmith.sandbox", "serve", *self.preload)
        try:
            self._jailed = sandbox_mode() == JAIL
            if self._jailed:
                check_jail()
                # one jail for the pool; networking is shared only so jobs that ask for it can have it: each job drops it itself
                argv = jail_command(argv, self.home, [self.workspace, *self.shared], isolate_network=True)
        except SandboxUnavailable:
            self._dead = True  # jobs then go to run(), which raises the reason
            return False
        self._process_limit = ProcessLimit(self.processes)
        # RLIMIT_NPROC as a fallback for a pool run by a user other than root; each job also sets its own
        fallback = Limits(processes=self.processes)
        try:
            self._proc = subprocess.Popen(
                argv,
                cwd=self.home, env=clean_env(self.home), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL, text=True, bufsize=1, start_new_session=True,
                preexec_fn=lambda: (self._process_limit.join(), resource.setrlimit(resource.RLIMIT_NPROC, (fallback.processes, fallback.processes))),
            )
        except OSError:
            self._process_limit.close()
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

    def covers(self, workdir: Path, read_write: list[Path] = ()) -> bool:
        """Whether this pool's jail lets a job write in workdir and read_write (and nothing it would need besides)."""
        writable = [self.workspace, *self.shared]
        return all(any(Path(p).absolute().is_relative_to(w) for w in writable) for p in [workdir, *read_write])

    def run(self, module: str, args: list[str], workdir: Path, limits: Limits, read_write: list[Path] = ()) -> SandboxResult | None:
        """The job's result, or None when the pool is unusable (the caller then starts a fresh process)."""
        workdir.mkdir(parents=True, exist_ok=True)
        box: queue.Queue = queue.Queue()
        with self._lock:
            if not self._start():
                return None
            if self._jailed and (not self.covers(workdir, read_write) or not limits.isolate_network):
                return None  # outside the pool's jail (or asking for the network it lacks): a fresh process in its own jail
            self._next_id += 1
            self._used = True
            job = self._next_id
            self._waiting[job] = box
            request = {"id": job, "module": module, "args": args, "cwd": str(workdir.absolute()), "env": clean_env(workdir), "limits": asdict(limits), "jailed": self._jailed}
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
            timed_out = False
            try:
                done = box.get(timeout=limits.timeout_s)
            except queue.Empty:
                timed_out = True
                self._stop_job(job)  # its keeper kills the job and everything it started
                done = box.get(timeout=30)
            if done.get("dead"):
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

    def _stop_job(self, job: int) -> None:
        with self._lock:
            try:
                self._proc.stdin.write(json.dumps({"kill": job}) + "\n")
                self._proc.stdin.flush()
            except (OSError, ValueError):
                _kill_pgid(self._proc.pid)  # the server is unreachable: the whole jail goes

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
        if self._process_limit is not None:
            self._process_limit.close()  # anything of the pool's still alive is killed here
        self._dead = True
        shutil.rmtree(self.home, ignore_errors=True)


def _kill_pgid(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _signal(pid: int, sig: int) -> None:
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
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
        _confine(Limits(**request["limits"]), drop_network=not request.get("jailed", False))
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


def _descendants(root: int) -> list[int]:
    """Every live process below root, read from /proc (in the jail: only the jail's own processes)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path("/proc", entry, "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry))
    found, frontier = [], [root]
    while frontier:
        below = children.get(frontier.pop(), [])
        found += below
        frontier += below
    return found


def _kill_descendants() -> None:
    """In a keeper: kill all it has below it until nothing is left (orphans come back to it, a child subreaper)."""
    me = os.getpid()
    for _ in range(1000):
        left = _descendants(me)
        for pid in left:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        while True:  # reap what died
            try:
                pid, _status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                break
        if not left:
            return
        time.sleep(0.005)


def _keeper(request: dict) -> None:
    """In the server's forked child: become a child subreaper, run the job in a child of its own, and when it
    ends or the server says stop (SIGTERM), kill every process the job left behind. Never returns."""
    code = 1
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        job = os.fork()
        if job == 0:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            _child(request)
        while True:
            try:
                pid, status = os.waitpid(job, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == job:
                code = os.waitstatus_to_exitcode(status)
                break
            if stop.is_set():
                os.kill(job, signal.SIGKILL)
                stop.clear()
            time.sleep(0.01)
        _kill_descendants()
    finally:
        if code < 0:  # the job died of a signal: so does its keeper, so the server reports the same
            signal.signal(-code, signal.SIG_DFL)
            os.kill(os.getpid(), -code)
        os._exit(code if code >= 0 else 1)


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
                        _signal(pid, signal.SIGTERM)  # each keeper kills its job's whole tree
                pending += chunk
                while b"\n" in pending:
                    line, pending = pending.split(b"\n", 1)
                    request = json.loads(line)
                    if "kill" in request:
                        for pid, job in children.items():
                            if job == request["kill"]:
                                _signal(pid, signal.SIGTERM)
                        continue
                    pid = os.fork()
                    if pid == 0:
                        _keeper(request)
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
