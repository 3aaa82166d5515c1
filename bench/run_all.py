"""Run every performance benchmark and print one table: each figure beside its baseline.

Every baseline is measured in the same run as its figure (the machine is shared and noisy,
so the ratios are what count). Each benchmark runs in its own subprocess; one that needs
../shared where it is absent prints "skipped" and the table says so.

    python bench/run_all.py [--quick]      # also: make bench

--quick: 300-article crawl, 60 extraction pages, 200 stories classified, 10,000 stored,
memory at small sizes, the near-duplicate index loaded at 2,000 stories (full: 20,000),
publishing on 100,000 stories / 10,000 incidents (full: 1,000,000 / 100,000, the database
cached in bench/out/ once generated, and generated again when the builder, schema.py or
publish_shape.py is newer: it is synthetic, no corpus text).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "bench"
PYTHON = sys.executable
Row = tuple[str, str, str, str, str, str]


def call(script: str, *args: str) -> tuple[dict | None, str]:
    """(the script's --json result, or None with its reason: skipped / failed)."""
    proc = subprocess.run(
        [PYTHON, str(BENCH / script), *args, "--json"],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    out = proc.stdout.strip()
    if out.startswith("skipped"):
        return None, "skipped (../shared absent)"
    try:
        return json.loads(out.splitlines()[-1]), ""
    except (ValueError, IndexError):
        return None, f"failed (exit {proc.returncode}): {(proc.stderr or out)[-300:]}"


def status(ok: bool) -> str:
    return "met" if ok else "NOT met"


def crawl_rows(quick: bool) -> list[Row]:
    r, why = call("bench_crawl.py", *(["--quick"] if quick else []), "--profile")
    if r is None:
        return [("crawl throughput", why, "", "", "≥ 0.5×", "")]
    rows = []
    for c in r["conditions"]:
        rows.append(
            (
                f"crawl, {r['articles']} articles, +{c['latency_ms']:.0f} ms server latency",
                f"{c['pipeline_pages_s']:.1f} pages/s",
                f"bare Scrapy {c['bare_pages_s']:.1f} pages/s",
                f"{c['ratio']:.2f}×",
                "≥ 0.5×",
                status(c["ratio"] >= 0.5),
            )
        )
    crawl_rows.profile = r.get("profile", [])  # type: ignore[attr-defined]
    return rows


def extraction_rows(quick: bool) -> list[Row]:
    r, why = call("eval_extraction.py", *(["--limit", "60"] if quick else []))
    if r is None:
        return [("extraction", why, "", "", "≤ 1.2×", "")]
    extraction_rows.result = r  # type: ignore[attr-defined]
    return [
        (
            f"extraction, median ms/page ({r['pages']} pages)",
            f"{r['median_ms']:.1f} ms",
            f"trafilatura bare {r['bare_median_ms']:.1f} ms",
            f"{r['time_ratio']:.2f}×",
            "≤ 1.2×",
            status(r["time_ratio"] <= 1.2),
        ),
        (
            "extraction, mean body F1",
            f"{r['f1']:.3f}",
            f"trafilatura bare {r['bare_f1']:.3f}",
            "",
            "≥ 0.95",
            status(r["f1"] >= 0.95),
        ),
    ]


def classify_rows(quick: bool) -> list[Row]:
    r, why = call("bench_classify_speed.py", *(["--quick"] if quick else []))
    if r is None:
        return [("classification", why, "", "", "< 20%", "")]
    rows = [
        (
            f"classification, {r['stories']} stories (extracted from the bench site's pages)",
            f"{r['classify_per_s']:.0f} stories/s ({r['classify_ms']:.2f} ms)",
            f"extraction {r['extract_per_s']:.0f} pages/s ({r['extract_ms']:.2f} ms)",
            f"{r['share']:.0%}",
            "< 20%",
            status(r["share"] < 0.2),
        )
    ]
    real = getattr(extraction_rows, "result", None)
    if real:  # the same stories' classification against extraction of real news pages
        share = r["classify_ms"] / real["median_ms"]
        rows.append(
            (
                "classification, same, against real pages",
                f"{r['classify_ms']:.2f} ms/story",
                f"extraction, median of {real['pages']} real pages {real['median_ms']:.1f} ms",
                f"{share:.0%}",
                "< 20%",
                status(share < 0.2),
            )
        )
    return rows


def storage_rows(quick: bool) -> list[Row]:
    r, why = call("bench_storage.py", *(["--quick"] if quick else []))
    if r is None:
        return [("storage", why, "", "", "≥ 0.8×", "")]
    rates, n = r["rates"], f"{r['stories']:,}"
    return [
        (
            f"storage, upsert_stories, {n} stories",
            f"{rates['batched']:.0f} stories/s",
            f"insert_all, empty plain table {rates['insert_all']:.0f}/s",
            f"{r['ratio']:.2f}×",
            "≥ 0.8×",
            status(r["ratio"] >= 0.8),
        ),
        (
            "storage, same, against the project's table",
            f"{rates['batched']:.0f} stories/s",
            f"insert_all, empty stories table (FTS) {rates['insert_all_project_table']:.0f}/s",
            f"{r['ratio_same_table']:.2f}×",
            "≥ 0.8×",
            status(r["ratio_same_table"] >= 0.8),
        ),
        (
            "storage, same with synchronous=NORMAL",
            f"{rates['batched_sync_normal']:.0f} stories/s",
            f"insert_all, empty stories table (FTS) {rates['insert_all_project_table']:.0f}/s",
            f"{rates['batched_sync_normal'] / rates['insert_all_project_table']:.2f}×",
            "(reference)",
            "",
        ),
        (
            "storage, before: upsert_story one by one",
            f"{rates['one_by_one']:.0f} stories/s",
            f"insert_all, empty plain table {rates['insert_all']:.0f}/s",
            f"{r['ratio_old']:.2f}×",
            "(reference)",
            "",
        ),
    ]


def memory_rows(quick: bool) -> list[Row]:
    r, why = call("bench_memory.py", *(["--quick"] if quick else []))
    if r is None:
        return [("memory", why, "", "", "< 500 MB", "")]
    rows = []
    for what, label in (("crawl_mb", "crawl"), ("classify_mb", "classify --input")):
        sizes = r[what]
        (small, small_mb), (large, large_mb) = sorted((int(k), v) for k, v in sizes.items())
        rows.append(
            (
                f"peak RSS, {label}, {large:,} items",
                f"{large_mb} MB",
                f"same at {small:,} items: {small_mb} MB",
                f"{large_mb / small_mb:.2f}×",
                "< 500 MB, flat",
                status(large_mb < 500 and large_mb <= small_mb * 1.25),
            )
        )
    return rows


def startup_rows(quick: bool) -> list[Row]:
    stories = 2_000 if quick else 20_000
    r, why = call("bench_dedupe_load.py", "--stories", str(stories))
    if r is None:
        return [("start-up, near-duplicate index", why, "", "", "", "")]
    return [
        (
            f"start-up: near-duplicate index of {r['indexed']:,} stories from stored signatures",
            f"{r['warm_s']:.2f} s ({r['index_bytes_per_story']:,.0f} bytes/story)",
            f"MinHashing every story, as before: {r['cold_s']:.1f} s",
            f"{r['speedup']:.0f}× faster",
            "(reference)",
            "",
        )
    ]


def publish_rows(quick: bool) -> list[Row]:
    stories, incidents = (100_000, 10_000) if quick else (1_000_000, 100_000)
    label = f"{stories:,} stories / {incidents:,} incidents"
    maker, timer = BENCH / "make_publish_db.py", BENCH / "bench_datasette.py"
    if not (maker.exists() and timer.exists()):
        return [(f"publishing, {label}", "not run: make_publish_db.py absent", "", "", "", "")]
    db = REPO / "bench" / "out" / f"publish-{stories}.db"
    shape = [maker, REPO / "pipelines" / "schema.py", REPO / "pipelines" / "publish_shape.py"]
    if db.exists() and db.stat().st_mtime < max(f.stat().st_mtime for f in shape):
        db.unlink()  # built by an older builder or schema
    built = ""
    if not db.exists():
        db.parent.mkdir(parents=True, exist_ok=True)
        tmp = db.with_suffix(".tmp.db")
        args = [str(tmp), "--stories", str(stories), "--incidents", str(incidents)]
        start = time.perf_counter()
        subprocess.run([PYTHON, str(maker), *args], check=True, cwd=REPO, capture_output=True)
        built = f"; database built in {time.perf_counter() - start:.0f} s"
        tmp.rename(db)
    r, why = call("bench_datasette.py", str(db), "--repeat", "7")
    if r is None:
        return [(f"publishing, {label}", why, "", "", "", "")]
    publish_rows.result = r  # type: ignore[attr-defined]
    pages = r["pages"]
    slowest = max(pages, key=lambda p: p["median_ms"])
    worst = max(pages, key=lambda p: p["p95_ms"])
    missing = [p["page"] for p in pages if p["status"] != 200]
    misses = [p["page"] for p in pages if not p["ok"]]
    return [
        (
            f"publishing, {len(pages)} pages, {label}",
            f"slowest median {slowest['median_ms']:.0f} ms ({slowest['page']}), worst p95 "
            f"{worst['p95_ms']:.0f} ms ({worst['page']})",
            f"{len(missing)} pages not 200{built}",
            "",
            "median < 200 ms, p95 < 500 ms",
            status(not misses and r["stream_ok"]) + (f" ({', '.join(misses)})" if misses else ""),
        )
    ]


def publish_table(r: dict) -> str:
    """Median and p95 of every page of the publishing benchmark, against the bar."""
    head = f"| page | median ms | p95 ms | status | bar ({r['bar_median_ms']:.0f} / "
    lines = [
        head + f"{r['bar_p95_ms']:.0f} ms) |",
        "| --- | --- | --- | --- | --- |",
    ]
    for p in r["pages"]:
        lines.append(
            f"| {p['page']} | {p['median_ms']:.0f} | {p['p95_ms']:.0f} | {p['status']} | "
            f"{'met' if p['ok'] else 'NOT met'} |"
        )
    for p in r.get("filtered", []):
        lines.append(
            f"| {p['page']} (outside the bar) | {p['median_ms']:.0f} | {p['p95_ms']:.0f} | "
            f"{p['status']} | {'under' if p['ok'] else 'over'} |"
        )
    lines.append(
        f"| CSV of every incident, streamed (no bar) | {r['stream_ms'] / 1000:.1f} s | | | "
        f"{'complete' if r['stream_ok'] else 'SHORT'} |"
    )
    return "\n".join(lines)


def table(rows: list[Row]) -> str:
    head: Row = ("benchmark", "pressmonitor", "baseline (same run)", "ratio", "goal", "status")
    lines = [f"| {' | '.join(head)} |", f"|{'|'.join(' --- ' for _ in head)}|"]
    lines += [f"| {' | '.join(row)} |" for row in rows]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument(
        "--only", help="comma-separated: crawl,extraction,classify,storage,memory,startup,publish"
    )
    args = parser.parse_args()
    parts: dict[str, Callable[[bool], list[Row]]] = {
        "crawl": crawl_rows,
        "extraction": extraction_rows,
        "classify": classify_rows,
        "storage": storage_rows,
        "memory": memory_rows,
        "startup": startup_rows,
        "publish": publish_rows,
    }
    chosen = args.only.split(",") if args.only else list(parts)
    start = time.perf_counter()
    rows: list[Row] = []
    for name in chosen:
        part_start = time.perf_counter()
        rows += parts[name](args.quick)
        print(f"[{name} done in {time.perf_counter() - part_start:.0f} s]", file=sys.stderr)
    print(table(rows))
    published = getattr(publish_rows, "result", None)
    if published:
        print(
            f"\nPublishing, per page ({published['stories']:,} stories, "
            f"{published['incidents']:,} incidents, {published['repeat']} fetches after a "
            "warm-up, `bench/bench_datasette.py`):"
        )
        print(publish_table(published))
    profile = getattr(crawl_rows, "profile", [])
    if profile:
        print("\nWhere the crawl's time goes (cProfile of the pipeline crawl, no added latency):")
        for label, cum, share in profile:
            print(f"  {share:6.1%} {cum:7.2f} s  {label}")
    print(f"\n{'quick' if args.quick else 'full'} run: {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
