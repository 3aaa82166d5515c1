"""Start-up of a crawl's near-duplicate index: hashing every stored story vs reading signatures.

A database of N stories (Citizen News articles, repeated with their text rotated so that every
copy hashes differently) is built in a temp dir. `NearDuplicateIndex.from_db` is then timed
twice in the same run: cold, with no stored signatures (every story MinHashed, as every
start-up did before signatures were persisted; it stores them as it goes), and warm (the
signatures read back, as every later start-up does). Also the index's memory per story
(tracemalloc, warm load).

    python bench/bench_dedupe_load.py [--stories 20000] [--json]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlite_utils import Database  # noqa: E402

from bench._shared import require_shared  # noqa: E402
from pipelines.dedupe import NearDuplicateIndex  # noqa: E402
from pipelines.models import Story  # noqa: E402
from pipelines.schema import open_db  # noqa: E402
from pipelines.store import now, story_row  # noqa: E402

SIGNATURES = "_story_signatures"


def build(path: Path, count: int) -> Database:
    """`count` stored originals cycling through the corpus, each a distinct text."""
    corpus = require_shared("corpus", "citizen_news", "articles.jsonl.gz")
    with gzip.open(corpus, "rt", encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines]
    db = open_db(path)
    db["sources"].insert({"name": "bench", "kind": "feed", "url": "http://bench.test/"})
    stamp = now()

    def rows():  # type: ignore[no-untyped-def]
        for i in range(count):
            r = records[i % len(records)]
            text = r.get("body_markdown") or ""
            shift = (i // len(records)) * 131 % max(len(text), 1)
            story = Story(
                url=f"http://bench.test/{i}.html",
                source="bench",
                title=r.get("title") or "",
                text=text[shift:] + text[:shift],
                language="zh-Hant",
            )
            yield story_row(story, stamp)

    db["stories"].insert_all(rows(), batch_size=500)
    return db


def timed_load(db: Database) -> tuple[float, int]:
    start = time.perf_counter()
    index = NearDuplicateIndex.from_db(db)
    return time.perf_counter() - start, len(index)


def index_bytes(db: Database) -> int:
    """Python memory held by a loaded index (tracemalloc, allocations still alive)."""
    tracemalloc.start()
    index = NearDuplicateIndex.from_db(db)
    size = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del index
    return size


def run(stories: int = 20_000) -> dict:
    with tempfile.TemporaryDirectory(prefix="pm-bench-dedupe-") as tmp:
        db = build(Path(tmp) / "load.db", stories)
        if SIGNATURES in db.table_names():
            with db.conn:
                db.execute(f"delete from [{SIGNATURES}]")
        cold, indexed = timed_load(db)
        warm, _ = timed_load(db)
        size = index_bytes(db)
        db.close()
    return {
        "stories": stories,
        "indexed": indexed,
        "cold_s": cold,
        "warm_s": warm,
        "speedup": cold / warm,
        "index_bytes_per_story": size / max(indexed, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=20_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    r = run(args.stories)
    if args.json:
        print(json.dumps(r))
        return 0
    print(
        f"{r['stories']:,} stories ({r['indexed']:,} indexed): hashing {r['cold_s']:.1f} s, "
        f"stored signatures {r['warm_s']:.2f} s ({r['speedup']:.0f}x); "
        f"index {r['index_bytes_per_story']:,.0f} bytes/story"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
