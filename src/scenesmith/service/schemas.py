"""The API's request and answer shapes (pydantic), so FastAPI validates input (422 with field errors) and documents it."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from scenesmith.engine.errors import UserError
from scenesmith.engine.request import MAX_SOURCE_CHARS, clean_prompt
from scenesmith.store.blobs import valid_name

# The statuses the API shows: the CLI's words, with 'queued' for a stored 'pending' run.
JobStatus = Literal["queued", "running", "succeeded", "partial", "failed", "cancelled", "interrupted"]
REQUEST_FIELDS = ("quality", "hints", "captions")  # options the request itself takes; the rest are the kind's own


def _checked_prompt(value: str) -> str:
    try:
        clean_prompt(value)  # the CLI's own check: empty, too long, control characters
    except UserError as exc:
        raise ValueError(str(exc)) from None
    return value


class JobOptions(BaseModel):
    """The request's own options; any other key is the kind's own option (the kind checks it)."""

    model_config = ConfigDict(extra="allow")
    quality: Literal["low", "medium", "high"] = "low"
    hints: bool = False
    captions: bool = True

    def kind_options(self) -> dict[str, Any]:
        return dict(self.model_extra or {})


class JobRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    prompt: str = Field(min_length=1, max_length=MAX_SOURCE_CHARS, description="What to make (or PlantUML source for a diagram).")
    kind: str = Field("auto", min_length=1, max_length=32, pattern=r"^[a-z][a-z0-9_-]*$", description="auto, or a kind from GET /v1/kinds.")
    options: JobOptions = Field(default_factory=JobOptions)
    inputs: dict[str, str] = Field(default_factory=dict, max_length=8, description="Input files: name -> upload_id (POST /v1/uploads).")

    @field_validator("prompt")
    @classmethod
    def _prompt(cls, value: str) -> str:
        return _checked_prompt(value)

    @field_validator("options")
    @classmethod
    def _few_options(cls, value: JobOptions) -> JobOptions:
        if len(value.kind_options()) > 16:
            raise ValueError("at most 16 kind options")
        return value

    @field_validator("inputs")
    @classmethod
    def _upload_ids(cls, value: dict[str, str]) -> dict[str, str]:
        for name, upload in value.items():
            if not (1 <= len(name) <= 32 and name.isidentifier()):
                raise ValueError(f"input name {name[:40]!r} is not a name (letters, digits, underscore)")
            if not valid_name(upload):
                raise ValueError(f"input {name!r}: {upload[:80]!r} is not an upload_id from POST /v1/uploads")
        return value


class JobAccepted(BaseModel):
    job_id: str
    status: JobStatus
    url: str
    events: str


class Refusal(BaseModel):
    error: str
    suggestions: list[str] = []


class RefusalAnswer(BaseModel):
    detail: Refusal


class Message(BaseModel):
    detail: str


class ArtifactInfo(BaseModel):
    id: str
    url: str
    content_type: str
    size: int | None = None


class StageInfo(BaseModel):
    name: str
    status: str
    seconds: float | None = None


class Progress(BaseModel):
    stage: str
    value: float
    max: float


class Job(BaseModel):
    job_id: str
    kind: str
    prompt: str
    status: JobStatus
    created_at: datetime
    updated_at: datetime | None = None
    queue_position: int | None = None
    progress: Progress | None = None
    stages: list[StageInfo] = []
    timings: dict[str, float] = {}
    error: str | None = None
    answer: str | None = None
    answer_latex: str | None = None
    artifacts: dict[str, ArtifactInfo] = {}
    resume: str | None = None


class StageDetail(StageInfo):
    log: str = ""
    outputs: dict[str, Any] = {}


class RunDetail(Job):
    options: dict[str, Any] = {}
    report: dict[str, Any] = {}
    stages: list[StageDetail] = []  # type: ignore[assignment]


class RunSummary(BaseModel):
    job_id: str
    kind: str
    prompt: str
    status: JobStatus
    created_at: datetime
    thumbnail: ArtifactInfo | None = None


class RunPage(BaseModel):
    total: int
    items: list[RunSummary]


class Health(BaseModel):
    status: Literal["ok"]
    version: str
    workers: int
    queued: int
    running: int
    listeners: int


class KindInfo(BaseModel):
    name: str
    description: str
    hint: str
    inputs: list[str]
    needs_inputs: bool


class Upload(BaseModel):
    upload_id: str
    size: int
    content_type: str


class DiagramRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    prompt: str = Field(min_length=1, max_length=MAX_SOURCE_CHARS, description="A diagram described in English, or PlantUML source.")

    @field_validator("prompt")
    @classmethod
    def _prompt(cls, value: str) -> str:
        return _checked_prompt(value)


class PoseRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    prompt: str | None = Field(None, min_length=1, max_length=MAX_SOURCE_CHARS, description="A motion ('do three jumping jacks').")
    poses: list[str] | None = Field(None, min_length=1, max_length=24, description="Pose names from the library, in order.")
    quality: Literal["low", "medium", "high"] = "low"

    @field_validator("prompt")
    @classmethod
    def _prompt(cls, value: str | None) -> str | None:
        return None if value is None else _checked_prompt(value)

    @model_validator(mode="after")
    def _one_of(self) -> PoseRequest:
        if (self.prompt is None) == (self.poses is None):
            raise ValueError("give either 'prompt' or 'poses', not both and not neither")
        return self
