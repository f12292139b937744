"""The pose kind's own CLI command: `scenesmith actions`."""

from __future__ import annotations

import typer

from scenesmith.cli_parts import JsonListOption, print_list


def register(app: typer.Typer) -> None:
    @app.command()
    def actions(as_json: JsonListOption = False) -> None:
        """List the stick-figure actions (the pose kind's library)."""
        from scenesmith.kinds.pose.library import load_library

        library = load_library()
        rows = [{"name": a.name, "title": a.title, "description": a.description, "unit": a.unit, "count": a.count, "seconds": round(a.seconds(), 2)} for a in library.actions.values()]
        table = [{**row, "default": f"×{row['count']}, {row['seconds']:.1f}s"} for row in rows]
        footer = f"{len(rows)} actions built from {len(library.poses)} verified poses. Try: scenesmith make \"do three jumping jacks\", or describe poses step by step."
        print_list(rows if as_json else table, {"name": "action", "title": "title", "default": "default", "description": "what it does"}, as_json, footer)
