"""The helpers behind the statistics and calculus topics compute what textbooks get, and refuse what they cannot draw."""

from __future__ import annotations

import math

import pytest
import sympy

from scenesmith.kinds.explainer.errors import TopicError
from scenesmith.kinds.explainer.helpers import statistics_calculus as helpers
from scenesmith.storyboard.expressions import X, parse_function


def numbers(*values):
    return [sympy.nsimplify(v) for v in values]


def test_population_variance_and_squared_deviations():
    data = numbers(2, 4, 4, 4, 5, 5, 7, 9)
    assert helpers.squared_deviations(data) == numbers(9, 1, 1, 1, 0, 0, 4, 16)
    assert helpers.population_variance(data) == 4
    assert helpers.deviation_rows(numbers(1, 2)) == [["1", "-0.5", "0.25"], ["2", "0.5", "0.25"]]


def test_modes_name_every_most_frequent_value_and_none_when_all_differ():
    assert helpers.data_modes(numbers(4, 7, 2, 7, 9, 4, 7)) == [7]
    assert helpers.data_modes(numbers(-7, 4, 2, -7, 4)) == [-7, 4]
    assert helpers.data_modes(numbers(1, 2, 3)) == []
    dots = helpers.dot_plot(numbers(5, 3, 5), marked=[5])
    assert [(d["x"], d["y"], d["color"]) for d in dots] == [(3, 1, "blue"), (5, 1, "red"), (5, 2, "red")]


def test_short_number_is_a_decimal_only_when_it_ends():
    assert helpers.short_number(sympy.Rational(9, 4)) == "2.25"
    assert helpers.short_number(sympy.Rational(1, 6)) == r"\frac{1}{6}"
    assert helpers.plain_number(sympy.Rational(1, 6)) == "1/6"
    assert helpers.short_number(sympy.Rational(1, 32)) == r"\frac{1}{32}"  # 0.03125 needs five places


def test_binomial_probability_and_its_chart():
    assert helpers.binomial_pmf(5, 3, sympy.Rational(1, 2)) == sympy.Rational(5, 16)
    assert helpers.binomial_pmf(6, 2, sympy.Rational(3, 10)) == sympy.Rational(64827, 200000)
    chart = helpers.binomial_chart(10, 9, sympy.Rational(1, 2))
    shown = [d["x"] for d in chart["dots"]]
    assert len(shown) == 8 and 9 in shown and shown == list(range(chart["lo"], chart["hi"] + 1))
    in_chart = sum(helpers.binomial_pmf(10, j, sympy.Rational(1, 2)) for j in shown)
    assert chart["left_out"] == 1 - in_chart
    assert all(d["y"] <= chart["y_range"]["max"] for d in chart["dots"])


def test_normal_probabilities_match_the_empirical_rule():
    within_one = helpers.normal_cdf(1) - helpers.normal_cdf(-1)
    assert math.isclose(float(within_one), 0.682689, abs_tol=1e-6)
    assert helpers.normal_cdf(sympy.oo) == 1 and helpers.normal_cdf(-sympy.oo) == 0
    step = helpers.standardise_steps([85, None], 100, 15)
    assert len(step) == 1 and step[0]["latex"].endswith("= -1")


def test_difference_quotient_limit_gives_the_derivative_or_refuses():
    work = helpers.limit_steps(X**3 - 3 * X, 2)
    assert work["slope"] == 9
    assert work["quotient"] == sympy.expand(work["quotient"]) and not work["quotient"].has(sympy.zoo)
    assert helpers.secant_rows(work["quotient"], [1, sympy.Rational(1, 10)]) == [["1", "16"], ["0.1", "9.61"]]
    with pytest.raises(TopicError, match="corner or a jump"):
        helpers.limit_steps(sympy.Abs(X), 0)
    with pytest.raises(TopicError, match="vertical"):
        helpers.limit_steps(sympy.sqrt(X), 0)


def test_the_region_between_two_curves():
    region = helpers.enclosed_interval(X, X**2)
    assert (region["lo"], region["hi"]) == (0, 1)
    assert helpers.upper_minus_lower(X, X**2, 0, 1) == X - X**2
    with pytest.raises(TopicError, match="cross at x = 2"):
        helpers.enclosed_interval(X**2, 2 * X, 0, 3)
    with pytest.raises(TopicError, match="same"):
        helpers.enclosed_interval(X**2, X * X)
    with pytest.raises(TopicError, match="meet at x"):
        helpers.enclosed_interval(X**3, X)  # three crossings: which region is meant?


def test_riemann_rectangles_sit_on_the_curve():
    left = helpers.riemann(X**2, 0, 2, 4, "left")
    assert left["total"] == sympy.Rational(7, 4)
    assert helpers.riemann(X**2, 0, 2, 4, "right")["total"] == sympy.Rational(15, 4)
    assert helpers.riemann(X**2, 0, 2, 4, "midpoint")["total"] == sympy.Rational(21, 8)
    assert len(left["polygons"]) == 2 and all(len(p["vertices"]) <= 8 for p in left["polygons"])
    tops = {(v["x"], v["y"]) for p in left["polygons"] for v in p["vertices"] if v["y"] != 0}
    half, quarter = sympy.Rational(1, 2), sympy.Rational(1, 4)
    assert tops == {(half, quarter), (1, quarter), (1, 1), (3 * half, 1), (3 * half, 9 * quarter), (2, 9 * quarter)}  # the first height, f(0), is 0


def test_chain_and_product_parts():
    parts = helpers.chain_parts(parse_function("3sin(x^2)"))
    assert parts["inner"] == X**2 and parts["d_inner"] == 2 * X
    assert helpers.same_function(parts["d_outer_at"] * parts["d_inner"], sympy.diff(3 * sympy.sin(X**2), X))
    with pytest.raises(TopicError, match="not one function inside another"):
        helpers.chain_parts(sympy.sin(X))
    product = helpers.product_parts(parse_function("x^2 sin(x)"))
    assert product["u"] * product["v"] == X**2 * sympy.sin(X)
    with pytest.raises(TopicError, match="not a product"):
        helpers.product_parts(3 * X**2)


def test_critical_points_are_classified():
    found = helpers.critical_points(X**3 - 3 * X)
    assert [(p["x"], p["y"], p["kind"]) for p in found] == [(-1, 2, "maximum"), (1, -2, "minimum")]
    assert helpers.critical_points(X**3)[0]["kind"] == "neither"
    assert helpers.critical_points(X**4)[0]["kind"] == "minimum"  # f'' = 0, but the slope changes sign
    assert helpers.extrema_summary(found) == "a local maximum at (-1, 2) and a local minimum at (1, -2)"
    with pytest.raises(TopicError, match="never zero"):
        helpers.critical_points(X)


def test_coin_tree_lists_every_outcome_once():
    nodes = helpers.coin_tree(3, 2)
    leaves = [n for n in nodes if len(n["id"]) == 3]
    assert len(nodes) == 15 and len(leaves) == 8
    assert [n["id"] for n in leaves if n["color"] == "green"] == helpers.coin_outcomes(3, 2) == ["HHT", "HTH", "THH"]
    assert helpers.coin_outcome_text(2, 1) == "HT and TH"
