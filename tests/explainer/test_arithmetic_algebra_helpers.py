"""The arithmetic and algebra topics: their helpers compute the right values, their plans carry them, and bad values are refused."""

from __future__ import annotations

import re

import pytest
import sympy

from scenesmith.kinds.explainer.errors import TopicError
from scenesmith.kinds.explainer.helpers import arithmetic_algebra as helpers
from scenesmith.kinds.explainer.kind import ExplainerKind
from scenesmith.kinds.explainer.library import topic_by_id
from scenesmith.kinds.explainer.parameters import build
from scenesmith.storyboard.expressions import X


def _plan_text(topic_id: str, prompt: str) -> tuple[str, str | None]:
    board, answer = build(topic_by_id(topic_id), prompt)
    return board.model_dump_json().replace("\\\\", "\\"), answer


# ---------------------------------------------------------------- helpers


def test_fraction_marks_cut_each_whole_and_label_the_fraction_as_written():
    marks = helpers.fraction_marks(5, 3, 2)
    assert [m["x"] for m in marks] == [sympy.Rational(1, 3), sympy.Rational(2, 3), sympy.Rational(4, 3), sympy.Rational(5, 3)]
    assert marks[-1]["label"] == r"\frac{5}{3}" and all(m["label"] == "" for m in marks[:-1])
    assert helpers.fraction_marks(6, 9, 1)[-1]["label"] == r"\frac{6}{9}"  # not reduced
    assert len(helpers.fraction_marks(3, 9, 1)) == 1  # eight cuts do not fit: only the point


def test_fraction_sum_steps_use_the_least_common_denominator_and_simplify():
    steps = helpers.fraction_sum_steps(5, 6, 3, 4)
    assert [s["latex"] for s in steps] == [r"= \frac{10}{12} + \frac{9}{12}", r"= \frac{10 + 9}{12}", r"= \frac{19}{12}"]
    assert helpers.fraction_sum_steps(3, 4, 3, 4)[-1]["latex"] == r"= \frac{3}{2}"


def test_equivalence_steps_refuse_fractions_that_are_not_equal():
    assert helpers.equivalence_steps(4, 6, 6, 9)[0]["latex"].endswith(r"= \frac{2}{3}")
    assert helpers.equivalence_steps(4, 6, 6, 9)[1]["latex"].endswith(r"= \frac{6}{9}")
    with pytest.raises(TopicError, match="not equivalent"):
        helpers.equivalence_steps(2, 3, 3, 4)


def test_foil_gives_the_four_products_and_the_combined_quadratic():
    parts = helpers.foil(2 * X - 1, X + 4)
    assert (parts["F"], parts["O"], parts["I"], parts["L"]) == ("2x^{2}", "8x", "-x", "-4")
    assert parts["result"] == "2x^{2} + 7x - 4"
    assert parts["expanded"] == sympy.expand((2 * X - 1) * (X + 4))
    assert helpers.foil(X - 2, X + 2)["result"] == "x^{2} - 4"
    with pytest.raises(TopicError, match="form"):
        helpers.foil(X**2 + 1, X - 1)


def test_moved_graph_reads_a_quadratic_in_vertex_form_and_follows_a_key_point():
    moved = helpers.moved_graph(-2 * X**2 + 4 * X, 0, 0, 0, 0, 1)
    assert (moved["parent"], moved["a"], moved["h"], moved["k"]) == (X**2, -2, 1, 2)
    assert sympy.expand(moved["g"]) == -2 * X**2 + 4 * X
    shifted = helpers.moved_graph(X**2, 3, 0, 1, 0, 1)
    assert (shifted["x1"], shifted["y1"]) == (3, 1)
    assert helpers.move_phrase(2, -2, 0) == "stretched vertically by 2, then moved 2 left"
    assert helpers.breaks_within(1 / X, -3, 3) and not helpers.breaks_within(X**2, -3, 3)


def test_sequences_need_a_common_difference_or_ratio():
    assert helpers.constant_step([3, 7, 11], "difference") == 4
    assert helpers.constant_step([64, 32, 16], "ratio") == sympy.Rational(1, 2)
    with pytest.raises(TopicError, match="no common difference"):
        helpers.constant_step([3, 7, 12], "difference")
    assert helpers.sequence_terms(2, -3, 4, "ratio") == [2, -6, 18, -54]


def test_factor_tree_splits_every_composite_into_primes():
    tree = helpers.factor_tree(84)
    assert tree["primes"] == [2, 2, 3, 7] and tree["split"] == (7, 12)
    leaves = [n for n in tree["nodes"] if not any(m.get("parent") == n["id"] for m in tree["nodes"])]
    assert sorted(int(n["label"]) for n in leaves) == [2, 2, 3, 7]
    assert helpers.prime_product_latex(tree["primes"], True) == r"2^{2} \times 3 \times 7"
    with pytest.raises(TopicError, match="prime"):
        helpers.factor_tree(97)


def test_place_value_table_names_each_place_and_what_the_digit_is_worth():
    chart = helpers.place_value_table(70605, 6)
    assert chart["header"] == ["Ten thousands", "Thousands", "Hundreds", "Tens", "Ones"]
    assert chart["rows"][1] == ["70000", "0", "600", "0", "5"]
    assert chart["worth"] == "600 in the hundreds place" and chart["sum"] == "70000 + 600 + 5"
    with pytest.raises(TopicError, match="no digit 9"):
        helpers.place_value_table(3482, 9)


def test_decimal_or_exact_writes_finite_decimals_and_keeps_thirds_exact():
    assert helpers.decimal_or_exact(sympy.Rational(105, 4)) == "26.25"
    assert helpers.decimal_or_exact(sympy.Rational(1, 3)) == r"\frac{1}{3}"


# ---------------------------------------------------------------- plans carry the derived values


@pytest.mark.parametrize("topic_id,prompt,pieces,answer", [
    ("fractions_on_a_number_line", "Where is 5/3 on the number line?", [r"5 \times \frac{1}{3} = \frac{5}{3}", r"\frac{5}{3} \approx 1.67"], "5/3 = 1 2/3 is at about 1.67, between 1 and 2"),
    ("adding_fractions", "Show 1/2 + 1/3 on a number line", [r"= \frac{3}{6} + \frac{2}{6}", r"\frac{1}{2} + \frac{1}{3} = \frac{5}{6}"], "1/2 + 1/3 = 5/6 ≈ 0.83"),
    ("equivalent_fractions", "Explain the simplest form of 6/8", [r"\frac{6 \div 2}{8 \div 2} = \frac{3}{4}", r"6 \times 4 = 24, \quad 8 \times 3 = 24"], "6/8 = 3/4 (lowest terms 3/4)"),
    ("percent_change", "Explain the percent change from 80 to 100", [r"\text{change} = 20", r"\frac{20}{80} \times 100\% = 25\%"], "From 80 to 100: an increase of 25%"),
    ("percent_change", "Show 50 decreased by 20 percent", [r"\text{new} = 50 \times 0.8", r"\text{new} = 40"], "From 50 to 40: a decrease of 20%"),
    ("arithmetic_sequence", "Show the 20th term of the arithmetic sequence 2, 5, 8, 11", [r"a_{20} = 2 + (20 - 1) \cdot 3", "a_{20} = 59"], "term 20 = 59, with a_n = 2 + (n - 1)·3"),
    ("geometric_sequence", "Show the 10th term of the geometric sequence 2, -6, 18", [r"a_{10} = 2 \cdot \left(-19683\right)", "a_{10} = -39366"], "term 10 = -39366, with a_n = 2·(-3)^(n - 1)"),
    ("logarithm_definition", "Show what log_3(81) means", [r"\log_{3}(81) = 4", "3^{4} = 81"], "log base 3 of 81 = 4"),
    ("logarithm_definition", "Explain log base 2 of 10", [r"\log_{2}(10) \approx 3.32"], "log base 2 of 10 ≈ 3.32"),
    ("expanding_binomials", "Show the FOIL method for (2x - 1)(x + 4)", ["= 2x^{2} + 8x - x - 4", "= 2x^{2} + 7x - 4"], "(2x - 1)(x + 4) = 2x² + 7x - 4"),
    ("function_transformations", "Show y = x^2 shifted 3 right and 1 up", [r"\left(3, 1\right)", r"g(x) = \left(x - 3\right)^{2} + 1"], "y = (x - 3)² + 1: y = x² moved 3 right and 1 up"),
    ("place_value", "What is the value of the digit 4 in 5,431?", [r"5 \times 1000 + 4 \times 100 + 3 \times 10 + 1 \times 1", r"4 \times 100 = 400"], "In 5,431 the digit 4 is worth 400 in the hundreds place; 5,431 = 5000 + 400 + 30 + 1"),
    ("multiplication_as_an_array", "Show 4 rows of 6 dots", ["6 + 6 + 6 + 6", r"4 \times 6 = 24"], "4 × 6 = 24"),
    ("prime_factorization", "Explain the factor tree of 84", [r"84 = 7 \times 12", r"= 2^{2} \times 3 \times 7"], "84 = 2 × 2 × 3 × 7"),
])  # fmt: skip
def test_values_in_the_plan_are_derived_from_the_prompt(topic_id, prompt, pieces, answer):
    text, got = _plan_text(topic_id, prompt)
    for piece in pieces:
        assert piece in text, f"{piece!r} not in the plan for {prompt!r}"
    assert got == answer


@pytest.mark.parametrize("topic_id,prompt,message", [
    ("fractions_on_a_number_line", "Show 13/10 on a number line", "at most 7 cuts"),
    ("equivalent_fractions", "Explain why 2/3 and 3/4 are equivalent fractions", "not equivalent"),
    ("percent_change", "Explain the percent change from 80 to 80", "nothing changes"),
    ("arithmetic_sequence", "Explain the arithmetic sequence 3, 7, 12, 15", "no common difference"),
    ("logarithm_definition", "Explain log base 1 of 8", "base other than 1"),
    ("function_transformations", "Show y = 1/x moved up 2", "asymptote"),
    ("prime_factorization", "Show the prime factorization of 97 as a factor tree", "97 is prime"),
    ("expanding_binomials", "Explain expanding (x^2 + 1)(x - 1)", "form (ax + b)"),
])  # fmt: skip
def test_prompts_the_topic_cannot_draw_are_refused_with_the_reason(topic_id, prompt, message):
    decision = ExplainerKind().decide(prompt)
    assert decision.chosen is None
    assert message in decision.not_understood()
    with pytest.raises(TopicError, match=re.escape(message)):
        build(topic_by_id(topic_id), prompt)


@pytest.mark.parametrize("prompt", [
    "Explain the binomial theorem",
    "Who is the prime minister of Canada?",
    "Explain the Fibonacci sequence",
    "Explain natural log",
    "Explain subtracting fractions",
])  # fmt: skip
def test_neighbouring_concepts_are_not_claimed(prompt):
    decision = ExplainerKind().decide(prompt)
    mine = {"expanding_binomials", "prime_factorization", "arithmetic_sequence", "geometric_sequence", "logarithm_definition",
            "fractions_on_a_number_line", "adding_fractions", "equivalent_fractions"}  # fmt: skip
    assert not any(m.claims for m in decision.matches if m.topic.id in mine)
