"""The algorithm topics' helpers run the real algorithm: their steps, counts and results are checked against plain Python."""

from __future__ import annotations

import math
import random

import pytest
import sympy

from scenesmith.kinds.explainer.errors import TopicError
from scenesmith.kinds.explainer.helpers import algorithms
from scenesmith.kinds.explainer.library import topic_by_id
from scenesmith.kinds.explainer.parameters import build
from scenesmith.storyboard.ir import CellsElement

RANDOM = random.Random(7)
LISTS = [[5, 1, 4, 2, 8], [2, 1], [1, 2, 3], [3, 3, 1], [-4, 0, -4, 2.5, 9, -1], list(range(8, 0, -1)), list(range(1, 9))]
LISTS += [[RANDOM.randint(-50, 50) for _ in range(RANDOM.randint(2, 8))] for _ in range(30)]


def _numbers(items):
    return [sympy.nsimplify(v) for v in items]


def _cells(states):
    """The states as the IR reads them: this checks every swap really exchanges two cells of the previous state."""
    return CellsElement(id="run", states=states).states


@pytest.mark.parametrize(("a", "b"), [(48, 18), (18, 48), (1071, 462), (7, 7), (17, 5), (1, 99999), (377, 233)])
def test_euclid_divides_down_to_the_gcd(a, b):
    rows = algorithms.euclid_divisions(a, b)
    for dividend, divisor, quotient, remainder in rows:
        assert dividend == quotient * divisor + remainder and 0 <= remainder < divisor
    assert rows[-1][3] == 0 and rows[-1][1] == math.gcd(a, b)
    steps = algorithms.euclid_steps(a, b)
    assert len(steps) == len(rows) + 1 and steps[-1]["latex"].endswith(f"= {math.gcd(a, b)}")


def test_euclid_refuses_what_is_not_a_positive_whole_number():
    with pytest.raises(TopicError):
        algorithms.euclid_divisions(0, 5)


@pytest.mark.parametrize("n", range(1, 256))
def test_binary_digits_match_python(n):
    assert algorithms.binary_text(n) == format(n, "b")
    rows = algorithms.halving_rows(n)
    assert "".join(str(r[2]) for r in reversed(rows)) == format(n, "b")
    assert sum(algorithms.binary_place_values(n)) == n
    assert algorithms.place_value_steps(n)[-1]["latex"] == f"= {n}"


@pytest.mark.parametrize("items", LISTS, ids=str)
def test_bubble_sort_run(items):
    run = algorithms.bubble_sort_run(_numbers(items))
    assert run["sorted"] == sorted(_numbers(items))
    first, rest = _cells(run["first"]), _cells(run["rest"])
    assert first[-1].values == rest[0].values and rest[-1].sorted == list(range(len(items)))
    assert run["comparisons"] == sum(1 for s in run["first"] + run["rest"] if len(s.get("compare", [])) == 2)
    assert run["swaps"] == sum(1 for s in run["first"] + run["rest"] if s.get("swap"))
    assert run["comparisons"] <= len(items) * (len(items) - 1) // 2
    assert run["swaps"] == sum(1 for i in range(len(items)) for j in range(i + 1, len(items)) if items[i] > items[j])


@pytest.mark.parametrize("items", LISTS, ids=str)
def test_insertion_sort_run(items):
    run = algorithms.insertion_sort_run(_numbers(items))
    assert run["sorted"] == sorted(_numbers(items))
    first, rest = _cells(run["first"]), _cells(run["rest"])
    assert first[-1].values == rest[0].values and rest[-1].values == [algorithms.fmt(v) for v in sorted(_numbers(items))]
    inversions = sum(1 for i in range(len(items)) for j in range(i + 1, len(items)) if items[i] > items[j])
    assert run["swaps"] == inversions  # each move left undoes exactly one inversion


@pytest.mark.parametrize("items", LISTS, ids=str)
def test_selection_sort_run(items):
    run = algorithms.selection_sort_run(_numbers(items))
    assert run["sorted"] == sorted(_numbers(items))
    _cells(run["first"]), _cells(run["rest"])
    n = len(items)
    assert run["comparisons"] == n * (n - 1) // 2 and run["swaps"] <= n - 1


def test_sorted_and_reversed_lists_take_the_known_number_of_steps():
    ascending, descending = _numbers(range(1, 9)), _numbers(range(8, 0, -1))
    assert algorithms.bubble_sort_run(ascending)["comparisons"] == 7
    assert algorithms.bubble_sort_run(descending)["swaps"] == 28
    assert algorithms.insertion_sort_run(ascending)["comparisons"] == 7
    assert algorithms.insertion_sort_run(descending)["comparisons"] == 28
    assert algorithms.selection_sort_run(ascending)["swaps"] == 0


@pytest.mark.parametrize("size", range(2, 17))
def test_binary_search_finds_every_value_and_misses_the_others(size):
    values = sorted(RANDOM.sample(range(-99, 100, 2), size))
    for target in values + [v + 1 for v in values] + [values[0] - 3]:
        run = algorithms.binary_search_run(_numbers(values), sympy.Integer(target))
        _cells(run["states"])
        assert run["found"] == (target in values)
        assert run["index"] == (values.index(target) if target in values else -1)
        assert run["steps"] <= math.floor(math.log2(size)) + 1


@pytest.mark.parametrize("limit", range(10, 41))
def test_sieve_keeps_exactly_the_primes(limit):
    run = algorithms.sieve_rows(limit, 10)
    assert run["primes"] == list(sympy.primerange(2, limit + 1))
    last = run["stages"][-1]
    for r, state in enumerate(last):
        _cells([state])
        for k, text in enumerate(state["values"]):
            n = int(text)
            assert (k in state.get("crossed", [])) == (n > 1 and not sympy.isprime(n)), n
            assert (k in state.get("found", [])) == sympy.isprime(n), n


@pytest.mark.parametrize(
    ("topic_id", "prompt", "answer"),
    [
        ("euclidean_algorithm", "What is the gcd of 1071 and 462?", "gcd(1071, 462) = 21"),
        ("binary_numbers", "Write 200 in binary", "200 = 11001000 in binary"),
        ("bubble_sort", "bubble sort 9, 3, 7, 1", "Sorted: 1, 3, 7 and 9 (6 comparisons, 5 swaps)"),
        ("insertion_sort", "insertion sort 7, 3, 5, 1", "Sorted: 1, 3, 5 and 7 (6 comparisons, 5 moves)"),
        ("selection_sort", "selection sort 6, 4, 9 and 2", "Sorted: 2, 4, 6 and 9 (6 comparisons, 2 swaps)"),
        ("binary_search", "Binary search for 40 in 10, 20, 30, 50, 60", "40 is not in the list (2 middle values checked)"),
        ("sieve_of_eratosthenes", "sieve of Eratosthenes below 20", "The primes up to 19: 2, 3, 5, 7, 11, 13, 17 and 19 (8 primes)"),
    ],
)
def test_answers_come_from_running_the_algorithm(topic_id, prompt, answer):
    assert build(topic_by_id(topic_id), prompt)[1] == answer


@pytest.mark.parametrize(
    ("topic_id", "prompt", "message"),
    [
        ("euclidean_algorithm", "gcd of 6765 and 4181", "18 divisions"),
        ("euclidean_algorithm", "gcd of 12, 18 and 24", "gives 3"),
        ("binary_numbers", "Write 1000 in binary", "1 to 255"),
        ("bubble_sort", "bubble sort 1, 2, 3, 4, 5, 6, 7, 8, 9", "gives 9"),
        ("sieve_of_eratosthenes", "sieve of Eratosthenes up to 100", "10 to 40"),
        ("selection_sort", "selection sort 3.14159, 2, 1", "not 3.14159"),
        ("binary_search", "binary search for 2.125 in 1, 2, 3", "not 2.125"),
    ],
)
def test_values_the_topic_cannot_show_are_refused_with_a_reason(topic_id, prompt, message):
    with pytest.raises(TopicError, match=message):
        build(topic_by_id(topic_id), prompt)
