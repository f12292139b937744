"""The pose kind: a prompt to a stick-figure animation (GIF and MP4) built only from verified poses.

Stages: plan (prompt → steps of library poses), keyframes (timed joint angles and COCO-17
keypoints, as JSON), render (anti-aliased frames → looping GIF, MP4 and a thumbnail).
The drawing is our own code over validated data, so it runs in-process: no sandbox needed.
"""

from __future__ import annotations

import json

from scenesmith.engine.errors import UserError
from scenesmith.engine.kinds import Outcome
from scenesmith.engine.request import Request
from scenesmith.engine.stages import StageIO, StageOutput, StageRunner, code_version
from scenesmith.kinds.pose.errors import PoseError
from scenesmith.kinds.pose.library import data_version
from scenesmith.kinds.pose.vocabulary import words_version
from scenesmith.media.quality import quality

MEDIA = ("scenesmith.media.encode", "scenesmith.media.fonts", "scenesmith.media.text", "scenesmith.media.thumbnail")
PLANNER_VERSION = code_version(
    "scenesmith.kinds.pose.planner", "scenesmith.kinds.pose.vocabulary", "scenesmith.kinds.pose.library", "scenesmith.kinds.pose.skeleton", extra=data_version() + words_version()
)
MOTION_VERSION = code_version("scenesmith.kinds.pose.motion", "scenesmith.kinds.pose.library", "scenesmith.kinds.pose.skeleton", extra=data_version())
RENDER_VERSION = code_version("scenesmith.kinds.pose.render", "scenesmith.kinds.pose.motion", "scenesmith.kinds.pose.skeleton", *MEDIA, extra=data_version())


class PoseKind:
    name = "pose"
    order = 30
    artifact_files = {"gif": "animation", "video": "video", "thumbnail": "thumbnail", "keyframes": "keyframes", "plan": "plan"}
    description = "a stick-figure action from the pose library"
    hint = "describe a motion from 'scenesmith actions' ('do three jumping jacks'), or poses step by step"
    preload: list[str] = []  # drawn in-process with Pillow: no Manim pool

    def claim(self, prompt: str) -> float:
        from scenesmith.kinds.pose.planner import claim

        return claim(prompt)

    def suggest(self, prompt: str) -> list[str]:
        from scenesmith.kinds.pose.planner import asks_for_a_motion, library

        if not asks_for_a_motion(prompt):  # "Explain the Pythagorean theorem with legs 500 and 3" is no near miss of a walk
            return []
        return [f"{a.title} (stick figure)" for a in library().nearest_actions(prompt, k=2, by_spelling=False)]

    def refusal(self, prompt: str) -> UserError | None:
        from scenesmith.kinds.pose.planner import plan_pose

        try:
            plan_pose(prompt)
        except PoseError as exc:  # lists the nearest actions
            return UserError(str(exc), exc.suggestions)
        return None

    def register_commands(self, app) -> None:
        from scenesmith.kinds.pose.commands import register

        register(app)

    def run(self, runner: StageRunner, request: Request) -> Outcome:
        from scenesmith.kinds.pose import motion, render
        from scenesmith.kinds.pose.library import load_library
        from scenesmith.kinds.pose.planner import PosePlan, plan_pose
        from scenesmith.media import artwork

        spec = quality(request.quality)
        size, fps = spec.animation_size, spec.animation_fps

        def plan(io: StageIO) -> StageOutput:
            try:
                pose_plan = plan_pose(request.prompt)
            except PoseError as exc:  # nothing verified fits the prompt: a bad request, not our failure
                raise UserError(str(exc), exc.suggestions) from None
            for line in pose_plan.understood:
                io.log(line)
            return StageOutput(files={"plan": io.put_text(pose_plan.model_dump_json(indent=2), ".json")}, value={"title": pose_plan.title, "steps": len(pose_plan.steps)})

        plan_out = runner.stage("plan", PLANNER_VERSION, {"kind": self.name, "prompt": request.prompt}, plan)

        def timed(io: StageIO) -> tuple[PosePlan, list, list]:
            pose_plan = PosePlan.model_validate_json(io.path(plan_out.files["plan"]).read_text(encoding="utf-8"))
            keys = motion.keyframes(pose_plan.steps, load_library().poses, pose_plan.speed)
            return pose_plan, keys, motion.sample(keys, fps)

        def keyframes(io: StageIO) -> StageOutput:
            _, keys, frames = timed(io)
            document = motion.keyframes_document(keys, frames, fps)
            io.log(f"{len(keys)} keyframes, {len(frames)} frames at {fps} fps ({document['duration']:.2f} s)")
            return StageOutput(files={"keyframes": io.put_text(json.dumps(document, indent=1), ".json")}, value={"frames": len(frames), "duration": document["duration"]})

        key_out = runner.stage("keyframes", MOTION_VERSION, {"plan": plan_out.files["plan"], "fps": fps}, keyframes)

        def draw(io: StageIO) -> StageOutput:
            pose_plan, _, frames = timed(io)
            images = render.render_frames(frames, size, size, caption=request.captions, title=pose_plan.title)
            runner.tick("render", 1, 3)  # progress: frames drawn, GIF written, MP4 written
            gif, mp4, thumb = io.workdir / "animation.gif", io.workdir / "video.mp4", io.workdir / "thumbnail.png"
            render.write_gif(images, fps, gif)
            runner.tick("render", 2, 3)
            render.write_mp4(images, fps, mp4)
            runner.tick("render", 3, 3)
            render.thumbnail(frames, pose_plan.title, thumb)
            io.log(f"{len(images)} frames of {size}x{size}")
            return StageOutput(files={"gif": io.put_file(gif), "video": io.put_file(mp4), "thumbnail": io.put_file(thumb)})

        render_out = runner.stage("render", RENDER_VERSION, {"plan": plan_out.files["plan"], "size": size, "fps": fps, "captions": request.captions, **artwork.stage_inputs()}, draw)
        artifacts = {"plan": plan_out.files["plan"], "keyframes": key_out.files["keyframes"], **render_out.files}
        report = {"title": plan_out.value["title"], "frames": key_out.value["frames"], "duration": key_out.value["duration"], "fps": fps}
        return Outcome(status="succeeded", artifacts=artifacts, report=report)
