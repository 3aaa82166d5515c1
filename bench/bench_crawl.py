"""Crawl throughput: the full pipeline against a bare Scrapy fetch of the same site, same run.

The site is the Citizen News corpus rendered by `bench/citizen_site.py` into a temp dir and
served on 127.0.0.1 (robots allow all), with an RSS feed and a sitemap. Both crawls run in a
subprocess with the project's settings except AUTOTHROTTLE_START_DELAY=0 and DOWNLOAD_DELAY=0,
at the same concurrency; the bare one has no item pipelines and no archive middleware. Rates
are pages per second of Scrapy's own `elapsed_time_seconds` (startup excluded from both).
Two server conditions: no added latency (CPU-bound: the worst case for the pipeline) and a
simulated network round trip (`--latency-ms`). `--profile` adds a cProfile of the pipeline
crawl and prints its top functions.

    python bench/bench_crawl.py [--quick] [--articles N] [--latency-ms 50] [--profile] [--json]
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import pstats
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench import citizen_site  # noqa: E402
from bench._shared import require_shared  # noqa: E402

PYTHON = sys.executable
#: Settings both crawls get: the task's `-s` flags plus quiet logs (stats are still dumped).
COMMON = {"AUTOTHROTTLE_START_DELAY": "0", "DOWNLOAD_DELAY": "0", "LOG_LEVEL": "INFO"}
_STATS = re.compile(r"Dumping Scrapy stats:\n(\{.*?\})", re.S)


def run_measured(cmd: list[str], env: dict[str, str] | None = None) -> tuple[str, float, int]:
    """(stderr + stdout, wall seconds, peak RSS in MB) of one subprocess."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=REPO, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        out = log.read().decode("utf-8", "replace")
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{cmd[:4]} exited {proc.returncode}:\n{out[-3000:]}")
    return out, time.perf_counter() - start, usage.ru_maxrss // 1024


def scrapy_stats(log: str) -> tuple[int, float]:
    """(responses, elapsed seconds) summed over the spiders of one crawl log."""
    pages, elapsed = 0, 0.0
    for block in _STATS.findall(log):
        block = re.sub(r"datetime\.datetime\([^)]*\)", "None", block)
        stats = ast.literal_eval(block)
        pages += stats.get("response_received_count", 0)
        elapsed += stats.get("elapsed_time_seconds", 0.0)
    return pages, elapsed


def bare_crawl(feed_url: str, settings: dict[str, str]) -> dict:
    cmd = [PYTHON, __file__, "--bare-spider", feed_url, "--settings", json.dumps(settings)]
    log, wall, rss = run_measured(cmd)
    pages, elapsed = scrapy_stats(log)
    return {"pages": pages, "elapsed": elapsed, "wall": wall, "rss_mb": rss}


def pipeline_crawl(
    db: Path, sources: Path, settings: dict[str, str], profile: Path | None = None
) -> dict:
    cmd = [PYTHON]
    if profile:
        cmd += ["-m", "cProfile", "-o", str(profile)]
    cmd += ["-m", "pressmonitor.cli", "crawl", "--db", str(db), "--sources", str(sources)]
    for name, value in settings.items():
        cmd += ["-s", f"{name}={value}"]
    log, wall, rss = run_measured(cmd)
    pages, elapsed = scrapy_stats(log)
    return {"pages": pages, "elapsed": elapsed, "wall": wall, "rss_mb": rss}


def bare_spider_main(feed_url: str, settings: dict[str, str]) -> None:
    """The baseline: plain Scrapy with the project's concurrency, throttle and robots settings,
    fetching the feed then its articles; no item pipelines, no project middlewares."""
    import scrapy
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    import crawler.settings as project

    same = (
        "USER_AGENT ROBOTSTXT_OBEY AUTOTHROTTLE_ENABLED AUTOTHROTTLE_START_DELAY "
        "AUTOTHROTTLE_MAX_DELAY AUTOTHROTTLE_TARGET_CONCURRENCY CONCURRENT_REQUESTS "
        "CONCURRENT_REQUESTS_PER_DOMAIN DOWNLOAD_DELAY DOWNLOAD_TIMEOUT COOKIES_ENABLED "
        "TELNETCONSOLE_ENABLED"
    ).split()
    config = Settings({name: getattr(project, name) for name in same})
    for name, value in settings.items():
        config.set(name, value, priority="cmdline")

    class Bare(scrapy.Spider):
        name = "bare"

        async def start(self):  # type: ignore[no-untyped-def]
            yield scrapy.Request(feed_url, callback=self.parse_feed)

        def parse_feed(self, response):  # type: ignore[no-untyped-def]
            for link in response.xpath("//item/link/text()").getall():
                yield scrapy.Request(link, callback=self.parse_page)

        def parse_page(self, response):  # type: ignore[no-untyped-def]
            return None

    process = CrawlerProcess(config)
    process.crawl(Bare)
    process.start()


def top_functions(profile: Path, count: int = 14) -> list[tuple[str, float, float]]:
    """(function, cumulative s, share of the crawl) of the project's and libraries' hot spots."""
    stats = pstats.Stats(str(profile))
    total = max(v[3] for v in stats.stats.values())  # type: ignore[attr-defined]
    keep = re.compile(
        r"pipelines/(processing|extract|store|dedupe|incident_store)\.py|classify/classifier"
        r"|trafilatura/core\.py.*bare_extraction|datasketch/minhash\.py.*update_batch"
        r"|crawler/(archive|pipelines)\.py|feedparser/api\.py.*parse$|scrapy/core/downloader"
        r"/handlers/http11\.py.*download_request|sqlite3.Connection' objects"
    )
    rows = []
    for (path, line, name), (_, _, _, cum, _) in stats.stats.items():  # type: ignore[attr-defined]
        label = f"{path.replace(str(REPO) + '/', '').split('site-packages/')[-1]}:{line}({name})"
        if keep.search(f"{label}") and cum > 0.01 * total:
            rows.append((label, cum, cum / total))
    rows.sort(key=lambda r: -r[1])
    return rows[:count]


def run(
    quick: bool = False,
    articles: int | None = None,
    latency_ms: float = 50.0,
    profile: bool = False,
) -> dict:
    corpus = require_shared("corpus", "citizen_news", "articles.jsonl.gz")
    limit = articles or (300 if quick else None)
    results: dict = {"conditions": []}
    with tempfile.TemporaryDirectory(prefix="pm-bench-crawl-") as tmp:
        root = Path(tmp) / "site"
        port = citizen_site.free_port()
        results["articles"] = citizen_site.build(corpus, root, port, limit)
        for latency in (0.0, latency_ms):
            server = citizen_site.start_server(root, port, latency)
            try:
                bare = bare_crawl(f"http://{citizen_site.HOST}:{port}/rss.xml", COMMON)
                full = pipeline_crawl(Path(tmp) / f"pm{latency}.db", root / "sources.yml", COMMON)
                prof = Path(tmp) / "crawl.prof" if profile and latency == 0 else None
                if prof is not None:  # a separate run: cProfile's overhead skews the rate
                    pipeline_crawl(Path(tmp) / "prof.db", root / "sources.yml", COMMON, prof)
            finally:
                server.kill()
                server.wait()
            results["conditions"].append(
                {
                    "latency_ms": latency,
                    "bare_pages_s": bare["pages"] / bare["elapsed"],
                    "pipeline_pages_s": full["pages"] / full["elapsed"],
                    "ratio": (full["pages"] / full["elapsed"]) / (bare["pages"] / bare["elapsed"]),
                    "bare": bare,
                    "pipeline": full,
                }
            )
            if prof is not None:
                results["profile"] = top_functions(prof)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--articles", type=int)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--bare-spider", metavar="FEED_URL", help=argparse.SUPPRESS)
    parser.add_argument("--settings", default="{}", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_spider:
        bare_spider_main(args.bare_spider, json.loads(args.settings))
        return 0
    result = run(args.quick, args.articles, args.latency_ms, args.profile)
    if args.json:
        print(json.dumps(result))
        return 0
    print(f"articles {result['articles']}")
    for c in result["conditions"]:
        print(
            f"latency {c['latency_ms']:>4.0f} ms  pipeline {c['pipeline_pages_s']:7.1f} pages/s  "
            f"bare scrapy {c['bare_pages_s']:7.1f} pages/s  ratio {c['ratio']:.2f}x"
        )
    for label, cum, share in result.get("profile", []):
        print(f"  {share:6.1%} {cum:7.2f}s  {label}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
