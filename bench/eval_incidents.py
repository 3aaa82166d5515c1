"""Score the grouping of stories into incidents on ../shared/eval/events_dev.jsonl, and its speed.

    .venv/bin/python bench/eval_incidents.py [--json] [--no-scaling] [--verbose]

Every Citizen News article of the dev windows is classified with the project classifier (when
installed) and the relevant ones are grouped. Pairs of relevant articles are scored: positive where
both annotators grouped them together, negative where neither did, unscored where they disagree;
a pair is predicted together when the two articles share an incident.

Grouping is scored given relevance (the annotators' `relevant`), so that the figure measures the
grouping, not the classifier's recall; the classifier's types, dates and targets are used where it
agrees the story is relevant. The end-to-end figure (the classifier's own relevance) is printed
beside it. Scaling: 5k/10k/20k stories made by replicating corpus articles with shifted dates.

Exits 1 when a bar is missed; prints "skipped" and exits 0 when ../shared is absent.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EVENTS = SHARED / "eval" / "events_dev.jsonl"
ARTICLES = SHARED / "corpus" / "citizen_news" / "articles.jsonl.gz"

sys.path.insert(0, str(REPO))

from pipelines.incidents import Params, group_stories  # noqa: E402
from pipelines.models import Label, Story  # noqa: E402

F1_BAR = 0.80
SCALE_SIZES = (5_000, 10_000, 20_000)
SCALE_BAR_SECONDS = 60.0
#: Near-linear: 4x the stories may take at most this many times longer.
LINEARITY_BAR = 6.0


def load_events() -> list[dict[str, Any]]:
    with EVENTS.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def load_articles() -> dict[str, dict[str, Any]]:
    with gzip.open(ARTICLES, "rt", encoding="utf-8") as fh:
        rows = (json.loads(line) for line in fh if line.strip())
        return {f"cn-{r['article_id']}": r for r in rows}


def to_story(sid: str, a: dict[str, Any], day: str | None = None) -> Story:
    return Story(
        url=a.get("original_url") or f"https://example.invalid/{sid}",
        id=sid,
        title=a.get("title") or "",
        text=a.get("body_markdown") or "",
        source="citizen_news",
        published=day or a.get("date"),
        language="zh-Hant",
    )


def classifier():
    try:
        from pipelines.classify import classify
    except ImportError:
        return None
    return classify


def pair_scores(
    relevant: list[dict[str, Any]], predicted: dict[str, set[str]]
) -> dict[str, float | int]:
    tp = fp = fn = tn = 0
    for a, b in itertools.combinations(relevant, 2):
        in_a = bool(set(a["keys_a"]) & set(b["keys_a"]))
        in_b = bool(set(a["keys_b"]) & set(b["keys_b"]))
        together = bool(predicted.get(a["id"], set()) & predicted.get(b["id"], set()))
        if in_a and in_b:
            tp += together
            fn += not together
        elif not in_a and not in_b:
            fp += together
            tn += not together
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f1, "tp": tp, "fp": fp, "fn": fn, "tn": tn}


def evaluate(events, articles, labels, params: Params, gold_relevance: bool) -> dict[str, Any]:
    pairs = []
    for e in events:
        label = labels.get(e["id"]) or Label(relevant=False)
        if gold_relevance:
            if not e["relevant"]:
                continue
            if not label.relevant:
                label = Label(relevant=True)
        pairs.append((to_story(e["id"], articles[e["id"]]), label))
    background = [to_story(sid, a) for sid, a in articles.items()]
    grouping = group_stories(pairs, background, params)
    predicted = {sid: set(ids) for sid, ids in grouping.items()}
    relevant = [e for e in events if e["relevant"]]
    scores = pair_scores(relevant, predicted)
    made = {i for e in relevant for i in predicted.get(e["id"], ())}
    scores["incidents_made"] = len(made)
    scores["incidents_expected_a"] = len({k for e in relevant for k in e["keys_a"]})
    scores["incidents_expected_b"] = len({k for e in relevant for k in e["keys_b"]})
    by_window = {}
    for w in sorted({e["window"] for e in events}):
        by_window[w] = pair_scores([e for e in relevant if e["window"] == w], predicted)
    scores["windows"] = by_window
    return scores


def scaling(articles, labels_of, params: Params) -> dict[int, float]:
    """Seconds to group N stories (term weights, vectors and clustering), N = 5k, 10k, 20k."""
    base = sorted(articles.items(), key=lambda kv: (kv[1].get("date") or "", kv[0]))
    first = date.fromisoformat(base[0][1]["date"])
    span = (date.fromisoformat(base[-1][1]["date"]) - first).days + 1
    timings: dict[int, float] = {}
    for n in SCALE_SIZES:
        pairs = []
        for i in range(n):
            replica, k = divmod(i, len(base))
            sid, a = base[k]
            day = date.fromisoformat(a["date"]) + timedelta(days=replica * span)
            label = labels_of(sid) or Label(relevant=True)
            pairs.append((to_story(f"{sid}-r{replica}", a, day.isoformat()), label))
        start = time.perf_counter()
        group_stories(pairs, None, params)  # the stories are their own background
        timings[n] = time.perf_counter() - start
    return timings


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--no-scaling", action="store_true", help="skip the 5k/10k/20k timings")
    args = ap.parse_args(argv)
    if not EVENTS.exists() or not ARTICLES.exists():
        print(f"skipped: {SHARED} is absent (the benchmark reads ../shared, which CI provides)")
        return 0
    events = load_events()
    articles = load_articles()
    classify = classifier()
    labels: dict[str, Label] = {}
    if classify is not None:
        for sid in articles:
            labels[sid] = classify(to_story(sid, articles[sid]))
    params = Params()
    result: dict[str, Any] = {
        "classifier": "pipelines.classify" if classify else "none (relevance only)",
        "grouping": evaluate(events, articles, labels, params, gold_relevance=True),
        "end_to_end": evaluate(events, articles, labels, params, gold_relevance=False),
    }
    if not args.no_scaling:
        relevant_label = {s: lab for s, lab in labels.items() if lab.relevant}
        result["scaling_seconds"] = scaling(articles, relevant_label.get, params)
    missed = []
    if result["grouping"]["f1"] < F1_BAR:
        missed.append(f"pairwise F1 {result['grouping']['f1']:.3f} < {F1_BAR}")
    if "scaling_seconds" in result:
        t = result["scaling_seconds"]
        if t[SCALE_SIZES[-1]] > SCALE_BAR_SECONDS:
            missed.append(f"{SCALE_SIZES[-1]} stories took {t[SCALE_SIZES[-1]]:.1f}s")
        if t[SCALE_SIZES[-1]] > LINEARITY_BAR * max(t[SCALE_SIZES[0]], 0.5):
            missed.append("clustering time grows faster than near-linear")
    result["missed"] = missed
    if args.json:
        print(json.dumps(result, indent=2, default=str))
    else:
        print(f"classifier: {result['classifier']}")
        for name in ("grouping", "end_to_end"):
            s = result[name]
            print(
                f"{name:11s} P={s['precision']:.3f} R={s['recall']:.3f} F1={s['f1']:.3f} "
                f"(tp={s['tp']} fp={s['fp']} fn={s['fn']}) incidents made={s['incidents_made']} "
                f"expected={s['incidents_expected_a']}/{s['incidents_expected_b']} (annotator a/b)"
            )
            for w, ws in s["windows"].items():
                print(f"    {w:10s} P={ws['precision']:.3f} R={ws['recall']:.3f} F1={ws['f1']:.3f}")
        for n, secs in result.get("scaling_seconds", {}).items():
            print(f"scaling    {n:>6} stories: {secs:.2f}s")
        print("bars: " + ("all met" if not missed else "MISSED: " + "; ".join(missed)))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
