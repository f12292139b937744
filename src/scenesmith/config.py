"""Settings from the environment, with defaults that suit a laptop."""

from __future__ import annotations

import os

from pydantic import BaseModel, Field


class Settings(BaseModel):
    render_timeout_s: float = Field(180.0, gt=0, le=3600, description="wall-clock limit for one scene render (SCENESMITH_RENDER_TIMEOUT)")
    layout_timeout_s: float = Field(120.0, gt=0, le=3600, description="wall-clock limit for the layout probe (SCENESMITH_LAYOUT_TIMEOUT)")
    render_memory_mb: int = Field(4096, ge=256, le=262144, description="address-space limit of a render (SCENESMITH_RENDER_MEMORY_MB)")
    preload: list[str] = Field(default_factory=lambda: ["manim"], max_length=16, description="modules the warm render pool imports ahead of time")
    workers: int = Field(default_factory=lambda: os.cpu_count() or 1, ge=1, le=64, description="scenes rendered at once (SCENESMITH_WORKERS)")

    @classmethod
    def from_env(cls) -> Settings:
        names = {"render_timeout_s": "SCENESMITH_RENDER_TIMEOUT", "layout_timeout_s": "SCENESMITH_LAYOUT_TIMEOUT", "render_memory_mb": "SCENESMITH_RENDER_MEMORY_MB", "workers": "SCENESMITH_WORKERS"}
        return cls(**{field: os.environ[env] for field, env in names.items() if os.environ.get(env)})
