"""Every dev problem gives the key's answer or the expected refusal. A wrong answer fails the suite."""

from __future__ import annotations

import pytest

from scenesmith.kinds.solution.problem import Unsupported
from scenesmith.kinds.solution.solve import solve
from tests.solution import devset

ENTRIES = devset.load()


@pytest.mark.parametrize("entry", ENTRIES, ids=devset.ids(ENTRIES))
def test_dev_problem(entry):
    if "refuse" in entry:
        with pytest.raises(Unsupported) as caught:
            solve(entry["prompt"])
        assert entry["refuse"].lower() in str(caught.value).lower(), str(caught.value)
        return
    try:
        solution = solve(entry["prompt"])
    except Unsupported as exc:
        pytest.fail(f"refused a problem with a known answer: {exc}")
    assert solution.answer_text == entry["answer"], [(s.latex, s.reason) for s in solution.steps]


def test_every_entry_is_well_formed():
    for entry in ENTRIES:
        assert entry.get("category") and entry.get("prompt"), entry
        assert ("answer" in entry) != ("refuse" in entry), entry


def test_every_dev_problem_with_an_answer_is_routed_to_the_solver():
    """The CLI's auto routing must hand these to the solution kind: it claims each of them surely."""
    from scenesmith.kinds.solution.kind import SolutionKind

    kind = SolutionKind()
    unclaimed = [e["prompt"] for e in ENTRIES if "answer" in e and kind.claim(e["prompt"]) < 1.0]
    assert unclaimed == []
