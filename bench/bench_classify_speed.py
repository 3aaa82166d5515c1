"""Classification cost per story against extraction cost per page, same stories, same run.

Citizen News articles are rendered to pages (`bench/citizen_site.render`, in memory), extracted
with `extract_story`, and the extracted stories classified with the pipeline's
`classify_story`; the bar is classification under 20% of extraction per story. The extraction
rate over the 181 real pages of the extraction benchmark is `bench/eval_extraction.py`'s.

    python bench/bench_classify_speed.py [--stories N] [--quick] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._shared import require_shared  # noqa: E402
from bench.citizen_site import articles, render  # noqa: E402
from pipelines.extract import extract_story  # noqa: E402
from pipelines.processing import classify_story  # noqa: E402

BAR = 0.20


def run(count: int, rounds: int = 3) -> dict:
    corpus = require_shared("corpus", "citizen_news", "articles.jsonl.gz")
    pages = [
        (render(a), f"http://127.0.0.1/article/{a['article_id']}.html")
        for a in articles(corpus, count)
    ]
    stories = [extract_story(html, url, language="zh-Hant") for html, url in pages[:20]]
    for story in stories:  # warm up: models and lazy imports load once
        classify_story(story)
    extract_s, classify_s = [], []
    for _ in range(rounds):
        start = time.perf_counter()
        stories = [extract_story(html, url, language="zh-Hant") for html, url in pages]
        extract_s.append(time.perf_counter() - start)
        start = time.perf_counter()
        for story in stories:
            classify_story(story)
        classify_s.append(time.perf_counter() - start)
    extract_ms = statistics.median(extract_s) * 1000 / len(pages)
    classify_ms = statistics.median(classify_s) * 1000 / len(pages)
    return {
        "stories": len(pages),
        "extract_ms": extract_ms,
        "classify_ms": classify_ms,
        "extract_per_s": 1000 / extract_ms,
        "classify_per_s": 1000 / classify_ms,
        "share": classify_ms / extract_ms,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--quick", action="store_true", help="200 stories, one round")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(200, 1) if args.quick else run(args.stories)
    if args.json:
        print(json.dumps(result))
    else:
        print(f"stories {result['stories']}")
        print(
            f"extraction      {result['extract_ms']:6.2f} ms/page  {result['extract_per_s']:7.1f}/s"
        )
        print(
            f"classification  {result['classify_ms']:6.2f} ms/story {result['classify_per_s']:7.1f}/s"
        )
        print(f"classification / extraction  {result['share']:.0%} (bar < {BAR:.0%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
