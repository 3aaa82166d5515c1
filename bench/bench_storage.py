"""Storage: upserting stories through the project's path against sqlite-utils `insert_all`.

Stories are Citizen News articles repeated under new URLs (so every one is new), each with a
label. Timed in the same run, each into a fresh database in a temp dir:

- pressmonitor `upsert_stories`, in the crawl's batches of 50 (one transaction a batch);
- the old path, `upsert_story` one story at a time inside one transaction a batch;
- the baseline: the same rows with sqlite-utils `insert_all` into an empty plain table;
- for reference, `insert_all` into the project's own stories table (FTS triggers, indexes),
  and `upsert_stories` with `pragma synchronous = normal` (the project keeps SQLite's FULL).

    python bench/bench_storage.py [--stories 100000] [--quick] [--json]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlite_utils import Database  # noqa: E402

from bench._shared import require_shared  # noqa: E402
from pipelines.models import Label, Story  # noqa: E402
from pipelines.schema import open_db  # noqa: E402
from pipelines.store import label_columns, now, story_row, upsert_stories, upsert_story  # noqa: E402

BATCH = 50
LABEL = Label(relevant=True, types=["arrest"], confidence=0.9, version="bench")


def corpus_stories(count: int) -> Iterator[Story]:
    """`count` stories cycling through the corpus, each under its own URL."""
    path = require_shared("corpus", "citizen_news", "articles.jsonl.gz")
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines]
    for i in range(count):
        r = records[i % len(records)]
        yield Story(
            url=f"http://bench.test/{i}/{r['article_id']}.html",
            source="bench",
            title=r.get("title") or "",
            text=r.get("body_markdown") or "",
            published=r.get("date"),
            language="zh-Hant",
        )


def project_db(path: Path, synchronous: str = "") -> Database:
    """A fresh project database that knows the stories' source; `synchronous="normal"` shows
    what WAL's usual setting would save (fsync per commit; durable across a process crash,
    not across power loss)."""
    db = open_db(path)
    if synchronous:
        db.execute(f"pragma synchronous = {synchronous}")
    db["sources"].insert({"name": "bench", "kind": "feed", "url": "http://bench.test/"}, alter=True)
    return db


def _batches(stories: list[Story]) -> Iterator[list[Story]]:
    for start in range(0, len(stories), BATCH):
        yield stories[start : start + BATCH]


def time_batched(db: Database, stories: list[Story]) -> float:
    start = time.perf_counter()
    for batch in _batches(stories):
        upsert_stories(db, [(s, LABEL) for s in batch])
    return time.perf_counter() - start


def time_one_by_one(db: Database, stories: list[Story]) -> float:
    start = time.perf_counter()
    for batch in _batches(stories):
        with db.atomic():
            for s in batch:
                upsert_story(db, s, LABEL)
    return time.perf_counter() - start


def time_insert_all(db: Database, stories: list[Story]) -> float:
    """The baseline: the rows the project writes, one `insert_all` call (rows built inside)."""
    start = time.perf_counter()
    stamp = now()
    rows = ({**story_row(s, stamp), **label_columns(LABEL)} for s in stories)
    db["stories"].insert_all(rows, pk="id", batch_size=BATCH)
    return time.perf_counter() - start


def run(count: int) -> dict:
    stories = list(corpus_stories(count))
    with tempfile.TemporaryDirectory(prefix="pm-bench-storage-") as tmp:
        tmp_path = Path(tmp)
        timings = {
            "batched": time_batched(project_db(tmp_path / "batched.db"), stories),
            "batched_sync_normal": time_batched(
                project_db(tmp_path / "normal.db", synchronous="normal"), stories
            ),
            "insert_all": time_insert_all(Database(tmp_path / "plain.db"), stories),
            "insert_all_project_table": time_insert_all(project_db(tmp_path / "fts.db"), stories),
        }
        # The old path is slow on a large run: timed on a tenth, as a rate.
        tenth = stories[: max(BATCH, count // 10)]
        timings["one_by_one"] = (
            time_one_by_one(project_db(tmp_path / "single.db"), tenth) * count / len(tenth)
        )
    rates = {k: count / v for k, v in timings.items()}
    return {
        "stories": count,
        "rates": rates,
        "ratio": rates["batched"] / rates["insert_all"],
        "ratio_same_table": rates["batched"] / rates["insert_all_project_table"],
        "ratio_old": rates["one_by_one"] / rates["insert_all"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="10,000 stories")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(10_000 if args.quick else args.stories)
    if args.json:
        print(json.dumps(result))
        return 0
    print(f"stories {result['stories']}")
    for name, rate in result["rates"].items():
        print(f"  {name:26s} {rate:9.0f} stories/s")
    print(f"upsert_stories / insert_all (plain table)    {result['ratio']:.2f}x")
    print(f"upsert_stories / insert_all (project table)  {result['ratio_same_table']:.2f}x")
    print(f"upsert_story one by one / insert_all         {result['ratio_old']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
