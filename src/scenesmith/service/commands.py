"""`scenesmith serve` (the REST API and web studio) and the hidden `scenesmith job RUN_ID` (one job, as the server's child).

The job child prints one JSON object per line on its stdout: {"type": "stage", "stage", "event", "seconds"},
{"type": "progress", "stage", "value", "max"} and last {"type": "end", "status"}. Everything else it (or a library)
would print goes to stderr, so nothing can corrupt that stream. Exit 0: the run's end is stored; 2: the run was
not this job's to drive (it had ended, or another process drives it); anything else: the job crashed.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
from typing import Annotated, Optional

import typer

from scenesmith.cli_parts import HomeOption, err

PARENT_ENV = "SCENESMITH_JOB_PARENT"
PR_SET_PDEATHSIG = 1


class JobReporter:
    """The progress callback of a job child: stage events and progress ticks as JSON lines on the protocol stream."""

    def __init__(self, stream) -> None:
        self.stream = stream
        self.lock = threading.Lock()

    def emit(self, message: dict) -> None:
        with self.lock:
            self.stream.write(json.dumps(message) + "\n")
            self.stream.flush()

    def __call__(self, stage: str, event: str, seconds: float) -> None:
        self.emit({"type": "stage", "stage": stage, "event": event, "seconds": round(seconds, 3)})

    def tick(self, stage: str, value: float, maximum: float) -> None:
        self.emit({"type": "progress", "stage": stage, "value": value, "max": maximum})


def _protocol_stream():
    """Keep the real stdout for the JSON lines only; fd 1 (print, libraries, child processes) goes to stderr from now on."""
    sys.stdout.flush()
    protocol = os.fdopen(os.dup(1), "w", buffering=1)  # os.dup's copy is not inherited by child processes
    os.dup2(2, 1)
    return protocol


def _die_with_server() -> None:
    """A job started by the server dies with it (even by SIGKILL): the run is then interrupted, and resumed on restart."""
    parent = os.environ.get(PARENT_ENV)
    if not parent:
        return
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass
    if str(os.getppid()) != parent:  # the server died before the signal was armed
        os._exit(1)


def job(
    run_id: Annotated[str, typer.Argument(help="The stored run to drive.")],
    home: HomeOption = None,
) -> None:
    """Drive one stored run to its end, printing its events as JSON lines (the server's job process)."""
    from scenesmith.cli import open_store
    from scenesmith.engine import runs as run_api
    from scenesmith.engine.errors import UserError

    protocol = _protocol_stream()
    _die_with_server()
    reporter = JobReporter(protocol)
    pool = None
    try:
        store = open_store(home)
        with store.session() as session:
            run = run_api.get_run(session, store, run_id)
            status, kind = run_api.shown_status(run), run.kind
        if status not in ("pending", run_api.INTERRUPTED):
            raise UserError(f"Run {run_id} is {status}; there is nothing to drive.")
        pool = run_api.warm_pool(store, kind)
        result = run_api.execute(store, run_id, reporter, pool)
    except UserError as exc:
        err.print(f"error: {exc}", highlight=False)
        reporter.emit({"type": "refused", "error": str(exc)})
        raise typer.Exit(2)
    finally:
        if pool is not None:
            pool.close()
    reporter.emit({"type": "end", "status": result.status})


def serve(
    host: Annotated[str, typer.Option(help="Address to bind. Anything but 127.0.0.1 needs SCENESMITH_API_TOKEN set.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[Optional[int], typer.Option(min=1, max=256, help="Jobs run at once (default: the number of cores).")] = None,
    home: HomeOption = None,
) -> None:
    """Serve the REST API (/v1, docs at /docs) and the web studio (/) with a persistent job queue."""
    from scenesmith.cli import EXIT_BAD_INPUT, open_store
    from scenesmith.engine.errors import UserError
    from scenesmith.service.app import TOKEN_ENV, check_access

    token = os.environ.get(TOKEN_ENV) or None
    try:
        check_access(host, token)
        store = open_store(home)
    except UserError as exc:
        err.print(f"[bold red]error:[/] {exc}", highlight=False)
        raise typer.Exit(EXIT_BAD_INPUT)
    import uvicorn

    from scenesmith.service.app import create_app

    app = create_app(store.home, workers, token)
    shown = f"[{host}]" if ":" in host else host
    err.print(f"scenesmith serves {store.home} on http://{shown}:{port} (API docs at /docs); stop with Ctrl-C", highlight=False)
    uvicorn.run(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=5)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.command("job", hidden=True)(job)

