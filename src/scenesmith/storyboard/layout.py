"""Layout check from scene geometry: overlaps and off-frame elements, found before rendering.

The sandboxed worker constructs each scene in dry-run mode and records the bounding box
of every on-screen mobject after every animation; this module judges those boxes.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from pydantic import BaseModel

from scenesmith import sandbox

# Boxes may touch; an overlap must be this deep in both directions to count.
OVERLAP_TOLERANCE = 0.05
FRAME_TOLERANCE = 0.02


class LayoutIssue(BaseModel):
    scene: str
    problem: str  # "overlap" | "off_frame" | "error"
    elements: list[str]
    detail: str

    def __str__(self) -> str:
        return f"{self.scene}: {self.detail}"


class LayoutReport(BaseModel):
    scenes: list[str]
    issues: list[LayoutIssue]

    @property
    def ok(self) -> bool:
        return not self.issues

    def for_scene(self, scene: str) -> list[LayoutIssue]:
        return [i for i in self.issues if i.scene == scene]


def _exempt(a: str, b: str) -> bool:
    """A highlight is meant to surround its target."""
    return a == f"highlight_of_{b}" or b == f"highlight_of_{a}"


def _overlap(a: list[float], b: list[float]) -> tuple[float, float]:
    return min(a[2], b[2]) - max(a[0], b[0]), min(a[3], b[3]) - max(a[1], b[1])


def analyze(probe: dict) -> LayoutReport:
    """Judge the probe's snapshots: every pair of elements on screen together, and the frame."""
    half_w, half_h = probe["frame"][0] / 2, probe["frame"][1] / 2
    issues: dict[tuple, LayoutIssue] = {}
    for scene, message in probe.get("errors", {}).items():
        issues[(scene, "error")] = LayoutIssue(scene=scene, problem="error", elements=[], detail=f"scene could not be constructed: {message}")
    for scene, snapshots in probe["scenes"].items():
        for step, elements in enumerate(snapshots):
            for el in elements:
                left, bottom, right, top = el["box"]
                if left < -half_w - FRAME_TOLERANCE or right > half_w + FRAME_TOLERANCE or bottom < -half_h - FRAME_TOLERANCE or top > half_h + FRAME_TOLERANCE:
                    key = (scene, "off_frame", el["name"])
                    issues.setdefault(key, LayoutIssue(
                        scene=scene, problem="off_frame", elements=[el["name"]],
                        detail=f"'{el['name']}' leaves the frame after animation {step + 1} (box x {left:.2f}..{right:.2f}, y {bottom:.2f}..{top:.2f}; frame x ±{half_w:.2f}, y ±{half_h:.2f})",
                    ))
            for i, a in enumerate(elements):
                for b in elements[i + 1:]:
                    if a["name"] == b["name"] or _exempt(a["name"], b["name"]):
                        continue
                    dx, dy = _overlap(a["box"], b["box"])
                    if dx > OVERLAP_TOLERANCE and dy > OVERLAP_TOLERANCE:
                        names = sorted([a["name"], b["name"]])
                        key = (scene, "overlap", *names)
                        issues.setdefault(key, LayoutIssue(
                            scene=scene, problem="overlap", elements=names,
                            detail=f"'{names[0]}' overlaps '{names[1]}' after animation {step + 1} (by {dx:.2f} x {dy:.2f} units)",
                        ))
    return LayoutReport(scenes=list(probe["scenes"]), issues=list(issues.values()))


def read_probe(lines: list[str], failure: str | None) -> dict:
    """Turn the worker's JSON lines into {frame, scenes, errors}; a scene that started but never finished is named."""
    probe: dict = {"frame": [14.222, 8.0], "scenes": {}, "errors": {}}
    started: list[str] = []
    for line in lines:
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue  # the last line of a killed probe may be cut short
        if "frame" in record:
            probe["frame"] = record["frame"]
        elif record.get("started"):
            started.append(record["scene"])
        elif "snapshots" in record:
            probe["scenes"][record["scene"]] = record["snapshots"]
        elif "error" in record:
            probe["errors"][record["scene"]] = record["error"]
    for scene in started:
        if scene not in probe["scenes"] and scene not in probe["errors"]:
            probe["errors"][scene] = f"construction did not finish: {failure or 'the probe stopped'}"
    return probe


def check_code(code: Path, workdir: Path, tex_cache: Path | None = None, limits: sandbox.Limits = sandbox.Limits(timeout_s=120), pool: sandbox.WarmPool | None = None) -> LayoutReport:
    """Probe a generated scene file in the sandbox and judge its layout."""
    out = workdir / "layout.jsonl"
    workdir.mkdir(parents=True, exist_ok=True)
    if not code.resolve().is_relative_to(workdir.resolve()):  # the jail shows the job only its own folder
        code = Path(shutil.copyfile(code, workdir / code.name))
    args = ["probe", str(code.resolve()), "--out", str(out.resolve())]
    if tex_cache:
        args += ["--tex-cache", str(tex_cache)]
    result = sandbox.run_module("scenesmith.storyboard.manim_worker", args, workdir, limits, pool, read_write=[tex_cache] if tex_cache else [])
    lines = out.read_text().splitlines() if out.exists() else []
    if not lines:
        return LayoutReport(scenes=[], issues=[LayoutIssue(scene="*", problem="error", elements=[], detail=f"layout probe failed: {result.failure()}")])
    return analyze(read_probe(lines, None if result.ok else result.failure()))
