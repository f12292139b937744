"""The typed request a user makes, validated once for the CLI, the store and (later) the API."""

from __future__ import annotations

import unicodedata
from typing import Literal

from pydantic import BaseModel, Field

from scenesmith.engine.errors import UserError

MAX_PROMPT_CHARS = 2000
Quality = Literal["low", "medium", "high"]


class Request(BaseModel):
    prompt: str = Field(min_length=1, max_length=MAX_PROMPT_CHARS)
    kind: str = "auto"
    quality: Quality = "low"
    hints: bool = False


def clean_prompt(prompt: str) -> str:
    """Validate a prompt and return it trimmed, or raise UserError saying what is wrong."""
    text = prompt.strip()
    if not text:
        raise UserError("The prompt is empty. Describe what to make, e.g. scenesmith make \"Solve 3x + 7 = 22\".")
    if len(text) > MAX_PROMPT_CHARS:
        raise UserError(
            f"The prompt is {len(text):,} characters long; the limit is {MAX_PROMPT_CHARS:,}. "
            "Shorten it to the one problem or topic you want a video of."
        )
    for position, char in enumerate(text):
        if char in "\n\t":
            continue
        if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co"):
            raise UserError(
                f"The prompt contains a control character (U+{ord(char):04X}) at position {position}. "
                "Remove it and try again; only printable text, newlines and tabs are accepted."
            )
    return " ".join(text.split())
