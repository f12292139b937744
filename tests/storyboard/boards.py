"""Hand-written storyboards used by several tests: one of every element type."""

from __future__ import annotations

from scenesmith.storyboard.ir import Storyboard

EVERY_ELEMENT = {
    "title": "Every element",
    "scenes": [
        {"id": "words", "heading": "Text and equations", "narration": "Words and a formula.", "elements": [
            {"type": "text", "id": "intro", "text": "A sentence that is long enough to be wrapped onto two lines by the compiler's text wrapper", "size": "body"},
            {"type": "equation", "id": "formula", "latex": r"\frac{a}{b} + \sqrt{x^2 + 1} = \left| y - 3 \right|", "boxed": True},
        ]},
        {"id": "steps", "heading": "Steps", "narration": "Subtract, then divide.", "elements": [
            {"type": "equation_steps", "id": "work", "start": "3x + 7 = 22", "steps": [
                {"latex": "3x = 15", "reason": "Subtract 7 from both sides"},
                {"latex": "x = 5", "reason": "Divide both sides by 3"},
            ], "box_last": True},
        ]},
        {"id": "graph", "heading": "A graph", "narration": "A parabola with its roots and a tangent.", "elements": [
            {"type": "axes_plot", "id": "plot", "x_range": {"min": -4, "max": 4}, "y_range": {"min": -5, "max": 6},
             "functions": [{"expr": "x**2 - 4", "label": "y = x^2 - 4"}],
             "points": [{"x": -2, "y": 0, "label": "(-2, 0)"}, {"x": 2, "y": 0, "label": "(2, 0)"}],
             "tangent": {"expr": "x**2 - 4", "x0": 1}},
        ]},
        {"id": "area", "heading": "Area", "narration": "The area under x squared.", "elements": [
            {"type": "area_under_curve", "id": "region", "expr": "x**2", "a": 0, "b": 2, "x_range": {"min": -1, "max": 3}, "y_range": {"min": 0, "max": 9, "step": 2}, "value_latex": r"\int_0^2 x^2\,dx = \frac{8}{3}"},
        ]},
        {"id": "shapes", "heading": "Shapes", "layout": "row", "narration": "A right triangle and the theorem.", "elements": [
            {"type": "shape", "id": "tri", "shape": "right_triangle", "width": 4, "height": 3, "labels": [{"text": "a", "at": "side_a"}, {"text": "b", "at": "side_b"}, {"text": "c", "at": "side_c"}]},
            {"type": "shape", "id": "disc", "shape": "circle", "show_radius": True, "labels": [{"text": "r", "at": "side_a"}]},
            {"type": "equation", "id": "pyth", "latex": "a^2 + b^2 = c^2"},
            {"type": "highlight", "id": "mark", "target": "pyth"},
        ]},
        {"id": "vectors", "heading": "Vectors", "narration": "Tip to tail.", "elements": [
            {"type": "vectors", "id": "arrows", "vectors": [{"x": 3, "y": 1, "label": r"\vec{u}"}, {"x": 1, "y": 2, "label": r"\vec{v}", "color": "red"}], "show_sum": True},
        ]},
        {"id": "line", "heading": "Number line", "narration": "All numbers below seven.", "elements": [
            {"type": "number_line", "id": "axis", "x_range": {"min": 0, "max": 10}, "intervals": [{"end": 7}], "points": [{"x": 7, "y": 0, "label": "7"}]},
            {"type": "text", "id": "note", "text": "x < 7", "size": "caption"},
        ]},
    ],
}


def every_element() -> Storyboard:
    return Storyboard.model_validate(EVERY_ELEMENT)
