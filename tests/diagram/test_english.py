"""The planner's English: word lists as data keyed per language, and word forms from inflect."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from scenesmith.kinds.diagram.planner import english
from scenesmith.kinds.diagram.planner.english import base_of_third, forms, is_plural, singular, third_person
from scenesmith.kinds.diagram.planner.routing import TYPE_ORDER, type_scores
from scenesmith.kinds.diagram.planner.vocabulary import vocabulary

WORDS = Path(english.__file__).resolve().parent / "words.yaml"


def test_the_word_lists_are_data_keyed_by_language() -> None:
    data = yaml.safe_load(WORDS.read_text(encoding="utf-8"))
    assert "en" in data
    en = vocabulary("en")
    assert en.language == "en" and "the" in en.determiners and en.diagram_words["flowchart"] == "activity"
    assert set(en.examples) == set(TYPE_ORDER) == set(en.cues)
    with pytest.raises(KeyError):
        vocabulary("xx")


def test_cue_placeholders_become_the_named_word_lists() -> None:
    en = vocabulary("en")
    patterns = [cue.pattern.pattern for cues in en.cues.values() for cue in cues]
    assert not any("{{" in p for p in patterns)
    # {{person_heads}} in a use-case cue, {{database_words}} in a component cue
    assert type_scores("Librarians can add books")["usecase"] == 0.8
    assert type_scores("The API reads from Cassandra")["component"] == 0.9


def test_third_person_of_every_known_verb_reads_back_to_its_base() -> None:
    en = vocabulary("en")
    assert [v for v in sorted(en.base_verbs) if base_of_third(third_person(v)) != v] == []
    assert [third_person(v) for v in ("teach", "reply", "go", "have", "fix", "pay")] == [
        "teaches", "replies", "goes", "has", "fixes", "pays",
    ]


@pytest.mark.parametrize(
    ("word", "expected"),
    [("OrderLines", "OrderLine"), ("Leaves", "Leaf"), ("Indices", "Index"), ("data", "data"), ("Redis", "Redis"),
     ("AWS", "AWS"), ("bus", "bus"), ("analysis", "analysis"), ("Wheels", "Wheel")],
)
def test_singular_from_inflect_keeps_names_that_only_end_in_s(word: str, expected: str) -> None:
    assert singular(word) == expected
    assert is_plural(word) == (word != expected)


def test_forms_join_a_word_with_its_singular_and_its_verb_base() -> None:
    assert {"students", "student"} <= forms("Students")
    assert "teach" in forms("teaches")
    assert "close" in forms("closing")
