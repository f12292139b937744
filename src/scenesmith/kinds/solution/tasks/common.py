"""What the task readers share: the variable asked for, the variables of a relation, titles, and the vocabulary check."""

from __future__ import annotations

import sympy as sp

from scenesmith.mathreader import Reading, Relation
from scenesmith.kinds.solution.coverage import unknown_words
from scenesmith.kinds.solution.problem import Unsupported
from scenesmith.kinds.solution.steps.display import plain
from scenesmith.kinds.solution.steps.state import branch_text


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
