"""The image kind's own CLI command: `scenesmith textures`."""

from __future__ import annotations

import typer

from scenesmith.cli_parts import JsonListOption, print_list


def register(app: typer.Typer) -> None:
    @app.command()
    def textures(as_json: JsonListOption = False) -> None:
        """List the map textures the image kind paints into a masked region (and their words per language)."""
        from scenesmith.kinds.image.vocabulary import library

        books = library()
        rows = [{"name": name, "title": t.title, "description": t.description, "words": t.words} for name, t in books.textures.items()]
        table = [{**row, "words": "; ".join(f"{lang}: {', '.join(words[:6])}" for lang, words in row["words"].items())} for row in rows]
        footer = f"{len(rows)} textures. Try: scenesmith make \"a lake here\" --image map.png --mask mask.png (white in the mask: repaint)."
        print_list(rows if as_json else table, {"name": "texture", "description": "what it looks like", "words": "named by"}, as_json, footer)
