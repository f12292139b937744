"""The vector, matrix and complex-number helpers compute the right values, and the topics that use them read
complex numbers and matrices from prompts correctly, or refuse."""

from __future__ import annotations

import pytest
import sympy

from scenesmith.kinds.explainer.errors import TopicError
from scenesmith.kinds.explainer.helpers.linear_algebra_complex import (
    NOT_GIVEN,
    complex_argument,
    complex_latex,
    complex_reading,
    complex_terms_latex,
    complex_text,
    complex_unit_roots,
    exact_latex,
    matrix_determinant,
    matrix_entry_sum,
    matrix_pick,
    matrix_square_image,
    matrix_times,
    vector_angle,
)
from scenesmith.kinds.explainer.kind import ExplainerKind
from scenesmith.kinds.explainer.library import topic_by_id
from scenesmith.kinds.explainer.parameters import build, derive, read_parameters

I = sympy.I
_ = NOT_GIVEN


@pytest.mark.parametrize(
    "parts, expected",
    [
        ((3, 4, _, _, _, _), 3 + 4 * I),  # 3 + 4i
        ((3, _, 4, _, _, _), 3 - 4 * I),  # 3 - 4i
        ((-2, _, _, -2, _, _), -2 + I),  # -2 + i
        ((5, _, _, _, 5, _), 5 - I),  # 5 - i
        ((_, _, _, _, _, -7), -7 * I),  # -7i
        ((_, _, _, _, _, _), 1 + 2 * I),  # nothing given: the default
    ],
)
def test_complex_reading_puts_the_parts_together(parts, expected):
    assert sympy.simplify(complex_reading(*parts, 1, 2) - expected) == 0


@pytest.mark.parametrize("parts", [(3, 4, _, _, 3, _), (_, 4, _, _, _, _), (3, _, _, _, _, 2), (_, _, 2, _, _, 5)])
def test_complex_reading_refuses_two_numbers_or_half_a_number(parts):
    with pytest.raises(TopicError):
        complex_reading(*parts, 1, 2)


@pytest.mark.parametrize(
    "topic, prompt, expected",
    [
        ("complex_plane", "Plot 3 - 4i", 3 - 4 * I),
        ("complex_plane", "Plot z = -1.5 - i", sympy.Rational(-3, 2) - I),
        ("complex_plane", "Plot -2i on the Argand diagram", -2 * I),
        ("modulus_and_argument", "modulus of 2 + 3 i", 2 + 3 * I),
        ("complex_conjugate", "conjugate of 7+i", 7 + I),
    ],
)
def test_one_complex_number_is_read_from_the_prompt(topic, prompt, expected):
    t = topic_by_id(topic)
    values = derive(t, read_parameters(t, prompt).values)
    assert sympy.simplify(values["z"] - expected) == 0


@pytest.mark.parametrize(
    "prompt, z, w",
    [
        ("Multiply (1 + 2i)(3 - i)", 1 + 2 * I, 3 - I),
        ("Multiply 2i by 3 + i", 2 * I, 3 + I),
        ("Multiply 3 + i by 1i", 3 + I, I),
        ("multiply -1 - i and 4 - 2i", -1 - I, 4 - 2 * I),
    ],
)
def test_two_complex_numbers_are_read_in_order(prompt, z, w):
    t = topic_by_id("complex_multiplication_rotation")
    values = derive(t, read_parameters(t, prompt).values)
    assert sympy.simplify(values["z"] - z) == 0 and sympy.simplify(values["w"] - w) == 0
    assert sympy.simplify(values["p"] - sympy.expand(z * w)) == 0


@pytest.mark.parametrize(
    "prompt",
    [
        "Plot 3 + 4i and 2i in the complex plane",  # two numbers for a one-number topic
        "Plot i in the complex plane",  # a lone i has no digits to read: refused, not drawn as the default
        "Multiply 3 + i by i",
        "Add 3 + 4i",  # one number for a two-number topic
        "Add 1 + 2i - 3 - i",  # subtraction is not addition
        "Plot 12 + 3i",  # outside what the plane can show
    ],
)
def test_prompts_the_complex_topics_cannot_take_are_refused(prompt):
    assert ExplainerKind().decide(prompt).chosen is None


@pytest.mark.parametrize(
    "prompt, topic, answer",
    [
        ("Multiply (1 + 2i)(3 - i)", "complex_multiplication_rotation", "(1 + 2i)·(3 - i) = 5 + 5i"),
        ("Add 2 + 3i and 1 - i", "complex_addition", "(2 + 3i) + (1 - i) = 3 + 2i"),
        ("Find the modulus and argument of 3 + 4i", "modulus_and_argument", "|z| = 5, arg z ≈ 53.13° for z = 3 + 4i"),
        ("What is the conjugate of 3 + 4i?", "complex_conjugate", "The conjugate of 3 + 4i is 3 - 4i; z times its conjugate is 25"),
        ("Find the dot product of (3, 1) and (1, 2)", "dot_product", "u · v = 5; the angle between u and v is 45°"),
        ("Find the length of the vector (3, 4)", "vector_magnitude", "|v| = 5"),
        ("Multiply the vector (2, 1) by -3", "scalar_multiplication", "-3 · (2, 1) = (-6, -3)"),
        ("Find the determinant of the matrix [[3, 1], [1, 2]]", "determinant_as_area", "det A = 5, so A multiplies areas by 5: the unit square becomes a parallelogram of area 5"),
        ("Multiply the matrices [[1, 2], [3, 4]] and [[5, 6], [7, 8]]", "matrix_multiplication", "AB = [[19, 22], [43, 50]]"),
        ("Show the 4th roots of unity", "roots_of_unity", "The 4th roots of unity: 1, i, -1, -i"),
    ],
)
def test_topics_answer_with_the_computed_values(prompt, topic, answer):
    decision = ExplainerKind().decide(prompt)
    assert decision.chosen is not None and decision.chosen.topic.id == topic
    assert build(decision.chosen.topic, prompt)[1] == answer


def test_matrix_product_agrees_with_sympy_and_is_written_row_by_column():
    p, q = [1, -2, 3, 4], [0, 5, -1, 2]
    assert matrix_times(p, q) == list(sympy.Matrix(2, 2, p) * sympy.Matrix(2, 2, q))
    assert matrix_entry_sum(p, q, 0, 1) == r"1 \cdot 5 + \left(-2\right) \cdot 2"


def test_determinant_and_the_image_of_the_unit_square():
    m = [2, 1, 1, 3]
    assert matrix_determinant(m) == sympy.Matrix(2, 2, m).det() == 5
    assert matrix_square_image(m) == [[0, 0], [2, 1], [3, 4], [1, 3]]


def test_matrix_pick_reads_columns_as_columns_and_refuses_both():
    assert matrix_pick([], [1, 2, 3, 4], [9, 9, 9, 9]) == [1, 3, 2, 4]
    assert matrix_pick([1, 2, 3, 4], [], [9, 9, 9, 9]) == [1, 2, 3, 4]
    assert matrix_pick([], [], [9, 8, 7, 6]) == [9, 8, 7, 6]
    with pytest.raises(TopicError):
        matrix_pick([1, 2, 3, 4], [1, 2, 3, 4], [9, 9, 9, 9])


@pytest.mark.parametrize("u, v, degrees", [((3, 1), (1, 2), 45), ((2, 3), (3, -2), 90), ((1, 0), (-4, 0), 180), ((1, 1), (2, 2), 0)])
def test_vector_angle(u, v, degrees):
    assert sympy.simplify(vector_angle(u, v) - degrees) == 0


@pytest.mark.parametrize("z, degrees", [(1 + I, 45), (-1 + I, 135), (-1 - I, -135), (-3 * I, -90), (-4, 180)])
def test_complex_argument_is_the_principal_angle(z, degrees):
    assert sympy.simplify(complex_argument(z) - degrees) == 0


@pytest.mark.parametrize("n", range(2, 9))
def test_unit_roots_are_the_n_roots_of_one(n):
    roots = complex_unit_roots(n)
    assert len(roots) == n
    assert all(abs(complex(sympy.N(r**n)) - 1) < 1e-12 for r in roots)
    assert abs(complex(sympy.N(sum(roots)))) < 1e-12
    assert len({(round(float(sympy.re(r)), 9), round(float(sympy.im(r)), 9)) for r in roots}) == n


@pytest.mark.parametrize(
    "z, latex, text",
    [(3 + 4 * I, "3 + 4i", "3 + 4i"), (3 - I, "3 - i", "3 - i"), (-2 * I, "-2i", "-2i"), (5, "5", "5"), (sympy.Rational(1, 2) + sympy.Rational(3, 2) * I, "0.5 + 1.5i", "0.5 + 1.5i")],
)
def test_complex_numbers_are_written_as_people_write_them(z, latex, text):
    assert complex_latex(z) == latex
    assert complex_text(z) == text


def test_terms_and_numbers_in_latex():
    assert complex_terms_latex([[3, ""], [-1, "i"], [6, "i"], [-2, "i^{2}"]]) == "3 - i + 6i - 2i^{2}"
    assert complex_terms_latex([[0, ""], [0, "i"]]) == "0"
    assert exact_latex(sympy.Rational(-1, 4), True) == r"\left(-0.25\right)"
    assert exact_latex(sympy.Rational(1, 3)) == r"\frac{1}{3}"
