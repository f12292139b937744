"""The rule-based planner on the dev set: right type, right names, right relations, valid PlantUML."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from scenesmith.engine.errors import UserError
from scenesmith.kinds.diagram.compiler import compile_diagram
from scenesmith.kinds.diagram.errors import DiagramError
from scenesmith.kinds.diagram.ir import (
    ActivityDiagram,
    Alt,
    ClassDiagram,
    ComponentDiagram,
    Decision,
    SequenceDiagram,
    StateDiagram,
    UseCaseDiagram,
)
from scenesmith.kinds.diagram.kind import DiagramKind
from scenesmith.kinds.diagram.planner import (
    base_of_gerund,
    diagram_score,
    plan_diagram,
    question,
    read_frame,
    singular,
)
from tests.diagram.test_compiler import EXPECTED_SYNTAX, needs_plantuml, plantuml_syntax

BENCH = Path(__file__).resolve().parents[2] / "bench"
PROMPTS = yaml.safe_load((BENCH / "diagram_prompts.yaml").read_text(encoding="utf-8"))["prompts"]
DEV = {item["type"]: item["prompt"] for item in PROMPTS if item.get("dev")}

NOT_DIAGRAMS = [
    "Solve 3x+7=22",
    "Explain the Pythagorean theorem",
    "wave hello",
    "do three jumping jacks",
    "Explain sine waves",
    "raise your left arm, then wave",
    "If 3x + 7 = 22, what is the value of x?",
    "Show the area under y = x^2 from 0 to 2",
    "Explain the Venn diagram of two sets",
]


def test_the_dev_set_has_six_reference_prompts_and_three_variations_per_type() -> None:
    assert sorted(DEV) == sorted(EXPECTED_SYNTAX)
    for kind in EXPECTED_SYNTAX:
        assert sum(item["type"] == kind for item in PROMPTS) >= 4, kind


@pytest.mark.parametrize("item", PROMPTS, ids=[item["prompt"][:48] for item in PROMPTS])
def test_prompt_gives_the_expected_type_and_names(item: dict) -> None:
    diagram = plan_diagram(item["prompt"])
    assert diagram.type == item["type"]
    names = diagram.names()
    assert [n for n in item["names"] if n not in names] == [], names


@needs_plantuml
def test_every_planned_diagram_compiles_to_valid_plantuml() -> None:
    diagrams = [plan_diagram(item["prompt"]) for item in PROMPTS]
    reports = plantuml_syntax([compile_diagram(d) for d in diagrams])
    assert reports == [EXPECTED_SYNTAX[d.type] for d in diagrams]


# --- the six reference prompts, in detail ---------------------------------------------------


def test_sequence_login() -> None:
    d = plan_diagram(DEV["sequence"])
    assert isinstance(d, SequenceDiagram)
    roles = {p.name: p.role for p in d.participants}
    assert list(roles) == ["User", "App", "Auth Server", "User Database"]
    assert roles["User"] == "actor" and roles["User Database"] == "database"
    messages = [(m.source, m.target, m.label, m.kind) for m in d.all_messages()]
    assert messages == [
        ("User", "App", "opens the app", "call"),
        ("App", "Auth Server", "asks for a token", "call"),
        ("Auth Server", "User Database", "checks the user database", "call"),
        ("Auth Server", "App", "returns a token", "return"),
        ("App", "User", "shows the home screen", "call"),
    ]


def test_class_school() -> None:
    d = plan_diagram(DEV["class"])
    assert isinstance(d, ClassDiagram)
    relations = {(r.kind, r.source, r.target, r.source_multiplicity, r.target_multiplicity, r.label) for r in d.relations}
    assert relations == {
        ("association", "School", "Class", "1", "*", ""),
        ("association", "Class", "Student", "1", "*", ""),
        ("association", "Teacher", "Class", None, None, "teaches"),
        ("inheritance", "Student", "Person", None, None, ""),
        ("inheritance", "Teacher", "Person", None, None, ""),
    }


def test_activity_order() -> None:
    d = plan_diagram(DEV["activity"])
    assert isinstance(d, ActivityDiagram)
    first, decision = d.nodes
    assert first.text == "Check the order"
    assert isinstance(decision, Decision) and decision.condition == "Is the item in stock?"
    assert [n.text for n in decision.then] == ["Pack it", "Ship it"]
    assert [n.text for n in decision.otherwise] == ["Notify the customer"]
    source = compile_diagram(d)
    assert "start\n:Check the order;\nif (Is the item in stock?) then (yes)" in source
    assert "else (no)\n  :Notify the customer;\nendif\nstop" in source


def test_state_door() -> None:
    d = plan_diagram(DEV["state"])
    assert isinstance(d, StateDiagram)
    assert d.names() == ["Open", "Closed", "Locked"] and d.initial == "Open"
    assert [(t.source, t.target, t.event) for t in d.transitions] == [
        ("Open", "Closed", "close"),
        ("Closed", "Locked", "lock"),
        ("Locked", "Closed", "unlock"),
    ]


def test_usecase_admin_guest() -> None:
    d = plan_diagram(DEV["usecase"])
    assert isinstance(d, UseCaseDiagram)
    assert [a.name for a in d.actors] == ["Admin", "Guest"]
    assert [u.name for u in d.usecases] == ["Manage users", "View reports"]
    assert {(link.actor, link.usecase) for link in d.links} == {
        ("Admin", "Manage users"), ("Admin", "View reports"), ("Guest", "View reports"),
    }


def test_component_gateway() -> None:
    d = plan_diagram(DEV["component"])
    assert isinstance(d, ComponentDiagram)
    kinds = {c.name: c.stereotype for c in d.components}
    assert kinds == {
        "Mobile App": "component", "API Gateway": "component", "Orders Service": "component",
        "Users Service": "component", "PostgreSQL": "database",
    }
    assert {(k.source, k.target) for k in d.links} == {
        ("Mobile App", "API Gateway"), ("API Gateway", "Orders Service"), ("API Gateway", "Users Service"),
        ("Orders Service", "PostgreSQL"), ("Users Service", "PostgreSQL"),
    }


# --- finer points of reading ----------------------------------------------------------------


def test_references_merge_and_pronouns_follow_the_subject() -> None:
    d = plan_diagram("A user opens the app; the mobile app asks the server for a token and it returns a token.")
    assert d.names() == ["User", "Mobile App", "Server"]
    assert [(m.source, m.target, m.kind) for m in d.all_messages()][-1] == ("Server", "Mobile App", "return")


def test_if_otherwise_between_participants_becomes_an_alt_group() -> None:
    d = plan_diagram(
        "The user sends the password to the app; the app checks it with the database; "
        "if the password is correct, the app shows the dashboard, otherwise it shows an error."
    )
    alt = d.messages[-1]
    assert isinstance(alt, Alt) and [b.condition for b in alt.branches] == ["the password is correct", ""]
    assert [b.messages[0].label for b in alt.branches] == ["shows the dashboard", "shows an error"]


def test_class_multiplicities_attributes_and_explicit_title() -> None:
    d = plan_diagram("Draw a class diagram of a garage: a Vehicle has four Wheels and an optional Trailer; "
                     "a Vehicle has a name and a price; a Car is a kind of Vehicle.")
    assert d.title == "Garage"
    vehicle = next(c for c in d.classes if c.name == "Vehicle")
    assert vehicle.attributes == ["name", "price"]
    multiplicities = {(r.target, r.target_multiplicity) for r in d.relations if r.kind == "association"}
    assert multiplicities == {("Wheel", "4"), ("Trailer", "0..1")}
    assert ("inheritance", "Car", "Vehicle") in {(r.kind, r.source, r.target) for r in d.relations}


def test_nested_else_if_and_unless() -> None:
    d = plan_diagram("Log in. If the user has an account, show the dashboard; "
                     "otherwise if the email is known, send a reset link; otherwise show the sign-up page.")
    decision = d.nodes[1]
    assert decision.condition == "Does the user have an account?"
    inner = decision.otherwise[0]
    assert isinstance(inner, Decision) and inner.condition == "Is the email known?"
    assert [n.text for n in inner.otherwise] == ["Show the sign-up page"]


def test_state_events_without_a_source_follow_the_story() -> None:
    d = plan_diagram("An order starts as Pending. Paying makes it Paid; shipping makes it Shipped; "
                     "cancelling a pending order makes it Cancelled. Shipped and Cancelled are final.")
    assert [(t.source, t.target, t.event) for t in d.transitions] == [
        ("Pending", "Paid", "pay"), ("Paid", "Shipped", "ship"), ("Pending", "Cancelled", "cancel"),
    ]
    assert d.initial == "Pending" and d.finals == ["Shipped", "Cancelled"]


def test_usecase_generalisation() -> None:
    d = plan_diagram("A member can borrow books; a librarian can do everything a member can and add books.")
    assert [(g.child, g.parent) for g in d.generalisations] == [("Librarian", "Member")]
    assert {(link.actor, link.usecase) for link in d.links} == {("Member", "Borrow books"), ("Librarian", "Add books")}


def test_explicit_prefixes() -> None:
    assert read_frame("Draw a class diagram where a Dog is an Animal").kind == "class"
    assert read_frame("Diagram: a Dog is an Animal").body == "a Dog is an Animal"
    assert read_frame("Make me a UML sequence diagram of login: the user asks the server").title == "Login"
    assert read_frame("A Dog is an Animal").explicit is False
    assert plan_diagram("Diagram: a Dog is an Animal").type == "class"
    later = read_frame("Show the login as a sequence diagram: the user asks the server for a token")
    assert (later.kind, later.body) == ("sequence", "the user asks the server for a token")
    at_end = read_frame("A School has many Classes, as a class diagram.")
    assert (at_end.kind, at_end.body) == ("class", "A School has many Classes")
    assert read_frame("Draw a state machine: a lamp switches between On and Off").kind == "state"
    assert read_frame("Flowchart: boil water, then add pasta").kind == "activity"


def test_hostile_words_in_a_prompt_stay_inside_quotes() -> None:
    d = plan_diagram('The "evil" app talks to the !include /etc/passwd server; the server uses %getenv("HOME") db')
    lines = [line.strip() for line in compile_diagram(d).splitlines()]
    assert not any(line.startswith(("!", "%", "'")) or "%getenv" in line or "!include" in line for line in lines)
    assert sum(line.startswith("@") for line in lines) == 2


@pytest.mark.parametrize(
    "word, expected",
    [("Classes", "Class"), ("Students", "Student"), ("Persons", "Person"), ("Categories", "Category"),
     ("Boxes", "Box"), ("Courses", "Course"), ("Status", "Status"), ("Class", "Class"), ("People", "Person")],
)
def test_singular(word: str, expected: str) -> None:
    assert singular(word) == expected


@pytest.mark.parametrize(
    "word, expected",
    [("Closing", "close"), ("locking", "lock"), ("unlocking", "unlock"), ("stopping", "stop"),
     ("paying", "pay"), ("cancelling", "cancel"), ("starting", "start"), ("pausing", "pause")],
)
def test_gerund_to_event(word: str, expected: str) -> None:
    assert base_of_gerund(word) == expected


def test_conditions_become_questions() -> None:
    assert question("the item is in stock") == "Is the item in stock?"
    assert question("the user has an account") == "Does the user have an account?"
    assert question("the payment succeeds") == "Does the payment succeed?"
    assert question("it is valid") == "Is it valid?"


# --- what is not a diagram ------------------------------------------------------------------


@pytest.mark.parametrize(
    "prompt, understood",
    [
        ("asdf qwer zxcv", "found no parts"),
        ("hello", "found no parts"),
        ("Database", "found only 'Database'"),
        ("Solve 3x+7=22", "looks like a maths problem"),
        ("A door can be Open, Closed or Locked.", "found Open, Closed, Locked but no transitions"),
        ("Draw a sequence diagram: the user waits", "found User but no message"),
        ("Draw a diagram", "did not describe anything"),
    ],
)
def test_bad_input_says_what_was_understood(prompt: str, understood: str) -> None:
    with pytest.raises(DiagramError) as error:
        plan_diagram(prompt)
    assert understood in str(error.value)
    assert "for example" in str(error.value)  # and how to write it instead


def test_the_kind_turns_the_planners_refusal_into_a_user_error_with_its_suggestions() -> None:
    with pytest.raises(DiagramError) as planned:
        plan_diagram("Draw a diagram")
    refusal = DiagramKind().refusal("Draw a diagram")
    assert type(refusal) is UserError
    assert (str(refusal), refusal.suggestions) == (str(planned.value), planned.value.suggestions)
    assert refusal.suggestions  # the example sentences, to ask again with


def test_diagram_score_separates_diagrams_from_other_kinds() -> None:
    other_kinds = yaml.safe_load((BENCH / "prompts.yaml").read_text(encoding="utf-8"))
    others = NOT_DIAGRAMS + [p["prompt"] for p in other_kinds["problems"]] + other_kinds["topics"]
    assert {p: diagram_score(p) for p in others if diagram_score(p) > 0.05} == {}
    assert all(diagram_score(prompt) >= 0.9 for prompt in DEV.values())
    assert diagram_score("Draw a class diagram: a Dog is an Animal") == 1.0


def test_a_named_participant_beats_a_mentioned_thing_as_the_target() -> None:
    """'checks the PIN with the bank': the bank is a participant elsewhere, the PIN is only what is checked."""
    diagram = plan_diagram("The customer pays with the card reader. The card reader checks the PIN with the bank. The bank approves the payment.")
    assert "PIN" not in diagram.names()
    messages = [(m.source, m.target, m.label) for m in diagram.messages]
    assert ("Card Reader", "Bank", "checks the PIN") in messages
    assert {p.name: p.role for p in diagram.participants}["Card Reader"] == "participant"


def test_an_answer_without_a_recipient_goes_back_to_the_caller() -> None:
    diagram = plan_diagram("The customer pays with the card reader. The card reader checks the PIN with the bank. The bank approves the payment.")
    last = diagram.messages[-1]
    assert (last.source, last.target, last.label, last.kind) == ("Bank", "Card Reader", "approves the payment", "return")
    # a verb with nothing after it stays with its subject
    thinking = plan_diagram("The user asks the server for a token. The server thinks.").messages[-1]
    assert (thinking.source, thinking.target) == ("Server", "Server")


def test_a_recipient_before_the_thing_sent() -> None:
    """'sends Bob a message': Bob receives, the message is the label."""
    first = plan_diagram("Alice sends Bob a message. Bob replies to Alice.").messages[0]
    assert (first.source, first.target, first.label) == ("Alice", "Bob", "sends a message")
