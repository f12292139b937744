"""The one math reader: LaTeX, Unicode and words in, unevaluated size-checked SymPy out."""

from __future__ import annotations

import time

import pytest
import sympy as sp

from scenesmith.mathreader import MathReadError, PromptRejected, Relation, TooBig, check_size, parse_latex, parse_plain, read, symbol

x, y = symbol("x"), symbol("y")


def only_relation(prompt: str) -> Relation:
    chains = read(prompt).relations()
    assert len(chains) == 1 and len(chains[0]) == 1, chains
    return chains[0][0]


def same(a, b) -> bool:
    return sp.simplify(sp.sympify(a).doit() - sp.sympify(b).doit()) == 0


@pytest.mark.parametrize(
    "prompt, lhs, rhs",
    [
        (r"Solve $\frac{x}{4} - 1 = 2$", x / 4 - 1, 2),
        (r"$\sqrt{2x+6} = 4$", sp.sqrt(2 * x + 6), 4),
        (r"$3^{x+1} = 81$", 3 ** (x + 1), 81),
        ("Find every real x with 3x^2 - 5x - 2 = 0.", 3 * x**2 - 5 * x - 2, 0),
        ("If x/5 - 1 = 3, then x = ?", x / 5 - 1, 3),
        ("x² − 5x + 6 = 0", x**2 - 5 * x + 6, 0),
        ("√(x+5) = 3", sp.sqrt(x + 5), 3),
        (r"Solve \(|3x-2| = x+4\)", sp.Abs(3 * x - 2), x + 4),
        (r"\[5^2\cdot2^x=100\]", 25 * 2**x, 100),
        (r"$$\dfrac{3}{x+1} = \tfrac12$$", 3 / (x + 1), sp.Rational(1, 2)),
        ("x squared minus 4 = 0", x**2 - 4, 0),
        ("Solve 0.5x + 1.5 = 4", x / 2 + sp.Rational(3, 2), 4),
        ("the square root of x equals 7", sp.sqrt(x), 7),
        (r"Solve $x^\circ + 30^\circ = 90^\circ$", x + 30, 90),
    ],
)
def test_equations_in_every_style(prompt, lhs, rhs):
    r = only_relation(prompt)
    assert r.op == "=" and same(r.lhs, lhs) and same(r.rhs, rhs), (r.lhs, r.rhs)


@pytest.mark.parametrize(
    "text, value",
    [
        (r"\frac12", sp.Rational(1, 2)),
        (r"\frac{x}2 + \frac{1}{3}", x / 2 + sp.Rational(1, 3)),
        (r"\sqrt2", sp.sqrt(2)),
        (r"\sqrt[3]{27}", 3),
        (r"81^\frac{1}{2}", 9),
        (r"\log_381", 4),
        (r"\log_{2}{64}", 6),
        (r"\ln e^{2}", 2),
        (r"2 \times 3 \div 4", sp.Rational(3, 2)),
        (r"\left(x+1\right)^2", (x + 1) ** 2),
        (r"\pi r^2", sp.pi * symbol("r") ** 2),
        (r"\sin^2 x + \cos^2 x", 1),
    ],
)
def test_latex_shorthand(text, value):
    [item] = parse_latex(text)
    assert same(item, value)


@pytest.mark.parametrize(
    "text, value",
    [
        ("2x(x+1)", 2 * x * (x + 1)),
        ("3^(x+1)", 3 ** (x + 1)),
        ("log(81, 3)", 4),
        ("|x - 3|", sp.Abs(x - 3)),
        ("e^(2x)", sp.exp(2 * x)),
        ("sqrt(72)", 6 * sp.sqrt(2)),
        ("5!", 120),
        ("0.25", sp.Rational(1, 4)),
    ],
)
def test_plain(text, value):
    assert same(parse_plain(text), value)


def test_unicode_symbols():
    r = read("Solve 2x − 5 ≤ 9 × 3").relations()[0][0]
    assert r.op == "<=" and same(r.lhs, 2 * x - 5) and same(r.rhs, 27)
    assert same(read("π × 2").expressions()[0], 2 * sp.pi)
    assert read("x ≠ 2").relations()[0][0].op == "!="
    assert same(read("x³ ÷ x").expressions()[0], x**2)


def test_words():
    assert same(read("log base 3 of 81").expressions()[0], 4)
    assert same(read("What is x squared plus 3 when x is twelve").expressions()[0], x**2 + 3)
    assert [str(v) for v in read("x is twelve").expressions()] == ["x", "12"]
    assert same(read("the square root of 49").expressions()[0], 7)
    assert same(read("2 to the power of 10").expressions()[0], 1024)
    assert same(read("half of 18").expressions()[0], 9)


def test_nothing_is_evaluated_while_reading():
    started = time.perf_counter()
    [value] = read("What is 1^(3^123456789)?").expressions()
    assert time.perf_counter() - started < 1.0
    assert isinstance(value, sp.Pow) and value.base == 1


def test_comma_lists_and_chains():
    reading = read("x + y = 10, x - y = 2")
    assert len(reading.relations()) == 2
    assert [str(v) for v in read("the mean of 3, 5, 7, 9").expressions()] == ["3", "5", "7", "9"]
    [chain] = read("-3 < 3(x + 1) <= 9").relations()
    assert [r.op for r in chain] == ["<", "<="]
    assert same(read("Is 1,000 + 2,500 = 3,500?").relations()[0][0].lhs, 3500)


def test_skeleton_keeps_the_words_and_marks_the_math():
    reading = read("Find every real x with 3x^2 - 5x - 2 = 0.")
    assert reading.skeleton.startswith("find every real <0> with <1>")
    assert read("Explain Fermat's little theorem").skeleton == "explain fermats little theorem"


def test_unreadable_spans_are_reported_not_raised():
    reading = read("Solve 3x + $ = 2")
    assert reading.unread or not reading.relations()
    reading = read(r"$\frac{1}{$")
    assert reading.unread


@pytest.mark.parametrize("prompt", ["10^(10^10)", "What is 2^5000?", "9" * 1200, "x^200 + 1 = 0", "What is 1000!?"])
def test_too_big_is_flagged_before_evaluation(prompt):
    started = time.perf_counter()
    if len(prompt) > 500:
        with pytest.raises(PromptRejected):
            read(prompt)
        return
    assert read(prompt).too_big, prompt
    assert time.perf_counter() - started < 1.0


def test_check_size_spares_trivial_towers():
    check_size(sp.Pow(1, sp.Pow(3, 123456789, evaluate=False), evaluate=False))
    check_size(sp.Pow(-1, sp.Pow(10, 10**6, evaluate=False), evaluate=False))
    with pytest.raises(TooBig):
        check_size(sp.Pow(2, sp.Pow(10, 10, evaluate=False), evaluate=False))


@pytest.mark.parametrize("prompt", ["__import__('os').system('ls')", "x" * 600, "open('/etc/passwd')"])
def test_code_and_huge_prompts_are_rejected(prompt):
    with pytest.raises(PromptRejected):
        read(prompt)


def test_latex_definitions_are_refused():
    reading = read(r"$\def\x{\x}\x$")
    assert reading.unread and "definitions" in reading.unread[0][1]


# ----- red team: ambiguous and unusual spellings -----------------------------------------------


@pytest.mark.parametrize("text", ["1/2x", "3/4x + 1", "x/2y", "6 / 2(1 + 2)", "1/2sqrt(x)"])
def test_a_number_after_a_slash_written_onto_a_letter_or_bracket_is_ambiguous(text):
    with pytest.raises(MathReadError, match="ambiguous"):
        parse_plain(text)


def test_ambiguous_division_in_latex_is_refused_too_but_frac_and_brackets_are_read():
    with pytest.raises(MathReadError, match="ambiguous"):
        parse_latex("1/2x = 4")
    assert same(parse_plain("1/2 x"), x / 2)  # spaced: the fraction times x
    assert same(parse_plain("(1/2)x"), x / 2)
    assert same(parse_plain("1/(2x)"), 1 / (2 * x))
    [value] = parse_latex(r"\frac{1}{2}x")
    assert same(value, x / 2)


@pytest.mark.parametrize(
    "prompt, value",
    [
        ("What is 9 to the power of one half?", 3),  # was 9^1: the word 'half' was dropped
        ("What is one half of 10?", 5),  # was (3/2)*10: '1 half' became the mixed number 1 1/2
        ("two thirds of 9", 6),
        ("three quarters of 100", 75),
        ("two and a half times 4", 10),
        ("What is 3/4 of 20?", 15),
        ("What is ∛64?", 4),  # was 'cbrt64'
        ("What is ２ + ３?", 5),  # fullwidth digits
        ("What is 2 x 3?", 6),  # a lone x between numbers is times when x is no variable
        ("6 x 10^3", 6000),
        ("2ˣ", 2**x),
    ],
)
def test_math_in_words_and_unicode(prompt, value):
    assert same(read(prompt).expressions()[0], value)


def test_worded_polynomials_with_terms():
    r = only_relation("x squared minus 5x plus 6 equals 0")
    assert same(r.lhs, x**2 - 5 * x + 6) and same(r.rhs, 0)
    r = only_relation("Solve ２x + ３ = ７")
    assert same(r.lhs, 2 * x + 3) and same(r.rhs, 7)


def test_x_between_numbers_when_x_is_also_the_variable_is_reported_unread():
    reading = read("Solve 2 x 3 = x")
    assert reading.unread and "times sign" in reading.unread[0][1]


@pytest.mark.parametrize("text, value", [("2^3^2", 2**9), ("-3^2", -9), ("sin x^2", sp.sin(x**2)), ("-x^2", -(x**2))])
def test_conventions_a_teacher_reads(text, value):
    assert same(parse_plain(text), value)


def test_a_count_of_decimal_places_is_part_of_the_question_not_of_the_math():
    reading = read("What is 1/3 + 1/6 to 2 decimal places?")
    assert "2 decimal places" in reading.skeleton
    assert len(reading.expressions()) == 1
