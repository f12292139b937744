"""Rules: integrals, following the rule tree of SymPy's `integral_steps` (manualintegrate).

The state is an Expression holding unevaluated `Integral` parts (indefinite, or definite with
finite limits). Each rule looks at the first innermost Integral, asks `plan(f, x)` for the named
rule that integrates it (AddRule, ConstantTimesRule, PowerRule, URule, PartsRule, ExpRule,
ReciprocalRule, trig rules, ...) and makes that one step:
- sum rule, constant multiple, power rule (a whole polynomial in one step), basic antiderivatives
  (e^x, a^x, 1/x, sin, cos, sec^2, ...), u-substitution (indefinite: `Subs(∫ g(u) du, u, u(x))`,
  then substitute back; definite: the limits change), integration by parts (u, dv named);
- a definite integral's antiderivative is shown as `EvalAt(F, x, a, b)` = [F(x)] from a to b,
  then evaluated as F(b) - F(a), then simplified.
An indefinite integral's answer is an antiderivative; the task adds ' + C'.
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp
from sympy.integrals import manualintegrate as mi

from scenesmith.kinds.solution.steps.search import rule
from scenesmith.kinds.solution.steps.sides import terms
from scenesmith.kinds.solution.steps.state import Expression, Move, State
from scenesmith.kinds.solution.rules.derivatives import answer_form, in_form, simplify_to, text

FAMILY = "integrals"

ATOMIC = {
    mi.ConstantRule: "The integral of a constant k is k*{x}",
    mi.PowerRule: "Apply the power rule: the integral of {x}^n is {x}^(n + 1)/(n + 1)",
    mi.ExpRule: "The integral of e^{x} is e^{x}",
    mi.ReciprocalRule: "The integral of 1/{x} is ln|{x}|",
    mi.SinRule: "The integral of sin({x}) is -cos({x})",
    mi.CosRule: "The integral of cos({x}) is sin({x})",
    mi.SecTanRule: "The integral of sec({x})tan({x}) is sec({x})",
    mi.CscCotRule: "The integral of csc({x})cot({x}) is -csc({x})",
    mi.Sec2Rule: "The integral of sec({x})^2 is tan({x})",
    mi.Csc2Rule: "The integral of csc({x})^2 is -cot({x})",
    mi.ArctanRule: "Use the integral of 1/(1 + {x}^2), which is arctan({x})",
    mi.ArcsinRule: "Use the integral of 1/sqrt(1 - {x}^2), which is arcsin({x})",
}
STRUCTURAL = (mi.AddRule, mi.ConstantTimesRule, mi.URule, mi.PartsRule, mi.RewriteRule, mi.AlternativeRule)


class EvalAt(sp.Function):
    """[F(x)] evaluated from a to b: F(b) - F(a). Never evaluates on its own."""

    nargs = 4

    @classmethod
    def eval(cls, *args):
        return None

    def doit(self, **hints):
        F, x, a, b = self.args
        F = F.doit(**hints) if isinstance(F, sp.Basic) else F
        return F.subs(x, b) - F.subs(x, a)

    def _eval_derivative(self, s):  # a number: its derivative is 0
        return sp.S.Zero

    def _latex(self, printer):
        F, x, a, b = self.args
        return rf"\left[ {printer._print(F)} \right]_{{{printer._print(a)}}}^{{{printer._print(b)}}}"

    def _sympystr(self, printer):
        F, x, a, b = self.args
        return f"[{printer._print(F)}]_{printer._print(a)}^{printer._print(b)}"


def _size(r) -> int:
    return 1 + sum(_size(c) for c in _children(r))


def _children(r) -> list:
    if isinstance(r, mi.AddRule):
        return list(r.substeps)
    if isinstance(r, mi.AlternativeRule):
        return list(r.alternatives)
    if isinstance(r, mi.PartsRule):
        return [c for c in (r.v_step, r.second_step) if c is not None]
    if isinstance(r, (mi.ConstantTimesRule, mi.URule, mi.RewriteRule)):
        return [r.substep]
    return []


def allowed(r) -> bool:
    """Every rule in the tree is one a teacher would show (no special functions, no cyclic parts)."""
    if isinstance(r, mi.AlternativeRule):
        return any(allowed(a) for a in r.alternatives)
    if type(r) in ATOMIC:
        return True
    if isinstance(r, STRUCTURAL):
        return all(allowed(c) for c in _children(r))
    return False


def resolve(r):
    """An AlternativeRule's simplest allowed alternative (recursively at the top only)."""
    while isinstance(r, mi.AlternativeRule):
        options = [a for a in r.alternatives if allowed(a)]
        if not options:
            return None
        # prefer a method on the integrand as typed: sin(2x) by u = 2x, not via 2sin(x)cos(x), whose antiderivative
        # differs by a constant (and then no step can be checked against the integral as typed)
        r = min(options, key=lambda a, whole=r.integrand: (a.integrand != whole, sp.count_ops(a.u_func) if isinstance(a, mi.URule) else 0, _size(a)))
    return r


@lru_cache(maxsize=256)
def plan(f, x):
    """The top rule that integrates f dx, or None when it is not one this engine shows."""
    try:
        steps = mi.integral_steps(f, x)
    except Exception:
        return None
    if not allowed(steps):
        return None
    return resolve(steps)


def _u_symbol(x):
    return sp.Symbol("w" if x.name == "u" else "u", real=True)


def first_integral(expr):
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Integral) and not node.function.has(sp.Integral) and len(node.limits) == 1:
            return node
    return None


def _parts(node):
    """(f, x, bounds) of an Integral node; bounds is (a, b) or None."""
    lim = node.limits[0]
    x = lim[0]
    bounds = (lim[1], lim[2]) if len(lim) == 3 else None
    return node.function, x, bounds


def _integral(f, x, bounds):
    return sp.Integral(f, (x, *bounds)) if bounds else sp.Integral(f, x)


def _result(F, x, bounds):
    return EvalAt(F, x, *bounds) if bounds else F


def _step(state: State, accept):
    """Common frame: the first innermost Integral, its plan, and accept(node, f, x, bounds, plan) -> (new, caption)."""
    if not isinstance(state, Expression):
        return []
    node = first_integral(state.expr)
    if node is None:
        return []
    f, x, bounds = _parts(node)
    p = plan(f, x)
    if p is None:
        return []
    out = accept(node, f, x, bounds, p)
    if out is None:
        return []
    new, caption = out
    return [Move(Expression(state.expr.xreplace({node: new}), state.label), caption)]


def _is_power_sum(f, x) -> bool:
    for t in sp.Add.make_args(sp.expand(f)):
        c, rest = t.as_coeff_Mul()
        if rest.has(x):
            if rest == x:
                continue
            if not (isinstance(rest, sp.Pow) and rest.base == x and rest.exp.is_number and rest.exp != -1):
                return False
        elif not t.is_number:
            return False
    return True


def _power_antiderivative(f, x):
    total = sp.S.Zero
    for t in sp.Add.make_args(sp.expand(f)):
        c, rest = t.as_coeff_Mul()
        if not rest.has(x):
            total += t * x
        else:
            n = sp.S.One if rest == x else rest.exp
            total += c * x ** (n + 1) / (n + 1)
    return total


@rule(FAMILY)
def integral_power_rule(state: State):
    """∫ (3x^2 + 2x) dx -> x^3 + x^2;  ∫_0^3 x^2 dx -> [x^3/3]_0^3"""
    def accept(node, f, x, bounds, p):
        if not _is_power_sum(f, x):
            return None
        F = _power_antiderivative(f, x)
        many = len(sp.Add.make_args(sp.expand(f))) > 1
        caption = f"Apply the power rule{' to each term' if many else ''}: the integral of {x}^n is {x}^(n + 1)/(n + 1)"
        return _result(F, x, bounds), caption
    return _step(state, accept)


@rule(FAMILY)
def integral_sum_rule(state: State):
    """∫ (e^x + sin(x)) dx -> ∫ e^x dx + ∫ sin(x) dx"""
    def accept(node, f, x, bounds, p):
        if not isinstance(p, mi.AddRule) or _is_power_sum(f, x):
            return None
        parts = [_integral(t, x, bounds) for t in terms(f)]
        return sp.Add(*parts, evaluate=False), "Split the integral term by term (sum rule)"
    return _step(state, accept)


@rule(FAMILY)
def integral_constant_multiple(state: State):
    """∫ 3cos(x) dx -> 3 ∫ cos(x) dx"""
    def accept(node, f, x, bounds, p):
        if not isinstance(p, mi.ConstantTimesRule) or _is_power_sum(f, x) or p.constant in (1,):
            return None
        if isinstance(resolve(p.substep), mi.URule):
            return None  # substitute in the whole integrand instead
        inner = _integral(p.other, x, bounds)
        return sp.Mul(p.constant, inner, evaluate=False), f"Take the constant {text(p.constant)} out of the integral"
    return _step(state, accept)


def _u_parts(p, f, x):
    """(u_func, integrand in u) for a URule, or for a constant times a URule."""
    const = sp.S.One
    if isinstance(p, mi.ConstantTimesRule):
        const = p.constant
        p = resolve(p.substep)
    if not isinstance(p, mi.URule):
        return None
    u = _u_symbol(x)
    g = sp.simplify(const * p.substep.integrand.xreplace({p.u_var: u}))
    return p.u_func, g, u


@rule(FAMILY)
def u_substitution(state: State):
    """∫ 2x cos(x^2) dx -> ∫ cos(u) du with u = x^2"""
    def accept(node, f, x, bounds, p):
        found = _u_parts(p, f, x)
        if found is None:
            return None
        ufunc, g, u = found
        if g.has(x):
            return None
        du = sp.diff(ufunc, x)
        caption = f"Substitute {u} = {text(ufunc)}, d{u} = {text(du)} d{x}"
        if bounds:
            a, b = (ufunc.subs(x, bounds[0]), ufunc.subs(x, bounds[1]))
            if not all(v.is_real and v.is_finite for v in (a, b)):
                return None
            new = sp.Integral(g, (u, a, b))
            caption += f"; the limits become {u} = {text(a)} to {u} = {text(b)}"
        else:
            new = sp.Subs(sp.Integral(g, u), u, ufunc)
        return new, caption
    return _step(state, accept)


@rule(FAMILY)
def integration_by_parts(state: State):
    """∫ x e^x dx -> x e^x - ∫ e^x dx   (u = x, dv = e^x dx)"""
    def accept(node, f, x, bounds, p):
        if not isinstance(p, mi.PartsRule) or p.second_step is None:
            return None
        u, dv = p.u, p.dv
        v = p.v_step.eval()
        du = sp.diff(u, x)
        uv = u * v
        rest = _integral(sp.expand(v * du) if (v * du).is_polynomial(x) else v * du, x, bounds)
        first = EvalAt(uv, x, *bounds) if bounds else uv
        new = sp.Add(first, sp.Mul(-1, rest, evaluate=False), evaluate=False)
        caption = f"Integrate by parts with u = {text(u)}, dv = {text(dv)} d{x}: du = {text(du)} d{x}, v = {text(v)}"
        return new, caption
    return _step(state, accept)


@rule(FAMILY)
def rewrite_integrand(state: State):
    """∫ (x + 1)^2 dx -> ∫ (x^2 + 2x + 1) dx"""
    def accept(node, f, x, bounds, p):
        if not isinstance(p, mi.RewriteRule):
            return None
        return _integral(p.rewritten, x, bounds), f"Rewrite the integrand as {text(p.rewritten)}"
    return _step(state, accept)


@rule(FAMILY)
def basic_antiderivative(state: State):
    """∫ cos(x) dx -> sin(x);  ∫ 1/x dx -> ln|x|;  ∫_0^1 e^x dx -> [e^x]_0^1"""
    def accept(node, f, x, bounds, p):
        if type(p) not in ATOMIC or isinstance(p, mi.PowerRule) and _is_power_sum(f, x):
            return None
        if isinstance(p, mi.ReciprocalRule):
            if p.base != x:
                return None
            F = sp.log(sp.Abs(x))
        else:
            F = p.eval()
        caption = ATOMIC[type(p)].format(x=x)
        if isinstance(p, mi.ExpRule) and p.base != sp.E:
            caption = f"The integral of a^{x} is a^{x}/ln(a): here a = {text(p.base)}"
        if isinstance(p, mi.ConstantRule):
            caption = f"The integral of the constant {text(f)} is {text(F)}"
        return _result(F, x, bounds), caption
    return _step(state, accept)


@rule(FAMILY)
def substitute_back(state: State):
    """[sin(u)] with u = x^2 -> sin(x^2)"""
    if not isinstance(state, Expression):
        return []
    for node in sp.preorder_traversal(state.expr):
        if isinstance(node, sp.Subs) and not node.expr.has(sp.Integral):
            (u,), (ufunc,) = node.variables, node.point
            new = node.expr.xreplace({u: ufunc})
            return [Move(Expression(state.expr.xreplace({node: new}), state.label), f"Substitute back {u} = {text(ufunc)}")]
    return []


@rule(FAMILY)
def evaluate_limits(state: State):
    """[x^3/3]_0^3 -> 3^3/3 - 0^3/3 = 9 - 0"""
    if not isinstance(state, Expression):
        return []
    nodes = [n for n in sp.preorder_traversal(state.expr) if isinstance(n, EvalAt) and not n.args[0].has(sp.Integral, EvalAt)]
    if not nodes:
        return []
    mapping = {}
    for n in nodes:
        F, x, a, b = n.args
        Fb, Fa = F.subs(x, b), F.subs(x, a)
        mapping[n] = Fb if Fa == 0 else sp.Add(Fb, -Fa, evaluate=False)
    n = nodes[0]
    caption = f"Evaluate at the limits: F({text(n.args[3])}) - F({text(n.args[2])})"
    return [Move(Expression(state.expr.xreplace(mapping), state.label), caption)]


def result_form(e):
    """The answer form: a number simplified, an antiderivative as derivatives.answer_form writes it."""
    e = sp.sympify(e).doit()
    if not e.free_symbols:
        return sp.simplify(e) if not e.is_Rational else e
    return answer_form(e)


@rule(FAMILY)
def simplify_integral(state: State):
    """9 - 0 -> 9"""
    return simplify_to(state, result_form, (sp.Integral, EvalAt, sp.Subs, sp.Derivative, sp.Limit))


def is_done(state: State) -> bool:
    return in_form(state, result_form, (sp.Integral, EvalAt, sp.Subs))
