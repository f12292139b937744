"""Errors that decide the exit code: bad input (2) versus our own failures (1)."""

from __future__ import annotations


class UserError(ValueError):
    """The request is bad or unsupported. The message says what was wrong and what to do; exit code 2."""

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        super().__init__(message)
        self.suggestions = suggestions or []


class StageFailed(RuntimeError):
    """A stage could not produce its output; the run fails with this message."""
