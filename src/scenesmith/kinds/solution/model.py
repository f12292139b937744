"""Typed result of the step engine: what the storyboard planner turns into a video, and what the plan stage stores."""

from __future__ import annotations

from pydantic import BaseModel, Field


class SolutionStep(BaseModel):
    """One transformation of the problem, checked by SymPy before it was accepted."""

    latex: str = Field(description="The whole state after this step, e.g. '3x = 15' or 'x = 5, y = 2'.")
    reason: str = Field(max_length=160, description="The rule as a caption, e.g. 'Subtract 7 from both sides'.")
    rule: str = Field(default="", max_length=60, description="The rule's name in the rule library, e.g. 'subtract_constant'.")


class NumberLine(BaseModel):
    min: float
    max: float
    intervals: list[dict] = Field(default_factory=list, max_length=3)


class Solution(BaseModel):
    """A solved problem: the statement, the verified steps and the checked answer in the form asked for."""

    task: str = Field(description="arithmetic | expressions | equations | inequalities | systems | functions | calculus | sequences | statistics | words")
    problem_text: str = Field(description="The problem as plain text for titles, e.g. 'Solve 3x + 7 = 22'.")
    instruction: str = Field(default="Solve", description="What to do, shown above the problem: 'Solve for x'.")
    problem_latex: str = Field(description="The starting state in LaTeX, e.g. '3x + 7 = 22'.")
    steps: list[SolutionStep] = Field(min_length=1, max_length=40)
    answer_text: str = Field(description="Final answer as plain text in the requested form, e.g. 'x = 5'.")
    answer_latex: str = Field(description="Final answer in LaTeX, e.g. 'x = 5'.")
    alternate_latex: str | None = Field(default=None, description="The answer in its other notation (interval notation for an inequality answer, and back).")
    checks: list[str] = Field(default_factory=list, description="How the answer was checked, e.g. 'x = 5: 3(5) + 7 = 22 ✓'.")
    notes: list[str] = Field(default_factory=list, description="What the reader decided, e.g. 'log means log base 10'.")
    number_line: NumberLine | None = None
