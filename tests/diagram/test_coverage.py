"""A diagram prompt must have its named things in the diagram: a half-read prompt is refused with
what was not read, and an ordinary sentence that only holds a cue word is not taken for a diagram."""

from __future__ import annotations

import pytest

from scenesmith.kinds.diagram.errors import DiagramError
from scenesmith.kinds.diagram.ir import ClassDiagram, SequenceDiagram
from scenesmith.kinds.diagram.kind import DiagramKind
from scenesmith.kinds.diagram.planner import plan_diagram, read_frame, refusal_for_unclaimed
from scenesmith.kinds.diagram.planner.coverage import drawn_words, unread

HALF_READ = [
    ("A School has many Classes; the Principal, who lives in Berlin, runs the School.", ["'Principal'", "'Berlin'"]),
    ("A School has many Classes; a Class has many Students. The weather is nice today.", ["“The weather is nice today”"]),
    ("The web app runs on Kubernetes in AWS and talks to the payment service, which connects to PostgreSQL.", ["'Kubernetes'"]),
    ("The traffic light cycles from Red to Green to Yellow and back to Red every 30 seconds.", ["'30'"]),
    ("A Car has an Engine. A Car is a Vehicle. Vehicles are made in Germany.", ["'Germany'"]),
    ("Draw a state diagram: a ticket goes from Open to In Progress to Done; Sarah reviews every ticket.", ["'Sarah'"]),
    ("Draw a class diagram: A School has many Classes; the Principal, who lives in Berlin, runs the School.", ["'Principal'"]),
]

ORDINARY = [
    "Explain Pascal's triangle",
    "What is the class of this animal",
    "A car travels 45 km per hour for 2 hours. How far does it go?",
    "Alice sends 5 apples to Bob. How many apples does Bob have now?",
    "A train goes from Paris to Berlin at 80 km per hour. How long does the trip take?",
    "Remind me to call the dentist on Friday",
]


@pytest.mark.parametrize(("prompt", "missing"), HALF_READ, ids=[p[:40] for p, _ in HALF_READ])
def test_a_half_read_prompt_is_refused_with_what_was_not_read(prompt: str, missing: list[str]) -> None:
    with pytest.raises(DiagramError) as error:
        plan_diagram(prompt)
    message = str(error.value)
    assert all(m in message for m in missing), message
    assert "but not" in message and "for example" in message


@pytest.mark.parametrize(("prompt", "missing"), HALF_READ, ids=[p[:40] for p, _ in HALF_READ])
def test_the_kind_does_not_claim_a_half_read_prompt_and_says_why(prompt: str, missing: list[str]) -> None:
    kind = DiagramKind()
    assert missing[0] in str(kind.refusal(prompt))  # asked for by name (--kind diagram): its own reason, exit 2
    if read_frame(prompt).explicit:
        assert kind.claim(prompt) == 1.0  # asked for in so many words: the plan stage refuses it (exit 2)
        return
    assert kind.claim(prompt) == 0.0
    assert missing[0] in kind.diagnose(prompt, claimed=False)  # no kind takes it: the diagram kind says what it missed
    assert kind.diagnose(prompt, claimed=True) is None


@pytest.mark.parametrize("prompt", ORDINARY)
def test_an_ordinary_sentence_with_a_cue_word_is_not_claimed(prompt: str) -> None:
    kind = DiagramKind()
    assert kind.claim(prompt) == 0.0
    assert kind.diagnose(prompt, claimed=False) is None
    assert refusal_for_unclaimed(prompt) is None


def test_a_fully_read_prompt_is_claimed_and_not_diagnosed() -> None:
    prompt = "A School has many Classes; a Class has many Students; the Principal runs the School."
    kind = DiagramKind()
    assert kind.claim(prompt) >= 0.9
    assert kind.diagnose(prompt, claimed=False) is None
    assert "Principal" in plan_diagram(prompt).names()


# --- the check itself, on diagrams built by hand ------------------------------------------------


def _login() -> SequenceDiagram:
    return SequenceDiagram(
        participants=[{"name": "User", "role": "actor"}, {"name": "Auth Server"}],
        messages=[{"source": "User", "target": "Auth Server", "label": "asks for a token"}],
    )


def test_unread_names_the_things_and_sentences_a_diagram_leaves_out() -> None:
    diagram = _login()
    assert unread("The user asks the auth server for a token.", diagram) == []
    assert unread("The users ask the auth server for tokens.", diagram) == []  # plurals and verb forms count as drawn
    assert unread("The user asks the auth server for a token. The auth server asks Redis.", diagram) == ["'Redis'"]
    assert unread("The user asks the auth server for 3 tokens.", diagram) == ["'3'"]
    assert unread("The user asks the auth server for a token; the database answers.", diagram) == ["'database'"]
    assert unread("The user asks the auth server for a token. It rains all day.", diagram) == ["“It rains all day”"]


def test_a_sentence_opening_with_a_verb_or_gerund_is_not_a_name() -> None:
    diagram = _login()
    assert unread("Asks the auth server for a token.", diagram) == []
    assert unread("Meanwhile the user asks the auth server for a token.", diagram) == []


def test_drawn_words_hold_the_parts_of_names_members_and_multiplicities() -> None:
    diagram = ClassDiagram(
        classes=[{"name": "Invoice", "methods": ["placeOrder()"]}, {"name": "LineItem"}],
        relations=[{"source": "Invoice", "target": "LineItem", "source_multiplicity": "1", "target_multiplicity": "4"}],
    )
    words = drawn_words(diagram)
    assert {"invoice", "lineitem", "line", "item", "place", "order", "4"} <= words
    assert "association" not in words and "class" not in words  # the IR's own keywords are not the prompt's words


# --- readers that the check made honest ----------------------------------------------------------


def test_an_adverb_is_not_part_of_a_participant() -> None:
    diagram = plan_diagram("The user asks the server for a token. Meanwhile the admin reads the audit logs in Grafana.")
    assert diagram.names() == ["User", "Server", "Admin", "Grafana"]


def test_a_counted_noun_is_a_class_not_a_clause() -> None:
    diagram = plan_diagram("A Car has an Engine and four Wheels. A Car is a Vehicle.")
    assert ("Car", "Wheel", "4") in {(r.source, r.target, r.target_multiplicity) for r in diagram.relations}


def test_a_sentence_about_something_else_is_not_an_inheritance() -> None:
    with pytest.raises(DiagramError, match="The weather is nice today"):
        plan_diagram("A School has many Classes. The weather is nice today.")


def test_the_thing_whose_states_they_are_titles_the_state_diagram() -> None:
    assert plan_diagram("A door can be Open, Closed or Locked. Closing an open door makes it Closed.").title == "Door"
    assert plan_diagram("The server can be Idle or Busy. A request makes it Busy; finishing makes it Idle.").title == "Server"
    titled = plan_diagram("Draw a state diagram of a lamp: it switches between On and Off when the button is pressed.")
    assert titled.title == "Lamp"
