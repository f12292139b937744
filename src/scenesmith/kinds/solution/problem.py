"""A problem the step engine can work on: its start state, the rule families it may use, its goal, and the answer form asked for."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from scenesmith.kinds.solution.steps.state import State

CAN_DO = (
    "The solver reads math typed as plain text, LaTeX or Unicode, and works these step by step: "
    "arithmetic ('What is 2/3 + 1/4?'), expressions to simplify, expand or factor, "
    "equations (linear, polynomial, rational, radical, absolute value, exponential, logarithmic), "
    "inequalities, systems of 2 or 3 equations, functions (f(4), f(g(x)), inverse, domain), "
    "derivatives, integrals and limits, arithmetic and geometric sequences, "
    "mean/median/mode/range of a list, and simple word forms ('15% of 80', 'a number increased by 5 is 12')."
)


class Unsupported(ValueError):
    """The solver will not answer this prompt; the message says what it did not understand and what it can do."""

    def __init__(self, what: str, hint: str = ""):
        self.what = what
        self.hint = hint
        super().__init__(what, hint)

    def __str__(self) -> str:
        text = self.what.rstrip(".") + "."
        if self.hint:
            text += " " + self.hint.rstrip(".") + "."
        return text + " " + CAN_DO


@dataclass(frozen=True)
class AnswerForm:
    """How the question asks for its answer. Every field None means the plain exact answer."""

    pick: str | None = None  # largest | smallest | positive | negative: one solution
    combine: str | None = None  # sum | product | count: of the solutions
    integers: bool = False  # "how many integers satisfy": count the integer solutions
    notation: str | None = None  # interval | inequality: for solution sets of inequalities
    number: str | None = None  # fraction | decimal | mixed | radical | scientific | percent | decimal_if_exact (decimals typed, none asked)
    places: int | None = None  # decimal places for 'decimal'


@dataclass
class Answer:
    text: str
    latex: str
    checks: list[str] = field(default_factory=list)
    value: object = None  # the exact SymPy value or set behind the text


@dataclass
class Problem:
    task: str  # the dev-set category: arithmetic, expressions, equations, inequalities, systems, functions, calculus, sequences, statistics, words
    title: str  # the problem in plain text, for the video title: 'Solve 3x + 7 = 22'
    instruction: str  # shown above the problem: 'Solve for x'
    start: State
    families: tuple[str, ...]
    goal: Callable[[State], bool]
    form: AnswerForm = AnswerForm()
    answer: Callable[[State, Problem], Answer] | None = None  # None: answers.default_answer
    intro_steps: list = field(default_factory=list)  # Moves that set the problem up before the search (e.g. 'substitute x = 4')
    max_expansions: int = 250
    notes: list[str] = field(default_factory=list)  # what the reader decided ('log means log base 10'), for the report
