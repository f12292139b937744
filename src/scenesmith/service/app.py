"""The FastAPI app: the REST API under /v1 (docs/service.md), its OpenAPI docs at /docs, the web studio at /."""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import json
import os
import threading
from contextlib import asynccontextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import FastAPI, File, HTTPException, Path as PathParam, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import JSONResponse, Response
from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.exceptions import HTTPException as StarletteHTTPException

from scenesmith.engine import kinds as kind_api
from scenesmith.engine import runs as run_api
from scenesmith.engine.errors import UserError
from scenesmith.engine.request import clean_prompt
from scenesmith.service import artifacts, oneshot
from scenesmith.service.events import EventHub
from scenesmith.service.jobs import JobQueue
from scenesmith.service.schemas import (
    Health, Job, JobAccepted, JobOptions, JobRequest, KindInfo, Message, RefusalAnswer, RunDetail, RunPage, Upload,
)
from scenesmith.service.uploads import check_image, field_error, read_upload
from scenesmith.store import Run, Store

MAX_BODY_BYTES = 30 * 1024 * 1024
KEEPALIVE_S = 15.0
TOKEN_ENV = "SCENESMITH_API_TOKEN"
STUDIO = Path(__file__).parent / "studio"
ENDED = {"succeeded", "partial", "failed", "cancelled"}
JobId = Annotated[str, PathParam(pattern=r"^[0-9a-f]{1,32}$", description="A job's id (a run id).")]
TEXT_INLINE_BYTES = 256 * 1024  # a text output (plan, code, source) up to this size is shown inline in /v1/runs/{id}


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_access(host: str, token: str | None) -> None:
    """Bound to anything but the loopback address, the server refuses to start without a token (UserError)."""
    if not is_loopback(host) and not token:
        raise UserError(f"Bound to {host}, the API would be open to the network: set {TOKEN_ENV} to a secret token first "
                        "(clients then send 'Authorization: Bearer TOKEN'), or bind 127.0.0.1.")


class Service:
    """What the routes share: the store, the queue, the event hub."""

    def __init__(self, home: Path, workers: int, token: str | None, keepalive_s: float) -> None:
        self.store = Store(home)
        self.hub = EventHub()
        self.queue = JobQueue(self.store, workers, self.hub, snapshot=self.job_or_none)
        self.token = token
        self.keepalive_s = keepalive_s
        # Routing loads each kind's planner on first use (seconds: inflect, YAML libraries); once, under this lock.
        self.routing = threading.Lock()

    def warm_up(self) -> None:
        """Load every kind's planner now, so the first request does not pay for it."""
        with self.routing:
            try:
                kind_api.route("warm up the planners", "auto")
            except UserError:
                pass

    # --- reading jobs -----------------------------------------------------------------------------------------
    def status_of(self, run: Run) -> str:
        if self.queue.active(run.id) is not None and run.status in ("pending", "running"):
            return "running"
        if run.status == "pending":
            return "queued"
        return run_api.shown_status(run)

    def job_or_none(self, run_id: str) -> dict[str, Any] | None:
        try:
            return self.job(run_id)
        except HTTPException:
            return None

    def job(self, run_id: str, detail: bool = False) -> dict[str, Any]:
        with self.store.session() as session:
            run = session.get(Run, run_id)
            if run is None:
                raise HTTPException(404, f"No job {run_id}.")
            status = self.status_of(run)
            stages = []
            for record in run.stages:
                stage_status = record.status
                if record.status == "running" and status in (run_api.INTERRUPTED, "cancelled", "failed"):
                    stage_status = status  # it never finished: it went with its run
                stage = {"name": record.name, "status": stage_status, "seconds": record.seconds}
                if detail:
                    stage["log"] = record.log or ""
                    stage["outputs"] = self._outputs(record.outputs or {})
                stages.append(stage)
            report = dict(run.report or {})
            timings = report.get("timings") or {s["name"]: s["seconds"] for s in stages if s["seconds"] is not None}
            active = self.queue.active(run.id)
            job = {
                "job_id": run.id, "kind": run.kind, "prompt": run.prompt, "status": status,
                "created_at": run.created_at, "updated_at": run.updated_at,
                "queue_position": self.queue.position(run.id), "progress": active.progress if active else None,
                "stages": stages, "timings": timings, "error": run.error, "answer": run.answer,
                "answer_latex": report.get("answer_latex") if run.answer else None,
                "artifacts": {name: info for name, blob in (run.artifacts or {}).items() if (info := artifacts.info(self.store, blob))},
                "resume": run_api.resume_command(run.id) if status == run_api.INTERRUPTED else None,
            }
            if detail:
                job["options"] = dict(run.options or {})
                job["report"] = report
        return json.loads(json.dumps(job, default=_json_value))

    def _outputs(self, outputs: dict[str, Any]) -> dict[str, Any]:
        files = {}
        for name, blob in (outputs.get("files") or {}).items():
            info = artifacts.info(self.store, blob)
            if info is None:
                files[name] = {"id": blob, "missing": True}
                continue
            if blob.endswith(artifacts.TEXT_SUFFIXES) and info["size"] <= TEXT_INLINE_BYTES:
                info["text"] = self.store.blobs.path(blob).read_text(encoding="utf-8", errors="replace")
            files[name] = info
        return {"files": files, "value": outputs.get("value")}

    # --- creating jobs ----------------------------------------------------------------------------------------
    def create(self, prompt: str, kind: str, options: JobOptions, inputs: dict[str, str]) -> str:
        """Validate like `scenesmith make` and queue the run: 422 for malformed input, 400 when no kind takes the prompt."""
        if kind != "auto" and kind not in kind_api.all_kinds():
            raise field_error("kind", f"Unknown kind {kind!r}; choose auto or one of {', '.join(sorted(kind_api.all_kinds()))} (GET /v1/kinds).")
        for name, blob in inputs.items():
            if not self.store.blobs.exists(blob):
                raise field_error("inputs", f"The input {name!r} ({blob}) is not in the store; upload it with POST /v1/uploads.")
        text = clean_prompt(prompt)
        with self.routing:
            try:
                kind_api.route(text, kind, set(inputs))
            except UserError as exc:
                raise HTTPException(400, {"error": str(exc), "suggestions": exc.suggestions}) from None
            try:
                run_id = run_api.new_run(self.store, prompt, kind, options.quality, options.hints, options.captions, inputs, options.kind_options(), owned=False)
            except UserError as exc:  # a kind's own options or input files were refused
                raise field_error("options", str(exc)) from None
        self.queue.submit(run_id)
        return run_id

    def accepted(self, run_id: str) -> dict[str, str]:
        return {"job_id": run_id, "status": "queued", "url": f"/v1/jobs/{run_id}", "events": f"/v1/jobs/{run_id}/events"}


class BodyLimit:
    """413 for a request body over the limit, whether it says its length or streams it (ASGI middleware)."""

    def __init__(self, app, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            return await self._refuse(send)
        seen = 0
        started = refused = False

        async def counted():
            nonlocal seen, started, refused
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    if not started:  # answer now: the app may turn the error below into an answer of its own, which is dropped
                        started = refused = True
                        await self._refuse(send)
                    raise _TooLarge()
            return message

        async def watched(message):
            nonlocal started
            if refused:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except _TooLarge:
            pass

    async def _refuse(self, send) -> None:
        body = json.dumps({"detail": f"The request body is over {self.limit // (1024 * 1024)} MB."}).encode()
        await send({"type": "http.response.start", "status": 413, "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass


class TokenCheck:
    """Every /v1 request needs 'Authorization: Bearer TOKEN' when a token is configured (ASGI middleware)."""

    def __init__(self, app, token: str | None) -> None:
        self.app = app
        self.expected = f"Bearer {token}".encode() if token else None

    async def __call__(self, scope, receive, send) -> None:
        if self.expected is None or scope["type"] != "http" or not scope["path"].startswith("/v1"):
            return await self.app(scope, receive, send)
        given = dict(scope.get("headers") or []).get(b"authorization", b"")
        if hmac.compare_digest(given, self.expected):
            return await self.app(scope, receive, send)
        body = json.dumps({"detail": "This server needs 'Authorization: Bearer TOKEN' (the token in SCENESMITH_API_TOKEN)."}).encode()
        await send({"type": "http.response.start", "status": 401, "headers": [(b"content-type", b"application/json"), (b"www-authenticate", b"Bearer")]})
        await send({"type": "http.response.body", "body": body})


def create_app(home: Path, workers: int | None = None, token: str | None = None, keepalive_s: float = KEEPALIVE_S) -> FastAPI:
    service = Service(Path(home), workers or os.cpu_count() or 1, token, keepalive_s)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        service.hub.bind(asyncio.get_running_loop())
        await run_in_threadpool(service.queue.start)
        threading.Thread(target=service.warm_up, name="scenesmith-warm-up", daemon=True).start()
        try:
            yield
        finally:
            await run_in_threadpool(service.queue.stop)

    app = FastAPI(title="scenesmith", version=_version(), lifespan=lifespan,
                  description="One sentence in, a finished and checked visual out. Jobs are runs in the store (docs/service.md).")
    app.state.service = service
    refusals = {400: {"model": RefusalAnswer, "description": "No kind takes the prompt: the planner's message and suggestions."}}
    missing = {404: {"model": Message, "description": "No such job."}}

    @app.get("/v1/health", response_model=Health)
    def health() -> dict:
        queued, running = service.queue.counts()
        return {"status": "ok", "version": _version(), "workers": service.queue.workers, "queued": queued, "running": running, "listeners": service.hub.count()}

    @app.get("/v1/kinds", response_model=list[KindInfo])
    def kinds() -> list[dict]:
        return [{"name": k.name, "description": k.description, "hint": getattr(k, "hint", ""), "inputs": list(getattr(k, "inputs", ())),
                 "needs_inputs": bool(getattr(k, "needs_inputs", False))} for k in kind_api.all_kinds().values()]

    @app.post("/v1/uploads", status_code=201, response_model=Upload, responses={413: {"model": Message}})
    async def upload(file: Annotated[UploadFile, File(description="A PNG, JPEG or WebP image, at most 25 MB and 4096 x 4096.")]) -> dict:
        data = await read_upload(file, "file")
        suffix, content_type = check_image(data, "file")
        blob = await run_in_threadpool(run_api.store_input, service.store, data, suffix, "file")
        return {"upload_id": blob, "size": len(data), "content_type": content_type}

    @app.post("/v1/jobs", status_code=202, response_model=JobAccepted, responses=refusals)
    def submit(body: JobRequest) -> dict:
        return service.accepted(service.create(body.prompt, body.kind, body.options, body.inputs))

    @app.get("/v1/jobs/{job_id}", response_model=Job, responses=missing)
    def job(job_id: JobId) -> dict:
        return service.job(job_id)

    @app.delete("/v1/jobs/{job_id}", response_model=Job, responses={**missing, 409: {"model": Message, "description": "The job has already ended."}})
    def cancel(job_id: JobId) -> dict:
        current = service.job(job_id)
        if current["status"] in ENDED:
            raise HTTPException(409, f"Job {job_id} has already ended ({current['status']}).")
        if not service.queue.cancel(job_id):
            now = service.job(job_id)
            if now["status"] in ENDED:
                raise HTTPException(409, f"Job {job_id} has already ended ({now['status']}).")
            raise HTTPException(409, f"Job {job_id} is driven by another process (a 'scenesmith make' or 'resume'), not by this server.")
        return service.job(job_id)

    @app.get("/v1/jobs/{job_id}/events", responses={**missing, 200: {"content": {"text/event-stream": {}}, "description": "Server-Sent Events."}})
    async def events(job_id: JobId) -> EventSourceResponse:
        await run_in_threadpool(service.job, job_id)  # 404 before the stream starts
        listener = service.hub.subscribe(job_id)

        def sse(name: str, data: Any) -> ServerSentEvent:
            return ServerSentEvent(data=json.dumps(data), event=name)

        async def stream():
            try:
                current = await run_in_threadpool(service.job, job_id)
                waiting = current["queue_position"] is not None or service.queue.active(job_id) is not None
                if current["status"] in ENDED or (current["status"] == run_api.INTERRUPTED and not waiting):
                    yield sse("end", current)
                    return
                if current["queue_position"] is not None:
                    yield sse("queued", {"position": current["queue_position"]})
                if current["progress"]:
                    yield sse("progress", current["progress"])
                while True:
                    event = await listener.get()
                    if event.name == "end" and event.data is None:
                        return
                    yield sse(event.name, event.data)
                    if event.name == "end":
                        return
            finally:
                service.hub.unsubscribe(job_id, listener)

        return EventSourceResponse(stream(), ping=service.keepalive_s, sep="\n", ping_message_factory=lambda: ServerSentEvent(comment="keep-alive"))

    @app.get("/v1/runs", response_model=RunPage)
    def runs(
        kind: Annotated[str | None, Query(max_length=32)] = None,
        status: Annotated[Literal["queued", "running", "succeeded", "partial", "failed", "cancelled", "interrupted"] | None, Query()] = None,
        q: Annotated[str | None, Query(max_length=200, description="Text the prompt contains.")] = None,
        limit: Annotated[int, Query(ge=1, le=100)] = 20,
        offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    ) -> dict:
        return run_page(service, kind, status, q, limit, offset)

    @app.get("/v1/runs/{job_id}", response_model=RunDetail, responses=missing)
    def run_detail(job_id: JobId) -> dict:
        return service.job(job_id, detail=True)

    @app.get("/v1/artifacts/{artifact_id}", responses={200: {"content": {"application/octet-stream": {}}}, 206: {"description": "Part of the file (Range)."},
                                                       304: {"description": "Not modified (If-None-Match)."}, 400: {"model": Message}, 404: {"model": Message}})
    def artifact(artifact_id: Annotated[str, PathParam(pattern=r"^[0-9a-f]{64}(\.[A-Za-z0-9]{1,12})?$", description="A stored file's id (its SHA-256 and suffix).")],
                 request: Request) -> Response:
        return artifacts.serve(service.store, artifact_id, request)

    oneshot.add_routes(app, service)

    app.add_middleware(TokenCheck, token=token)
    app.add_middleware(BodyLimit)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 400 and isinstance(exc.detail, str):  # FastAPI's own "error parsing the body": malformed, so 422
            return JSONResponse({"detail": [{"type": "value_error", "loc": ["body"], "msg": exc.detail, "input": None}]}, status_code=422)
        return await http_exception_handler(request, exc)

    @app.exception_handler(UserError)
    async def user_error(_request: Request, exc: UserError) -> JSONResponse:  # a check the models did not catch
        return JSONResponse({"detail": {"error": str(exc), "suggestions": exc.suggestions}}, status_code=400)

    if STUDIO.is_dir():
        from fastapi.staticfiles import StaticFiles

        app.mount("/", StaticFiles(directory=STUDIO, html=True), name="studio")
    return app


def run_page(service: Service, kind: str | None, status: str | None, q: str | None, limit: int, offset: int) -> dict:
    with service.store.session() as session:
        query = session.query(Run)
        if kind:
            query = query.filter(Run.kind == kind)
        if q:
            escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            query = query.filter(Run.prompt.ilike(f"%{escaped}%", escape="\\"))
        stored = {"queued": ["pending"], "running": ["pending", "running"], "interrupted": ["running"]}.get(status or "", [status] if status else None)
        if stored:
            query = query.filter(Run.status.in_(stored))
        query = query.order_by(Run.created_at.desc(), Run.id.desc())
        if status in ("queued", "running", "interrupted"):  # the shown status depends on who drives the run now
            rows = [r for r in query.all() if service.status_of(r) == status]
            total, rows = len(rows), rows[offset: offset + limit]
        else:
            total, rows = query.count(), query.offset(offset).limit(limit).all()
        items = [{"job_id": r.id, "kind": r.kind, "prompt": r.prompt, "status": service.status_of(r), "created_at": _utc(r.created_at),
                  "thumbnail": _thumbnail(service.store, r.artifacts or {})} for r in rows]
    return {"total": total, "items": items}


def _thumbnail(store: Store, stored: dict[str, str]) -> dict | None:
    for name in ("thumbnail", "png", "gif", "result", "image"):
        if name in stored and (info := artifacts.info(store, stored[name])):
            return info
    return None


def _utc(moment: datetime) -> str:
    """A stored time as ISO 8601 with its zone: the store keeps UTC, and SQLite drops the zone."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).isoformat()


def _json_value(value: Any) -> Any:
    return _utc(value) if isinstance(value, datetime) else str(value)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("scenesmith")
    except PackageNotFoundError:
        return "0+unknown"
