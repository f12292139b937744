"""The typed request a user makes, validated once for the CLI, the store and (later) the API."""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Literal

from pydantic import BaseModel, Field

from scenesmith.engine.errors import UserError

MAX_PROMPT_CHARS = 2000
MAX_SOURCE_CHARS = 20000  # diagram source (text with an @start… line) keeps its lines and may be longer
_SOURCE = re.compile(r"^\s*@start[a-z]+", re.IGNORECASE | re.MULTILINE)
Quality = Literal["low", "medium", "high"]


class Request(BaseModel):
    prompt: str = Field(min_length=1, max_length=MAX_SOURCE_CHARS)
    kind: str = "auto"
    quality: Quality = "low"
    hints: bool = False
    captions: bool = True  # animations: the current step's caption under the figure
    # Input files (an image and its mask for the image kind): name -> blob name in the store, never a path.
    inputs: dict[str, str] = Field(default_factory=dict, max_length=8)
    # Options of one kind (the image kind's strength, steps, seed, style): the kind validates them (`Kind.options`).
    options: dict[str, Any] = Field(default_factory=dict, max_length=16)


def clean_prompt(prompt: str) -> str:
    """Validate a prompt and return it trimmed, or raise UserError saying what is wrong.

    Format characters (Unicode category Cf: the zero-width joiners inside emoji, soft hyphens,
    direction marks) come with pasted text; they are dropped, not refused.
    """
    prompt = "".join(char for char in prompt if unicodedata.category(char) != "Cf")
    text = prompt.strip()
    if not text:
        raise UserError("The prompt is empty. Describe what to make, e.g. scenesmith make \"Solve 3x + 7 = 22\".")
    source = bool(_SOURCE.search(text))
    limit = MAX_SOURCE_CHARS if source else MAX_PROMPT_CHARS
    if len(text) > limit:
        what = "diagram source" if source else "prompt"
        raise UserError(
            f"The {what} is {len(text):,} characters long; the limit is {limit:,}. "
            + ("Split it into smaller diagrams." if source else "Shorten it to the one thing you want made.")
        )
    for position, char in enumerate(text):
        if char in "\n\t\r":
            continue
        if unicodedata.category(char) in ("Cc", "Cs", "Co"):
            raise UserError(
                f"The prompt contains a control character (U+{ord(char):04X}) at position {position}. "
                "Remove it and try again; only printable text, newlines and tabs are accepted."
            )
    if source:  # PlantUML is line-based: keep the lines (leading blank ones too, so line numbers are the user's), trim their ends
        leading = prompt[: len(prompt) - len(prompt.lstrip())].count("\n")
        return "\n" * leading + "\n".join(line.rstrip() for line in text.splitlines())
    return " ".join(text.split())
