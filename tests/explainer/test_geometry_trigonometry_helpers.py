"""The geometry and trigonometry helpers compute the right values, and the topics that use them route and refuse as they should."""

from __future__ import annotations

import math

import pytest
import sympy

from scenesmith.kinds.explainer.errors import TopicError
from scenesmith.kinds.explainer.helpers.geometry_trigonometry import (
    ellipse_arc,
    equal_window,
    heron_area,
    named_value,
    shifted_square,
    side_by_side,
    solve_right_triangle,
    triangle_corners,
)
from scenesmith.kinds.explainer.kind import ExplainerKind
from scenesmith.kinds.explainer.library import topic_by_id
from scenesmith.kinds.explainer.parameters import build
from scenesmith.storyboard import expressions


@pytest.mark.parametrize("row", [False, True])
def test_equal_window_has_one_scale_across_and_up(row):
    window = equal_window(-3, 3, -1, 6, row)
    x, y = window["x"], window["y"]
    width, height = (5.5, 4.2) if row else (7.0, 4.2)
    assert math.isclose((x["max"] - x["min"]) / width, (y["max"] - y["min"]) / height, rel_tol=1e-3)
    assert x["min"] <= -3 and x["max"] >= 3 and y["min"] <= -1 and y["max"] >= 6


def test_equal_window_refuses_drawings_beyond_the_axes_bounds():
    with pytest.raises(TopicError):
        equal_window(-150, 150, 0, 10)


def test_ellipse_arc_is_a_semicircle_when_both_half_axes_agree():
    upper = ellipse_arc(2, -1, 3, 3, True)
    lower = ellipse_arc(2, -1, 3, 3, False)
    f, g = (expressions.numeric(expressions.parse_function(arc["expr"])) for arc in (upper, lower))
    assert (upper["x_min"], upper["x_max"]) == (-1, 5)
    assert f(2) == pytest.approx(2) and g(2) == pytest.approx(-4)
    assert f(2 + 3 * math.cos(1)) == pytest.approx(-1 + 3 * math.sin(1))


def test_triangle_corners_have_the_given_sides():
    corners = triangle_corners(5, 6, 7)  # a = BC, b = CA, c = AB
    (ax, ay), (bx, by), (cx, cy) = (tuple(float(v) for v in corners[n]) for n in "ABC")
    assert math.dist((bx, by), (cx, cy)) == pytest.approx(5)
    assert math.dist((cx, cy), (ax, ay)) == pytest.approx(6)
    assert math.dist((ax, ay), (bx, by)) == pytest.approx(7)


def test_triangle_corners_refuse_sides_that_make_no_triangle():
    with pytest.raises(TopicError, match="Sides 1, 2 and 5 make no triangle"):
        triangle_corners(5, 1, 2)


def test_heron_area_of_the_3_4_5_triangle():
    assert heron_area(3, 4, 5) == 6


def test_side_by_side_copy_is_scaled_by_k():
    at = side_by_side(triangle_corners(4, 5, 3), 2)
    first = math.dist(at["A"], at["B"])
    second = math.dist(at["D"], at["E"])
    assert second == pytest.approx(2 * first, rel=1e-3)
    assert all(abs(float(v)) <= 10 for point in at.values() for v in point)


@pytest.mark.parametrize(
    "given,expected",
    [
        ((3, 4, 0, 0), (3, 4, 5)),
        ((0, 12, 13, 0), (5, 12, 13)),
        ((0, 0, 10, 30), (5, 5 * sympy.sqrt(3), 10)),
        ((5, 0, 0, 30), (5, 5 * sympy.sqrt(3), 10)),
    ],
)
def test_solve_right_triangle_from_any_two_values(given, expected):
    solved = solve_right_triangle(*given)
    for name, value in zip(("opposite", "adjacent", "hypotenuse"), expected):
        assert sympy.simplify(solved[name] - value) == 0, name
    assert float(solved["angle"]) == pytest.approx(math.degrees(math.atan2(float(expected[0]), float(expected[1]))))
    assert len(solved["lines"]) == 2


@pytest.mark.parametrize("given,message", [((3, 0, 0, 0), "Give two"), ((3, 4, 5, 0), "Give only two"), ((5, 0, 4, 0), "longest side")])
def test_solve_right_triangle_refuses_what_fixes_no_triangle(given, message):
    with pytest.raises(TopicError, match=message):
        solve_right_triangle(*given)


def test_shifted_square_and_named_value_texts():
    assert shifted_square("x", 2) == "(x - 2)^{2}"
    assert shifted_square("y", -1) == "(y + 1)^{2}"
    assert shifted_square("x", 0) == "x^{2}"
    assert shifted_square("y", -1, plain=True) == "(y + 1)²"
    assert named_value("c", sympy.sqrt(39)) == "c = √39 ≈ 6.24"
    assert named_value("C", 60, "°") == "C = 60°"
    assert named_value("b", 10 * sympy.sin(sympy.pi / 3) / sympy.sin(2 * sympy.pi / 9)) == "b ≈ 13.47"


# ---------------------------------------------------------------- the topics route and compute as promised


@pytest.fixture(scope="module")
def kind() -> ExplainerKind:
    return ExplainerKind()


@pytest.mark.parametrize(
    "prompt,topic",
    [
        ("Explain the law of sines", "law_of_sines"),
        ("Explain the law of cosines", "law_of_cosines"),
        ("Explain the graph of sine", "sine_wave_amplitude_period"),
        ("What is the volume of a cube?", None),
        ("What is the surface area of a sphere?", None),
        ("Explain congruent triangles", None),
    ],
)
def test_neighbouring_concepts_stay_apart(kind, prompt, topic):
    decision = kind.decide(prompt)
    assert (decision.chosen.topic.id if decision.chosen else None) == topic


@pytest.mark.parametrize(
    "topic_id,prompt,answer",
    [
        ("volume_of_a_cylinder", "volume of a cylinder with radius 3 and height 5", "V = 45π ≈ 141.37"),
        ("area_of_a_trapezoid", "area of a trapezoid with bases 4 and 8 and height 3", "A = 18"),
        ("equation_of_a_circle", "circle (x - 1)^2 + (y + 2)^2 = 16", "(x - 1)² + (y + 2)² = 16: centre (1, -2), radius 4"),
        ("volume_of_a_sphere", "volume of a sphere with diameter 10", "V = 500π/3 ≈ 523.6"),
        ("law_of_cosines", "law of cosines with sides 5, 7 and 8", "C ≈ 81.79°"),
        ("law_of_sines", "law of sines with angles 40 and 60 degrees and a = 10", "C = 80°, b ≈ 13.47, c ≈ 15.32"),
        ("radians_and_degrees", "convert 2pi/3 radians to degrees", "2π/3 rad = 120°"),
        ("pythagorean_identity", "find cos θ when sin θ = 3/5", "cos θ = 4/5 = 0.8 or -4/5 = -0.8"),
    ],
)
def test_answers_are_computed_from_the_prompt(topic_id, prompt, answer):
    assert build(topic_by_id(topic_id), prompt)[1] == answer


@pytest.mark.parametrize(
    "prompt,message",
    [
        ("law of cosines with sides 5 and 7", "Give the angle between the two sides"),
        ("similar triangles with sides 4, 6, 7 and 8, 12, 15", "not similar"),
        ("pythagorean identity when sin θ = 2", "impossible"),
        ("graph of tangent at tan 90 degrees", "undefined"),
        ("equation of the circle (x-2)^2 + (y+1)^2 = 9 with centre (1, 1)", "does not match"),
    ],
)
def test_impossible_values_are_refused_with_the_reason(kind, prompt, message):
    decision = kind.decide(prompt)
    assert decision.chosen is None
    assert message in decision.not_understood()
