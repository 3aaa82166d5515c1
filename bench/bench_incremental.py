"""Incremental crawling on a 2,000-article site on 127.0.0.1, and Crawl-delay spacing.

First crawl fetches everything; a second crawl right after must issue at most one request per
feed or sitemap plus robots.txt, and store nothing new. Then a site with `Crawl-delay: 1`:
the smallest gap between two requests to it must not be under 1 second.

    python bench/bench_incremental.py [--articles 2000]
"""

from __future__ import annotations

import argparse
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.sites import news_site, serve  # noqa: E402

FAST = ["-s", "AUTOTHROTTLE_START_DELAY=0", "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=WARNING"]


def crawl(db: Path, sources: Path, *extra: str) -> float:
    start = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pressmonitor.cli",
            "crawl",
            "--db",
            str(db),
            "--sources",
            str(sources),
            *FAST,
            *extra,
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    if result.returncode not in (0, 1):
        sys.exit(f"crawl failed ({result.returncode}): {result.stderr[-2000:]}")
    return time.perf_counter() - start


def write_sources(path: Path, base: str) -> Path:
    path.write_text(
        "sources:\n"
        f"  - {{name: feed, kind: feed, url: '{base}/rss.xml', language: en}}\n"
        f"  - {{name: map, kind: sitemap, url: '{base}/sitemap.xml', language: en}}\n"
    )
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args()
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        site = news_site(args.articles)
        with serve(site) as base:
            sources = write_sources(tmp_path / "sources.yml", base)
            db = tmp_path / "pressmonitor.db"
            first = crawl(db, sources)
            first_requests = len(site.log)
            second = crawl(db, sources)
            second_log = site.log[first_requests:]
        con = sqlite3.connect(db)
        stories = con.execute("select count(*) from stories").fetchone()[0]
        new = con.execute("select new_stories from crawl_runs order by id desc").fetchone()[0]
        con.close()
        allowed = 2 + 1  # one feed, one sitemap, robots.txt
        print(f"site: {args.articles} articles, one RSS feed, one sitemap")
        print(f"first crawl    {first:6.1f} s  {first_requests:5d} requests  {stories} stories")
        print(
            f"second crawl   {second:6.1f} s  {len(second_log):5d} requests  {new} new stories  "
            f"({', '.join(sorted(f'{p} {s}' for _, _, p, s in second_log))})"
        )
        if len(second_log) > allowed:
            failures.append(f"second crawl made {len(second_log)} requests > {allowed}")
        if new:
            failures.append(f"second crawl stored {new} new stories")
        if stories != args.articles:
            failures.append(f"first crawl stored {stories} of {args.articles}")

        slow = news_site(6, crawl_delay=1.0)
        with serve(slow) as base:
            sources = write_sources(tmp_path / "slow.yml", base)
            crawl(tmp_path / "slow.db", sources, "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8")
            times = [t for t, _, path, _ in slow.log if path != "/robots.txt"]
        gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
        print(f"Crawl-delay 1 s: {len(times)} requests, smallest gap {min(gaps):.3f} s")
        if min(gaps) < 1.0:
            failures.append(f"gap {min(gaps):.3f} s under the 1 s Crawl-delay")
    for failure in failures:
        print(f"FAIL: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
