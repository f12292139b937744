"""Typed result of the step-by-step solver: what the storyboard planner turns into a video."""

from __future__ import annotations

from pydantic import BaseModel, Field


class SolutionStep(BaseModel):
    """One transformation of the problem, verified by SymPy before it was accepted."""

    latex: str = Field(description="The whole state after this step, e.g. '3x = 15' or 'x = 5, y = 2'.")
    reason: str = Field(max_length=120, description="Short caption, e.g. 'Subtract 7 from both sides'.")


class Solution(BaseModel):
    """A solved problem: the statement, the verified steps and the checked answer."""

    task: str = Field(description="solve | system | inequality | simplify | expand | factor | derivative | integral | percent")
    problem_text: str = Field(description="The problem as plain text for titles, e.g. 'Solve 3x + 7 = 22'.")
    problem_latex: str = Field(description="The starting state in LaTeX, e.g. '3x + 7 = 22'.")
    steps: list[SolutionStep] = Field(min_length=1, max_length=16)
    answer_text: str = Field(description="Final answer as plain text, e.g. 'x = 5'.")
    answer_latex: str = Field(description="Final answer in LaTeX, e.g. 'x = 5'.")
    checks: list[str] = Field(default_factory=list, description="How the answer was checked, e.g. 'x = 5: 3(5) + 7 = 22'.")
