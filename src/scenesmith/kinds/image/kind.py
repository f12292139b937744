"""The image kind: a masked region of a picture repainted to a wish (the museum-map part of the mission).

Stages: prompt (the original and the final prompt: the wish read per language, its texture words in
English, the style preset added), plan (the method and why: a library texture chosen by retrieval, a
removal, or, for a wish the library cannot paint, a fill from the surroundings or the configured diffusion
model), fill (the edited PNG), comparison (before | after). The embedded painter is our own code over
the picture's pixels, so it runs in-process; the diffusion model only when SCENESMITH_INPAINT_MODEL names
a local checkpoint (nothing is downloaded).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from scenesmith.engine.errors import UserError
from scenesmith.engine.kinds import Outcome
from scenesmith.engine.request import Request
from scenesmith.engine.stages import StageIO, StageOutput, StageRunner, code_version
from scenesmith.kinds.image.errors import ImageError
from scenesmith.kinds.image.vocabulary import words_version

PLANNER_VERSION = code_version("scenesmith.kinds.image.planner", "scenesmith.kinds.image.vocabulary", extra=words_version())
FILL_VERSION = code_version("scenesmith.kinds.image.fill", "scenesmith.kinds.image.textures", "scenesmith.kinds.image.images", extra=words_version())
COMPARE_VERSION = code_version("scenesmith.kinds.image.compare", "scenesmith.kinds.image.images")
STYLE_NAMES = ("satellite", "painted", "flat")  # fill.STYLES, named here so options() needs no OpenCV import


def _number(key: str, value: Any, kind: type, low: float, high: float) -> int | float:
    """An option's value as `kind` within [low, high]; strings from the CLI (-o seed=7) are converted."""
    if isinstance(value, bool):
        raise UserError(f"Option {key} must be a number from {low:g} to {high:g}, not {value!r}.")
    try:
        number = float(value) if isinstance(value, str) else value
        if not isinstance(number, (int, float)) or not math.isfinite(number):
            raise ValueError
        if kind is int:
            if float(number) != int(number):
                raise ValueError
            number = int(number)
        else:
            number = float(number)
    except (TypeError, ValueError, OverflowError):
        what = "a whole number" if kind is int else "a number"
        raise UserError(f"Option {key} must be {what} from {low:g} to {high:g}, not {str(value)[:40]!r}.") from None
    if not low <= number <= high:
        raise UserError(f"Option {key}={number:g} is out of range: give {low:g} to {high:g}.")
    return number


class ImageKind:
    name = "image"
    order = 50
    inputs = ("image", "mask")
    needs_inputs = True
    artifact_files = {"image": "edited", "original": "original", "mask": "mask", "comparison": "comparison", "plan": "plan", "prompt": "prompt"}
    description = "an edited image: a masked region repainted to a wish"
    hint = "give --image and --mask (white: repaint) with a wish: a texture ('a lake here', 'Wald hier'; 'scenesmith textures' lists them) or a removal ('remove the car')"
    preload: list[str] = []  # painted in-process with NumPy and OpenCV: no Manim pool
    defaults = {"strength": 1.0, "steps": 30, "seed": 0, "style": "satellite"}

    def claim(self, prompt: str) -> float:
        from scenesmith.kinds.image.planner import claim

        return claim(prompt)

    def suggest(self, prompt: str) -> list[str]:
        from scenesmith.kinds.image.planner import nearest_textures

        return [f"{name} (image texture)" for name in nearest_textures(prompt, k=2)]

    def not_understood(self, prompt: str) -> str | None:
        return f"{prompt[:80]!r} says nothing the image kind can paint: it has no words."

    def refusal(self, prompt: str) -> UserError | None:
        return UserError(f"{prompt[:80]!r} is no wish for the image kind. Say what to paint into the masked region (a texture: 'a lake here', 'Wald hier') or what to remove ('remove the car').")

    def options(self, values: dict[str, Any]) -> dict[str, Any]:
        """The image options with defaults filled: strength 0..1, steps 1..100, seed 0..2^32-1, style (a preset)."""
        unknown = sorted(set(values) - set(self.defaults))
        if unknown:
            raise UserError(f"Unknown option {', '.join(unknown)} for the image kind. Known: {', '.join(self.defaults)} (e.g. -o seed=7 -o style=painted).")
        options = dict(self.defaults)
        for key, value in values.items():
            if key == "style":
                style = str(value).strip().lower()
                if style not in STYLE_NAMES:
                    raise UserError(f"Unknown style {str(value)[:40]!r}. Choose one of: {', '.join(STYLE_NAMES)}.")
                options["style"] = style
            elif key == "strength":
                options[key] = _number(key, value, float, 0.0, 1.0)
            elif key == "steps":
                options[key] = _number(key, value, int, 1, 100)
            else:
                options[key] = _number(key, value, int, 0, 2**32 - 1)
        return options

    def validate(self, store, request: Request) -> None:
        """The image and its mask decode, are no larger than allowed, have one size, and the mask is not empty."""
        self._pair(store, request)

    def register_commands(self, app) -> None:
        from scenesmith.kinds.image.commands import register

        register(app)

    @staticmethod
    def _pair(store, request: Request) -> tuple[np.ndarray, np.ndarray]:
        from scenesmith.kinds.image.images import read_pair

        if "image" not in request.inputs:
            raise UserError("The image kind edits a picture: give it with --image (PNG, JPEG or WebP) and the region to repaint with --mask.")
        if "mask" not in request.inputs:
            raise UserError("The image kind needs a mask: a picture of the image's size, white where to repaint and black elsewhere. Give it with --mask.")
        try:
            return read_pair(store.blobs.path(request.inputs["image"]).read_bytes(), store.blobs.path(request.inputs["mask"]).read_bytes())
        except ImageError as exc:
            raise UserError(str(exc)) from None

    def run(self, runner: StageRunner, request: Request) -> Outcome:
        from scenesmith.kinds.image import diffusion
        from scenesmith.kinds.image.planner import METHOD_NAMES, ImagePlan, plan_edit

        options = self.options(request.options)
        model = diffusion.identity() if diffusion.configured() else None

        def read_prompt(io: StageIO) -> StageOutput:
            from scenesmith.kinds.image.fill import STYLES
            from scenesmith.kinds.image.planner import read

            reading = read(request.prompt)
            final = self.final_prompt(reading, STYLES[options["style"]].prompt)
            record = {"original": request.prompt, "language": reading.language, "translated": reading.translated, "final": final, "style": options["style"]}
            io.log(f"language {reading.language}; final prompt: {final}")
            return StageOutput(files={"prompt": io.put_json(record)}, value=record)

        prompt_out = runner.stage("prompt", PLANNER_VERSION, {"kind": self.name, "prompt": request.prompt, "style": options["style"]}, read_prompt)

        def plan(io: StageIO) -> StageOutput:
            edit = plan_edit(request.prompt, diffusion=model is not None)
            io.log(f"{edit.method}: {edit.reason}")
            value = {"method": edit.method, "texture": edit.texture, "reason": edit.reason, "unused": edit.unused, "partial": edit.partial}
            return StageOutput(files={"plan": io.put_text(edit.model_dump_json(indent=2), ".json")}, value=value)

        plan_out = runner.stage("plan", PLANNER_VERSION, {"kind": self.name, "prompt": request.prompt, "model": model}, plan)
        method = plan_out.value["method"]

        def paint(io: StageIO) -> StageOutput:
            from scenesmith.kinds.image.images import png_bytes

            edit = ImagePlan.model_validate_json(io.path(plan_out.files["plan"]).read_text(encoding="utf-8"))
            image, mask = self._pair(runner.store, request)
            result = self.paint(edit, image, mask, options, prompt_out.value["final"])
            changed = int(np.any(result != image, axis=2).sum())
            io.log(f"{edit.method} on {int(mask.sum())} masked pixels of {image.shape[1]}x{image.shape[0]}; {changed} pixels changed")
            how = METHOD_NAMES[edit.method]
            if edit.method in ("removal", "surroundings"):
                from scenesmith.kinds.image.fill import removal_method

                how += f" ({removal_method(mask)})"
            return StageOutput(files={"image": io.put_bytes(png_bytes(result), ".png")}, value={"changed": changed, "masked": int(mask.sum()), "method": how})

        used = {k: options[k] for k in (("strength", "steps", "seed", "style") if method == "diffusion" else ("strength", "seed", "style") if method == "texture" else ())}
        fill_inputs = {"image": request.inputs.get("image"), "mask": request.inputs.get("mask"), "plan": plan_out.files["plan"], "options": used, "prompt": prompt_out.value["final"], "model": model}
        fill_version = FILL_VERSION + (code_version("scenesmith.kinds.image.diffusion", "scenesmith.media.checkpoints") if method == "diffusion" else "")
        fill_out = runner.stage("fill", fill_version, fill_inputs, paint)

        def compare(io: StageIO) -> StageOutput:
            from scenesmith.kinds.image.compare import side_by_side
            from scenesmith.kinds.image.images import png_bytes, read_image

            before, mask = self._pair(runner.store, request)
            after = read_image(io.path(fill_out.files["image"]).read_bytes())
            return StageOutput(files={"comparison": io.put_bytes(png_bytes(side_by_side(before, after, mask)), ".png")})

        compare_out = runner.stage("comparison", COMPARE_VERSION, {"before": request.inputs.get("image"), "mask": request.inputs.get("mask"), "after": fill_out.files["image"]}, compare)

        value = plan_out.value
        partial = bool(value["partial"]) and method != "diffusion"
        answer = f"Method: {fill_out.value['method']}" + (f", texture '{value['texture']}'" if value["texture"] and method == "texture" else "") + f". Why: {value['reason']}."
        notes = []
        changed = sorted(k for k in options if options[k] != self.defaults[k] and k not in used)
        if changed:
            notes.append(f"{', '.join(changed)} not used: {METHOD_NAMES[method]} takes {', '.join(used) or 'no options'}")
        artifacts = {"image": fill_out.files["image"], "comparison": compare_out.files["comparison"], "original": request.inputs["image"], "mask": request.inputs["mask"], "plan": plan_out.files["plan"], "prompt": prompt_out.files["prompt"]}
        report = {
            "method": method,
            "method_name": fill_out.value["method"],
            "texture": value["texture"],
            "reason": value["reason"],
            "unused_words": value["unused"],
            "prompt": {k: prompt_out.value[k] for k in ("original", "translated", "final", "language")},
            "options": options,
            "pixels_changed": fill_out.value["changed"],
            "notes": notes,
        }
        error = f"Partly done: {value['reason']}." if partial else None
        return Outcome(status="partial" if partial else "succeeded", artifacts=artifacts, answer=answer, error=error, report=report)

    @staticmethod
    def final_prompt(reading, style_prompt: str) -> str:
        """The prompt a model would get: the wish (texture words in English), the texture's own description, the style."""
        from scenesmith.kinds.image.vocabulary import library

        parts = [reading.translated]
        if reading.texture:
            parts.append(library().textures[reading.texture].description)
        parts.append(style_prompt)
        return ", ".join(p for p in parts if p)

    @staticmethod
    def paint(edit, image: np.ndarray, mask: np.ndarray, options: dict[str, Any], final_prompt: str) -> np.ndarray:
        from scenesmith.kinds.image import fill

        if edit.method == "texture":
            return fill.texture_fill(image, mask, edit.texture, seed=options["seed"], strength=options["strength"], style=fill.STYLES[options["style"]])
        if edit.method == "diffusion":
            from scenesmith.kinds.image import diffusion

            try:
                return diffusion.inpaint(image, mask, final_prompt, strength=options["strength"], steps=options["steps"], seed=options["seed"])
            except diffusion.DiffusionError as exc:  # the configured checkpoint is the user's to fix
                raise UserError(f"The diffusion model (SCENESMITH_INPAINT_MODEL) failed: {exc}") from None
        try:
            return fill.removal_fill(image, mask)
        except ValueError as exc:
            raise UserError(f"Cannot fill the region from its surroundings: {exc}. Paint a smaller mask.") from None

