"""A scene that hangs (LaTeX that never terminates) is stopped by the timeout and becomes a placeholder card."""

from __future__ import annotations

import json
import time

import pytest

from scenesmith.config import Settings
from scenesmith.engine.stages import StageRunner
from scenesmith.storyboard.ir import Storyboard
from scenesmith.storyboard.pipeline import produce
from scenesmith.store import Run, Store
from tests.videos import read_video

pytestmark = pytest.mark.slow

HANGING = r"\def\x{\x}\x"


def test_hanging_scene_becomes_placeholder(home):
    store = Store(home)
    with store.session() as session:
        session.add(Run(id="hang", prompt="test", kind="test", options={}, status="running", artifacts={}, report={}))
    board = Storyboard.model_validate({"title": "Hang test", "scenes": [
        {"id": "before", "heading": "Before", "narration": "A fine scene.", "elements": [{"type": "equation", "id": "ok", "latex": "a + b = c"}]},
        {"id": "hang", "heading": "Hangs", "narration": "This formula never finishes compiling.", "elements": [{"type": "equation", "id": "bad", "latex": HANGING}]},
        {"id": "after", "heading": "After", "narration": "Another fine scene.", "elements": [{"type": "text", "id": "fine", "text": "Still here"}]},
    ]})
    plan = store.blobs.put_bytes(board.model_dump_json().encode(), ".json")
    started = time.monotonic()
    outcome = produce(StageRunner(store, "hang"), plan, "low", Settings(render_timeout_s=6, layout_timeout_s=6, workers=2))
    elapsed = time.monotonic() - started
    assert elapsed < 60
    assert outcome.status == "partial"
    failed = outcome.report["failed_scenes"]
    assert [f["scene"] for f in failed] == ["Scene02Hang"]
    assert "time limit" in failed[0]["error"]
    assert "Scene02Hang" in outcome.error
    scenes = outcome.report["scenes"]
    assert [s["failed"] for s in scenes] == [False, True, False]
    video = read_video(store.blobs.path(outcome.artifacts["video"]))
    assert abs(video["duration"] - sum(s["duration"] for s in scenes)) < 0.1
    assert scenes[1]["duration"] >= 3
    report = json.loads(store.blobs.path(outcome.artifacts["report"]).read_text())
    assert report["failed_scenes"] == failed
