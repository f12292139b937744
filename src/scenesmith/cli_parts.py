"""What the CLI and the kinds' own commands share: the consoles, the common options, and list output.

A kind adds its commands through its `register_commands(app)` hook, using these pieces, so the
CLI itself names no kind.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.table import Table

err = Console(stderr=True, soft_wrap=True)
out = Console()

HomeOption = Annotated[Optional[Path], typer.Option("--home", help="Store location (default: $SCENESMITH_HOME or ~/.local/share/scenesmith).")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print exactly one JSON object on stdout.")]
JsonListOption = Annotated[bool, typer.Option("--json", help="Print the list as one JSON array on stdout.")]


def print_list(rows: list[dict[str, Any]], columns: dict[str, str], as_json: bool, footer: str = "") -> None:
    """Rows as one JSON array (--json), or as a table of the named columns (key -> heading) and a footer line."""
    if as_json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    table = Table(*columns.values())
    for row in rows:
        table.add_row(*(str(row.get(key, "")) for key in columns))
    out.print(table)
    if footer:
        out.print(footer, highlight=False)
