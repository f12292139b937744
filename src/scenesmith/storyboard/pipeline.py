"""From a stored plan to a finished video: compile, check layout, render scenes in parallel, join, subtitle, thumbnail.

Every step is a cached stage. Scene renders are keyed by their own source and the quality,
so changing the quality re-renders without re-planning, and editing one scene re-renders
only that scene. A scene that still fails after the sandbox gives up becomes a placeholder
card, the run ends as `partial`, and the report says what failed.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from importlib import metadata
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from scenesmith import sandbox
from scenesmith.config import Settings
from scenesmith.engine.kinds import Outcome
from scenesmith.engine.stages import StageIO, StageOutput, StageRunner, code_version
from scenesmith.media import artwork
from scenesmith.storyboard import layout, subtitles, thumbnail, video
from scenesmith.storyboard.compiler import CompiledStoryboard, compile_storyboard
from scenesmith.storyboard.ir import Storyboard

# Versions follow the code: editing a module invalidates exactly the stages that use it.
COMPILER_VERSION = code_version("scenesmith.storyboard.compiler", "scenesmith.storyboard.ir", "scenesmith.storyboard.expressions")
MANIM = f"manim {metadata.version('manim')}"
LAYOUT_VERSION = code_version("scenesmith.storyboard.layout", "scenesmith.storyboard.manim_worker", extra=MANIM)
VIDEO = ("scenesmith.storyboard.video", "scenesmith.media.encode", "scenesmith.media.fonts", "scenesmith.media.quality")
RENDER_VERSION = code_version("scenesmith.storyboard.manim_worker", *VIDEO, extra=MANIM)
ASSEMBLE_VERSION = code_version(*VIDEO)
SUBTITLES_VERSION = code_version("scenesmith.storyboard.subtitles")
THUMBNAIL_VERSION = code_version("scenesmith.storyboard.thumbnail", "scenesmith.media.thumbnail", "scenesmith.media.text", *VIDEO)
WORKER = "scenesmith.storyboard.manim_worker"
VISUAL_ELEMENTS = {"axes_plot", "area_under_curve", "shape", "vectors", "number_line", "segments", "table", "tree", "cells", "matrix"}


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def tex_cache(runner: StageRunner) -> Path:
    return runner.store.dir_for("cache", "tex")


def compile_stage(runner: StageRunner, plan_blob: str) -> tuple[str, CompiledStoryboard]:
    def run(io: StageIO) -> StageOutput:
        board = Storyboard.model_validate_json(io.path(plan_blob).read_text())
        compiled = compile_storyboard(board)
        meta = compiled.model_copy(update={"source": ""})
        return StageOutput(files={"code": io.put_text(compiled.source, ".py")}, value=meta.model_dump())

    out = runner.stage("compile", COMPILER_VERSION, {"plan": plan_blob}, run)
    compiled = CompiledStoryboard.model_validate(out.value)
    compiled.source = runner.store.blobs.read_text(out.files["code"])
    return out.files["code"], compiled


def layout_stage(runner: StageRunner, code_blob: str, settings: Settings, pool: sandbox.WarmPool | None = None) -> layout.LayoutReport:
    def run(io: StageIO) -> StageOutput:
        report = layout.check_code(io.path(code_blob), io.workdir, tex_cache(runner), sandbox.Limits(timeout_s=settings.layout_timeout_s, memory_mb=settings.render_memory_mb), pool)
        for issue in report.issues:
            io.log(str(issue))
        # A probe that crashed is not a verdict: do not cache it.
        crashed = any(i.scene == "*" for i in report.issues)
        return StageOutput(value=report.model_dump(), cache=not crashed)

    return layout.LayoutReport.model_validate(runner.stage("layout", LAYOUT_VERSION, {"code": code_blob}, run).value)


def render_stage(runner: StageRunner, compiled: CompiledStoryboard, index: int, quality: str, settings: Settings, pool: sandbox.WarmPool | None = None) -> StageOutput:
    scene = compiled.scenes[index]
    header = compiled.source.split("\n\nclass ", 1)[0]
    inputs = {"header": _sha(header), "scene": _sha(scene.source), "class": scene.class_name, "quality": quality}

    def run(io: StageIO) -> StageOutput:
        code = io.workdir / "scenes.py"
        code.write_text(header + "\n\n" + scene.source)
        out = io.workdir / f"{scene.class_name}.mp4"
        args = ["render", str(code), scene.class_name, "--quality", quality, "--out", str(out), "--tex-cache", str(tex_cache(runner))]
        limits = sandbox.Limits(timeout_s=settings.render_timeout_s, memory_mb=settings.render_memory_mb)
        result = sandbox.run_module(WORKER, args, io.workdir, limits, pool, read_write=[tex_cache(runner)])
        if not result.ok and not result.timed_out:
            io.log(f"first attempt failed ({result.failure()}); retrying once in a fresh process")
            result = sandbox.run_module(WORKER, args, io.workdir, limits, read_write=[tex_cache(runner)])
        io.log(result.stderr[-4000:])
        if result.ok and out.exists():
            info = video.probe(out)
            return StageOutput(files={"scene": io.put_file(out)}, value={"duration": info.duration, "failed": False, "error": None})
        reason = result.failure()
        io.log(f"render failed: {reason}")
        card = io.workdir / "placeholder.mp4"
        video.placeholder(card, f"{scene.class_name}: {reason}", f"Scene {index + 1} could not be rendered", max(3.0, min(scene.duration, 10.0)), quality)
        # Not cached: the next run or a resume tries the real render again.
        return StageOutput(files={"scene": io.put_file(card)}, value={"duration": video.probe(card).duration, "failed": True, "error": reason}, cache=False)

    return runner.stage(f"render:{scene.class_name}", RENDER_VERSION, inputs, run)


def assemble_stage(runner: StageRunner, scene_blobs: list[str]) -> str:
    def run(io: StageIO) -> StageOutput:
        out = io.workdir / "video.mp4"
        video.concat([io.path(b) for b in scene_blobs], out)
        info = video.probe(out)
        return StageOutput(files={"video": io.put_file(out)}, value={"duration": info.duration, "width": info.width, "height": info.height, "fps": info.fps})

    return runner.stage("assemble", ASSEMBLE_VERSION, {"scenes": scene_blobs}, run).files["video"]


def subtitles_stage(runner: StageRunner, narration: list[str], durations: list[float]) -> str:
    def run(io: StageIO) -> StageOutput:
        return StageOutput(files={"subtitles": io.put_text(subtitles.build_srt(list(zip(narration, durations))), ".srt")})

    return runner.stage("subtitles", SUBTITLES_VERSION, {"narration": narration, "durations": durations}, run).files["subtitles"]


def key_scene(board: Storyboard) -> int:
    """The scene whose last frame best shows the video: the first one with a picture, else the last."""
    for index, scene in enumerate(board.scenes):
        if any(el.type in VISUAL_ELEMENTS for el in scene.elements):
            return index
    return len(board.scenes) - 1


def thumbnail_stage(runner: StageRunner, plan_blob: str, board: Storyboard, scene_blobs: list[str]) -> str:
    index = key_scene(board)

    def run(io: StageIO) -> StageOutput:
        frame = video.last_frame(io.path(scene_blobs[index]))
        image = thumbnail.make_thumbnail(frame, board.title, board.kind, board.scenes[0].narration)
        out = io.workdir / "thumbnail.png"
        image.save(out, optimize=True)
        return StageOutput(files={"thumbnail": io.put_file(out)})

    return runner.stage("thumbnail", THUMBNAIL_VERSION, {"plan": plan_blob, "frame_from": scene_blobs[index], **artwork.stage_inputs()}, run).files["thumbnail"]


def produce(runner: StageRunner, plan_blob: str, quality: str, settings: Settings | None = None) -> Outcome:
    """Everything after planning. The layout probe runs beside the renders, so it costs no wall time."""
    settings = settings or Settings.from_env()
    board = Storyboard.model_validate_json(runner.store.blobs.read_text(plan_blob))
    code_blob, compiled = compile_stage(runner, plan_blob)
    # One warm fork server per run: Manim is imported once, each job still gets its own confined process.
    # The caller may have started it already (so the import overlapped with planning); else start one here.
    own_pool = runner.pool is None
    if own_pool:  # one jail for this run's jobs: writable are its own job folders (runner.workspace) and the LaTeX cache
        home = runner.store.work / f"{runner.run_id}-warm"
        runner.pool = sandbox.WarmPool(settings.preload, home, workspace=home / "jobs", shared=[tex_cache(runner)])
    warm = runner.pool
    try:
        with ThreadPoolExecutor(max_workers=settings.workers) as threads:
            layout_future = threads.submit(layout_stage, runner, code_blob, settings, warm)
            renders = [threads.submit(render_stage, runner, compiled, i, quality, settings, warm) for i in range(len(compiled.scenes))]
            rendered = itertools.count(1)  # progress: scenes rendered so far, of all (next() on a count is atomic)
            for future in renders:
                future.add_done_callback(lambda _f: runner.tick("render", next(rendered), len(renders)))
            scenes = [f.result() for f in renders]
            report = layout_future.result()
    finally:
        if own_pool:
            warm.close()
            runner.pool = None
    scene_blobs = [s.files["scene"] for s in scenes]
    video_blob = assemble_stage(runner, scene_blobs)
    srt_blob = subtitles_stage(runner, [s.narration for s in compiled.scenes], [s.value["duration"] for s in scenes])
    thumb_blob = thumbnail_stage(runner, plan_blob, board, scene_blobs)

    failed = [{"scene": compiled.scenes[i].class_name, "error": s.value["error"]} for i, s in enumerate(scenes) if s.value["failed"]]
    problems = [f"{f['scene']} was replaced by a placeholder: {f['error']}" for f in failed]
    problems += [f"layout: {issue}" for issue in report.issues]
    report_data = {
        "scenes": [{"class": c.class_name, "planned_duration": c.duration, "duration": s.value["duration"], "failed": s.value["failed"]} for c, s in zip(compiled.scenes, scenes)],
        "failed_scenes": failed,
        "layout_issues": [i.model_dump() for i in report.issues],
        "problems": problems,
    }
    report_blob = runner.store.blobs.put_bytes(json.dumps(report_data, indent=2).encode(), ".json")
    return Outcome(
        status="partial" if problems else "succeeded",
        artifacts={"video": video_blob, "subtitles": srt_blob, "thumbnail": thumb_blob, "plan": plan_blob, "code": code_blob, "report": report_blob},
        answer=board.answer_text,
        error="; ".join(problems) if problems else None,
        report=report_data,
    )
