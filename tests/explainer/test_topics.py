"""The explainer topic library: every topic validates, plans, compiles, lays out cleanly and is found by its own prompts."""

from __future__ import annotations

import ast
import re
import time
from importlib import resources

import pytest

from scenesmith import sandbox
from scenesmith.engine import kinds
from scenesmith.kinds.explainer.kind import ExplainerKind
from scenesmith.kinds.explainer.library import AREAS, builtin_topics, topic_by_id
from scenesmith.kinds.explainer.parameters import plan_topic
from scenesmith.storyboard.compiler import compile_storyboard
from scenesmith.storyboard.ir import EquationStepsElement, Storyboard, TextElement
from scenesmith.storyboard.layout import check_code
from tests.storyboard.combined import one_file

TOPICS = builtin_topics()
# Every plan the library promises: each topic's defaults (prompt None) and each of its example prompts.
VARIANTS = [(topic.id, index, prompt) for topic in TOPICS for index, prompt in enumerate([None, *topic.examples])]
NONSENSE = ["asdf qwerty zxcv", "Tell me about the French revolution", "What's the weather tomorrow"]


@pytest.fixture(scope="module")
def kind() -> ExplainerKind:
    return ExplainerKind()


def _variant_id(variant: tuple) -> str:
    topic_id, index, _ = variant
    return f"{topic_id}-{index}"


# ---------------------------------------------------------------- the files


def test_library_has_enough_topics_with_unique_ids():
    ids = [t.id for t in TOPICS]
    assert len(ids) >= 28
    assert len(set(ids)) == len(ids)


def test_the_library_readme_lists_every_topic_with_its_area():
    """The planned list (topics/README.md) names every topic file under its area."""
    text = (resources.files("scenesmith.kinds.explainer") / "topics" / "README.md").read_text()
    sections = dict(re.findall(r"^## (.+?)\n(.*?)(?=^## |\Z)", text, flags=re.M | re.S))
    heading = {"arithmetic": "Arithmetic and number", "algebra": "Algebra, functions and sequences", "geometry": "Geometry",
               "trigonometry": "Trigonometry", "statistics": "Probability and statistics", "calculus": "Calculus",
               "linear_algebra": "Linear algebra and vectors", "complex_numbers": "Complex numbers", "algorithms": "Algorithms"}  # fmt: skip
    for topic in TOPICS:
        row = re.search(rf"^\| {topic.id} \|.*\| (\w+) \|$", sections[heading[topic.area]], flags=re.M)
        assert row, f"{topic.id} is not listed under {heading[topic.area]}"
        assert row.group(1) == "done", f"{topic.id} exists but the README says {row.group(1)}"


def test_each_file_is_named_after_its_topic():
    folder = resources.files("scenesmith.kinds.explainer") / "topics"
    names = sorted(entry.name[:-5] for entry in folder.iterdir() if entry.name.endswith(".yaml"))
    assert names == sorted(t.id for t in TOPICS)


@pytest.mark.parametrize("topic", TOPICS, ids=lambda t: t.id)
def test_topic_metadata_is_complete(topic):
    assert 8 <= len(topic.keywords) <= 15, topic.keywords
    assert 3 <= len(topic.examples) <= 6
    assert topic.aliases.get("de"), "every topic has a German name"
    assert len(topic.description) >= 40
    for name, spec in topic.parameters.items():
        for pattern in spec.patterns:
            groups = re.compile(pattern).groups
            assert groups == (2 if spec.type == "point" else 1), f"{name}: {pattern!r} has {groups} groups"
    assert 3 <= len(topic.storyboard["scenes"]) <= 5


# ---------------------------------------------------------------- plans and code


@pytest.mark.parametrize("variant", VARIANTS, ids=_variant_id)
def test_plan_validates_and_compiles(variant):
    topic_id, _, prompt = variant
    board = plan_topic(topic_by_id(topic_id), prompt)
    assert isinstance(board, Storyboard)
    assert "@{" not in board.model_dump_json(), "a placeholder was left unfilled"
    for scene in board.scenes:
        assert scene.heading and len(scene.heading) <= 40, scene.heading
        assert not re.search(r"[\\^_{}$]", scene.heading + board.title), (scene.heading, board.title)
        assert 1 <= len(scene.elements) <= 4
        assert "\\" not in scene.narration and "$" not in scene.narration, scene.narration
        assert 1 <= len(re.findall(r"[.!?](?:\s|$)", scene.narration)) <= 3, scene.narration
        for element in scene.elements:
            if isinstance(element, TextElement):
                assert not re.search(r"[\\^_{}$]", element.text), element.text
            if isinstance(element, EquationStepsElement):
                assert all("\\" not in step.reason for step in element.steps)
    compiled = compile_storyboard(board)
    ast.parse(compiled.source)
    assert [s.class_name for s in compiled.scenes] == [f"Scene{i + 1:02d}" + s.class_name[7:] for i, s in enumerate(compiled.scenes)]


def _scenes_in_one_file(area: str) -> tuple[str, int]:
    """Every scene of every plan of one area's topics, renamed <Topic><variant><Scene> and joined after one shared header."""
    return one_file(
        ("".join(word.capitalize() for word in topic_id.split("_")) + f"V{index}", compile_storyboard(plan_topic(topic_by_id(topic_id), prompt)))
        for topic_id, index, prompt in VARIANTS
        if topic_by_id(topic_id).area == area
    )


@pytest.mark.slow
@pytest.mark.parametrize("area", AREAS)
def test_every_plan_lays_out_without_issues(tmp_path, area):
    """One probe per area (so the areas spread over the test workers): every scene of every plan, real Manim dry run."""
    source, count = _scenes_in_one_file(area)
    ast.parse(source)
    code = tmp_path / "library.py"
    code.write_text(source)
    started = time.monotonic()
    report = check_code(code, tmp_path / "work", tmp_path / "tex", limits=sandbox.Limits(timeout_s=1500, memory_mb=8192))
    print(f"{area}: probed {count} scenes in {time.monotonic() - started:.0f} s")
    assert report.issues == [], "\n".join(map(str, report.issues))
    assert len(report.scenes) == count


def test_every_area_has_at_least_six_topics():
    counts = {area: sum(t.area == area for t in TOPICS) for area in AREAS}
    assert all(n >= 6 for n in counts.values()), counts
    assert len(TOPICS) >= 80


# ---------------------------------------------------------------- routing


@pytest.mark.parametrize("topic_id,prompt", [(t.id, p) for t in TOPICS for p in t.examples], ids=lambda v: str(v)[:60])
def test_example_prompt_routes_to_its_topic(kind, topic_id, prompt):
    decision = kind.decide(prompt)
    mine = next(m for m in decision.matches if m.topic.id == topic_id)
    assert decision.chosen is not None, f"{prompt!r} claimed by no topic; its own: {mine.report()}"
    assert decision.chosen.topic.id == topic_id, f"{prompt!r} went to {decision.chosen.report()}; its own: {mine.report()}"


@pytest.mark.parametrize("topic_id,prompt", [(t.id, p) for t in TOPICS for p in t.examples], ids=lambda v: str(v)[:60])
def test_example_prompt_goes_to_the_explainer(topic_id, prompt):
    """The solver claims plain math problems; explanation requests must reach the explainer."""
    assert kinds.resolve(prompt, "auto").name == "explainer"


@pytest.mark.parametrize("prompt", NONSENSE)
def test_unrelated_prompts_are_claimed_by_no_topic(kind, prompt):
    assert kind.decide(prompt).chosen is None


# ---------------------------------------------------------------- the numbers come from the parameters


def _numbers(board: Storyboard) -> str:
    return board.model_dump_json()


def _has_number(text: str, number: str) -> bool:
    return re.search(rf"(?<![\d.]){re.escape(number)}(?![\d.])", text) is not None


def test_pythagorean_hypotenuse_is_computed():
    board = plan_topic(topic_by_id("pythagorean_theorem"), "Show a right triangle with legs 5 and 12")
    work = next(e for s in board.scenes for e in s.elements if isinstance(e, EquationStepsElement))
    assert work.steps[-1].latex == "c = 13"
    assert "169" in work.steps[2].latex
    board = plan_topic(topic_by_id("pythagorean_theorem"), "Show a right triangle with legs 2 and 3")
    work = next(e for s in board.scenes for e in s.elements if isinstance(e, EquationStepsElement))
    assert work.steps[-1].latex == r"c = \sqrt{13} \approx 3.61"


def test_area_under_curve_is_integrated():
    board = plan_topic(topic_by_id("area_under_curve"), "Show the area under y = x^2 from 0 to 3")
    work = next(e for s in board.scenes for e in s.elements if isinstance(e, EquationStepsElement))
    assert work.steps[-1].latex == "= 9"
    assert _has_number(_numbers(board), "9")
    board = plan_topic(topic_by_id("area_under_curve"), "Show the area under y = x^2 from 0 to 2")
    assert r"\frac{8}{3} \approx 2.67" in _numbers(board).replace("\\\\", "\\")


@pytest.mark.parametrize("topic_id,prompt,expected", [
    ("quadratic_formula", "Explain the quadratic formula for x^2 + x - 6 = 0", [r"x_1 = -3, \quad x_2 = 2", "D = 25"]),
    ("quadratic_formula", "Use the quadratic formula with a = 1, b = 2, c = 5", ["D = -16", "no real roots"]),
    ("distance_formula", "Show the distance between (-3, 1) and (3, 9)", [r"d = \sqrt{100}", "d = 10"]),
    ("midpoint_formula", "Find the midpoint between the points (3, 7) and (9, -1)", [r"M = \left(6, 3\right)"]),
    ("slope_of_a_line", "Show rise over run for the points (-2, 5) and (3, -5)", ["m = -2", "y = 1 - 2 x"]),
    ("systems_of_equations_graphically", "Show where the lines y = x + 1 and y = -2x + 7 intersect", [r"(x, y) = \left(2, 3\right)"]),
    ("angles_in_a_triangle", "Show the missing angle in a triangle with angles 35° and 95°", [r"C = 50^{\circ}"]),
    ("unit_circle_sine_cosine", "Show the unit circle point for an angle of 60 degrees", [r"\cos 60^{\circ} = \frac{1}{2} = 0.5", r"\sin 60^{\circ} = \frac{\sqrt{3}}{2} \approx 0.87"]),
    ("area_of_a_circle", "How do you find the area of a circle with diameter 10?", [r"A = 25 \pi", r"\approx 78.54"]),
    ("vector_addition", "How do you add the vectors (2, -1) and (-3, 4)?", [r"\vec{v} = (-1, 3)"]),
    ("percent_as_fraction", "Show 25 percent of 60 as a fraction", [r"\frac{1}{4} \times 60", "= 15"]),
    ("parabola_vertex", "Show completing the square for y = 2x^2 + 4x - 1", [r"y = 2\left(x + 1\right)^{2} - 3", r"(h, k) = \left(-1, -3\right)"]),
    ("derivative_tangent", "Show the tangent line to y = x^2 at x = 1", ["f'(1) = 2", "y = 2 x - 1"]),
    ("exponential_decay", "Show 80 grams of a radioactive isotope with a half-life of 3 days decaying", ["N(9) = 10"]),
    ("mean_median_of_a_data_set", "Show the mean and median of 2, 4, 4, 9, 21 on a number line", [r"\bar{x} = 8", r"\boxed{4}"]),
    ("power_rule_derivative", "How does the power rule work for x^5?", ["= 5 x^{4}"]),
    ("average_rate_of_change", "Show the secant line of f(x) = x^3 between x = 0 and x = 2", ["= 4"]),
    ("exponential_vs_polynomial_growth", "Compare exponential growth 2^x with x^2", ["2^{10} = 1024"]),
    ("inequalities_on_a_number_line", "Explain how to graph the inequality x >= -2 on a number line", [r"x \in [-2, \infty)"]),
    ("perimeter_of_polygons", "Explain the perimeter of a regular polygon with 6 sides of length 4", ["P = 24", "4 + 4 + 4 + 4 + 4 + 4"]),
    ("sine_wave_amplitude_period", "Explain the amplitude and period of y = 3 sin(2x)", [r"T = \pi \approx 3.14", "|A| = 3"]),
])
def test_values_are_derived_from_the_prompt(topic_id, prompt, expected):
    text = _numbers(plan_topic(topic_by_id(topic_id), prompt)).replace("\\\\", "\\")
    for piece in expected:
        assert piece in text, f"{piece!r} not in the plan for {prompt!r}"
