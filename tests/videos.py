"""Helpers to read rendered outputs back with PyAV, for assertions against the plan."""

from __future__ import annotations

import json
from pathlib import Path

import av

QUALITY = {"low": (854, 480, 15), "medium": (1280, 720, 30), "high": (1920, 1080, 60)}


def read_video(path: str | Path) -> dict:
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames = sum(1 for _ in container.decode(stream))
        fps = float(stream.guessed_rate)
        return {"width": stream.width, "height": stream.height, "fps": fps, "frames": frames, "duration": frames / fps}


def assert_matches_plan(artifacts: dict, quality: str = "low") -> dict:
    """Frame size from the quality, duration from the compiled plan (one frame of slack per animation)."""
    video = read_video(artifacts["video"])
    width, height, fps = QUALITY[quality]
    assert (video["width"], video["height"], round(video["fps"])) == (width, height, fps)
    report = json.loads(Path(artifacts["report"]).read_text())
    planned = sum(scene["planned_duration"] for scene in report["scenes"])
    code = Path(artifacts["code"]).read_text()
    animations = code.count("self.play(") + code.count("self.wait(") + 8 * code.count("for before, after, reason")
    assert abs(video["duration"] - planned) <= animations / fps + 0.05, (video["duration"], planned)
    plan = json.loads(Path(artifacts["plan"]).read_text())
    assert len(plan["scenes"]) == len(report["scenes"])
    return video
