"""Helpers for the vector, matrix and complex-number topics: 2x2 matrices as flat lists, complex numbers
read from their parts, and the LaTeX and plain text to show them.

A 2x2 matrix is the flat list [a, b, c, d] of its rows ((a, b) on top). A complex number is a SymPy
number a + b*I. Everything is exact SymPy arithmetic; nothing here is rounded except for display.
"""

from __future__ import annotations

from typing import Any

import sympy

from scenesmith.kinds.explainer.errors import TopicError

# A complex-number parameter whose pattern did not match keeps this default: it is outside every
# parameter's bounds, so no value read from a prompt can equal it.
NOT_GIVEN = 99


def _given(value: Any) -> bool:
    return not (isinstance(value, (int, float, sympy.Number)) and value == NOT_GIVEN)


def complex_reading(real: Any, imag: Any, imag_neg: Any, unit_pos: Any, unit_neg: Any, pure: Any, default_re: Any, default_im: Any) -> sympy.Expr:
    """The complex number a prompt writes, from what each of its patterns read (NOT_GIVEN where one did not match).

    `real` is the real part of 'a + bi' / 'a - bi' / 'a + i' / 'a - i'; `imag` the b of 'a + bi', `imag_neg` the b of
    'a - bi'; `unit_pos` / `unit_neg` mark 'a + i' / 'a - i'; `pure` the b of a lone 'bi'. One number has exactly one
    imaginary form; two forms mean the prompt wrote two numbers where the topic takes one, and it is refused.
    Nothing given: the default a + bi.
    """
    forms = {"imag": imag, "imag_neg": imag_neg, "unit_pos": unit_pos, "unit_neg": unit_neg, "pure": pure}
    found = [name for name, value in forms.items() if _given(value)]
    if not found and not _given(real):
        return sympy.nsimplify(default_re) + sympy.nsimplify(default_im) * sympy.I
    if len(found) != 1 or (found[0] == "pure") == _given(real):
        raise TopicError("Write each complex number once, in the form a + bi (for example 3 - 2i, 1 + i or 4i).")
    b = {"imag": imag, "imag_neg": -imag_neg if _given(imag_neg) else 0, "unit_pos": 1, "unit_neg": -1, "pure": pure}[found[0]]
    a = real if _given(real) else 0
    return sympy.nsimplify(a) + sympy.nsimplify(b) * sympy.I


def complex_given(real: Any, imag: Any, imag_neg: Any, unit_pos: Any, unit_neg: Any, pure: Any) -> bool:
    """Whether the prompt wrote this complex number at all (any of its patterns matched)."""
    return any(_given(v) for v in (real, imag, imag_neg, unit_pos, unit_neg, pure))


def _part_latex(value: Any) -> str:
    """LaTeX for a number: a terminating decimal as typed ('1.5', '-0.25'), other rationals as fractions, surds exact."""
    value = sympy.nsimplify(value)
    if value.is_Rational and not value.is_Integer:
        q = int(value.q)
        while q % 2 == 0:
            q //= 2
        while q % 5 == 0:
            q //= 5
        if q == 1:  # a terminating decimal: write it out exactly
            return format(sympy.Float(value, 30), "f").rstrip("0").rstrip(".")
    return sympy.latex(value)


def exact_latex(value: Any, paren: bool = False) -> str:
    """LaTeX for a number (see _part_latex); paren=True wraps a negative number or a fraction in parentheses, for a power or a product."""
    text = _part_latex(value)
    value = sympy.nsimplify(value)
    if paren and (value.could_extract_minus_sign() or "frac" in text):
        return rf"\left({text}\right)"
    return text


def complex_latex(z: Any) -> str:
    """LaTeX for a + bi as people write it: '3 + 4i', '3 - i', '-2i', '5', '\\frac{1}{2} + i'."""
    z = sympy.expand(sympy.sympify(z))
    a, b = sympy.re(z), sympy.im(z)
    if b == 0:
        return _part_latex(a)
    size = "" if abs(b) == 1 else _part_latex(abs(b))
    if a == 0:
        return ("-" if b < 0 else "") + size + "i"
    return f"{_part_latex(a)} {'-' if b < 0 else '+'} {size}i"


def _part_text(value: Any) -> tuple[str, bool]:
    """Plain text for a number and whether it is exact: a terminating decimal in full ('1.5625'), anything else to 2 places."""
    value = sympy.nsimplify(value)
    if value.is_Rational:
        text = _part_latex(value)
        if "frac" not in text:
            return text, True
    return f"{float(value):.2f}".rstrip("0").rstrip("."), False


def complex_text(z: Any, paren: bool = False) -> str:
    """Plain text for a + bi: '3 + 4i', '3 - i', '-2i', '0.5 + 1.5i'; parts that are not terminating decimals are
    rounded to 2 places and the number is marked: '≈ 0.71 + 0.71i'. paren=True puts a two-part or negative
    number in parentheses, for a sum or a product: '(3 - i)'."""
    z = sympy.expand(sympy.sympify(z))
    a, b = sympy.re(z), sympy.im(z)
    (a_text, a_exact), (b_text, b_exact) = _part_text(a), _part_text(abs(b))
    if b == 0:
        text = a_text
    else:
        size = "" if abs(b) == 1 else b_text
        text = ("-" if b < 0 else "") + size + "i" if a == 0 else f"{a_text} {'-' if b < 0 else '+'} {size}i"
    if paren and ((a != 0 and b != 0) or text.startswith("-")):
        text = f"({text})"
    return text if a_exact and b_exact else "≈ " + text


def complex_terms_latex(pairs: Any) -> str:
    """LaTeX for a sum of terms [[coefficient, unit], ...], e.g. [[3, ""], [-1, "i"], [6, "i"], [-2, "i^{2}"]] ->
    '3 - i + 6i - 2i^{2}': zero terms left out, a coefficient 1 before a unit not written, '0' when nothing is left."""
    text = ""
    for coefficient, unit in pairs:
        coefficient = sympy.nsimplify(coefficient)
        if coefficient == 0:
            continue
        size = abs(coefficient)
        body = (exact_latex(size) if (size != 1 or not unit) else "") + str(unit)
        sign = "-" if coefficient < 0 else "+"
        text = (f"-{body}" if sign == "-" else body) if not text else f"{text} {sign} {body}"
    return text or "0"


def complex_paren(z: Any) -> str:
    """LaTeX for a complex number inside a product or sum: '(3 - i)', or '4' / '2i' alone."""
    z = sympy.expand(sympy.sympify(z))
    text = complex_latex(z)
    return f"({text})" if sympy.re(z) != 0 and sympy.im(z) != 0 else (f"({text})" if text.startswith("-") else text)


def matrix_pick(rows: Any, columns: Any, default: Any) -> list:
    """The matrix as a flat list of its rows, from the rows or the columns a prompt gives (or the default)."""
    rows, columns = list(rows), list(columns)
    if rows and columns:
        raise TopicError("Give the matrix once: either its rows or its columns.")
    if columns:
        a, c, b, d = columns
        return [a, b, c, d]
    return [sympy.nsimplify(v) for v in (rows or default)]


def matrix_entries(m: Any) -> list[list[str]]:
    """The entries of a 2x2 matrix (flat list of rows) as LaTeX, row by row, for a matrix element."""
    return [[_part_latex(m[0]), _part_latex(m[1])], [_part_latex(m[2]), _part_latex(m[3])]]


def matrix_latex(m: Any) -> str:
    """LaTeX for a 2x2 matrix (flat list of rows) in square brackets."""
    return r"\begin{bmatrix} %s & %s \\ %s & %s \end{bmatrix}" % tuple(_part_latex(v) for v in m)


def matrix_times(p: Any, q: Any) -> list:
    """The product PQ of two 2x2 matrices, each a flat list of rows."""
    product = sympy.Matrix(2, 2, list(p)) * sympy.Matrix(2, 2, list(q))
    return [sympy.nsimplify(v) for v in product]


def matrix_entry_sum(p: Any, q: Any, row: Any, column: Any) -> str:
    """LaTeX for one entry of PQ written out: row `row` of P times column `column` of Q, '1 \\cdot 5 + 2 \\cdot 7'."""
    r, c = int(row), int(column)
    left = [p[2 * r], p[2 * r + 1]]
    right = [q[c], q[2 + c]]
    return " + ".join(rf"{exact_latex(x, True)} \cdot {exact_latex(y, True)}" for x, y in zip(left, right))




def matrix_determinant(m: Any) -> sympy.Expr:
    """ad - bc of a 2x2 matrix given as the flat list [a, b, c, d]."""
    return sympy.nsimplify(m[0] * m[3] - m[1] * m[2])


def axes_polygon(corners: Any, color: str = "yellow", label: str | None = None, grow_from: Any = None, opacity: Any = 0.35) -> dict:
    """A filled polygon for an axes_plot, from [[x, y], ...] corners."""
    shape: dict[str, Any] = {"vertices": [{"x": x, "y": y} for x, y in corners], "color": color, "opacity": opacity}
    if label:
        shape["label"] = label
    if grow_from is not None:
        shape["from_polygon"] = int(grow_from)
    return shape


def matrix_square_image(m: Any) -> list[list]:
    """The corners of the image of the unit square under a 2x2 matrix: 0, the first column, their sum, the second column."""
    a, b, c, d = m
    return [[0, 0], [a, c], [a + b, c + d], [b, d]]


def vector_arrow(x: Any, y: Any, label: str | None = None, color: str = "yellow") -> dict:
    """An arrow from the origin to (x, y) for a vectors element."""
    found: dict[str, Any] = {"x": x, "y": y, "color": color}
    if label:
        found["label"] = label
    return found


def vector_angle(u: Any, v: Any) -> sympy.Expr:
    """The angle between two non-zero plane vectors in degrees, 0 to 180 (exact where SymPy can)."""
    dot = u[0] * v[0] + u[1] * v[1]
    size = sympy.sqrt(u[0] ** 2 + u[1] ** 2) * sympy.sqrt(v[0] ** 2 + v[1] ** 2)
    return sympy.simplify(sympy.acos(sympy.nsimplify(dot) / size) * 180 / sympy.pi)


def complex_argument(z: Any) -> sympy.Expr:
    """The principal argument of a non-zero complex number in degrees, in (-180, 180]."""
    z = sympy.sympify(z)
    return sympy.simplify(sympy.atan2(sympy.im(z), sympy.re(z)) * 180 / sympy.pi)


def complex_unit_roots(n: Any) -> list[sympy.Expr]:
    """The n complex n-th roots of unity, cos(2 pi k / n) + i sin(2 pi k / n) for k = 0 .. n-1."""
    n = int(n)
    return [sympy.nsimplify(sympy.cos(2 * sympy.pi * k / n)) + sympy.I * sympy.nsimplify(sympy.sin(2 * sympy.pi * k / n)) for k in range(n)]


def complex_decimal_latex(z: Any) -> str:
    """LaTeX for a complex number with parts rounded to 2 places, marked '\\approx' when rounding changed it: '\\approx 0.31 + 0.95i'."""
    z = sympy.expand(sympy.sympify(z))
    a, b = (sympy.N(v, 15) for v in (sympy.re(z), sympy.im(z)))
    ra, rb = (sympy.Rational(round(float(v) * 100), 100) for v in (a, b))
    exact = abs(float(a) - float(ra)) < 1e-12 and abs(float(b) - float(rb)) < 1e-12
    return ("" if exact else "\\approx ") + complex_latex(ra + rb * sympy.I)


def complex_unit_root_rows(n: Any) -> list[list[str]]:
    """Table rows [k, angle, z_k] for the n-th roots of unity (LaTeX, parts to 2 places)."""
    n = int(n)
    rows = []
    for k, root in enumerate(complex_unit_roots(n)):
        angle = sympy.Rational(360 * k, n)
        angle_text = str(int(angle)) if angle.is_Integer else "\\approx " + f"{float(angle):.2f}".rstrip("0").rstrip(".")
        rows.append([str(k), angle_text + "^{\\circ}", complex_decimal_latex(root)])
    return rows


def complex_unit_root_points(n: Any) -> list[dict]:
    """Marked points for the n-th roots of unity on axes: 1, omega, omega squared, ..."""
    points = []
    for k, root in enumerate(complex_unit_roots(int(n))):
        label = "1" if k == 0 else ("\\omega" if k == 1 else f"\\omega^{{{k}}}")
        points.append({"x": round(float(sympy.re(root)), 6), "y": round(float(sympy.im(root)), 6), "label": label, "color": "yellow"})
    return points


def complex_unit_root_text(n: Any) -> str:
    """The n-th roots of unity in plain text, '1, ≈ -0.5 + 0.87i, ≈ -0.5 - 0.87i' (parts to 2 places, '≈' where rounded)."""
    return ", ".join(complex_text(root) for root in complex_unit_roots(int(n)))


def complex_unit_root_polygon(n: Any, color: str = "teal") -> list[dict]:
    """The regular polygon with the n-th roots of unity as corners, for an axes_plot (none for n = 2)."""
    corners = [[p["x"], p["y"]] for p in complex_unit_root_points(n)]
    return [axes_polygon(corners, color)] if len(corners) >= 3 else []


def complex_unit_root_sum_latex(n: Any) -> str:
    """LaTeX for 1 + omega + omega^2 + ... + omega^(n-1) = 0."""
    terms = ["1", "\\omega"] + [f"\\omega^{{{k}}}" for k in range(2, int(n))]
    return " + ".join(terms[: int(n)]) + " = 0"


HELPERS: dict[str, Any] = {
    "exact_latex": exact_latex,
    "complex_reading": complex_reading,
    "complex_given": complex_given,
    "complex_number": lambda a, b: sympy.nsimplify(a) + sympy.nsimplify(b) * sympy.I,
    "complex_latex": complex_latex,
    "complex_text": complex_text,
    "complex_paren": complex_paren,
    "complex_terms_latex": complex_terms_latex,
    "complex_real": lambda z: sympy.re(sympy.sympify(z)),
    "complex_imag": lambda z: sympy.im(sympy.sympify(z)),
    "complex_modulus": lambda z: sympy.sqrt(sympy.re(sympy.sympify(z)) ** 2 + sympy.im(sympy.sympify(z)) ** 2),
    "complex_argument": complex_argument,
    "complex_unit_roots": complex_unit_roots,
    "complex_decimal_latex": complex_decimal_latex,
    "complex_unit_root_rows": complex_unit_root_rows,
    "complex_unit_root_points": complex_unit_root_points,
    "complex_unit_root_text": complex_unit_root_text,
    "complex_unit_root_polygon": complex_unit_root_polygon,
    "complex_unit_root_sum_latex": complex_unit_root_sum_latex,
    "matrix_pick": matrix_pick,
    "matrix_entries": matrix_entries,
    "matrix_latex": matrix_latex,
    "matrix_times": matrix_times,
    "matrix_entry_sum": matrix_entry_sum,
    "matrix_determinant": matrix_determinant,
    "axes_polygon": axes_polygon,
    "matrix_square_image": matrix_square_image,
    "vector_arrow": vector_arrow,
    "vector_angle": vector_angle,
}
