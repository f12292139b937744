"""The explainer through the real CLI: a value question gets its answer in the JSON contract, and the
routing decision (every kind's claim, the topic's covered words and parameters) is kept in the run's report."""

from __future__ import annotations

import json
from pathlib import Path


def test_a_value_question_is_answered_and_its_routing_recorded(cli, shared_home):
    made = cli(shared_home, "make", "What is the circumference of a circle of radius 7?", "--json")
    assert made.returncode == 0, made.stderr
    result = made.json
    assert result["kind"] == "explainer" and result["status"] == "succeeded"
    assert result["answer"] == "C = 14π ≈ 43.98"
    assert Path(result["artifacts"]["video"]).stat().st_size > 10_000
    shown = cli(shared_home, "runs", "show", result["run_id"], "--json")
    report = json.loads(shown.stdout)["report"]
    assert report["kind_routing"] == {"requested": "auto", "kind": "explainer", "claims": {"solution": 0.0, "diagram": 0.0, "pose": 0.0, "explainer": 0.9}}
    chosen = report["routing"]["candidates"][0]
    assert report["routing"]["chosen"] == chosen["topic"] == "circumference_of_a_circle"
    assert chosen["parameters"] == {"r": "7"} and chosen["uncovered"] == [] and "circumference" in chosen["key_terms"]


def test_an_unknown_concept_is_refused_with_exit_2_and_nothing_stored(cli, home):
    refused = cli(home, "make", "Explain Fermat's little theorem", "--json")
    assert refused.returncode == 2
    assert json.loads(refused.stdout)["status"] == "failed"
    assert "I have no topic on 'Fermat's little theorem'" in refused.stderr
    assert "Pythagorean" not in refused.stderr  # "theorem" is no key term: no near topic is offered
    assert json.loads(cli(home, "runs", "--json").stdout) == []
