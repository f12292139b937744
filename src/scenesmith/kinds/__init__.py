"""Kinds of output. Each is registered through an entry point in the group `scenesmith.kinds`
(pyproject.toml), so an installed plugin registers the same way; kinds never import each other."""
