"""The explainer's own error: a topic cannot take the prompt's values, or a value is out of its range.

The kind converts it to the engine's bad-input error at its edge (kind.py), as the other kinds do.
"""

from __future__ import annotations


class TopicError(ValueError):
    """A message for the user: what the topic cannot draw and what to write instead."""

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        super().__init__(message)
        self.suggestions = list(suggestions or [])
