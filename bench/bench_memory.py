"""Peak resident memory of a crawl and of `pressmonitor classify --input`, at two input sizes.

Each command runs in its own subprocess and its peak RSS is read with `os.wait4` (the child's
own `ru_maxrss`). The crawl is of the Citizen News site (`bench/citizen_site.py`) at half and
full size; classify reads a JSON-lines file of corpus articles repeated under new ids, written
to a temp dir. The bar: under 500 MB, and flat as the input doubles.

    python bench/bench_memory.py [--quick] [--stories 100000] [--json]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import citizen_site  # noqa: E402
from bench._shared import require_shared  # noqa: E402
from bench.bench_crawl import COMMON, PYTHON, pipeline_crawl, run_measured  # noqa: E402

BAR_MB = 500


def write_stories(corpus: Path, path: Path, count: int) -> None:
    """`count` JSON lines in `classify --input` form, cycling through the corpus."""
    with gzip.open(corpus, "rt", encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines]
    with open(path, "w", encoding="utf-8") as out:
        for i in range(count):
            r = records[i % len(records)]
            line = {
                "id": f"bench-{i}",
                "url": f"http://bench.test/{i}.html",
                "title": r.get("title") or "",
                "text": r.get("body_markdown") or "",
                "published": r.get("date"),
                "lang": "zh-Hant",
            }
            out.write(json.dumps(line, ensure_ascii=False) + "\n")


def crawl_rss(corpus: Path, tmp: Path, articles: int) -> int:
    root = tmp / f"site{articles}"
    port = citizen_site.free_port()
    citizen_site.build(corpus, root, port, articles)
    server = citizen_site.start_server(root, port)
    try:
        return pipeline_crawl(tmp / f"crawl{articles}.db", root / "sources.yml", COMMON)["rss_mb"]
    finally:
        server.kill()
        server.wait()


def classify_rss(corpus: Path, tmp: Path, stories: int) -> int:
    source = tmp / f"stories{stories}.jsonl"
    write_stories(corpus, source, stories)
    cmd = [PYTHON, "-m", "pressmonitor.cli", "classify", "--input", str(source)]
    cmd += ["--output", str(tmp / f"labels{stories}.jsonl")]
    _, _, rss = run_measured(cmd)
    return rss


def run(quick: bool = False, stories: int = 100_000) -> dict:
    corpus = require_shared("corpus", "citizen_news", "articles.jsonl.gz")
    crawl_sizes = (150, 300) if quick else (1061, 2122)
    classify_sizes = (5_000, 10_000) if quick else (stories // 2, stories)
    with tempfile.TemporaryDirectory(prefix="pm-bench-memory-") as tmp:
        tmp_path = Path(tmp)
        crawl = {n: crawl_rss(corpus, tmp_path, n) for n in crawl_sizes}
        classify = {n: classify_rss(corpus, tmp_path, n) for n in classify_sizes}
    return {"crawl_mb": crawl, "classify_mb": classify, "bar_mb": BAR_MB}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args.quick, args.stories)
    if args.json:
        print(json.dumps(result))
        return 0
    for what in ("crawl", "classify"):
        sizes = result[f"{what}_mb"]
        print(f"{what:9s} " + "  ".join(f"{n:>7,} items: {mb:4d} MB" for n, mb in sizes.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
