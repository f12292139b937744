"""One-request endpoints for the simple cases: a diagram, a pose GIF, an inpainted image.

Each is an ordinary job (stored, cached, run by the worker pool like any other): the request waits for its end
and answers with the file itself; the header X-Scenesmith-Job names the stored run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

from fastapi import FastAPI, File, Form, HTTPException, Query, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from scenesmith.engine import runs as run_api
from scenesmith.service.jobs import wait_until_ended
from scenesmith.service.schemas import DiagramRequest, JobOptions, Message, PoseRequest, RefusalAnswer
from scenesmith.service.uploads import check_image, field_error, read_upload
from scenesmith.store import Run

if TYPE_CHECKING:
    from scenesmith.service.app import Service

WAIT_S = 300.0  # a one-shot request waits this long for its job; after that it answers 504 with the job's id to follow
JOB_HEADER = "X-Scenesmith-Job"
METHOD_HEADER = "X-Scenesmith-Method"


def run_and_fetch(service: Service, run_id: str, names: tuple[str, ...]) -> tuple[bytes, str, dict]:
    """Wait for the job, then (file bytes, content type, report) of its first artifact among `names`; HTTP errors otherwise."""
    from scenesmith.service import artifacts

    if not wait_until_ended(service.queue, run_id, WAIT_S):
        raise HTTPException(504, {"error": f"The job {run_id} is still running; follow it at /v1/jobs/{run_id}.", "job_id": run_id})
    with service.store.session() as session:
        run = session.get(Run, run_id)
        status, error, stored, report = run.status, run.error, dict(run.artifacts or {}), dict(run.report or {})
    if status not in ("succeeded", "partial"):
        code = 400 if report.get("user_error") else 500
        raise HTTPException(code, {"error": error or f"the job ended {status}", "suggestions": [], "job_id": run_id})
    blob = next((stored[n] for n in names if n in stored), None)
    if blob is None:
        raise HTTPException(500, {"error": f"the job {run_id} made no {' or '.join(names)} file", "suggestions": [], "job_id": run_id})
    return service.store.blobs.path(blob).read_bytes(), artifacts.content_type(blob), report


def _answer(data: bytes, content_type: str, run_id: str, extra: dict[str, str] | None = None) -> Response:
    return Response(content=data, media_type=content_type, headers={JOB_HEADER: run_id, **(extra or {})})


def pose_prompt(poses: list[str]) -> str:
    """Pose names as the step-by-step description the pose planner reads ('stand, then t pose'), checked to plan as asked."""
    import difflib

    from scenesmith.kinds.pose.errors import PoseError
    from scenesmith.kinds.pose.library import load_library
    from scenesmith.kinds.pose.planner import plan_pose

    known = load_library().poses
    unknown = [p for p in poses if p not in known]
    if unknown:
        near = difflib.get_close_matches(unknown[0], list(known), n=3)
        hint = f" Nearest to {unknown[0][:40]!r}: {', '.join(near)}." if near else ""
        raise field_error("poses", f"Unknown pose names: {', '.join(repr(p[:40]) for p in unknown[:5])}.{hint}")
    prompt = ", then ".join(name.replace("_", " ") for name in poses)
    try:
        planned = [step.pose for step in plan_pose(prompt).steps]
    except PoseError as exc:
        raise field_error("poses", str(exc)) from None
    remaining = iter(planned)
    if not all(name in remaining for name in poses) or len(planned) > len(poses) + 2:  # only the standing start and end are added
        raise field_error("poses", f"These poses cannot be drawn by name as given (the planner read them as {', '.join(planned)}).")
    return prompt


def add_routes(app: FastAPI, service: Service) -> None:
    refused = {400: {"model": RefusalAnswer}, 504: {"model": Message}}

    @app.post("/v1/diagram", responses={**refused, 200: {"content": {"image/svg+xml": {}, "image/png": {}}, "description": "The diagram."}}, response_class=Response)
    def diagram(body: DiagramRequest, format: Annotated[Literal["svg", "png"], Query()] = "svg") -> Response:
        run_id = service.create(body.prompt, "diagram", JobOptions(), {})
        data, content_type, _ = run_and_fetch(service, run_id, (format,))
        return _answer(data, content_type, run_id)

    @app.post("/v1/pose/render", responses={**refused, 200: {"content": {"image/gif": {}}, "description": "The looping GIF."}}, response_class=Response)
    def pose(body: PoseRequest) -> Response:
        prompt = body.prompt if body.prompt is not None else pose_prompt(body.poses or [])
        run_id = service.create(prompt, "pose", JobOptions(quality=body.quality), {})
        data, content_type, _ = run_and_fetch(service, run_id, ("gif",))
        return _answer(data, content_type, run_id)

    @app.post("/v1/inpaint", responses={**refused, 200: {"content": {"image/png": {}}, "description": "The edited image."}}, response_class=Response)
    async def inpaint(
        image: Annotated[UploadFile, File(description="The picture to edit: PNG, JPEG or WebP.")],
        mask: Annotated[UploadFile, File(description="Where to repaint (white), the same size as the image.")],
        prompt: Annotated[str, Form(min_length=1, max_length=2000)],
        strength: Annotated[float | None, Form(ge=0, le=1)] = None,
        steps: Annotated[int | None, Form(ge=1, le=200)] = None,
        seed: Annotated[int | None, Form(ge=0, le=2**32 - 1)] = None,
        style: Annotated[str | None, Form(max_length=64)] = None,
    ) -> Response:
        inputs = {}
        for field, upload in (("image", image), ("mask", mask)):
            data = await read_upload(upload, field)
            suffix, _ = check_image(data, field)
            inputs[field] = await run_in_threadpool(run_api.store_input, service.store, data, suffix, field)
        options = {k: v for k, v in {"strength": strength, "steps": steps, "seed": seed, "style": style}.items() if v is not None}

        def run() -> tuple[bytes, str, dict, str]:
            run_id = service.create(prompt, "image", JobOptions(**options), inputs)
            data, content_type, report = run_and_fetch(service, run_id, ("image",))
            return data, content_type, report, run_id

        data, content_type, report, run_id = await run_in_threadpool(run)
        method = str(report.get("method", ""))
        return _answer(data, content_type, run_id, {METHOD_HEADER: method} if method else None)
