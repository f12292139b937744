"""Parameters pulled out of prompts, their bounds, and the helpers that derive values with SymPy."""

from __future__ import annotations

import pytest
import sympy

from scenesmith.kinds.explainer.errors import TopicError
from scenesmith.kinds.explainer.library import topic_by_id
from scenesmith.kinds.explainer.parameters import HELPERS, derive, extract, fmt, plan_topic

x = HELPERS["x"]


def _f(topic_id: str, prompt: str, name: str = "f"):
    return extract(topic_by_id(topic_id), prompt)[name]


# ---------------------------------------------------------------- functions


@pytest.mark.parametrize("prompt,expected", [
    ("Show the graph of y = x^2 - 4", x**2 - 4),
    ("Plot f(x) = x^3 - x and mark its roots", x**3 - x),
    ("Show the graph of y = x² − 4", x**2 - 4),
    ("Plot y = x³ - 2x", x**3 - 2 * x),
    ("Where does the graph of y = 2x^2 - 3x + 1 cross the x-axis?", 2 * x**2 - 3 * x + 1),
    ("graph of sin(x)", sympy.sin(x)),
    ("Plot y = 0.5x^2 - 2", x**2 / 2 - 2),  # decimals become exact fractions
])
def test_function_is_read_from_the_prompt(prompt, expected):
    assert sympy.simplify(_f("graph_roots", prompt) - expected) == 0


def test_function_defaults_when_the_prompt_names_none():
    assert _f("graph_roots", "Explain roots of a function") == x**2 - 4
    assert _f("linear_function_intercepts", "What do m and b mean in y = mx + b?") == 2 * x - 4


def test_two_functions_are_told_apart():
    values = extract(topic_by_id("systems_of_equations_graphically"), "Solve the system y = 2x - 1 and y = -x + 5 graphically")
    assert values["f"] == 2 * x - 1
    assert values["g"] == 5 - x


def test_a_quadratic_is_read_from_an_equation():
    assert _f("quadratic_formula", "Show how the quadratic formula solves 2x^2 - 4x - 6 = 0") == 2 * x**2 - 4 * x - 6


def test_unreadable_function_is_a_user_error():
    with pytest.raises(TopicError, match="Could not read the function"):
        extract(topic_by_id("graph_roots"), "Plot y = x^2 +* 3")


# ---------------------------------------------------------------- numbers and points


def test_numbers_are_read_and_kept_exact():
    values = extract(topic_by_id("pythagorean_theorem"), "Show a right triangle with legs 5 and 12")
    assert (values["a"], values["b"]) == (5, 12)
    values = extract(topic_by_id("pythagorean_theorem"), "a right triangle with legs of length 2.5 and 6")
    assert values["a"] == sympy.Rational(5, 2) and values["b"] == 6


def test_numbers_default_when_absent():
    values = extract(topic_by_id("pythagorean_theorem"), "Explain the Pythagorean theorem")
    assert (values["a"], values["b"]) == (3, 4)


def test_interval_limits_are_read():
    values = extract(topic_by_id("area_under_curve"), "Visualize the area under f(x) = 4 - x^2 between -2 and 2")
    assert (values["a"], values["b"]) == (-2, 2)
    assert values["f"] == 4 - x**2
    values = extract(topic_by_id("area_under_curve"), "Show the area under y = x^2 from 0 to 3")
    assert (values["a"], values["b"]) == (0, 3)


def test_points_are_read_in_order_with_signs():
    values = extract(topic_by_id("slope_of_a_line"), "Show rise over run for the points (-2, 5) and (3, -5)")
    assert values["p1"] == [-2, 5]
    assert values["p2"] == [3, -5]
    values = extract(topic_by_id("vector_addition"), "Show the sum of the vectors (3, 1) and (1, 2)")
    assert (values["u"], values["v"]) == ([3, 1], [1, 2])


def test_angle_and_coefficients():
    assert extract(topic_by_id("unit_circle_sine_cosine"), "What are sin and cos of 135 degrees?")["angle"] == 135
    assert extract(topic_by_id("unit_circle_sine_cosine"), "the unit circle at 45°")["angle"] == 45
    values = extract(topic_by_id("quadratic_formula"), "Use the quadratic formula with a = 1, b = -2, c = 5")
    assert (values["qa"], values["qb"], values["qc"]) == (1, -2, 5)


def test_data_set_of_five_values():
    values = extract(topic_by_id("mean_median_of_a_data_set"), "the mean and median of 2, 4, 4, 9 and 21")
    assert [values[f"d{k}"] for k in range(1, 6)] == [2, 4, 4, 9, 21]


@pytest.mark.parametrize("prompt,relation,interval", [
    ("Show x < 3 on a number line", "<", r"(-\infty, 3)"),
    ("Show x <= 3 on a number line", r"\leq", r"(-\infty, 3]"),
    ("Graph x > -1 on a number line", ">", r"(-1, \infty)"),
    ("Explain how to graph the inequality x >= -2 on a number line", r"\geq", r"[-2, \infty)"),
    ("Graph x is greater than 1 on a number line", ">", r"(1, \infty)"),
    ("Graph x is less than or equal to 4", r"\leq", r"(-\infty, 4]"),
])
def test_inequality_direction_and_ends(prompt, relation, interval):
    topic = topic_by_id("inequalities_on_a_number_line")
    values = derive(topic, extract(topic, prompt))
    assert values["rel"] == relation
    assert values["interval"] == interval


# ---------------------------------------------------------------- bounds


@pytest.mark.parametrize("topic_id,prompt,range_text", [
    ("pythagorean_theorem", "Show a right triangle with legs 50 and 12", "1 to 20"),
    ("unit_circle_sine_cosine", "Show the unit circle for an angle of 400 degrees", "0 to 360"),
    ("slope_of_a_line", "the slope through (1, 2) and (40, 8)", "-10 to 10"),
    ("perimeter_of_polygons", "the perimeter of a regular polygon with 20 sides", "3 to 12"),
    ("exponential_decay", "a half-life of 100 years", "0.5 to 25"),
])
def test_out_of_range_values_name_the_range(topic_id, prompt, range_text):
    with pytest.raises(TopicError) as caught:
        extract(topic_by_id(topic_id), prompt)
    assert range_text in str(caught.value)


@pytest.mark.parametrize("topic_id,prompt,message", [
    ("slope_of_a_line", "Explain the slope of a line through (2, 1) and (2, 5)", "vertical"),
    ("angles_in_a_triangle", "Find the third angle of a triangle with angles 100 and 90 degrees", "less than 180"),
    ("quadratic_formula", "Explain the quadratic formula for x^3 + 1 = 0", "not a quadratic"),
    ("systems_of_equations_graphically", "Solve y = 2x + 1 and y = 2x + 3 graphically", "parallel"),
    ("linear_function_intercepts", "Show the intercepts of y = x^2 + 1", "not a line"),
    ("area_under_curve", "Show the area under y = x^2 from 3 to 1", "lower limit"),
    ("sine_wave_amplitude_period", "Explain the period of y = cos(x)", r"A sin\(Bx\)"),
])
def test_impossible_requests_say_why(topic_id, prompt, message):
    with pytest.raises(TopicError, match=message):
        plan_topic(topic_by_id(topic_id), prompt)


# ---------------------------------------------------------------- helpers


def test_fmt_never_uses_scientific_notation():
    assert fmt(5) == "5"
    assert fmt(2.5) == "2.5"
    assert fmt(1 / 3) == "0.333"
    assert fmt(13.8924) == "13.89"
    assert fmt(1256.637) == "1256.64"
    assert "e" not in fmt(0.0000123)


def test_exact_values_with_decimals():
    approx, equals, about = HELPERS["approx"], HELPERS["equals"], HELPERS["about"]
    assert approx(sympy.Integer(13)) == "13"
    assert approx(sympy.sqrt(193)) == r"\sqrt{193} \approx 13.89"
    assert approx(sympy.Rational(9, 2)) == r"\frac{9}{2} = 4.5"
    assert equals(sympy.cos(sympy.pi / 6)) == r"= \frac{\sqrt{3}}{2} \approx 0.87"
    assert equals(sympy.cos(37 * sympy.pi / 180)) == r"\approx 0.8"
    assert about(sympy.sqrt(193)) == "about 13.89" and about(sympy.Integer(4)) == "4"


def test_pretty_formulas_have_no_latex():
    pretty = HELPERS["pretty"]
    assert pretty(x**2 - 2 * x + 1) == "x² - 2x + 1"
    assert pretty(2**x) == "2ˣ"
    assert pretty(sympy.Abs(x)) == "|x|"
    assert pretty(3 * sympy.sin(2 * x)) == "3 sin(2x)"


def test_segment_draws_vertical_pieces_as_a_steep_sliver():
    piece = HELPERS["segment"](4, 2, 4, 8)
    f = sympy.sympify(piece["expr"], locals={"x": x})
    assert piece["x_max"] == 4 and 3.9 < piece["x_min"] < 4
    assert f.subs(x, piece["x_min"]) == 2 and f.subs(x, piece["x_max"]) == 8
    flat = HELPERS["segment"](1, 2, 4, 2)
    assert (flat["expr"], flat["x_min"], flat["x_max"]) == ("2", 1, 4)


def test_complete_the_square():
    forms = HELPERS["complete_square"](2 * x**2 + 4 * x - 1)
    assert (forms["h"], forms["k"]) == (-1, -3)
    assert forms["vertex_form"] == r"y = 2\left(x + 1\right)^{2} - 3"
    assert len(forms["steps"]) == 4
    assert len(HELPERS["complete_square"](x**2 - 4 * x + 1)["steps"]) == 3  # nothing to factor out when a = 1


def test_nice_range_holds_its_values():
    r = HELPERS["nice_range"](-3, 7)
    assert r["min"] <= -4 and r["max"] >= 8 and (r["max"] - r["min"]) / r["step"] <= 8
