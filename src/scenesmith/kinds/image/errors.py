"""The image kind's own refusal: an input or wish it cannot take, with what to do instead.

The kind's edge (kind.py) turns it into the engine's bad-input error, so nothing below it depends on the CLI.
"""

from __future__ import annotations


class ImageError(ValueError):
    """The request cannot be edited as given; the message says what was wrong and what to do."""

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        super().__init__(message)
        self.suggestions = suggestions or []
