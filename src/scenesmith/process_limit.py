"""A process-count limit that also holds for root: one pids cgroup per sandboxed job (or warm pool).

RLIMIT_NPROC counts every process of the job's user on the whole machine and the kernel never applies
it to root, so as root (a container, CI) it limits nothing. The pids controller does: a cgroup whose
`pids.max` caps the tasks (threads included) of everything inside it, whoever runs them. The job's
child joins the cgroup between fork and exec, so all it ever starts, `setsid` or not, is counted, and
at the end every task still in the cgroup is killed before the cgroup is removed.

Where no pids cgroup can be made (not root, a read-only /sys/fs/cgroup), `ProcessLimit.path` is None and
the sandbox falls back to RLIMIT_NPROC, which holds for a user other than root.
"""

from __future__ import annotations

import os
import signal
import time
import uuid
from pathlib import Path

PREFIX = "scenesmith-"
CANDIDATES = (Path("/sys/fs/cgroup/pids"), Path("/sys/fs/cgroup"))  # cgroup v1's pids hierarchy, then cgroup v2's root


def _parent() -> Path | None:
    """The cgroup folder under which a job's pids cgroup can be made, or None."""
    v1, v2 = CANDIDATES
    if (v1 / "cgroup.procs").exists():
        return v1 if os.access(v1, os.W_OK) else None
    controls = v2 / "cgroup.subtree_control"
    try:
        if "pids" in controls.read_text().split():
            return v2 if os.access(v2, os.W_OK) else None
    except OSError:
        pass
    return None


def _owner_alive(folder: Path) -> bool:
    """Whether the process that made a scenesmith cgroup (scenesmith-PID-XXXX) still lives."""
    try:
        pid = int(folder.name.removeprefix(PREFIX).split("-", 1)[0])
        os.kill(pid, 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True


class ProcessLimit:
    """At most `limit` tasks for one job. Make it before the job starts, call `join()` in the child between
    fork and exec, and `close()` when the job is over (it kills what is left)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.path: Path | None = None
        parent = _parent()
        if parent is None:
            return
        self._sweep(parent)
        path = parent / f"{PREFIX}{os.getpid()}-{uuid.uuid4().hex[:8]}"
        try:
            path.mkdir()
            (path / "pids.max").write_text(str(limit))
        except OSError:
            try:
                path.rmdir()
            except OSError:
                pass
            return
        self.path = path

    @property
    def active(self) -> bool:
        return self.path is not None

    def join(self) -> None:
        """In the child, before exec: move this process (and so all it will start) into the cgroup."""
        if self.path is not None:
            with open(self.path / "cgroup.procs", "w") as handle:
                handle.write(str(os.getpid()))

    def tasks(self) -> list[int]:
        if self.path is None:
            return []
        try:
            return [int(line) for line in (self.path / "cgroup.procs").read_text().split()]
        except OSError:
            return []

    def kill(self) -> None:
        """Kill every task in the cgroup until none is left (a task may fork while the others die)."""
        for _ in range(200):
            left = self.tasks()
            if not left:
                return
            for pid in left:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            time.sleep(0.005)

    def close(self) -> None:
        """Kill what is left and remove the cgroup."""
        if self.path is None:
            return
        self.kill()
        for _ in range(100):  # the kernel removes a cgroup only once its last task is reaped
            try:
                self.path.rmdir()
                break
            except FileNotFoundError:
                break
            except OSError:
                time.sleep(0.01)
        self.path = None

    @staticmethod
    def _sweep(parent: Path) -> None:
        """Remove the empty cgroups of scenesmith processes that are gone (killed before they could close them)."""
        try:
            folders = [p for p in parent.iterdir() if p.name.startswith(PREFIX) and p.is_dir()]
        except OSError:
            return
        for folder in folders:
            if not _owner_alive(folder):
                try:
                    folder.rmdir()
                except OSError:
                    pass
