"""Routing benchmark: precision, recall and time of auto routing over the routing dev sets.

    .venv/bin/python bench/routing_bench.py [--markdown]

- positive set: every explainer topic's examples plus the paraphrases in bench/routing_positive/;
  negative set: bench/routing_negative.yaml (prompts every kind must refuse);
- precision: of the prompts given to a topic (positives and negatives), the share given to the
  right one (a negative given to any kind counts as wrong);
- recall: the share of positives that reach their own topic;
- time: median wall time of `route(prompt, "auto")` over all prompts (all four kinds asked), warm;
- baseline, in the same run: the retrieval used before coverage routing (BM25 top-1 over the same
  topics, claiming at a score of 0.9 or more), on the same prompts.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from scenesmith.engine.errors import UserError  # noqa: E402
from scenesmith.engine.kinds import route  # noqa: E402
from scenesmith.kinds.explainer.kind import ExplainerKind  # noqa: E402
from scenesmith.kinds.explainer.library import load_topics  # noqa: E402
from scenesmith.retrieval.bm25 import BM25Index  # noqa: E402
from tests.routing import devsets  # noqa: E402


def ours(prompt: str, explainer: ExplainerKind) -> tuple[str | None, float]:
    """(topic id, or the kind's name when another kind took it, or None when refused; seconds)."""
    started = time.perf_counter()
    try:
        kind = route(prompt, "auto").kind
    except UserError:
        return None, time.perf_counter() - started
    seconds = time.perf_counter() - started
    if kind.name != "explainer":
        return f"kind:{kind.name}", seconds
    return explainer.decide(prompt).chosen.topic.id, seconds


def baseline_router():
    topics = load_topics()
    index = BM25Index([t.search_text() for t in topics])

    def pick(prompt: str) -> tuple[str | None, float]:
        started = time.perf_counter()
        hits = index.search(prompt, k=1)
        chosen = topics[hits[0].index].id if hits and hits[0].score >= 0.9 else None
        return chosen, time.perf_counter() - started

    return pick


def score(results_pos: list[tuple[str, str | None]], results_neg: list[str | None]) -> dict:
    right = sum(1 for want, got in results_pos if got == want)
    claimed = sum(1 for _, got in results_pos if got is not None) + sum(1 for got in results_neg if got is not None)
    return {
        "precision": right / claimed if claimed else 1.0,
        "recall": right / len(results_pos),
        "right": right, "claimed": claimed,
        "negatives_claimed": sum(1 for got in results_neg if got is not None),
        "wrong_topic": sum(1 for want, got in results_pos if got is not None and got != want),
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--markdown", action="store_true", help="print a table for BENCHMARKS.md")
    args = parser.parse_args()
    positive, negative = devsets.positive(), devsets.negative()
    explainer = ExplainerKind()
    started = time.perf_counter()
    ours(positive[0]["prompt"], explainer)  # loading: topics, vocabularies, BM25, the solver's reader
    cold = time.perf_counter() - started

    mine_pos = [(e["topic"], *ours(e["prompt"], explainer)) for e in positive]
    mine_neg = [ours(e["prompt"], explainer) for e in negative]
    pick = baseline_router()
    base_pos = [(e["topic"], *pick(e["prompt"])) for e in positive]
    base_neg = [pick(e["prompt"]) for e in negative]

    result = score([(w, g) for w, g, _ in mine_pos], [g for g, _ in mine_neg])
    base = score([(w, g) for w, g, _ in base_pos], [g for g, _ in base_neg])
    ours_ms = statistics.median([s for *_, s in mine_pos] + [s for _, s in mine_neg]) * 1000
    router = ExplainerKind().router  # the explainer's decision alone (uncached), against the baseline's
    topic_s = []
    for entry in [*positive, *negative]:
        begun = time.perf_counter()
        type(router).decide.__wrapped__(router, entry["prompt"])
        topic_s.append(time.perf_counter() - begun)
    topic_ms = statistics.median(topic_s) * 1000
    base_ms = statistics.median([s for *_, s in base_pos] + [s for _, s in base_neg]) * 1000
    print(f"{len(positive)} positive prompts ({len(load_topics())} topics), {len(negative)} negative prompts")
    for name, r, ms in (("coverage routing (all kinds)", result, ours_ms), ("baseline BM25 top-1 >= 0.9 (explainer only)", base, base_ms)):
        print(f"{name}: precision {r['precision']:.1%} ({r['right']}/{r['claimed']}), recall {r['recall']:.1%}, "
              f"negatives claimed {r['negatives_claimed']}, wrong topic {r['wrong_topic']}, median {ms:.1f} ms")
    print(f"explainer topic decision alone: median {topic_ms:.2f} ms; baseline BM25 top-1: median {base_ms:.2f} ms; ratio {topic_ms / base_ms:.0f}x")
    print(f"first prompt (loading topics, vocabularies, BM25 and every kind): {cold:.2f} s")
    misses = [(w, g, e["prompt"]) for (w, g, _), e in zip(mine_pos, positive) if g != w]
    for want, got, prompt in misses[:20]:
        print(f"  miss: {prompt!r} -> {got} (want {want})")
    for (got, _), e in zip(mine_neg, negative):
        if got is not None:
            print(f"  negative claimed: {e['prompt']!r} -> {got}")
    heldout = HERE / "routing_heldout.yaml"
    if heldout.exists():  # written without running the router; never tuned on
        import yaml

        data = yaml.safe_load(heldout.read_text(encoding="utf-8"))
        held_pos = [(e["topic"], ours(e["prompt"], explainer)[0]) for e in data["positive"]]
        held_neg = [ours(e["prompt"], explainer)[0] for e in data["negative"]]
        held = score(held_pos, held_neg)
        base_held = score([(e["topic"], pick(e["prompt"])[0]) for e in data["positive"]], [pick(e["prompt"])[0] for e in data["negative"]])
        print(f"held-out set ({len(held_pos)} positive, {len(held_neg)} negative; written without running the router):")
        for name, r in (("  coverage routing", held), ("  baseline BM25", base_held)):
            print(f"{name}: precision {r['precision']:.1%} ({r['right']}/{r['claimed']}), recall {r['recall']:.1%}, negatives claimed {r['negatives_claimed']}, wrong topic {r['wrong_topic']}")
        for (want, got), e in zip(held_pos, data["positive"]):
            if got != want:
                print(f"  held-out miss: {e['prompt']!r} -> {got} (want {want})")
        for got, e in zip(held_neg, data["negative"]):
            if got is not None:
                print(f"  held-out negative claimed: {e['prompt']!r} -> {got}")
    if args.markdown:
        print(f"\nexplainer decision alone: median {topic_ms:.2f} ms\n")
        print("| router | precision | recall | negatives claimed | wrong topic | median time |\n|---|---|---|---|---|---|")
        for name, r, ms in (("coverage routing, all kinds", result, ours_ms), ("baseline: BM25 top-1, score >= 0.9", base, base_ms)):
            print(f"| {name} | {r['precision']:.1%} | {r['recall']:.1%} | {r['negatives_claimed']}/{len(negative)} | {r['wrong_topic']} | {ms:.2f} ms |")


if __name__ == "__main__":
    main()
