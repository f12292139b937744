"""The sandbox's jail: each escape a job once had, tried from inside a real job, in both modes.

Jobs are real processes: `python -m timeit` running the test's code (written to job.py in the job's folder),
either as a fresh process in its own bwrap jail or forked from a warm pool that lives in one jail.
The job folders lie in a real store's work folder, as a run's do; the store's blobs are outside them.
"""

from __future__ import annotations

import http.server
import os
import shutil
import subprocess
import threading
import time
import uuid
from pathlib import Path

import pytest

from scenesmith import sandbox
from scenesmith.store import Store

pytestmark = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap is not installed (scripts/setup.sh installs it)")

SLACK_S = 3.0  # what a deadline may be overrun by: the kill, the reaping, a loaded machine
POOL_PROCESSES = 160  # the warm pool's tasks, its jobs together (one pids cgroup for the pool)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return Store(tmp_path_factory.mktemp("home"))


@pytest.fixture(scope="module")
def pool(store):
    with sandbox.WarmPool(["json"], store.work / "pool-jail-test", processes=POOL_PROCESSES).start() as warm:
        yield warm


@pytest.fixture(params=["fresh", "warm"])
def job(request, store, pool, monkeypatch):
    monkeypatch.delenv(sandbox.SANDBOX_SETTING, raising=False)

    def run(code: str, limits: sandbox.Limits = sandbox.Limits(timeout_s=30)) -> tuple[sandbox.SandboxResult, Path]:
        workdir = store.work / f"job-{uuid.uuid4().hex[:8]}"
        workdir.mkdir(parents=True)
        (workdir / "job.py").write_text(code)
        args = ["-n", "1", "-r", "1", "exec(open('job.py').read())"]
        result = sandbox.run_module("timeit", args, workdir, limits, pool if request.param == "warm" else None)
        assert (result.argv[0] == "<warm>") == (request.param == "warm")  # really went the way it says
        return result, workdir

    return run


def test_a_job_cannot_read_the_hosts_secrets_or_list_root(job):
    assert Path("/etc/shadow").exists() and os.listdir("/root")  # there is something to hide
    result, _ = job(
        "import os\n"
        "try:\n    print('SHADOW', open('/etc/shadow').read()[:20])\nexcept OSError as e:\n    print('no shadow:', e)\n"
        "try:\n    print('ROOT', sorted(os.listdir('/root')))\nexcept OSError as e:\n    print('no root:', e)\n"
    )
    assert result.ok, result.stderr
    assert "SHADOW" not in result.stdout and "no shadow" in result.stdout
    visible = set(eval(result.stdout.split("ROOT", 1)[1].strip().splitlines()[0])) if "ROOT" in result.stdout else set()
    hidden = set(os.listdir("/root")) - visible
    # at most the bound Python prefix's first folder shows (here /root/.pyenv); everything else in /root is gone
    assert visible <= {".pyenv"} and hidden, (visible, result.stdout)


def test_a_job_cannot_write_outside_its_folder(job, store):
    outside_tmp = Path("/tmp") / f"scenesmith-escape-{uuid.uuid4().hex}"
    blob_dir = store.blobs.root if hasattr(store.blobs, "root") else store.home / "blobs"
    blob_dir.mkdir(parents=True, exist_ok=True)
    planted = blob_dir / f"planted-{uuid.uuid4().hex}"
    result, workdir = job(
        "import os\n"
        f"for target in ({str(outside_tmp)!r}, {str(planted)!r}, 'mine.txt'):\n"
        "    try:\n        open(target, 'w').write('x')\n        print('WROTE', target)\n"
        "    except OSError as e:\n        print('refused', target, e)\n"
    )
    try:
        assert result.ok, result.stderr
        assert not outside_tmp.exists() and not planted.exists(), result.stdout
        assert (workdir / "mine.txt").read_text() == "x"  # its own folder is writable
    finally:
        outside_tmp.unlink(missing_ok=True)
        planted.unlink(missing_ok=True)


def test_a_job_cannot_read_its_parents_environment(job, tmp_path):
    # the parent's own environment as the kernel shows it: entries the job's scrubbed environment does not have
    scrubbed = set(sandbox.clean_env(tmp_path))
    secrets = [entry for entry in Path(f"/proc/{os.getpid()}/environ").read_bytes().split(b"\0") if b"=" in entry and entry.split(b"=")[0].decode() not in scrubbed]
    assert secrets  # there is something to take
    result, _ = job(
        "import os\n"
        f"for pid in ({os.getpid()}, {os.getppid()}, 1, 2, 3):\n"
        "    try:\n        print(pid, open(f'/proc/{pid}/environ', 'rb').read())\n"
        "    except OSError as e:\n        print(pid, 'unreadable', e)\n"
    )
    assert result.ok, result.stderr
    leaked = [entry for entry in secrets if repr(entry)[2:-1] in result.stdout]
    assert not leaked, leaked[:3]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_a_job_cannot_reach_loopback(job, tmp_path):
    (tmp_path / "index.html").write_text("reachable")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: _Quiet(*a, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/index.html"
    code = f"import urllib.request\ntry:\n    print('GOT', urllib.request.urlopen({url!r}, timeout=3).read())\nexcept OSError as e:\n    print('unreachable', e)\n"
    try:
        import urllib.request

        assert urllib.request.urlopen(url, timeout=3).read() == b"reachable"  # the server is really there
        result, _ = job(code)
    finally:
        server.shutdown()
        server.server_close()
    assert result.ok, result.stderr
    assert "GOT" not in result.stdout and "unreachable" in result.stdout


def test_a_setsid_grandchild_dies_at_the_timeout(job):
    limit = 2.0
    started = time.monotonic()
    result, workdir = job(
        "import subprocess, sys, time\n"
        "beat = \"import time\\nwhile True:\\n    open('beat', 'a').write('x')\\n    time.sleep(0.05)\\n\"\n"
        "subprocess.Popen([sys.executable, '-c', beat], start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
        "time.sleep(60)\n",
        sandbox.Limits(timeout_s=limit),
    )
    assert result.timed_out
    assert time.monotonic() - started < limit + SLACK_S
    beat = workdir / "beat"
    assert beat.exists()  # the grandchild did run
    time.sleep(0.5)
    size = beat.stat().st_size
    time.sleep(1.0)
    assert beat.stat().st_size == size, "the setsid grandchild outlived the job's deadline"


def test_a_grandchild_holding_stdout_does_not_delay_the_result(job):
    limit = 2.0
    started = time.monotonic()
    result, _ = job(
        "import subprocess\n"
        "subprocess.Popen(['sleep', '15'], start_new_session=True)\n"  # inherits stdout and stderr
        "print('parent done')\n",
        sandbox.Limits(timeout_s=limit),
    )
    assert time.monotonic() - started < limit + SLACK_S
    assert "parent done" in result.stdout


def _processes_in(folder: Path) -> list[int]:
    """Host processes whose working folder is `folder`: a job's, and everything it forked (the jail binds the job's
    folder at the same path, so /proc/PID/cwd reads the same from the host). Other tests' processes never count."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.readlink(f"/proc/{entry}/cwd") == str(folder):
                    found.append(int(entry))
            except OSError:
                pass
    return found


def test_a_fork_bomb_is_stopped(job):
    # bounded so that even an unconfined run cannot take the machine down; the jail must end it all at the deadline
    limit = 2.0
    started = time.monotonic()
    result, workdir = job(
        "import os, time\n"
        "for _ in range(400):\n"
        "    try:\n        pid = os.fork()\n    except OSError:\n        continue\n"
        "    if pid == 0:\n"
        "        os.setsid()\n"
        "        time.sleep(120)\n"
        "        os._exit(0)\n"
        "time.sleep(120)\n",
        sandbox.Limits(timeout_s=limit, processes=64),
    )
    assert result.timed_out
    assert time.monotonic() - started < limit + SLACK_S
    time.sleep(0.5)
    assert _processes_in(workdir) == [], "the bomb's processes outlived the job"


def test_the_process_count_limit_holds_even_for_root(job):
    """RLIMIT_NPROC limits nothing for root; the pids cgroup does. Fresh jobs get their own limit, a warm pool one for all its jobs."""
    result, _ = job(
        "import os, time\n"
        "made = 0\n"
        "for _ in range(300):\n"
        "    try:\n        pid = os.fork()\n    except OSError:\n        break\n"
        "    if pid == 0:\n        time.sleep(30)\n        os._exit(0)\n"
        "    made += 1\n"
        "print('MADE', made)\n",
        sandbox.Limits(timeout_s=30, processes=40),
    )
    assert result.ok, result.stderr
    made = int(result.stdout.split("MADE", 1)[1].split()[0])
    cap = 40 if result.argv[0] != "<warm>" else POOL_PROCESSES
    assert made < cap, f"{made} processes started under a limit of {cap}"
    assert made >= 5  # the job could start some: the limit, not something else, stopped it


def test_a_cpu_burn_is_stopped_by_its_cpu_limit(job):
    started = time.monotonic()
    result, _ = job("while True:\n    pass\n", sandbox.Limits(timeout_s=60, cpu_s=2))
    took = time.monotonic() - started
    assert not result.ok and not result.timed_out  # the CPU limit, not the wall clock, stopped it
    assert result.returncode in (-9, -24)  # SIGXCPU at the soft limit, SIGKILL at the hard one
    assert took < 20


def test_without_bwrap_a_job_is_refused_with_the_reason(tmp_path, monkeypatch):
    monkeypatch.delenv(sandbox.SANDBOX_SETTING, raising=False)
    hidden = tmp_path / "bin"
    hidden.mkdir()
    for tool in ("sleep", "sh"):
        os.symlink(shutil.which(tool), hidden / tool)
    monkeypatch.setenv("PATH", str(hidden))
    marker = tmp_path / "job" / "ran"
    with pytest.raises(sandbox.SandboxUnavailable, match="bwrap.*apt-get install bubblewrap.*SCENESMITH_SANDBOX=rlimits"):
        sandbox.run(["sh", "-c", f"touch {marker}"], tmp_path / "job")
    warm = sandbox.WarmPool(["json"], tmp_path / "pool").start()
    try:
        with pytest.raises(sandbox.SandboxUnavailable, match="bwrap"):
            sandbox.run_module("timeit", ["-n", "1", "-r", "1", f"open({str(marker)!r}, 'w')"], tmp_path / "job", pool=warm)
    finally:
        warm.close()
    assert not marker.exists()


def test_the_rlimits_opt_out_runs_without_the_jail(tmp_path, monkeypatch):
    monkeypatch.setenv(sandbox.SANDBOX_SETTING, "rlimits")
    monkeypatch.setenv("PATH", "/nonexistent")  # no bwrap, and none needed
    result = sandbox.run([shutil.which("ls", path="/usr/bin:/bin"), "-A", "/root"], tmp_path)
    assert result.ok and result.stdout.strip()  # trusted code only: it sees the host


def test_an_unknown_sandbox_mode_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv(sandbox.SANDBOX_SETTING, "off")
    with pytest.raises(sandbox.SandboxUnavailable, match="not a sandbox mode"):
        sandbox.run(["true"], tmp_path)
    assert subprocess.run(["true"]).returncode == 0


NO_CAP_PARENT = """
import sys
from pathlib import Path
from scenesmith import sandbox
code = "import socket; socket.create_connection(('127.0.0.1', %s), timeout=2); print('REACHED')" % sys.argv[1]
try:
    result = sandbox.run_module("timeit", ["-n", "1", "-r", "1", code], Path(sys.argv[2]))
    print("REACHED" if "REACHED" in result.stdout else "blocked")
except sandbox.SandboxUnavailable as exc:
    print("REFUSED", exc)
"""


@pytest.mark.skipif(shutil.which("setpriv") is None or os.geteuid() != 0, reason="needs setpriv and root to drop a capability")
def test_without_cap_sys_admin_loopback_stays_out_of_reach(tmp_path, monkeypatch):
    """The parent lacks CAP_SYS_ADMIN (a container's usual lot): the job is jailed without network, or refused; never let out."""
    import socket
    import sys

    monkeypatch.delenv(sandbox.SANDBOX_SETTING, raising=False)
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    port = str(server.getsockname()[1])

    def parent(**env):
        done = subprocess.run(["setpriv", "--bounding-set", "-sys_admin", sys.executable, "-c", NO_CAP_PARENT, port, str(tmp_path / "job")],
                              capture_output=True, text=True, timeout=60, env={**os.environ, **env})
        return done.stdout.strip() or done.stderr[-500:]

    try:
        jailed = parent()
        trusted = parent(**{sandbox.SANDBOX_SETTING: "rlimits"})
    finally:
        server.close()
    assert trusted == "REACHED"  # the old, unjailed way: the network namespace silently failed
    assert jailed == "blocked" or jailed.startswith("REFUSED"), jailed


def test_a_machine_without_bwrap_gets_exit_2_with_what_to_install(tmp_path):
    """Through the real CLI: the render jobs cannot be jailed, so the run fails as the user's to fix, not as our bug."""
    from tests.conftest import run_cli

    home = tmp_path / "home"
    result = run_cli(home, "make", "Solve 3x + 7 = 22", "--json", PATH=str(tmp_path / "no-tools"))
    assert result.returncode == 2, result.stderr
    assert result.json["status"] == "failed"
    assert "bwrap" in result.json["error"] and "bubblewrap" in result.json["error"]


def test_a_runs_warm_pool_jails_its_jobs_away_from_other_runs_folders(store, monkeypatch):
    """The pool a run starts (runs.warm_pool) may write only in its own job folders (StageRunner.workspace) and the
    shared caches: a job cannot reach another run's job folder in the store's work folder, nor the blobs."""
    from scenesmith.config import Settings
    from scenesmith.engine import runs
    from scenesmith.engine.stages import StageRunner

    monkeypatch.delenv(sandbox.SANDBOX_SETTING, raising=False)
    other = store.work / "0123456789ab-otherrunkey1"  # another run's job folder, as StageRunner names them
    other.mkdir(parents=True, exist_ok=True)
    pool = runs.warm_pool(store, "auto", Settings(preload=["json"]))
    try:
        runner = StageRunner(store, "feedfacecafe", pool=pool)
        assert runner.workspace == pool.workspace and pool.workspace.is_relative_to(pool.home)
        workdir = runner.workspace / "feedfacecafe-0000000000aa"
        workdir.mkdir(parents=True)
        (workdir / "job.py").write_text(
            f"for target in ({str(other / 'planted')!r}, 'mine.txt'):\n"
            "    try:\n        open(target, 'w').write('x')\n        print('WROTE', target)\n"
            "    except OSError as e:\n        print('refused', target, e)\n"
        )
        result = sandbox.run_module("timeit", ["-n", "1", "-r", "1", "exec(open('job.py').read())"], workdir, sandbox.Limits(timeout_s=60), pool)
        assert result.argv[0] == "<warm>" and result.ok, result.stderr
        assert "WROTE mine.txt" in result.stdout and (workdir / "mine.txt").exists()
        assert f"refused {other / 'planted'}" in result.stdout and not (other / "planted").exists(), result.stdout
    finally:
        pool.close()
