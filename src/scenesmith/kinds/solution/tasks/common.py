"""What the task readers share: the variable asked for, the variables of a relation, titles, and the checks that a
problem accounts for the whole prompt (every word known, every span read, every number used, no imaginary unit)."""

from __future__ import annotations

import re

import sympy as sp

from scenesmith.mathreader import Reading, Relation
from scenesmith.kinds.solution.coverage import unknown_words
from scenesmith.kinds.solution.problem import Unsupported
from scenesmith.kinds.solution.steps.display import plain
from scenesmith.kinds.solution.steps.state import Expression, branch_text


def variables_of(*relations: Relation) -> list[sp.Symbol]:
    found: set = set()
    for r in relations:
        found |= {s for s in (r.lhs.free_symbols | r.rhs.free_symbols) if isinstance(s, sp.Symbol)}
    return sorted(found, key=lambda s: s.name)


def asked_variables(reading: Reading) -> list[sp.Symbol]:
    """Bare letters in the prompt outside the problem itself: 'solve for x', 'then x = ?'."""
    return [v for v in reading.expressions() if isinstance(v, sp.Symbol)]


def has_applied_function(*items) -> bool:
    for item in items:
        exprs = (item.lhs, item.rhs) if isinstance(item, Relation) else (item,)
        for e in exprs:
            if any(isinstance(f, sp.core.function.AppliedUndef) for f in sp.preorder_traversal(e)):
                return True
    return False


def relation_title(relations) -> str:
    return branch_text(tuple(relations))


def require_words(reading: Reading, *groups: str, extra: tuple[str, ...] = ()) -> None:
    """Refuse a prompt with words the solver does not understand: it may ask for more than the solver does."""
    unknown = unknown_words(reading, *groups, extra=extra)
    if unknown:
        shown = " ".join(unknown[:6])
        raise Unsupported(f"I did not understand the words {shown!r} in this prompt, so I cannot be sure what it asks",
                          "Ask for one thing the solver does, with the math written out")


def expression_title(e) -> str:
    return plain(e)


# Tasks that work from the reading's spans and leave unread spans unchecked (functions and statistics check them; words,
# calculus, sequences and systems read the prompt again themselves).
READS_SPANS = frozenset({"equations", "inequalities", "expressions", "arithmetic"})
# Tasks whose answer is picked or combined by the form `question.read_form` reads: a pick word it did not read must
# not be dropped. (Inequalities read their own integer questions: 'largest integer', 'sum of all integer solutions'.)
PICKS = frozenset({"equations", "inequalities"})


def _walk(value):
    """The SymPy trees in a reading value (an expression, or a tuple of Relations)."""
    for part in value if isinstance(value, tuple) else (value,):
        yield from (part.lhs, part.rhs) if isinstance(part, Relation) else (part,)


def _numbers(tree, out: set, fold: bool = False) -> None:
    """The whole numbers a tree is written with: 3/4 gives 3 and 4; the 2 and 3 of sqrt and cbrt are not written.
    `fold` (for the problem's side): also the value of a small sum of numbers (a task writes the mixed number 5/2 as
    2 + 1/2), and the exponent of a root (9^(1/2) is shown as sqrt(9))."""
    if not fold and isinstance(tree, sp.Pow) and tree.exp in (sp.S.Half, sp.Rational(1, 3)):
        _numbers(tree.base, out, fold)
        return
    if isinstance(tree, sp.Rational):
        out |= {abs(tree.p), tree.q}
        return
    if fold and isinstance(tree, (sp.Add, sp.UnevaluatedExpr)) and tree.is_number and 1 < len(tree.atoms()) <= 4 \
            and all(isinstance(a, sp.Rational) for a in tree.atoms()):
        v = tree.doit()  # a mixed number 2 1/2 is written as 2 + 1/2 by a task and as 5/2 by the reader
        if isinstance(v, sp.Rational):
            out |= {abs(v.p), v.q}
    for arg in getattr(tree, "args", ()):
        _numbers(arg, out, fold)


def _state_trees(state):
    if isinstance(state, Expression):
        return [state.expr]
    return [t for branch in state.branches for r in branch for t in (r.lhs, r.rhs)]


def unused_numbers(reading: Reading, problem) -> list[int]:
    """Numbers in the prompt's math that the problem neither works with nor names (0 and 1 aside): 'Solve 3x + 7 = 22
    and 5', 'What is 1/2x when x = 4' read as 'x = 4'. Such a prompt says more than the problem solved."""
    typed: set = set()
    for value in reading.values():
        for tree in _walk(value):
            _numbers(tree, typed)
    used: set = set()
    for state in [problem.start] + [m.state for m in problem.intro_steps]:
        for tree in _state_trees(state):
            _numbers(tree, used, fold=True)
    words = " ".join([problem.title, problem.instruction] + [m.caption for m in problem.intro_steps])
    used |= {int(t) for t in re.findall(r"\d+", words)}
    if problem.form.places is not None:
        used.add(problem.form.places)
    return sorted(n for n in typed - used if n not in (0, 1))


def account_for_prompt(reading: Reading, problem) -> None:
    """Refuse a problem that does not account for the whole prompt, rather than answer part of it."""
    from scenesmith.kinds.solution.question import unread_form_words

    if problem.task in READS_SPANS and reading.unread:
        span, why = reading.unread[0]
        raise Unsupported(f"I could not read {span!r} as math: {why}")
    if any(s.name == "i" for v in reading.values() for t in _walk(v) for s in t.free_symbols):
        raise Unsupported("The letter i reads as the imaginary unit, and the solver works with real numbers only",
                          "Use another letter for a variable")
    unused = unused_numbers(reading, problem)
    if unused:
        shown = ", ".join(map(str, unused[:4]))
        raise Unsupported(f"The prompt has the number(s) {shown}, which {problem.title!r} does not use, so I cannot be sure what it asks",
                          "Give one problem at a time, with every number in it")
    if problem.task in PICKS and not (problem.task == "inequalities" and re.search(r"\bintegers?\b", reading.skeleton)):
        words = unread_form_words(reading.skeleton, problem.form)
        if words:
            raise Unsupported(f"I did not understand how {' '.join(words)!r} applies in this prompt, so I cannot be sure what it asks",
                              "Ask e.g. 'Find the positive solution of …' or 'the sum of the solutions of …'")
