"""Input that is already PlantUML: find the one diagram in it, and refuse what would reach outside it.

The text is rendered as given, so it is checked first: exactly one `@start…`/`@end…` block, and
no directive that reads files, URLs or the environment, or that points PlantUML at another
program (`!include`, `!import`, `!pragma`, `%getenv`, `<img:…>`, …). Line numbers in errors
are the user's own (1-based, counting from the first line they wrote).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scenesmith.kinds.diagram.errors import DiagramError

_START = re.compile(r"^\s*@start(uml|mindmap|wbs|gantt|salt|json|yaml|ditaa|dot)\b", re.IGNORECASE)
_END = re.compile(r"^\s*@end(uml|mindmap|wbs|gantt|salt|json|yaml|ditaa|dot)\b", re.IGNORECASE)
# Each of these reads something outside the diagram, or runs something: never in a rendered diagram.
_FORBIDDEN = (
    (re.compile(r"!\s*include", re.IGNORECASE), "!include reads other files or URLs"),
    (re.compile(r"!\s*import", re.IGNORECASE), "!import reads other files"),
    (re.compile(r"!\s*pragma", re.IGNORECASE), "!pragma changes how PlantUML runs (it can name another program)"),
    (re.compile(r"!\s*theme", re.IGNORECASE), "!theme loads files or URLs"),
    (re.compile(r"%\s*(getenv|get_variable_value|load_json|file_exists|dirpath|filename|filenameNoExtension)\b", re.IGNORECASE), "it reads the environment or the file system"),
    (re.compile(r"<\s*img\s*:", re.IGNORECASE), "<img:…> embeds a file or URL"),
    (re.compile(r"\bdotexecutable\b", re.IGNORECASE), "it names another program to run"),
    (re.compile(r"\bsprite\b.*\b(file|url|https?:)", re.IGNORECASE), "it loads a sprite from a file or URL"),
)
MAX_SOURCE_LINES = 800


def is_plantuml(text: str) -> bool:
    """True when the prompt is PlantUML source rather than a sentence."""
    return any(_START.match(line) for line in text.splitlines()[:50])


@dataclass(frozen=True)
class Source:
    text: str  # the diagram block, exactly as given
    first_line: int  # the user's line number of the block's first line (1-based)


def extract(text: str) -> Source:
    """The single diagram block in the text, checked; DiagramError says what is wrong and where."""
    lines = text.splitlines()
    if len(lines) > MAX_SOURCE_LINES:
        raise DiagramError(f"The PlantUML source has {len(lines)} lines; the limit is {MAX_SOURCE_LINES}. Split it into smaller diagrams.")
    starts = [i for i, line in enumerate(lines) if _START.match(line)]
    ends = [i for i, line in enumerate(lines) if _END.match(line)]
    if not starts:
        raise DiagramError("No @startuml line found. PlantUML source starts with @startuml and ends with @enduml.")
    if len(starts) > 1:
        raise DiagramError(f"Found {len(starts)} diagrams (@start… at lines {', '.join(str(i + 1) for i in starts)}); send one diagram at a time.")
    start = starts[0]
    after = [i for i in ends if i > start]
    if not after:
        raise DiagramError(f"The diagram that starts at line {start + 1} has no @enduml line. Add @enduml as its last line.")
    end = after[0]
    stray = [i + 1 for i, line in enumerate(lines) if line.strip() and not (start <= i <= end)]
    if stray:
        raise DiagramError(f"Line {stray[0]} is outside the @startuml … @enduml block: {lines[stray[0] - 1].strip()[:80]!r}. Remove it, or put it inside the block.")
    for i in range(start, end + 1):
        for pattern, why in _FORBIDDEN:
            if pattern.search(lines[i]):
                raise DiagramError(f"Line {i + 1} is not allowed: {lines[i].strip()[:80]!r} ({why}). scenesmith renders self-contained diagrams only; remove that line.")
    if end - start < 2 or not any(line.strip() and not line.strip().startswith("'") for line in lines[start + 1 : end]):
        raise DiagramError(f"The diagram at lines {start + 1}–{end + 1} is empty. Put at least one element between @startuml and @enduml.")
    return Source("\n".join(lines[start : end + 1]), start + 1)
