"""Rules: derivatives, one rule per differentiation rule.

The state is an Expression holding unevaluated `Derivative(f, x)` parts. Each rule looks at the
innermost Derivative nodes (a Derivative whose function holds no other Derivative), classifies
the function with `kind_of` (exactly one rule fits each node) and rewrites every node of its kind
at once: constant, power, constant multiple, sum/difference, product, quotient, chain (naming the
inner function u), trig, inverse trig, exponential, logarithm. `simplify_derivative` then brings
the result to the answer form (`answer_form`):
- polynomials expanded, by descending degree: `12x^3 - 4x + 5`;
- rational functions cancelled and factored: `(x^2 - 2x - 1)/(x - 1)^2`, `-1/(x + 1)^2`;
- anything else expanded, over one denominator when it has one: `2x*sin(x) + x^2*cos(x)`,
  `(x*cos(x) - sin(x))/x^2`, `2*e^(2x)`.
"""

from __future__ import annotations

import sympy as sp

from scenesmith.kinds.solution.steps.display import plain
from scenesmith.kinds.solution.steps.search import rule
from scenesmith.kinds.solution.steps.sides import terms
from scenesmith.kinds.solution.steps.state import Expression, Move, State

FAMILY = "derivatives"

_TRIG = {
    sp.sin: lambda u: sp.cos(u),
    sp.cos: lambda u: -sp.sin(u),
    sp.tan: lambda u: sp.sec(u) ** 2,
    sp.sec: lambda u: sp.sec(u) * sp.tan(u),
    sp.csc: lambda u: -sp.csc(u) * sp.cot(u),
    sp.cot: lambda u: -sp.csc(u) ** 2,
}
_INVERSE_TRIG = {
    sp.asin: lambda u: 1 / sp.sqrt(1 - u**2),
    sp.acos: lambda u: -1 / sp.sqrt(1 - u**2),
    sp.atan: lambda u: 1 / (1 + u**2),
}


class Deriv(sp.Derivative):
    """An unevaluated d/dx f whose LaTeX brackets f unless it is a single symbol, number or function."""

    def _latex(self, printer):
        f = self.expr
        var = printer._print(self.variables[0])
        body = printer._print(f)
        if not (f.is_Atom or isinstance(f, sp.Function)):
            body = rf"\left({body}\right)"
        return rf"\frac{{d}}{{d{var}}} {body}"


def d(f, x):
    """An unevaluated derivative d/dx f."""
    return Deriv(f, x, evaluate=False)


def text(e) -> str:
    """Plain text for captions: ln for the natural log, e for Euler's number."""
    import re

    s = plain(e)
    s = re.sub(r"\blog\(\|([^|]*)\|\)", r"ln|\1|", s)
    s = s.replace("log(", "ln(")
    s = re.sub(r"\ba(sin|cos|tan)\(", r"arc\1(", s)
    return re.sub(r"\bE\b", "e", s)


def innermost(expr) -> list:
    """Derivative nodes of one variable whose function holds no other Derivative, in order, once each."""
    out = []
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Derivative) and len(node.variable_count) == 1 and node.variable_count[0][1] == 1:
            if not node.expr.has(sp.Derivative) and node not in out:
                out.append(node)
    return out


def _power_of_x(f, x):
    """(c, n) when f = c*x^n with numbers c, n (x itself, 3x^4, 5/x^2, sqrt(x)); else None."""
    f = sp.sympify(f).doit()
    c, rest = f.as_coeff_Mul()
    if rest == x:
        return c, sp.S.One
    if isinstance(rest, sp.Pow) and rest.base == x and rest.exp.is_number and rest.exp.is_real:
        return c, rest.exp
    return None


def _is_exp(f, x) -> bool:
    return isinstance(f, sp.exp) or (isinstance(f, sp.Pow) and f.base.is_number and f.base.is_positive and f.exp.has(x))


def _exp_parts(f):
    """(base, exponent) of e^u or a^u."""
    if isinstance(f, sp.exp):
        return sp.E, f.args[0]
    return f.base, f.exp


def _log_parts(f):
    """(argument, base) of ln u (base None) or log_b u."""
    if len(f.args) == 2:
        return f.args[0], f.args[1]
    return f.args[0], None


def kind_of(f, x) -> str | None:
    """The one differentiation rule that fits d/dx f (None: no rule here does)."""
    f = sp.sympify(f)
    if not f.has(x):
        return "constant"
    if isinstance(f, sp.Add):
        return "sum"
    if _power_of_x(f, x) is not None:
        return "power"
    if isinstance(f, sp.Mul):
        c, rest = f.as_coeff_Mul()
        if c != 1:
            return "constant_multiple"
        num, den = sp.fraction(f)
        if den.has(x) and num.has(x):
            return "quotient"
        factors = [a for a in sp.Mul.make_args(f) if a.has(x)]
        if len(factors) >= 2:
            return "product"
        if len(factors) == 1:  # a constant factor that is not a number, e.g. pi*x
            return "constant_multiple"
        return None
    if isinstance(f, sp.Pow):
        if f.exp.has(x):
            return ("chain" if f.exp != x else "exponential") if _is_exp(f, x) else None
        if f.exp.is_number and f.exp.is_real:
            return "chain"  # (inner)^n with inner not x (x^n is the power rule)
        return None
    if isinstance(f, sp.exp):
        return "exponential" if f.args[0] == x else "chain"
    if isinstance(f, sp.log):
        arg, base = _log_parts(f)
        if base is not None and (base.has(x) or not base.is_positive):
            return None
        return "logarithm" if arg == x else "chain"
    if f.func in _TRIG:
        return "trig" if f.args[0] == x else "chain"
    if f.func in _INVERSE_TRIG:
        return "inverse_trig" if f.args[0] == x else "chain"
    return None


def nested_polynomial(node, state) -> bool:
    """A polynomial sum inside a bigger expression (the u' of a chain, product or quotient rule): differentiated in one step."""
    f, x = node.expr, node.variables[0]
    return node != state.expr and isinstance(f, sp.Add) and all(not t.has(x) or _power_of_x(t, x) is not None for t in sp.Add.make_args(f))


def _rewrite(state: State, kind: str, build, caption, where=None) -> list[Move]:
    """Rewrite every innermost Derivative of the given kind (and `where(node, state)`, when given):
    build(f, x) -> new part; caption(nodes) -> text."""
    if not isinstance(state, Expression):
        return []
    nodes = [n for n in innermost(state.expr) if kind_of(n.expr, n.variables[0]) == kind and (where is None or where(n, state))]
    if not nodes:
        return []
    mapping = {}
    for n in nodes:
        new = build(n.expr, n.variables[0])
        if new is None:
            return []
        mapping[n] = new
    expr = state.expr.xreplace(mapping)
    return [Move(Expression(expr, state.label), caption(nodes))]


def _one(nodes) -> bool:
    return len(nodes) == 1


@rule(FAMILY, name="derivative_constant_rule")
def constant_rule(state: State):
    """d/dx 7 -> 0"""
    return _rewrite(state, "constant", lambda f, x: sp.S.Zero,
                    lambda ns: "The derivative of a constant is 0" + ("" if _one(ns) else " (each constant term)"))


def _sum(f, x):
    parts = []
    for t in terms(f):
        c, _ = t.as_coeff_Mul()
        if c.is_negative:
            parts.append(sp.Mul(-1, d(sp.expand(-t) if t.is_polynomial(x) else -t, x), evaluate=False))
        else:
            parts.append(d(t, x))
    return sp.Add(*parts, evaluate=False)


@rule(FAMILY, name="derivative_sum_rule")
def sum_rule(state: State):
    """d/dx (x^3 + 2x) -> d/dx x^3 + d/dx 2x"""
    def caption(nodes):
        minus = any(any(t.as_coeff_Mul()[0].is_negative for t in sp.Add.make_args(n.expr)) for n in nodes)
        return "Apply the sum and difference rules: differentiate term by term" if minus else "Apply the sum rule: differentiate term by term"
    return _rewrite(state, "sum", _sum, caption, where=lambda n, st: not nested_polynomial(n, st))


def _polynomial(f, x):
    return sp.expand(sp.diff(f, x))


@rule(FAMILY, name="derivative_polynomial_rule")
def polynomial_rule(state: State):
    """(d/dx (x^2 - 1))(x^2 + 1) - ... -> 2x(x^2 + 1) - ...  (a polynomial inside a bigger expression, term by term at once)"""
    def caption(nodes):
        if _one(nodes):
            f, x = nodes[0].expr, nodes[0].variables[0]
            return f"Differentiate term by term with the power rule: d/d{x} ({text(f)}) = {text(_polynomial(f, x))}"
        return "Differentiate each polynomial term by term with the power rule"
    return _rewrite(state, "sum", _polynomial, caption, where=nested_polynomial)


def _power(f, x):
    c, n = _power_of_x(f, x)
    return sp.expand(c * n * x ** (n - 1))


@rule(FAMILY, name="derivative_power_rule")
def power_rule(state: State):
    """d/dx 3x^4 -> 12x^3"""
    def caption(nodes):
        if _one(nodes):
            f = nodes[0].expr
            return f"Apply the power rule: d/dx {text(f)} = {text(_power(f, nodes[0].variables[0]))}"
        x = nodes[0].variables[0]
        return f"Apply the power rule to each term: d/d{x} {x}^n = n*{x}^(n - 1)"
    return _rewrite(state, "power", _power, caption)


def _constant_multiple(f, x):
    c, rest = f.as_coeff_Mul()
    if c == 1:
        consts = [a for a in sp.Mul.make_args(f) if not a.has(x)]
        c = sp.Mul(*consts)
        rest = sp.Mul(*[a for a in sp.Mul.make_args(f) if a.has(x)])
    return sp.Mul(c, d(rest, x), evaluate=False) if c != -1 else sp.Mul(-1, d(rest, x), evaluate=False)


@rule(FAMILY, name="derivative_constant_multiple_rule")
def constant_multiple_rule(state: State):
    """d/dx 3sin(x) -> 3 d/dx sin(x)"""
    def caption(nodes):
        if _one(nodes):
            c = _constant_multiple(nodes[0].expr, nodes[0].variables[0]).args[0]
            if c == -1:
                return "Take the minus sign out of the derivative"
            return f"Constant multiple rule: take the factor {text(c)} out of the derivative"
        return "Constant multiple rule: take the constant factors out of the derivatives"
    return _rewrite(state, "constant_multiple", _constant_multiple, caption)


def _split_product(f, x):
    factors = [a for a in sp.Mul.make_args(f)]
    u = factors[0]
    v = sp.Mul(*factors[1:])
    return u, v


def _product(f, x):
    u, v = _split_product(f, x)
    return sp.Add(sp.Mul(d(u, x), v, evaluate=False), sp.Mul(u, d(v, x), evaluate=False), evaluate=False)


@rule(FAMILY, name="derivative_product_rule")
def product_rule(state: State):
    """d/dx x^2 sin(x) -> (d/dx x^2) sin(x) + x^2 (d/dx sin(x))"""
    def caption(nodes):
        if _one(nodes):
            u, v = _split_product(nodes[0].expr, nodes[0].variables[0])
            return f"Apply the product rule (uv)' = u'v + uv' with u = {text(u)}, v = {text(v)}"
        return "Apply the product rule (uv)' = u'v + uv'"
    return _rewrite(state, "product", _product, caption)


def _quotient(f, x):
    num, den = sp.fraction(f)
    top = sp.Add(sp.Mul(d(num, x), den, evaluate=False), sp.Mul(-1, sp.Mul(num, d(den, x), evaluate=False), evaluate=False), evaluate=False)
    return sp.Mul(top, sp.Pow(sp.Pow(den, 2, evaluate=False), -1, evaluate=False), evaluate=False)


@rule(FAMILY, name="derivative_quotient_rule")
def quotient_rule(state: State):
    """d/dx sin(x)/x -> ((d/dx sin(x)) x - sin(x) (d/dx x)) / x^2"""
    def caption(nodes):
        if _one(nodes):
            num, den = sp.fraction(nodes[0].expr)
            return f"Apply the quotient rule (u/v)' = (u'v - uv')/v^2 with u = {text(num)}, v = {text(den)}"
        return "Apply the quotient rule (u/v)' = (u'v - uv')/v^2"
    return _rewrite(state, "quotient", _quotient, caption)


def _outer_inner(f, x):
    """(outer derivative evaluated at the inner function, inner function u)."""
    if isinstance(f, sp.Pow) and not f.exp.has(x):
        u, n = f.base, f.exp
        return n * u ** (n - 1), u
    if isinstance(f, sp.Pow) or isinstance(f, sp.exp):
        base, u = _exp_parts(f)
        return (f if base == sp.E else f * sp.log(base)), u
    if isinstance(f, sp.log):
        u, base = _log_parts(f)
        return (1 / u if base is None else 1 / (u * sp.log(base))), u
    if f.func in _TRIG:
        u = f.args[0]
        return _TRIG[f.func](u), u
    if f.func in _INVERSE_TRIG:
        u = f.args[0]
        return _INVERSE_TRIG[f.func](u), u
    return None


def _chain(f, x):
    parts = _outer_inner(f, x)
    if parts is None:
        return None
    outer, u = parts
    return sp.Mul(outer, d(u, x), evaluate=False)


@rule(FAMILY, name="derivative_chain_rule")
def chain_rule(state: State):
    """d/dx sin(x^2) -> cos(x^2) * d/dx x^2   (u = x^2)"""
    def caption(nodes):
        if _one(nodes):
            parts = _outer_inner(nodes[0].expr, nodes[0].variables[0])
            return f"Apply the chain rule with inner function u = {text(parts[1])}: multiply by du/dx"
        return "Apply the chain rule: differentiate the outer function, then multiply by the derivative of the inner function"
    return _rewrite(state, "chain", _chain, caption)


def _from_table(state: State, kind: str, table: dict, several: str) -> list[Move]:
    """A derivative read from a table (d/dx sin(x) = cos(x)): 'The derivative of f is f′', or `several` for many at once."""
    def build(f, x):
        return table[f.func](x)

    def caption(nodes):
        if _one(nodes):
            f = nodes[0].expr
            return f"The derivative of {text(f)} is {text(build(f, nodes[0].variables[0]))}"
        return several
    return _rewrite(state, kind, build, caption)


@rule(FAMILY, name="derivative_trig_rule")
def trig_rule(state: State):
    """d/dx sin(x) -> cos(x)"""
    return _from_table(state, "trig", _TRIG, "Use the derivatives of the trigonometric functions")


@rule(FAMILY, name="derivative_inverse_trig_rule")
def inverse_trig_rule(state: State):
    """d/dx arctan(x) -> 1/(1 + x^2)"""
    return _from_table(state, "inverse_trig", _INVERSE_TRIG, "Use the derivatives of the inverse trigonometric functions")


def _exponential(f, x):
    base, _ = _exp_parts(f)
    return f if base == sp.E else sp.Mul(f, sp.log(base), evaluate=False)


@rule(FAMILY, name="derivative_exponential_rule")
def exponential_rule(state: State):
    """d/dx e^x -> e^x;  d/dx 2^x -> 2^x ln(2)"""
    def caption(nodes):
        base, _ = _exp_parts(nodes[0].expr)
        if _one(nodes) and base != sp.E:
            return f"The derivative of a^x is a^x ln(a): here a = {text(base)}"
        return "The derivative of e^x is e^x"
    return _rewrite(state, "exponential", _exponential, caption)


def _logarithm(f, x):
    _, base = _log_parts(f)
    return 1 / x if base is None else 1 / sp.Mul(x, sp.log(base), evaluate=False)


@rule(FAMILY, name="derivative_logarithm_rule")
def logarithm_rule(state: State):
    """d/dx ln(x) -> 1/x;  d/dx log_2(x) -> 1/(x ln(2))"""
    def caption(nodes):
        _, base = _log_parts(nodes[0].expr)
        if _one(nodes) and base is not None:
            return f"The derivative of log_b(x) is 1/(x ln(b)): here b = {text(base)}"
        return "The derivative of ln(x) is 1/x"
    return _rewrite(state, "logarithm", _logarithm, caption)


def answer_form(e, x=None):
    """The simplified derivative shown as the answer (see the module docstring)."""
    e = sp.sympify(e).doit()
    symbols = sorted(e.free_symbols, key=lambda s: s.name)
    if x is None:
        x = symbols[0] if symbols else sp.Symbol("x", real=True)
    if not e.free_symbols:
        return sp.nsimplify(sp.radsimp(e)) if e.is_Rational is False and e.is_algebraic else e
    if e.is_polynomial(x):
        if isinstance(e, (sp.Mul, sp.Pow)) and any(isinstance(p, sp.Pow) and isinstance(p.base, sp.Add) for p in sp.Mul.make_args(e)) and \
                all(p.is_number or p == x or (isinstance(p, sp.Pow) and (p.base == x or isinstance(p.base, sp.Add))) for p in sp.Mul.make_args(e)):
            return e  # factored, with a power of a bracket: 6x(x^2 + 1)^2
        return sp.expand(e)
    if e.is_rational_function(x):
        return sp.factor(sp.cancel(e))
    expanded = sp.expand(e)
    num, den = sp.fraction(sp.together(expanded))
    if den.has(x):
        return sp.expand(num) / den
    return expanded


def simplify_to(state: State, form, blocked: tuple) -> list[Move]:
    """The one 'Simplify' move of the calculus families: the state brought to `form`, once nothing in `blocked` is left."""
    if not isinstance(state, Expression) or state.expr.has(*blocked):
        return []
    target = form(state.expr)
    if sp.srepr(target) == sp.srepr(state.expr):
        return []
    return [Move(Expression(target, state.label), "Simplify")]


def in_form(state: State, form, blocked: tuple) -> bool:
    """Goal of the calculus families: nothing in `blocked` left and the state already in `form`."""
    return isinstance(state, Expression) and not state.expr.has(*blocked) and sp.srepr(form(state.expr)) == sp.srepr(state.expr)


@rule(FAMILY, name="derivative_simplify_derivative")
def simplify_derivative(state: State):
    """2x*sin(x) + x^2*cos(x) written out (2*x*sin(x) + x**2*cos(x)*1) -> 2x*sin(x) + x^2*cos(x)"""
    return simplify_to(state, answer_form, (sp.Derivative, sp.Integral, sp.Limit, sp.Subs))


def is_done(state: State) -> bool:
    """Goal: no derivative left and the result in its answer form."""
    return in_form(state, answer_form, (sp.Derivative,))
