"""The compiler's output is checked by the real PlantUML parser, hostile names included.

Each JVM start costs close to a second, so every source is checked in one batched
`plantuml -syntax` run: it reads several @startuml blocks from stdin and reports each in turn.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from scenesmith.kinds.diagram.compiler import clean_text, compile_diagram
from scenesmith.kinds.diagram.ir import Diagram, parse_diagram

PLANTUML = shutil.which("plantuml")
needs_plantuml = pytest.mark.skipif(PLANTUML is None, reason="plantuml is not installed")

# What `plantuml -syntax` (1.2020) prints first for each diagram type.
EXPECTED_SYNTAX = {
    "sequence": "SEQUENCE",
    "class": "CLASS",
    "activity": "ACTIVITY",
    "state": "STATE",
    "usecase": "DESCRIPTION",
    "component": "DESCRIPTION",
}


def _run_syntax(source: str) -> list[str]:
    done = subprocess.run(
        [PLANTUML or "plantuml", "-syntax"], input=source, capture_output=True, text=True, timeout=60
    )
    return done.stdout.splitlines()


def _reports(lines: list[str]) -> list[str]:
    """Split -syntax output into one report per diagram: 'TYPE' or 'ERROR <line>: <message>'."""
    reports, i = [], 0
    while i < len(lines):
        if lines[i] == "ERROR":
            reports.append(f"ERROR line {lines[i + 1] if i + 1 < len(lines) else '?'}: "
                           f"{lines[i + 2] if i + 2 < len(lines) else ''}")
            i += 3
        else:
            reports.append(lines[i])
            i += 2
    return reports


def plantuml_syntax(sources: list[str]) -> list[str]:
    """What PlantUML reports for each source, using a single JVM when the batch parses cleanly."""
    reports = _reports(_run_syntax("".join(sources)))
    if len(reports) != len(sources):  # an odd report shape: fall back to one run per source
        reports = [(_reports(_run_syntax(s)) or ["NO OUTPUT"])[0] for s in sources]
    return reports


SAMPLES: dict[str, dict] = {
    "sequence": {
        "type": "sequence",
        "title": "Login",
        "participants": [
            {"name": "User", "role": "actor"},
            {"name": "App"},
            {"name": "Auth Server", "role": "control"},
            {"name": "User Database", "role": "database"},
            {"name": "Events", "role": "queue"},
        ],
        "messages": [
            {"source": "User", "target": "App", "label": "opens the app"},
            {"source": "App", "target": "Auth Server", "label": "asks for a token"},
            {"source": "Auth Server", "target": "User Database", "label": "checks the user"},
            {
                "kind": "alt",
                "branches": [
                    {"condition": "user found", "messages": [
                        {"source": "Auth Server", "target": "App", "label": "returns a token", "kind": "return"}
                    ]},
                    {"condition": "otherwise", "messages": [
                        {"source": "Auth Server", "target": "App", "label": "returns an error", "kind": "return"}
                    ]},
                ],
            },
            {"source": "App", "target": "App", "label": "stores the token", "kind": "self"},
            {"source": "App", "target": "Events", "label": "publishes login"},
        ],
    },
    "class": {
        "type": "class",
        "classes": [
            {"name": "School", "attributes": ["name: String"], "methods": ["enroll(student)"]},
            {"name": "Class"},
            {"name": "Student"},
            {"name": "Person", "abstract": True, "attributes": ["name"], "methods": ["greet"]},
            {"name": "Room"},
        ],
        "relations": [
            {"source": "School", "target": "Class", "source_multiplicity": "1", "target_multiplicity": "*"},
            {"source": "Class", "target": "Student", "source_multiplicity": "0..1", "target_multiplicity": "1..*",
             "label": "teaches"},
            {"kind": "inheritance", "source": "Student", "target": "Person"},
            {"kind": "composition", "source": "School", "target": "Room", "target_multiplicity": "*"},
            {"kind": "aggregation", "source": "Class", "target": "Room"},
        ],
    },
    "activity": {
        "type": "activity",
        "nodes": [
            {"text": "Check the order"},
            {
                "kind": "decision",
                "condition": "Is the item in stock?",
                "then": [{"text": "Pack it"}, {"text": "Ship it"}],
                "otherwise": [
                    {"kind": "decision", "condition": "Can we reorder (soon)?",
                     "then": [{"text": "Reorder"}], "otherwise": [{"text": "Notify the customer"}]}
                ],
            },
            {"kind": "decision", "condition": "Gift?", "then": [{"text": "Wrap it"}]},
        ],
    },
    "state": {
        "type": "state",
        "states": [{"name": "Open"}, {"name": "Closed"}, {"name": "Locked"}],
        "initial": "Open",
        "finals": ["Locked"],
        "transitions": [
            {"source": "Open", "target": "Closed", "event": "close"},
            {"source": "Closed", "target": "Locked", "event": "lock"},
            {"source": "Locked", "target": "Closed", "event": "unlock"},
            {"source": "Closed", "target": "Open"},
        ],
    },
    "usecase": {
        "type": "usecase",
        "actors": [{"name": "Admin"}, {"name": "Guest"}],
        "usecases": [{"name": "Manage users"}, {"name": "View reports"}],
        "links": [
            {"actor": "Admin", "usecase": "Manage users"},
            {"actor": "Admin", "usecase": "View reports"},
            {"actor": "Guest", "usecase": "View reports"},
        ],
        "generalisations": [{"child": "Admin", "parent": "Guest"}],
    },
    "component": {
        "type": "component",
        "components": [
            {"name": "Mobile App"},
            {"name": "API Gateway", "stereotype": "node"},
            {"name": "Orders Service"},
            {"name": "PostgreSQL", "stereotype": "database"},
            {"name": "Events", "stereotype": "queue"},
            {"name": "AWS", "stereotype": "cloud"},
            {"name": "Customer", "stereotype": "actor"},
            {"name": "Files", "stereotype": "storage"},
        ],
        "links": [
            {"source": "Customer", "target": "Mobile App", "label": "uses"},
            {"source": "Mobile App", "target": "API Gateway", "label": "talks to"},
            {"source": "API Gateway", "target": "Orders Service", "label": "routes to"},
            {"source": "Orders Service", "target": "PostgreSQL"},
            {"source": "Orders Service", "target": "Events", "label": "publishes to"},
            {"source": "Orders Service", "target": "Files"},
        ],
    },
}

HOSTILE = [
    'Evil"\n@enduml\n!include /etc/passwd',
    "!include /etc/passwd",
    "@enduml",
    "  'comment %getenv(\"HOME\") <img:/etc/passwd>",
    "end",
    "x { } [ ] ( ) ; | \\n --> [*]",
]


def hostile_diagrams() -> list[Diagram]:
    """Every diagram type with every name, label and condition taken from HOSTILE."""
    h = HOSTILE
    seq = parse_diagram({
        "type": "sequence", "title": h[0],
        "participants": [{"name": n} for n in h],
        "messages": [{"source": a, "target": b, "label": h[(i + 2) % len(h)]}
                     for i, (a, b) in enumerate(zip(h, h[1:] + h[:1]))]
        + [{"kind": "alt", "branches": [{"condition": h[0], "messages": [{"source": h[1], "target": h[1],
                                                                         "kind": "self", "label": h[2]}]}]}],
    })
    cls = parse_diagram({
        "type": "class", "title": h[1],
        "classes": [{"name": n, "attributes": h, "methods": h} for n in h],
        "relations": [{"source": h[0], "target": h[1], "label": h[2], "source_multiplicity": "1",
                       "target_multiplicity": "*"}, {"kind": "inheritance", "source": h[3], "target": h[4]}],
    })
    act = parse_diagram({
        "type": "activity", "title": h[2],
        "nodes": [{"text": n} for n in h]
        + [{"kind": "decision", "condition": n, "then": [{"text": n}], "otherwise": [{"text": n}],
            "then_label": n, "otherwise_label": n} for n in h],
    })
    state = parse_diagram({
        "type": "state", "states": [{"name": n} for n in h], "initial": h[0], "finals": [h[1]],
        "transitions": [{"source": a, "target": b, "event": a} for a, b in zip(h, h[1:])],
    })
    usecase = parse_diagram({
        "type": "usecase", "actors": [{"name": n} for n in h[:3]], "usecases": [{"name": n} for n in h],
        "links": [{"actor": h[i % 3], "usecase": n} for i, n in enumerate(h)],
        "generalisations": [{"child": h[0], "parent": h[1]}],
    })
    comp = parse_diagram({
        "type": "component", "components": [{"name": n, "stereotype": "database"} for n in h],
        "links": [{"source": a, "target": b, "label": b} for a, b in zip(h, h[1:])],
    })
    return [seq, cls, act, state, usecase, comp]


def test_clean_text_is_one_safe_line() -> None:
    assert clean_text('a "b"\nc') == "a 'b' c"
    assert clean_text("!include /etc/passwd") == "include /etc/passwd"
    assert clean_text("Hi! Bye") == "Hiǃ Bye"
    assert clean_text("@enduml") == "enduml"
    assert "%" not in clean_text('%getenv("HOME")') and "<" not in clean_text("<img:x>")


def test_aliases_are_safe_identifiers() -> None:
    source = compile_diagram(parse_diagram(SAMPLES["state"]))
    assert 'state "Open" as open' in source and "[*] --> open" in source
    assert "open --> closed : close" in source and "locked --> [*]" in source


def test_hostile_names_cannot_start_a_line() -> None:
    for diagram in hostile_diagrams():
        lines = [line.strip() for line in compile_diagram(diagram).splitlines()]
        assert lines[0] == "@startuml" and lines[-1] == "@enduml"
        assert sum(line.startswith("@") for line in lines) == 2, diagram.type
        assert not any(line.startswith(("!", "'", "%")) for line in lines), diagram.type
        assert not any("!include" in line or "%getenv" in line or "<img" in line for line in lines)


@needs_plantuml
def test_plantuml_accepts_every_type_and_hostile_names() -> None:
    samples = [parse_diagram(data) for data in SAMPLES.values()]
    hostile = hostile_diagrams()
    diagrams = samples + hostile
    reports = plantuml_syntax([compile_diagram(d) for d in diagrams])
    expected = [EXPECTED_SYNTAX[d.type] for d in diagrams]
    assert reports == expected, "\n\n".join(compile_diagram(d) for d in diagrams)


@needs_plantuml
def test_report_parser_sees_errors() -> None:
    good = compile_diagram(parse_diagram(SAMPLES["state"]))
    bad = "@startuml\nthis is not plantuml at all\n@enduml\n"
    reports = plantuml_syntax([good, bad, good])
    assert reports[0] == reports[2] == "STATE"
    assert reports[1].startswith("ERROR")
