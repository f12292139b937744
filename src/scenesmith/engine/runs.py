"""Runs: create one from a request, execute it through its kind's stages, resume it after a crash."""

from __future__ import annotations

import os
import shutil
import time
import traceback
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import delete, update

from scenesmith.config import Settings
from scenesmith.engine import kinds, owner
from scenesmith.engine.errors import StageFailed, UserError
from scenesmith.engine.request import Request, clean_prompt
from scenesmith.engine.stages import ProgressCallback, StageRunner
from scenesmith.media.quality import QUALITIES
from scenesmith.media.quality import describe as describe_qualities
from scenesmith.sandbox import SandboxUnavailable, WarmPool
from scenesmith.store import Run, StageRecord, Store



def file_name(kind: str, artifact: str) -> str:
    """The file name (without suffix) a kind gives an artifact: its `artifact_files` say, else the artifact's own name."""
    try:
        names = getattr(kinds.get(kind), "artifact_files", {})
    except UserError:  # a run of a kind that is no longer installed keeps its artifacts' own names
        names = {}
    return names.get(artifact, artifact)


@dataclass
class RunResult:
    run_id: str
    kind: str
    status: str
    artifacts: dict[str, str] = field(default_factory=dict)  # name -> file path
    answer: str | None = None
    error: str | None = None
    timings: dict[str, float] = field(default_factory=dict)
    report: dict[str, Any] = field(default_factory=dict)
    user_error: bool = False

    @property
    def answer_latex(self) -> str | None:
        return self.report.get("answer_latex") if self.answer else None

    def contract(self) -> dict[str, Any]:
        """The JSON object `scenesmith make --json` prints."""
        return {
            "run_id": self.run_id,
            "kind": self.kind,
            "status": self.status,
            "artifacts": self.artifacts,
            "answer": self.answer,
            "answer_latex": self.answer_latex,
            "error": self.error,
            "timings": self.timings,
        }


def new_run(store: Store, prompt: str, kind: str = "auto", quality: str = "low", hints: bool = False, captions: bool = True,
            inputs: dict[str, str] | None = None, options: dict[str, Any] | None = None, owned: bool = True) -> str:
    """Validate the request, pick its kind, and record it (status 'pending': queued). Raises UserError for bad input.

    `inputs` are input files already in the store (name -> blob name, see `store_input`); `options` are the kind's own.
    `owned`: this process will execute the run itself (the CLI), so a job queue leaves it alone while this process
    lives; False for a run left to a queue (the service)."""
    text = clean_prompt(prompt)
    if quality not in QUALITIES:
        raise UserError(f"Unknown quality {quality!r}. Choose {describe_qualities()}.")
    inputs, options = dict(inputs or {}), dict(options or {})
    for name, blob in inputs.items():
        if not store.blobs.exists(blob):
            raise UserError(f"The input file {name!r} ({blob}) is not in the store. Upload it again.")
    routing = kinds.route(text, kind, set(inputs))
    check = getattr(routing.kind, "options", None)
    if options and check is None:
        raise UserError(f"The {routing.kind.name} kind takes no options; got {', '.join(sorted(options))}.")
    if check is not None:
        options = check(options)
    request = Request(prompt=text, kind=routing.kind.name, quality=quality, hints=hints, captions=captions, inputs=inputs, options=options)
    validate = getattr(routing.kind, "validate", None)  # a kind may check its inputs now (an image that is no image: exit 2)
    if validate is not None:
        validate(store, request)
    run_id = uuid.uuid4().hex[:12]
    with store.session() as session:
        session.add(Run(id=run_id, prompt=text, kind=routing.kind.name, options=request.model_dump(exclude={"prompt", "kind"}), status="pending", artifacts={}, report={"kind_routing": routing.report()},
                        pid=os.getpid() if owned else None, owner_start=owner.mine() if owned else None))
    return run_id


MAX_INPUT_BYTES = 25 * 1024 * 1024  # an input file (an image to edit) larger than this is refused


def store_input(store: Store, data: bytes, suffix: str, name: str = "input") -> str:
    """Keep an input file's bytes in the store (content-addressed, so a repeat costs nothing); its blob name."""
    if not data:
        raise UserError(f"The {name} file is empty. Give a real file.")
    if len(data) > MAX_INPUT_BYTES:
        raise UserError(f"The {name} file is {len(data) / 1e6:.1f} MB; the limit is {MAX_INPUT_BYTES / 1e6:.0f} MB. Make it smaller.")
    return store.blobs.put_bytes(data, suffix)


def get_run(session, store: Store, run_id: str) -> Run:
    """The stored run, or a UserError that says how to find the right id."""
    run = session.get(Run, run_id)
    if run is None:
        raise UserError(f"No run {run_id!r} in {store.home}. List runs with 'scenesmith runs'.")
    return run


def load_request(store: Store, run_id: str) -> Request:
    with store.session() as session:
        run = get_run(session, store, run_id)
        return Request(prompt=run.prompt, kind=run.kind, **run.options)


INTERRUPTED = "interrupted"  # shown for a 'running' run whose owner process is gone; never stored
_LEGACY_FOLDER_AGE = 3600.0  # seconds: work folders named before owners were recorded are removed once this old


def _alive(pid: int | None, owner_start: str | None) -> bool:
    """Whether another process, the one that recorded (pid, owner_start), still drives the run."""
    if not pid or pid == os.getpid():
        return False
    return owner.owner_alive(pid, owner_start)


def _driven(run: Run) -> bool:
    """Whether a process (this one or another) is driving the run right now."""
    return run.status == "running" and (run.pid == os.getpid() or _alive(run.pid, run.owner_start))


def shown_status(run: Run) -> str:
    """The status to show: a 'running' run whose owner is gone (killed, machine restarted) is 'interrupted'."""
    if run.status == "pending" and run.pid and run.pid != os.getpid() and not _alive(run.pid, run.owner_start):
        return INTERRUPTED  # its creator ('scenesmith make') died before it started the run
    return INTERRUPTED if run.status == "running" and not _driven(run) else run.status


def resume_command(run_id: str) -> str:
    return f"scenesmith resume {run_id}"


def remove_leftovers(store: Store) -> list[str]:
    """Remove work folders whose owner is gone: pool-PID-TICKS-* of dead pools and RUNID-* of runs no process drives."""
    if not store.work.is_dir():
        return []
    folders = [p for p in store.work.iterdir() if p.is_dir()]
    run_ids = {p.name.split("-", 1)[0] for p in folders if not p.name.startswith("pool-")}
    with store.session() as session:
        runs = {r.id: r for r in session.query(Run).filter(Run.id.in_(run_ids))} if run_ids else {}
        driven = {run_id for run_id, r in runs.items() if _driven(r)}
    removed = []
    for folder in folders:
        if folder.name.startswith("pool-"):
            tag = folder.name.removeprefix("pool-").rpartition("-")[0]
            alive = owner.folder_owner_alive(tag)
            if alive is None:  # named before pools carried their owner: only an old one is surely dead
                try:
                    alive = time.time() - folder.stat().st_mtime < _LEGACY_FOLDER_AGE
                except OSError:
                    continue
        else:
            alive = folder.name.split("-", 1)[0] in driven
        if not alive:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder.name)
    return removed


def warm_pool(store: Store, kind: str = "auto", settings: Settings | None = None) -> WarmPool | None:
    """A sandbox fork server that starts importing the heavy render modules right away (see sandbox.WarmPool).

    None when the kind renders without one. For "auto" the pool starts before the kind is known, so that
    Manim's import overlaps with reading the prompt; `keep_pool` stops it if the chosen kind does not need it.
    """
    settings = settings or Settings.from_env()
    modules = settings.preload if kind == "auto" else kinds.get(kind).preload
    if not modules:
        return None
    # its jail may write in its own folder (this run's job folders: StageRunner.workspace) and the shared caches,
    # never in another run's folders or the blobs
    home = store.work / f"pool-{owner.folder_tag()}-{uuid.uuid4().hex[:8]}"
    return WarmPool(modules, home, workspace=home / "jobs", shared=[store.dir_for("cache", "")]).start()


def keep_pool(store: Store, run_id: str, pool: WarmPool | None) -> WarmPool | None:
    """The pool if the run's kind renders with it; otherwise it is stopped now and None is returned."""
    if pool is None:
        return None
    with store.session() as session:
        kind = get_run(session, store, run_id).kind
    if kinds.get(kind).preload:
        return pool
    pool.close()
    return None


def execute(store: Store, run_id: str, progress: ProgressCallback | None = None, pool: WarmPool | None = None) -> RunResult:
    """Drive the run's stages to the end; stages that already ran are taken from the cache."""
    request = load_request(store, run_id)
    with store.session() as session:
        run = session.get(Run, run_id)
        if run.status == "running" and _alive(run.pid, run.owner_start):
            raise UserError(f"Run {run_id} is still running in process {run.pid}; wait for it or stop that process first.")
        # Take the run only if nobody took it since we looked: two resumes at once must not both drive it.
        claimed = session.execute(
            update(Run)
            .where(Run.id == run_id, Run.status == run.status, Run.pid.is_(None) if run.pid is None else Run.pid == run.pid)
            .values(status="running", pid=os.getpid(), owner_start=owner.mine(), error=None)
            .execution_options(synchronize_session=False)
        ).rowcount
        if not claimed:
            raise UserError(f"Run {run_id} was just taken by another process; see 'scenesmith runs show {run_id}'.")
        # Stages left 'running' by the dead owner never finished: their rows go, the resumed run records its own.
        session.execute(delete(StageRecord).where(StageRecord.run_id == run_id, StageRecord.status == "running").execution_options(synchronize_session=False))
    for leftover in store.work.glob(f"{run_id}-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    remove_leftovers(store)
    runner = StageRunner(store, run_id, progress, pool)
    kind = kinds.get(request.kind)
    try:
        outcome = kind.run(runner, request)
    except UserError as exc:
        outcome = kinds.Outcome(status="failed", error=str(exc), user_error=True)
    except StageFailed as exc:
        outcome = kinds.Outcome(status="failed", error=str(exc))
    except SandboxUnavailable as exc:  # the machine cannot jail a job: the user's to fix (install bubblewrap), exit 2
        outcome = kinds.Outcome(status="failed", error=str(exc), user_error=True)
    except Exception as exc:  # an internal error: keep the trace in the store, fail the run
        outcome = kinds.Outcome(status="failed", error=f"internal error: {type(exc).__name__}: {exc}", report={"traceback": traceback.format_exc()})
    paths = export(store, run_id, outcome.artifacts, kind=request.kind)
    with store.session() as session:
        run = session.get(Run, run_id)
        run.status, run.answer, run.error, run.pid = outcome.status, outcome.answer, outcome.error, None
        run.artifacts = outcome.artifacts
        kept = {k: v for k, v in (run.report or {}).items() if k == "kind_routing"}  # recorded when the run was created
        run.report = {**kept, **outcome.report, "timings": runner.timings, "user_error": outcome.user_error, **({"store_repairs": runner.repairs} if runner.repairs else {})}
    return RunResult(run_id, request.kind, outcome.status, paths, outcome.answer, outcome.error, runner.timings, outcome.report, outcome.user_error)


def export(store: Store, run_id: str, artifacts: dict[str, str], out: Path | None = None, kind: str = "") -> dict[str, str]:
    """Give each artifact a readable name: runs/RUN_ID/video.mp4, or in `out`. Always copies (reflinks where the
    filesystem can), never links: a user's edit of the file must not reach the blob that later runs reuse."""
    target = out or store.dir_for("runs", run_id)
    target.mkdir(parents=True, exist_ok=True)
    paths: dict[str, str] = {}
    for name, blob in artifacts.items():
        dest = target / (file_name(kind, name) + Path(blob).suffix)
        store.blobs.copy_to(blob, dest)
        paths[name] = str(dest)
    return paths


def result_of(store: Store, run_id: str) -> RunResult:
    with store.session() as session:
        run = get_run(session, store, run_id)
        paths = {name: str(store.home / "runs" / run_id / (file_name(run.kind, name) + Path(blob).suffix)) for name, blob in run.artifacts.items()}
        timings = dict(run.report.get("timings", {}))
        return RunResult(run.id, run.kind, shown_status(run), paths, run.answer, run.error, timings, run.report, bool(run.report.get("user_error")))


CANCELLED = "cancelled"
ENDED = ("succeeded", "partial", "failed", CANCELLED)  # a run with one of these statuses is over


def queued_runs(store: Store) -> list[str]:
    """Runs to take up, oldest first: every 'pending' one and every interrupted one (its owner is gone).

    An interrupted run is put back to 'pending' here (only if nobody took it meanwhile), so it is taken like a new one;
    `execute` then drops the stage records its dead owner left 'running'."""
    with store.session() as session:
        rows = session.query(Run).filter(Run.status.in_(("pending", "running"))).order_by(Run.created_at, Run.id).all()
        # a pending run whose creator still lives is that process's to execute (a CLI 'make' about to start it)
        found = [(r.id, r.status, r.pid) for r in rows if (r.status == "pending" and not _alive(r.pid, r.owner_start)) or shown_status(r) == INTERRUPTED]
    taken = []
    for run_id, status, pid in found:
        if status == "running":
            with store.session() as session:
                claimed = session.execute(
                    update(Run).where(Run.id == run_id, Run.status == "running", Run.pid.is_(None) if pid is None else Run.pid == pid)
                    .values(status="pending", pid=None, owner_start=None).execution_options(synchronize_session=False)
                ).rowcount
            if not claimed:
                continue
        taken.append(run_id)
    return taken


def cancel_run(store: Store, run_id: str, error: str = "cancelled by request") -> bool:
    """Store a run that has not ended as 'cancelled'; False when it had already ended."""
    with store.session() as session:
        return bool(session.execute(
            update(Run).where(Run.id == run_id, Run.status.in_(("pending", "running")))
            .values(status=CANCELLED, pid=None, owner_start=None, error=error).execution_options(synchronize_session=False)
        ).rowcount)


def fail_run(store: Store, run_id: str, error: str) -> bool:
    """Store a run whose process died before it could record an end as 'failed' with `error`; False when it had ended."""
    with store.session() as session:
        return bool(session.execute(
            update(Run).where(Run.id == run_id, Run.status.in_(("pending", "running")))
            .values(status="failed", pid=None, owner_start=None, error=error).execution_options(synchronize_session=False)
        ).rowcount)
