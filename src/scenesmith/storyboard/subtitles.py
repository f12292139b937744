"""SubRip subtitles from the narration, timed against the scenes as actually rendered."""

from __future__ import annotations

import re


def _stamp(seconds: float) -> str:
    millis = int(round(seconds * 1000))
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d},{millis:03d}"


def _chunks(narration: str, max_chars: int = 84) -> list[str]:
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", narration.strip()) if s.strip()]
    chunks: list[str] = []
    for sentence in sentences:
        words, line = sentence.split(), ""
        for word in words:
            if line and len(line) + 1 + len(word) > max_chars:
                chunks.append(line)
                line = word
            else:
                line = f"{line} {word}".strip()
        if line:
            chunks.append(line)
    return chunks or [narration.strip()]


def build_srt(scenes: list[tuple[str, float]]) -> str:
    """scenes: (narration, duration in seconds) in order. Each scene's time is shared by its chunks by length."""
    entries: list[str] = []
    start = 0.0
    for narration, duration in scenes:
        chunks = _chunks(narration)
        total = sum(len(c) for c in chunks)
        cursor = start
        for chunk in chunks:
            length = duration * len(chunk) / total
            entries.append(f"{len(entries) + 1}\n{_stamp(cursor)} --> {_stamp(cursor + length)}\n{chunk}\n")
            cursor += length
        start += duration
    return "\n".join(entries)
