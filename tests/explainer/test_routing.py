"""Routing to a topic accounts for the whole prompt: its words, its numbers and its function.

Each prompt of the issue that once gave a confident video about something else is checked here,
with the reason it must not (or must) be claimed.
"""

from __future__ import annotations

import pytest

from scenesmith.engine.errors import UserError
from scenesmith.engine.kinds import resolve, route
from scenesmith.kinds.explainer.kind import ExplainerKind
from scenesmith.kinds.explainer.library import Topic
from scenesmith.kinds.explainer.routing import Router
from scenesmith.kinds.explainer.vocabulary import language_of, languages


@pytest.fixture(scope="module")
def kind() -> ExplainerKind:
    return ExplainerKind()


def _refusal(prompt: str) -> str:
    with pytest.raises(UserError) as caught:
        resolve(prompt, "auto")
    return str(caught.value)


# ---------------------------------------------------------------- the prompts that went wrong


@pytest.mark.parametrize(("prompt", "unknown"), [
    ("Explain Fermat's little theorem", "Fermat's little theorem"),
    ("Explain Pascal's triangle", "Pascal's triangle"),
    ("Explain the law of sines for a triangle with sides 5 and 7", None),
    ("Explain the theorem", "theorem"),
    ("Explain the law", "law"),
    ("Tell me about the base of a mountain", "base of a mountain"),
    ("What are isotopes?", "isotopes"),
    ("Explain graph theory", "graph theory"),
])  # fmt: skip
def test_an_unknown_named_concept_is_refused_and_named(kind, prompt, unknown):
    assert kind.decide(prompt).chosen is None
    message = _refusal(prompt)
    if unknown:
        assert f"I have no topic on '{unknown}'" in message, message


def test_a_refusal_lists_only_topics_that_share_a_key_term(kind):
    near = [m.topic.id for m in kind.decide("Explain Pascal's triangle").nearest()]
    assert near and all("triangle" in kind.router.topics[[t.id for t in kind.router.topics].index(i)].vocabulary_text().lower() for i in near)
    assert kind.decide("Explain Fermat's little theorem").nearest() == []  # "theorem" is no key term
    message = _refusal("Explain Fermat's little theorem")
    assert "Nearest" not in message and "Pythagorean" not in message


@pytest.mark.parametrize("prompt", ["What is 9 times 6?", "What is 2/3 + 1/4?", "log base 3 of 81", r"Solve $\frac{x}{4} - 1 = 2$"])
def test_math_problems_go_to_the_solver_not_a_topic(prompt):
    assert resolve(prompt, "auto").name == "solution"


def test_a_word_problem_about_speed_is_not_the_distance_formula(kind):
    prompt = "A car travels 45 km per hour for 2 hours. How far does it go?"
    decision = kind.decide(prompt)
    assert decision.chosen is None
    distance = next(m for m in decision.matches if m.topic.id == "distance_formula")
    assert {"car", "travels"} <= set(distance.uncovered)
    _refusal(prompt)


# ---------------------------------------------------------------- numbers and functions must be used


def test_every_number_must_be_read_by_the_topic(kind):
    assert kind.decide("Show the area of a circle with radius 3").chosen.topic.id == "area_of_a_circle"
    decision = kind.decide("Show the area of a circle with radius 3 and 12 apples")
    assert decision.chosen is None
    decision = kind.decide("Show the area of a circle 7")
    circle = next(m for m in decision.matches if m.topic.id == "area_of_a_circle")
    assert decision.chosen is None and circle.unused_numbers == ["7"]
    assert "cannot use the value(s) 7" in decision.not_understood()


def test_a_function_the_topic_cannot_take_is_not_claimed(kind):
    """y = x^2 - 4 is no line: the linear topic's own check refuses it, and the refusal says why; the graph topic takes it."""
    decision = kind.decide("Explain the slope and intercepts of y = x^2 - 4")
    linear = next(m for m in decision.matches if m.topic.id == "linear_function_intercepts")
    assert decision.chosen is None and linear.covers and "not a line" in linear.error
    assert "not a line" in decision.not_understood()
    assert kind.decide("Show the graph of y = x^2 - 4").chosen.topic.id == "graph_roots"
    assert kind.decide("Explain the slope and intercepts of y = 2x - 4").chosen.topic.id == "linear_function_intercepts"


def test_symbols_the_topic_did_not_read_are_not_covered(kind):
    assert kind.decide("Explain the A* search algorithm").chosen is None
    assert "I have no topic on 'A* search algorithm'" in kind.decide("Explain the A* search algorithm").not_understood()
    assert kind.decide("Explain C++ templates").nearest() == []  # "c" is no key term
    assert kind.decide("What do m and b mean in y = mx + b?").chosen.topic.id == "linear_function_intercepts"  # said in an alias


def test_values_a_topic_cannot_draw_are_refused_with_its_reason(kind):
    decision = kind.decide("Explain the Pythagorean theorem with legs 500 and 3")
    assert decision.chosen is None
    assert "outside the range" in decision.not_understood() and "Pythagorean" in decision.not_understood()
    assert "outside the range" in _refusal("Explain the Pythagorean theorem with legs 500 and 3")


def test_units_after_a_read_number_are_accounted_for(kind):
    decision = kind.decide("Explain exponential decay with a half-life of 5 years")
    assert decision.chosen.topic.id == "exponential_decay" and decision.chosen.parameters == {"T": "5"}
    assert kind.decide("Explain exponential decay with years").chosen is None  # a unit without its number names nothing


def test_context_words_are_covered_but_name_no_topic(kind):
    assert kind.decide("Show 80 grams of a radioactive isotope with a half-life of 3 days decaying").chosen.topic.id == "exponential_decay"
    assert kind.decide("What are isotopes?").chosen is None


# ---------------------------------------------------------------- value questions are answered


@pytest.mark.parametrize(("topic_id", "prompt", "answer"), [
    ("circumference_of_a_circle", "What is the circumference of a circle of radius 7?", "C = 14π ≈ 43.98"),
    ("pythagorean_theorem", "How do I find the hypotenuse of a right triangle with legs 6 and 8?", "c = 10"),
    ("pythagorean_theorem", "Show a right triangle with legs 2 and 3", "c = √13 ≈ 3.61"),
    ("midpoint_formula", "Find the midpoint between the points (3, 7) and (9, -2)", "M = (6, 5/2)"),
    ("unit_circle_sine_cosine", "Show the unit circle point for an angle of 60 degrees", "cos 60° = 1/2 = 0.5, sin 60° = √3/2 ≈ 0.87"),
])  # fmt: skip
def test_a_value_question_gets_the_computed_answer(kind, topic_id, prompt, answer):
    from scenesmith.kinds.explainer.parameters import build

    decision = kind.decide(prompt)
    assert decision.chosen.topic.id == topic_id
    board, got = build(decision.chosen.topic, prompt)
    assert got == answer
    assert board.answer_text == answer


def test_no_answer_when_the_prompt_gives_no_values(kind):
    from scenesmith.kinds.explainer.parameters import build

    assert build(kind.decide("Explain the Pythagorean theorem").chosen.topic, "Explain the Pythagorean theorem")[1] is None


# ---------------------------------------------------------------- languages are data


def test_german_prompts_route_through_german_aliases(kind):
    assert language_of("Erkläre die Steigung einer Geraden").language == "de"
    assert kind.decide("Erkläre die Steigung einer Geraden").chosen.topic.id == "slope_of_a_line"
    assert kind.decide("Erkläre den Satz des Pythagoras").chosen.topic.id == "pythagorean_theorem"
    assert kind.decide("Erkläre den Satz von Fermat").chosen is None


def test_every_language_file_has_ignorable_and_weak_words():
    found = {lang.language: lang for lang in languages()}
    assert {"en", "de"} <= set(found)
    for lang in found.values():
        assert len(lang.ignore) >= 30 and lang.weak


def test_a_topic_with_only_weak_words_in_common_claims_nothing():
    topic = Topic.model_validate({
        "id": "demo", "title": "The demo theorem", "area": "algebra", "description": "A topic made up for this test, nothing more.",
        "keywords": ["demo theorem", "demonstration rule"], "storyboard": {},
    })  # fmt: skip
    router = Router((topic,))
    assert router.decide("Explain the demo theorem").chosen is not None
    assert router.decide("Explain the theorem").chosen is None
    assert router.decide("Explain the rule").chosen is None


# ---------------------------------------------------------------- the decision is kept


def test_the_decision_report_has_scores_terms_and_parameters(kind):
    report = kind.decide("What is the circumference of a circle of radius 7?").report()
    chosen = report["candidates"][0]
    assert report["chosen"] == "circumference_of_a_circle" and report["language"] == "en"
    assert chosen["claims"] and chosen["parameters"] == {"r": "7"} and chosen["uncovered"] == []
    assert "circumference" in chosen["key_terms"] and chosen["score"] > 0
    assert route("What is the circumference of a circle of radius 7?", "auto").report()["claims"]["explainer"] > 0
