"""A demo topic pack for scenesmith: its topics are the YAML files in topics/."""
