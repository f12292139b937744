"""Helpers for the algorithm topics: the steps an algorithm takes, computed with SymPy integers.

Each helper returns plain data a storyboard can hold (numbers, lists, equation steps); the
numbers come from running the algorithm on the prompt's values, never from a template.
"""

from __future__ import annotations

from typing import Any

import sympy
from sympy.ntheory import digits as sympy_digits

from scenesmith.kinds.explainer.errors import TopicError
from scenesmith.kinds.explainer.parameters import fmt


def _whole(value: Any, what: str) -> sympy.Integer:
    number = sympy.sympify(value)
    if not (number.is_Integer and number > 0):
        raise TopicError(f"The {what} must be a positive whole number, not {number}.")
    return sympy.Integer(number)


def euclid_divisions(a: Any, b: Any) -> list[list[sympy.Integer]]:
    """The divisions of Euclid's algorithm for gcd(a, b), larger number first: [dividend, divisor, quotient, remainder] each."""
    dividend, divisor = sorted((_whole(a, "first number"), _whole(b, "second number")), reverse=True)
    rows = []
    while True:
        quotient, remainder = divmod(dividend, divisor)
        rows.append([dividend, divisor, quotient, remainder])
        if remainder == 0:
            return rows
        dividend, divisor = divisor, remainder


def euclid_steps(a: Any, b: Any) -> list[dict]:
    """Equation steps for Euclid's algorithm: one division with remainder per step, then gcd(a, b) = the last divisor."""
    rows = euclid_divisions(a, b)
    steps = []
    for dividend, divisor, quotient, remainder in rows:
        stop = ", so stop" if remainder == 0 else ""
        steps.append({
            "latex": rf"{dividend} = {quotient} \cdot {divisor} + {remainder}",
            "reason": f"Divide {dividend} by {divisor}: quotient {quotient}, remainder {remainder}{stop}",
        })
    gcd = rows[-1][1]
    if gcd != sympy.gcd(a, b):  # the division chain and SymPy must agree
        raise TopicError(f"Euclid's algorithm gave {gcd} for gcd({a}, {b}), SymPy {sympy.gcd(a, b)}.")
    steps.append({"latex": rf"\gcd({a}, {b}) = {gcd}", "reason": "The last divisor is the greatest common divisor"})
    return steps


def binary_digits(n: Any) -> list[sympy.Integer]:
    """The binary digits of n, most significant first: 13 -> [1, 1, 0, 1]."""
    return [sympy.Integer(d) for d in sympy_digits(_whole(n, "number"), 2)[1:]]


def halving_rows(n: Any) -> list[list[sympy.Integer]]:
    """Writing n in binary by halving: [number, half of it rounded down, remainder] per row, until the half is 0."""
    value, rows = _whole(n, "number"), []
    while value > 0:
        quotient, remainder = divmod(value, 2)
        rows.append([value, quotient, remainder])
        value = quotient
    return rows


def binary_text(n: Any) -> str:
    """n written in binary digits: 13 -> '1101'."""
    return "".join(str(d) for d in binary_digits(n))


def place_value_steps(n: Any) -> list[dict]:
    """Equation steps that turn the binary digits of n back into n: each digit times its power of two, the powers kept, their sum."""
    bits = binary_digits(n)
    top = len(bits) - 1
    terms = " + ".join(rf"{bit} \cdot 2^{{{top - k}}}" for k, bit in enumerate(bits))
    kept = binary_place_values(n)
    steps = [{"latex": "= " + terms, "reason": "Each digit counts its power of two"}]
    if len(kept) > 1:
        steps.append({"latex": "= " + " + ".join(str(p) for p in kept), "reason": "Keep the powers whose digit is 1"})
    total = sympy.Add(*kept)
    if total != sympy.sympify(n):  # the digits must give the number back
        raise TopicError(f"The binary digits {binary_text(n)} add up to {total}, not {n}.")
    steps.append({"latex": f"= {total}", "reason": "Add them up" if len(kept) > 1 else "Work out the power"})
    return steps


def column_cells(rows: Any, column: Any) -> list[dict]:
    """Table cell positions (counted from 1) of one column in every row, for a table's highlight."""
    return [{"row": k, "column": int(column)} for k in range(1, len(rows) + 1)]


def binary_place_values(n: Any) -> list[sympy.Integer]:
    """The powers of two whose digits are 1 in n, largest first: 13 -> [8, 4, 1]."""
    bits = binary_digits(n)
    return [sympy.Integer(2) ** (len(bits) - 1 - k) for k, bit in enumerate(bits) if bit == 1]


def _cell(value: Any) -> str:
    return fmt(value)


def _shown_exactly(items: Any) -> list:
    """The values, refused when a cell could not show one of them exactly (3.14159 would read 3.14)."""
    values = list(items)
    for value in values:
        if sympy.nsimplify(_cell(value)) != sympy.nsimplify(value):
            raise TopicError(f"A cell can show {_cell(value)} but not {float(value):.10g}: use values with at most 2 decimal places.")
    return values


def _state(values: list, caption: str | None = None, **marks: Any) -> dict:
    """One state of a cells element: the values as cell text, the marked cells, a caption."""
    state = {"values": [_cell(v) for v in values], **{k: v for k, v in marks.items() if v}}
    if caption:
        state["caption"] = caption
    return state


def _compared(a: Any, b: Any) -> str:
    return ">" if a > b else ("<" if a < b else "=")


def _checked_sorted(items: Any, values: list) -> None:
    if values != sorted(items, key=float):  # the algorithm must end where sorting ends
        raise TopicError(f"Sorting {', '.join(map(_cell, items))} ended with {', '.join(map(_cell, values))}.")


def _ends(items: Any, values: list) -> dict:
    """The list before sorting (no marks) and after it (every cell sorted), each as a one-state run."""
    return {"start": [_state(items)], "end": [_state(values, sorted=list(range(len(values))))], "sorted": values}


def bubble_sort_run(items: Any) -> dict:
    """Bubble sort, one cells state per comparison, split into the first pass and the passes after it.

    Passes stop after one that swaps nothing, or after len - 1 passes. Returns {"first": states,
    "rest": states, "comparisons", "swaps", "passes": counts, "last_pass_swapped": bool, "largest"}.
    """
    values = _shown_exactly(items)
    size = len(values)
    everything = list(range(size))
    passes: list[list[dict]] = []
    comparisons = swaps = 0
    swapped = False
    for rounds in range(size - 1):
        states, swapped = [], False
        in_place = list(range(size - rounds, size))
        for i in range(size - 1 - rounds):
            a, b = values[i], values[i + 1]
            comparisons += 1
            if a > b:
                values[i], values[i + 1] = b, a
                swaps, swapped = swaps + 1, True
                states.append(_state(values, f"{_cell(a)} > {_cell(b)}, so swap them", compare=[i, i + 1], swap=[i, i + 1], sorted=in_place))
            else:
                states.append(_state(values, f"{_cell(a)} {_compared(a, b)} {_cell(b)}, so leave them", compare=[i, i + 1], sorted=in_place))
        passes.append(states)
        if not swapped:
            break
    _checked_sorted(items, values)
    done = "A pass without swaps: the list is sorted" if not swapped else "Only the smallest value is left: the list is sorted"
    after_first = passes[0][-1]["values"]
    one_pass = len(passes) == 1
    first = [_state(items, "Compare the first two neighbours"), *passes[0]]
    first.append({"values": after_first, "sorted": everything if one_pass else [size - 1], "caption": done if one_pass else f"The largest value, {after_first[-1]}, has reached the end"})
    rest = [{"values": after_first, "sorted": everything if one_pass else [size - 1]}, *(s for p in passes[1:] for s in p)]
    rest.append(_state(values, "One pass was enough: nothing is left to do" if one_pass else done, sorted=everything))
    return {
        "first": first, "rest": rest, "comparisons": sympy.Integer(comparisons), "swaps": sympy.Integer(swaps),
        "passes": sympy.Integer(len(passes)), "last_pass_swapped": swapped, **_ends(items, values),
    }


def insertion_sort_run(items: Any) -> dict:
    """Insertion sort by swapping each new value left past larger ones, one cells state per comparison.

    The insertions are split in two runs ("first" and "rest") so each stays within a cells element's 24 states.
    Returns {"first", "rest": states, "comparisons", "swaps": counts, "split": how many insertions "first" holds}.
    """
    values = _shown_exactly(items)
    size = len(values)
    insertions: list[list[dict]] = []
    comparisons = swaps = 0
    for i in range(1, size):
        states, j = [], i
        while j > 0:
            a, b = values[j - 1], values[j]
            comparisons += 1
            in_part = list(range(i + 1))
            if a > b:
                values[j - 1], values[j] = b, a
                swaps += 1
                states.append(_state(values, f"{_cell(a)} > {_cell(b)}, so {_cell(b)} moves left", compare=[j - 1, j], swap=[j - 1, j], sorted=in_part, pointers=[{"name": "key", "index": j - 1}]))
                j -= 1
            else:
                states.append(_state(values, f"{_cell(a)} {_compared(a, b)} {_cell(b)}, so {_cell(b)} stays here", compare=[j - 1, j], sorted=in_part, pointers=[{"name": "key", "index": j}]))
                break
        if j == 0 and states:
            states[-1]["caption"] += ": the smallest so far"
        insertions.append(states)
    _checked_sorted(items, values)
    split = max(1, size // 2 - 1)
    first = [_state(items, "The first value alone is a sorted part", sorted=[0]), *(s for run in insertions[:split] for s in run)]
    middle = first[-1]["values"]
    rest = [{"values": middle, "sorted": list(range(split + 1))}, *(s for run in insertions[split:] for s in run)]
    rest.append(_state(values, "Every value is inserted: the list is sorted", sorted=list(range(size))))
    return {"first": first, "rest": rest, "comparisons": sympy.Integer(comparisons), "swaps": sympy.Integer(swaps), "split": sympy.Integer(split), **_ends(items, values)}


def selection_sort_run(items: Any) -> dict:
    """Selection sort: the first pass comparison by comparison ("first"), then one scan and one swap per pass ("rest")."""
    values = _shown_exactly(items)
    size = len(values)
    comparisons = swaps = 0
    first: list[dict] = [_state(values, f"Start: the smallest so far is {_cell(values[0])}", pointers=[{"name": "min", "index": 0}])]
    rest: list[dict] = []
    for i in range(size - 1):
        smallest = i
        for j in range(i + 1, size):
            comparisons += 1
            before = smallest
            if values[j] < values[smallest]:
                smallest = j
            if i == 0:
                note = "the new smallest" if smallest == j else "the smallest stays " + _cell(values[smallest])
                first.append(_state(values, f"{_cell(values[j])} {_compared(values[j], values[before])} {_cell(values[before])}: {note}", compare=[before, j], pointers=[{"name": "min", "index": smallest}]))
        done = list(range(i))
        states = first if i == 0 else rest
        if i > 0:
            rest.append(_state(values, f"The smallest of the unsorted part is {_cell(values[smallest])}", compare=list(range(i, size)), sorted=done, pointers=[{"name": "min", "index": smallest}]))
        if smallest != i:
            moved = values[smallest]
            values[i], values[smallest] = values[smallest], values[i]
            swaps += 1
            states.append(_state(values, f"Swap {_cell(moved)} into position {i + 1}", swap=[i, smallest], sorted=done + [i], pointers=[{"name": "min", "index": i}]))
        else:
            states.append(_state(values, f"{_cell(values[i])} is already in position {i + 1}", sorted=done + [i], pointers=[{"name": "min", "index": i}]))
    _checked_sorted(items, values)
    if size == 2:
        rest.append(_state(values, "The first value is in place", sorted=[0]))
    rest.append(_state(values, "The last value left is the largest: the list is sorted", sorted=list(range(size))))
    rest.insert(0, {"values": first[-1]["values"], "sorted": [0]})
    return {"first": first, "rest": rest, "comparisons": sympy.Integer(comparisons), "swaps": sympy.Integer(swaps), **_ends(items, values)}


def _search_ends(values: list, states: list[dict]) -> dict:
    """The sorted list unmarked, and the last state of the search without its caption and pointers."""
    end = {k: v for k, v in states[-1].items() if k not in ("caption", "pointers")}
    return {"start": [_state(values)], "end": [end], "sorted": values}


def binary_search_run(items: Any, target: Any) -> dict:
    """Binary search for target in the sorted items: low, mid and high pointers, the halves ruled out dimmed.

    Returns {"states", "found": bool, "index": where it was found (or -1), "steps": how many middles were checked}.
    """
    values = sorted(_shown_exactly(items), key=float)
    _shown_exactly([target])
    size = len(values)
    low, high, steps = 0, size - 1, 0

    def outside(lo: int, hi: int) -> list[int]:
        return [k for k in range(size) if k < lo or k > hi]

    states = [_state(values, f"Search for {_cell(target)} in the whole list", pointers=[{"name": "low", "index": low}, {"name": "high", "index": high}])]
    while low <= high:
        mid = (low + high) // 2
        steps += 1
        middle = values[mid]
        pointers = [{"name": "low", "index": low}, {"name": "mid", "index": mid}, {"name": "high", "index": high}]
        if middle == target:
            states.append(_state(values, f"The middle value is {_cell(middle)}: found it at index {mid}", found=[mid], dimmed=outside(low, high), pointers=pointers))
            return {"states": states, "found": True, "index": sympy.Integer(mid), "steps": sympy.Integer(steps), **_search_ends(values, states)}
        if middle < target:
            states.append(_state(values, f"The middle value {_cell(middle)} < {_cell(target)}: drop the left half", compare=[mid], dimmed=outside(low, high), pointers=pointers))
            low = mid + 1
        else:
            states.append(_state(values, f"The middle value {_cell(middle)} > {_cell(target)}: drop the right half", compare=[mid], dimmed=outside(low, high), pointers=pointers))
            high = mid - 1
        if low <= high:
            where = f"Only index {low} is left" if low == high else f"Search between index {low} and index {high}"
            states.append(_state(values, where, dimmed=outside(low, high), pointers=[{"name": "low", "index": low}, {"name": "high", "index": high}]))
    if target in values:  # the search must agree with a plain look through the list
        raise TopicError(f"Binary search missed {_cell(target)}.")
    states.append(_state(values, f"Nothing is left to search: {_cell(target)} is not in the list", dimmed=list(range(size))))
    return {"states": states, "found": False, "index": sympy.Integer(-1), "steps": sympy.Integer(steps), **_search_ends(values, states)}


def sieve_rows(limit: Any, width: Any = 10) -> dict:
    """The sieve of Eratosthenes on 1..limit, in rows of `width` cells (the last may be shorter), one stage per prime p with p*p <= limit.

    Returns {"stages": [cells states per row] per stage (stage 0: the numbers written, 1 dimmed as not prime),
    "sieving": the primes whose multiples are crossed out, "primes": every prime up to limit}.
    """
    top = int(_whole(limit, "limit"))
    numbers = list(range(1, top + 1))
    rows = [numbers[k : k + int(width)] for k in range(0, top, int(width))]
    crossed: set[int] = set()
    found: set[int] = set()
    sieving = [p for p in sympy.primerange(2, sympy.integer_nthroot(top, 2)[0] + 1)]

    def stage() -> list[dict]:
        return [
            _state(row, None, dimmed=[k for k, n in enumerate(row) if n == 1], found=[k for k, n in enumerate(row) if n in found], crossed=[k for k, n in enumerate(row) if n in crossed])
            for row in rows
        ]

    stages = [stage()]
    for p in sieving:
        found.add(p)
        crossed.update(range(p * p, top + 1, p))
        stages.append(stage())
    found.update(n for n in numbers if n > 1 and n not in crossed)
    stages.append(stage())
    primes = sorted(found)
    if primes != list(sympy.primerange(2, top + 1)):  # the sieve must keep exactly the primes
        raise TopicError(f"The sieve up to {top} kept {primes}.")
    return {"stages": stages, "sieving": [sympy.Integer(p) for p in sieving], "primes": [sympy.Integer(p) for p in primes]}


def cell_rows(before: Any, after: Any, prefix: str) -> list[dict]:
    """Cells elements, one per row, each going from its state in `before` to its state in `after` (one state if they match)."""
    elements = []
    for k, (old, new) in enumerate(zip(before, after)):
        states = [old] if old == new else [old, new]
        elements.append({"type": "cells", "id": f"{prefix}_{k}", "states": states})
    return elements


HELPERS: dict[str, Any] = {
    "euclid_divisions": euclid_divisions,
    "euclid_steps": euclid_steps,
    "greatest_common_divisor": sympy.gcd,
    "binary_digits": binary_digits,
    "halving_rows": halving_rows,
    "binary_text": binary_text,
    "place_value_steps": place_value_steps,
    "column_cells": column_cells,
    "bubble_sort_run": bubble_sort_run,
    "insertion_sort_run": insertion_sort_run,
    "selection_sort_run": selection_sort_run,
    "binary_search_run": binary_search_run,
    "sieve_rows": sieve_rows,
    "cell_rows": cell_rows,
    "next_prime_after": sympy.nextprime,
    "binary_place_values": binary_place_values,
}
