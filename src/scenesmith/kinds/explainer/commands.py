"""The explainer's own CLI command: `scenesmith topics`."""

from __future__ import annotations

import typer

from scenesmith.cli_parts import JsonListOption, err, print_list


def register(app: typer.Typer) -> None:
    @app.command()
    def topics(as_json: JsonListOption = False) -> None:
        """List the explainer topics: the library's and those of installed topic packs, with where each comes from."""
        from scenesmith.kinds.explainer.library import load_problems, load_topics

        rows = [
            {"id": t.id, "title": t.title, "area": t.area, "source": t.source, "description": t.description, "example": (t.examples or [t.title])[0]}
            for t in load_topics()
        ]
        for problem in load_problems():
            err.print(f"[yellow]warning:[/] {problem}", highlight=False)
        packs = len({r["source"] for r in rows} - {"scenesmith"})
        footer = f"{len(rows)} topics ({packs} topic pack{'s' if packs != 1 else ''} installed; docs/topics.md says how to write one)."
        print_list(rows, {"id": "id", "area": "area", "title": "title", "source": "source", "example": "try"}, as_json, footer)
