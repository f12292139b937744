"""The pose kind's own refusal: a motion the verified library cannot show, with what to ask instead.

The kind's edge (kind.py) turns it into the engine's bad-input error, so nothing below it depends on the CLI.
"""

from __future__ import annotations


class PoseError(ValueError):
    """The prompt cannot be animated from verified poses; the message says what was wrong and what to do."""

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        super().__init__(message)
        self.suggestions = suggestions or []
