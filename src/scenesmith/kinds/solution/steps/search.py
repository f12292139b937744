"""The rule registry and the best-first search that chains rules from a problem to its answer.

A rule is one small function `state -> iterable of Move`, registered with `@rule(family)`.
A task names the families it may use and a goal test; `search` then finds a short chain:
best-first on (steps taken, weighted by each move's cost) + a distance-to-goal estimate.
Every move is checked (`checks.verify_move`) when the search takes it off the queue, before
any step is built on it; a move that fails its check is dropped and recorded, never shown.
"""

from __future__ import annotations

import contextvars
import heapq
import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

import sympy as sp

from scenesmith.kinds.solution.steps.checks import UnverifiedStep, verify_move
from scenesmith.kinds.solution.steps.state import Expression, Move, Relations, State

RuleFn = Callable[[State], Iterable[Move]]


@dataclass(frozen=True)
class Rule:
    name: str
    family: str
    apply: RuleFn


RULES: dict[str, Rule] = {}
_START: contextvars.ContextVar = contextvars.ContextVar("search_start", default=None)


def search_start() -> State | None:
    """The state the running search started from (the problem), for check rules that test candidates in it."""
    return _START.get()


def rule(family: str, name: str | None = None) -> Callable[[RuleFn], RuleFn]:
    """Register a rule function under its family; the name defaults to the function's."""

    def register(fn: RuleFn) -> RuleFn:
        rule_name = name or fn.__name__
        if rule_name in RULES and RULES[rule_name].apply is not fn:
            raise ValueError(f"two rules are named {rule_name!r}")
        RULES[rule_name] = Rule(rule_name, family, fn)
        return fn

    return register


def rules_for(families: Iterable[str]) -> list[Rule]:
    from scenesmith.kinds.solution import rules as _  # noqa: F401  (importing the package registers every family)

    wanted = set(families)
    return [r for r in RULES.values() if r.family in wanted]


def complexity(state: State) -> float:
    """A distance-to-goal estimate: the size of what is left to do."""
    if isinstance(state, Expression):
        e = state.expr
        unevaluated = sum(1 for n in sp.preorder_traversal(e) if isinstance(n, (sp.Derivative, sp.Integral, sp.Limit)))
        return sp.count_ops(e, visual=False) * 0.2 + 3 * unevaluated
    total = 0.0
    for branch in state.branches:
        for r in branch:
            total += sp.count_ops(r.lhs, visual=False) * 0.3 + sp.count_ops(r.rhs, visual=False) * 0.3
            if not isinstance(r.lhs, sp.Symbol):
                total += 1
    return total


@dataclass
class SearchResult:
    moves: list[Move]
    expanded: int
    rejected: list[str] = field(default_factory=list)  # moves that failed their check, with the reason


class NoPath(Exception):
    """No chain of the given rules reaches the goal within the budget."""

    def __init__(self, message: str, rejected: list[str]):
        super().__init__(message)
        self.rejected = rejected


def search(
    start: State,
    families: Iterable[str],
    goal: Callable[[State], bool],
    *,
    max_expansions: int = 250,
    max_depth: int = 30,
    heuristic: Callable[[State], float] = complexity,
) -> SearchResult:
    """The cheapest verified chain of moves from `start` to a state that passes `goal`."""
    rules = rules_for(families)
    _START.set(start)
    counter = itertools.count()
    frontier: list = [(heuristic(start), next(counter), 0.0, start, None, ())]
    seen: set[str] = set()
    rejected: list[str] = []
    expanded = 0
    while frontier and expanded < max_expansions:
        _, _, cost, state, parent, path = heapq.heappop(frontier)
        key = state.key()
        if key in seen:
            continue
        if path:
            try:
                verify_move(parent, path[-1], start)
            except UnverifiedStep as exc:
                rejected.append(f"{path[-1].rule}: {exc}")
                continue
            except Exception as exc:  # SymPy could not decide: the move is not shown
                rejected.append(f"{path[-1].rule}: could not be checked ({type(exc).__name__})")
                continue
        seen.add(key)
        if goal(state):
            return SearchResult(list(path), expanded, rejected)
        if len(path) >= max_depth:
            continue
        expanded += 1
        for r in rules:
            try:
                moves = list(r.apply(state))
            except (ValueError, TypeError, ZeroDivisionError, NotImplementedError, AttributeError, sp.PolynomialError) as exc:
                rejected.append(f"{r.name}: failed ({type(exc).__name__}: {str(exc)[:80]})")
                continue
            for move in moves:
                move = replace(move, rule=move.rule or r.name)
                if move.state.key() in seen:
                    continue
                g = cost + move.cost
                heapq.heappush(frontier, (g + heuristic(move.state), next(counter), g, move.state, state, path + (move,)))
    raise NoPath(f"no chain of rules reached an answer ({expanded} states tried)", rejected)


__all__ = ["NoPath", "RULES", "Rule", "SearchResult", "complexity", "rule", "rules_for", "search", "Relations", "Expression"]
