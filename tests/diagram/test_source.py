"""PlantUML given as input: one block, the user's own line numbers, nothing that reaches outside the diagram."""

from __future__ import annotations

import pytest

from scenesmith.engine.errors import UserError
from scenesmith.engine.request import clean_prompt
from scenesmith.kinds.diagram.errors import DiagramError
from scenesmith.kinds.diagram.source import extract, is_plantuml


def test_the_block_and_where_it_starts():
    text = "\n\n@startuml\nA -> B : hi\n@enduml\n"
    source = extract(text)
    assert source.text == "@startuml\nA -> B : hi\n@enduml"
    assert source.first_line == 3
    assert is_plantuml(text) and not is_plantuml("A user opens the app")


@pytest.mark.parametrize(
    "text, message",
    [
        ("A -> B", "No @startuml"),
        ("@startuml\nA -> B\n", "has no @enduml"),
        ("@startuml\n@enduml", "is empty"),
        ("@startuml\nA -> B\n@enduml\n@startuml\nC -> D\n@enduml", "Found 2 diagrams"),
        ("note first\n@startuml\nA -> B\n@enduml", "Line 1 is outside"),
        ("@startuml\n!include /etc/passwd\n@enduml", "Line 2 is not allowed"),
        ("@startuml\n!includeurl http://example.com/x.puml\nA -> B\n@enduml", "Line 2 is not allowed"),
        ("@startuml\nA -> B : %getenv(\"HOME\")\n@enduml", "Line 2 is not allowed"),
        ("@startuml\n!pragma graphviz_dot /bin/sh\nA -> B\n@enduml", "Line 2 is not allowed"),
        ("@startuml\nA -> B : <img:/etc/hostname>\n@enduml", "Line 2 is not allowed"),
        ("@startuml\nskinparam dotExecutable /bin/sh\nA -> B\n@enduml", "Line 2 is not allowed"),
    ],
)
def test_refused_with_what_and_where(text, message):
    with pytest.raises(DiagramError, match=message):
        extract(text)


def test_clean_prompt_keeps_plantuml_lines_and_collapses_sentences():
    assert clean_prompt("  @startuml\r\nA  ->  B\r\n@enduml  ") == "@startuml\nA  ->  B\n@enduml"
    assert clean_prompt("Solve   3x + 7 = 22\n") == "Solve 3x + 7 = 22"
    with pytest.raises(UserError, match="limit is 20,000"):
        clean_prompt("@startuml\n" + "A -> B\n" * 4000 + "@enduml")
