"""Evaluate the classifier on the dev split of ../shared/eval and check the project's bars.

    .venv/bin/python bench/eval_classifier.py [--json] [--half a|b] [--verbose]

Only the dev split is read. Exits 1 when a bar is missed, 0 (with "skipped") when ../shared is
absent. --half scores one half of dev (split by a hash of the id) for the overfitting check.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
STORIES = SHARED / "eval" / "stories.jsonl"
LABELS = SHARED / "eval" / "labels_dev.jsonl"
ORDINARY_SOURCES = ("hk_outlets_2023", "article_extraction_benchmark")

sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from classifier_metrics import (  # noqa: E402
    flagged_rate,
    median,
    missed_bars,
    relevance_scores,
    type_scores,
)

from pipelines.classify import classify  # noqa: E402
from pipelines.models import INCIDENT_TYPES, Story  # noqa: E402


def half_of(story_id: str) -> str:
    """A stable, content-blind half assignment, so both halves mix every source."""
    return "a" if hashlib.sha1(story_id.encode()).digest()[0] % 2 == 0 else "b"


def load_dev(half: str | None = None) -> list[tuple[dict, dict]]:
    labels = {}
    with LABELS.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                labels[row["id"]] = row
    pairs = []
    with STORIES.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            row = json.loads(line)
            if row.get("split") != "dev" or row["id"] not in labels:
                continue
            if half and half_of(row["id"]) != half:
                continue
            pairs.append((row, labels[row["id"]]))
    return pairs


def to_story(row: dict) -> Story:
    return Story(
        url=row.get("url") or row["id"],
        id=row["id"],
        title=row.get("title") or "",
        text=row.get("text") or "",
        source=row.get("source") or "",
        published=row.get("published"),
        language=row.get("lang") or "",
    )


def evaluate(half: str | None = None) -> dict:
    pairs = load_dev(half)
    stories = [to_story(row) for row, _ in pairs]
    for story in stories[:5]:
        classify(story)  # warm caches (regex compilation, dateparser locale) outside the timing
    timings = []
    labels = []
    start = time.process_time()
    for story in stories:
        t0 = time.perf_counter()
        labels.append(classify(story))
        timings.append(time.perf_counter() - t0)
    cpu = time.process_time() - start

    gold_rel = [bool(g["relevant"]) for _, g in pairs]
    pred_rel = [lab.relevant for lab in labels]
    relevance = relevance_scores(gold_rel, pred_rel)
    ordinary = flagged_rate(
        [
            p
            for (row, _), p in zip(pairs, pred_rel, strict=True)
            if row["source"] in ORDINARY_SOURCES
        ]
    )
    gold_types = [g["types"] if g["relevant"] else [] for _, g in pairs]
    pred_types = [lab.types for lab in labels]
    types = type_scores(gold_types, pred_types, INCIDENT_TYPES)
    by_language = {}
    for lang in ("en", "zh"):
        idx = [i for i, (row, _) in enumerate(pairs) if (row.get("lang") or "").startswith(lang)]
        rel = relevance_scores([gold_rel[i] for i in idx], [pred_rel[i] for i in idx])
        ts = type_scores([gold_types[i] for i in idx], [pred_types[i] for i in idx], INCIDENT_TYPES)
        by_language[lang] = {
            "stories": len(idx),
            "relevance": rel.to_dict(),
            "types_micro_f1": ts.micro.f1,
            "types_macro_f1": ts.macro_f1,
        }
    per_second = len(stories) / cpu if cpu > 0 else float("inf")
    errors = [
        {"id": row["id"], "gold": gold_types[i], "pred": pred_types[i], "title": row["title"][:70]}
        for i, (row, _) in enumerate(pairs)
        if set(gold_types[i]) != set(pred_types[i])
    ]
    return {
        "split": "dev" + (f" half {half}" if half else ""),
        "stories": len(stories),
        "relevance": relevance.to_dict(),
        "ordinary_flagged": ordinary,
        "types_micro": types.micro.to_dict(),
        "types_macro_f1": types.macro_f1,
        "per_type": {t: s.to_dict() for t, s in types.per_type.items()},
        "by_language": by_language,
        "stories_per_second": per_second,
        "median_ms": median(timings) * 1000,
        "missed": missed_bars(relevance, ordinary, types, per_second),
        "errors": errors,
    }


def print_report(r: dict, verbose: bool) -> None:
    rel = r["relevance"]
    print(f"Classifier evaluation on {r['split']} ({r['stories']} stories)")
    print(f"  relevance   P {rel['precision']:.3f}  R {rel['recall']:.3f}  F1 {rel['f1']:.3f}")
    print(f"  ordinary news flagged relevant: {r['ordinary_flagged']:.1%}")
    print(
        f"  types       micro-F1 {r['types_micro']['f1']:.3f}  macro-F1 {r['types_macro_f1']:.3f}"
    )
    print(f"  {'type':<20} {'P':>6} {'R':>6} {'F1':>6} {'support':>8}")
    for t, s in r["per_type"].items():
        print(
            f"  {t:<20} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} {s['support']:8d}"
        )
    for lang, s in r["by_language"].items():
        print(
            f"  [{lang}] {s['stories']} stories: relevance F1 {s['relevance']['f1']:.3f}, "
            f"types micro-F1 {s['types_micro_f1']:.3f}, macro-F1 {s['types_macro_f1']:.3f}"
        )
    print(f"  speed: {r['stories_per_second']:.0f} stories/s, median {r['median_ms']:.2f} ms/story")
    if verbose:
        for e in r["errors"]:
            print(f"    {e['id'][:28]:<28} gold={e['gold']} pred={e['pred']} {e['title']}")
    if r["missed"]:
        print("BARS MISSED: " + "; ".join(r["missed"]))
    else:
        print("All bars met.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--half", choices=("a", "b"), help="score one half of dev only")
    parser.add_argument("--verbose", action="store_true", help="list misclassified stories")
    args = parser.parse_args(argv)
    if not STORIES.exists() or not LABELS.exists():
        print(f"skipped: evaluation data not found at {SHARED / 'eval'}")
        return 0
    report = evaluate(args.half)
    if args.json:
        if not args.verbose:
            report.pop("errors")
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print_report(report, args.verbose)
    return 1 if report["missed"] else 0


if __name__ == "__main__":
    sys.exit(main())
