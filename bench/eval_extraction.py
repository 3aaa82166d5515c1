"""Article-body extraction over the 181 real pages of the article-extraction benchmark.

Prints the mean token-level F1 of the project's `extract_story` against the hand-marked bodies,
beside trafilatura called bare in the same run, with the median milliseconds per page of each.
Tokens are runs of letters and digits (lower-cased) and single CJK characters, compared as
multisets. Exits 1 below the bar (F1 >= 0.95).

    python bench/eval_extraction.py [--limit N] [--json]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import trafilatura  # noqa: E402

from bench._shared import require_shared  # noqa: E402
from pipelines.extract import extract_story  # noqa: E402

BAR_F1 = 0.95
_TOKEN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[^\W_\u3400-\u4dbf\u4e00-\u9fff]+")


def tokens(text: str) -> Counter[str]:
    return Counter(t.lower() for t in _TOKEN.findall(text or ""))


def token_f1(predicted: str, truth: str) -> float:
    """Multiset token F1; two empty texts agree perfectly."""
    p, t = tokens(predicted), tokens(truth)
    if not p and not t:
        return 1.0
    common = sum((p & t).values())
    if not common:
        return 0.0
    precision, recall = common / sum(p.values()), common / sum(t.values())
    return 2 * precision * recall / (precision + recall)


def _timed(fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, (time.perf_counter() - start) * 1000


def run(limit: int | None = None) -> dict:
    root = require_shared("corpus", "article_extraction")
    truth = json.loads((root / "ground-truth.json").read_text())
    ours_f1, bare_f1, ours_ms, bare_ms = [], [], [], []
    for page_id, gold in list(truth.items())[:limit]:
        html = gzip.decompress((root / "html" / f"{page_id}.html.gz").read_bytes()).decode(
            "utf-8", errors="replace"
        )
        bare, ms = _timed(trafilatura.extract, html, url=gold["url"])
        bare_f1.append(token_f1(bare or "", gold["articleBody"]))
        bare_ms.append(ms)
        story, ms = _timed(extract_story, html, gold["url"])
        ours_f1.append(token_f1(story.text, gold["articleBody"]))
        ours_ms.append(ms)
    return {
        "pages": len(ours_f1),
        "f1": statistics.mean(ours_f1),
        "median_ms": statistics.median(ours_ms),
        "bare_f1": statistics.mean(bare_f1),
        "bare_median_ms": statistics.median(bare_ms),
        "time_ratio": statistics.median(ours_ms) / statistics.median(bare_ms),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args.limit)
    if args.json:
        print(json.dumps(result))
    else:
        print(f"pages                     {result['pages']}")
        print(f"pressmonitor  mean F1     {result['f1']:.3f}   median {result['median_ms']:.1f} ms")
        print(
            f"trafilatura   mean F1     {result['bare_f1']:.3f}   median {result['bare_median_ms']:.1f} ms"
        )
        print(f"time ratio (ours / bare)  {result['time_ratio']:.2f}x")
    if result["f1"] < BAR_F1:
        print(f"FAIL: mean F1 {result['f1']:.3f} < {BAR_F1}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
