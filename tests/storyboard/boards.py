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


# Text that needs escaping in every place the compiler writes text.
QUOTING = {"title": 'He said "hi" \\', "scenes": [{"id": "a", "heading": 'Quote " and \\', "narration": 'A """ narration \\',
                                                   "elements": [{"type": "text", "id": "t", "text": 'It\'s "quoted" \\'}]}]}

# Element and scene ids that are Python keywords, builtins or names the generated code uses itself.
PYTHON_NAMES = {"title": "t", "scenes": [{"id": "class", "narration": "n", "elements": [
    {"type": "text", "id": "try", "text": "a"}, {"type": "equation", "id": "print", "latex": "x"},
    {"type": "text", "id": "body", "text": "b"}, {"type": "highlight", "id": "lambda", "target": "print"}]}]}


# Binary search for 23 in a sorted list: the low/mid/high pointers close in, the rest fades.
_SORTED = [2, 5, 8, 12, 16, 23, 38, 56, 72, 91]

NEW_ELEMENTS = {
    "title": "Every new element",
    "scenes": [
        {"id": "parallel", "heading": "Parallel lines", "narration": "A transversal cuts two parallel lines.", "elements": [
            {"type": "segments", "id": "lines", "points": [
                {"name": "A", "x": -5.5, "y": 1, "dot": False}, {"name": "B", "x": 4, "y": 1, "dot": False},
                {"name": "C", "x": -5.5, "y": -1.5, "dot": False}, {"name": "D", "x": 4, "y": -1.5, "dot": False},
                {"name": "T1", "x": -0.5, "y": -3, "dot": False}, {"name": "T2", "x": 3.7, "y": 3, "dot": False},
                {"name": "P", "x": 2.3, "y": 1, "label": "P"}, {"name": "Q", "x": 0.55, "y": -1.5, "label": "Q"}],
             "segments": [
                {"start": "A", "end": "B", "color": "blue", "label": "m"}, {"start": "C", "end": "D", "color": "blue", "label": "n"},
                {"start": "T1", "end": "T2", "dashed": True}],
             "angles": [
                {"vertex": "P", "start": "B", "end": "T2", "label": "55°"},
                {"vertex": "Q", "start": "D", "end": "T2", "label": "55°", "color": "green"},
                {"vertex": "P", "start": "T2", "end": "A", "label": "125^\\circ", "color": "orange"}]},
        ]},
        {"id": "radian", "heading": "One radian", "layout": "row", "narration": "An arc as long as the radius.", "elements": [
            {"type": "segments", "id": "wheel", "points": [
                {"name": "O", "x": 0, "y": 0, "label": "O"}, {"name": "A", "x": 2, "y": 0, "dot": False},
                {"name": "B", "x": 1.0806, "y": 1.6829, "dot": False}],
             "circles": [{"center": "O", "radius": 2}],
             "segments": [{"start": "O", "end": "A", "label": "r"}, {"start": "O", "end": "B", "label": "r"}],
             "angles": [{"vertex": "O", "start": "A", "end": "B", "label": "1", "radius": 0.6},
                        {"vertex": "O", "start": "A", "end": "B", "label": "r", "radius": 2, "color": "yellow"}]},
            {"type": "segments", "id": "corner", "points": [
                {"name": "A", "x": 0, "y": 0, "label": "A"}, {"name": "B", "x": 4, "y": 0, "label": "B"}, {"name": "C", "x": 0, "y": 3, "label": "C"}],
             "segments": [{"start": "A", "end": "B", "label": "4"}, {"start": "B", "end": "C", "label": "5", "color": "yellow"}, {"start": "C", "end": "A", "label": "3"}],
             "angles": [{"vertex": "A", "start": "B", "end": "C", "right": True}]},
        ]},
        {"id": "frequencies", "heading": "A frequency table", "narration": "How often each score came up.", "elements": [
            {"type": "table", "id": "scores", "header": ["Score", "Frequency"], "header_math": False,
             "rows": [[1, 3], [2, 5], [3, 8], [4, 2]], "highlight": [{"row": 3, "column": 2}]},
        ]},
        {"id": "coins", "heading": "Two coin tosses", "narration": "Each toss splits every branch in two.", "elements": [
            {"type": "tree", "id": "tosses", "nodes": [
                {"id": "start"},
                {"id": "h", "parent": "start", "label": "H", "edge_label": "\\tfrac{1}{2}"},
                {"id": "t", "parent": "start", "label": "T", "edge_label": "\\tfrac{1}{2}"},
                {"id": "hh", "parent": "h", "label": "HH", "edge_label": "\\tfrac{1}{2}", "color": "yellow"},
                {"id": "ht", "parent": "h", "label": "HT", "edge_label": "\\tfrac{1}{2}"},
                {"id": "th", "parent": "t", "label": "TH", "edge_label": "\\tfrac{1}{2}"},
                {"id": "tt", "parent": "t", "label": "TT", "edge_label": "\\tfrac{1}{2}"}]},
        ]},
        {"id": "factors", "heading": "A factor tree", "narration": "Split 60 until only primes are left.", "elements": [
            {"type": "tree", "id": "sixty", "direction": "down", "nodes": [
                {"id": "n60", "label": 60},
                {"id": "n6", "parent": "n60", "label": 6}, {"id": "n10", "parent": "n60", "label": 10},
                {"id": "a2", "parent": "n6", "label": 2, "color": "green"}, {"id": "a3", "parent": "n6", "label": 3, "color": "green"},
                {"id": "b2", "parent": "n10", "label": 2, "color": "green"}, {"id": "b5", "parent": "n10", "label": 5, "color": "green"}]},
            {"type": "equation", "id": "product", "latex": "60 = 2^2 \\cdot 3 \\cdot 5"},
        ]},
        {"id": "bubble", "heading": "Bubble sort", "narration": "Compare neighbours and swap them when they are out of order.", "elements": [
            {"type": "cells", "id": "pass_one", "states": [
                {"values": [5, 1, 4, 2], "compare": [0, 1], "caption": "5 > 1: swap them"},
                {"values": [1, 5, 4, 2], "swap": [0, 1]},
                {"values": [1, 5, 4, 2], "compare": [1, 2], "caption": "5 > 4: swap them"},
                {"values": [1, 4, 5, 2], "swap": [1, 2]},
                {"values": [1, 4, 5, 2], "compare": [2, 3], "caption": "5 > 2: swap them"},
                {"values": [1, 4, 2, 5], "swap": [2, 3], "sorted": [3], "caption": "The largest value has bubbled to the end"}]},
        ]},
        {"id": "insertion", "heading": "Shifting values", "narration": "Insertion sort shifts larger values right.", "elements": [
            {"type": "cells", "id": "shift", "states": [
                {"values": [3, 7, 9, 4], "compare": [3], "sorted": [0, 1, 2]},
                {"values": [3, 7, 9, 9], "compare": [2, 3], "caption": "9 moves right"},
                {"values": [3, 7, 7, 9], "compare": [1, 2], "caption": "7 moves right"},
                {"values": [3, 4, 7, 9], "sorted": [0, 1, 2, 3], "caption": "4 drops into the gap"}]},
        ]},
        {"id": "search", "heading": "Binary search for 23", "narration": "Halve the range until the middle is the target.", "elements": [
            {"type": "cells", "id": "halves", "show_indices": True, "states": [
                {"values": _SORTED, "pointers": [{"name": "low", "index": 0}, {"name": "mid", "index": 4}, {"name": "high", "index": 9}], "compare": [4], "caption": "16 < 23: keep the right half"},
                {"values": _SORTED, "dimmed": [0, 1, 2, 3, 4], "pointers": [{"name": "low", "index": 5}, {"name": "mid", "index": 7}, {"name": "high", "index": 9}], "compare": [7], "caption": "56 > 23: keep the left half"},
                {"values": _SORTED, "dimmed": [0, 1, 2, 3, 4, 7, 8, 9], "pointers": [{"name": "low", "index": 5}, {"name": "mid", "index": 5}, {"name": "high", "index": 6}], "found": [5], "caption": "Found 23 at index 5"}]},
        ]},
        {"id": "sieve", "heading": "The sieve", "narration": "Cross out the multiples of two and three.", "elements": [
            {"type": "cells", "id": "numbers", "states": [
                {"values": list(range(2, 14)), "found": [0]},
                {"values": list(range(2, 14)), "found": [0], "crossed": [2, 4, 6, 8, 10], "caption": "Cross out the multiples of 2"},
                {"values": list(range(2, 14)), "found": [0, 1, 3, 5, 9, 11], "crossed": [2, 4, 6, 7, 8, 10], "caption": "Then the multiples of 3; the rest are prime"}]},
        ]},
        {"id": "matrices", "heading": "Matrices", "layout": "row", "narration": "Row one of A meets column one of B.", "elements": [
            {"type": "matrix", "id": "a", "label": "A =", "entries": [[1, 2], [3, 4]], "highlight_rows": [1]},
            {"type": "matrix", "id": "b", "label": "B =", "entries": [[0, "-1"], [1, 0]], "brackets": "round", "highlight_columns": [1], "highlight_color": "teal"},
            {"type": "matrix", "id": "det", "label": "\\det A =", "entries": [[1, 2], [3, 4]], "brackets": "bars"},
        ]},
        {"id": "square", "heading": "A matrix moves the unit square", "narration": "The unit square becomes a parallelogram of area 3.", "elements": [
            {"type": "axes_plot", "id": "plane", "x_range": {"min": -1, "max": 4}, "y_range": {"min": -1, "max": 4},
             "polygons": [
                {"vertices": [{"x": 0, "y": 0}, {"x": 1, "y": 0}, {"x": 1, "y": 1}, {"x": 0, "y": 1}], "color": "yellow"},
                {"vertices": [{"x": 0, "y": 0}, {"x": 2, "y": 1}, {"x": 3, "y": 3}, {"x": 1, "y": 2}], "color": "blue", "label": "3", "from_polygon": 0}],
             "points": [{"x": 2, "y": 1, "label": "(2, 1)"}, {"x": 3, "y": 3, "label": "(3, 3)"}]},
        ]},
    ],
}


def new_elements() -> Storyboard:
    return Storyboard.model_validate(NEW_ELEMENTS)


# Every new element in three short scenes, for a real render.
SHORT_NEW_ELEMENTS = {
    "title": "New elements, rendered",
    "scenes": [
        {"id": "figures", "heading": "Figures", "layout": "row", "narration": "A right triangle, a matrix and a table.", "elements": [
            {"type": "segments", "id": "triangle", "points": [{"name": "A", "x": 0, "y": 0, "label": "A"}, {"name": "B", "x": 4, "y": 0, "label": "B"}, {"name": "C", "x": 0, "y": 3, "label": "C"}],
             "segments": [{"start": "A", "end": "B", "label": 4}, {"start": "B", "end": "C", "label": 5}, {"start": "C", "end": "A", "label": 3}],
             "angles": [{"vertex": "A", "start": "B", "end": "C", "right": True}, {"vertex": "B", "start": "C", "end": "A", "label": "37°"}]},
            {"type": "matrix", "id": "m", "label": "M =", "entries": [[2, 1], [1, 2]], "highlight_rows": [2]},
            {"type": "table", "id": "values", "header": ["x", "x^2"], "rows": [[1, 1], [2, 4], [3, 9]]},
        ]},
        {"id": "steps", "heading": "Steps", "narration": "A tree, and two cells swapping.", "elements": [
            {"type": "tree", "id": "split", "nodes": [{"id": "root", "label": 12}, {"id": "a", "parent": "root", "label": 3, "edge_label": "\\div 4"}, {"id": "b", "parent": "root", "label": 4, "edge_label": "\\div 3"}]},
            {"type": "cells", "id": "pair", "states": [{"values": [9, 4, 7], "compare": [0, 1], "pointers": [{"name": "i", "index": 0}]},
                                                        {"values": [4, 9, 7], "swap": [0, 1], "pointers": [{"name": "i", "index": 1}], "caption": "Swapped"}]},
        ]},
        {"id": "square", "heading": "Area", "narration": "The unit square and its image.", "elements": [
            {"type": "axes_plot", "id": "plane", "x_range": {"min": -1, "max": 4}, "y_range": {"min": -1, "max": 4},
             "polygons": [{"vertices": [{"x": 0, "y": 0}, {"x": 1, "y": 0}, {"x": 1, "y": 1}, {"x": 0, "y": 1}]},
                          {"vertices": [{"x": 0, "y": 0}, {"x": 2, "y": 1}, {"x": 3, "y": 3}, {"x": 1, "y": 2}], "color": "blue", "label": "3", "from_polygon": 0}]},
        ]},
    ],
}


def short_new_elements() -> Storyboard:
    return Storyboard.model_validate(SHORT_NEW_ELEMENTS)
