"""Scheduled-crawl behaviour against sites served on 127.0.0.1: incremental crawls, conditional
GET, each spider kind, robots.txt, Crawl-delay, back-off on 429, the lock and the WARC archive."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from tests.conftest import REPO, run_cli
from tests.sites import article_html, news_site, serve, static

FAST = ["-s", "AUTOTHROTTLE_START_DELAY=0", "-s", "DOWNLOAD_DELAY=0"]


def sources_file(tmp_path: Path, entries: list[str]) -> Path:
    path = tmp_path / "sources.yml"
    path.write_text("sources:\n" + "".join(entries), encoding="utf-8")
    return path


def entry(name: str, kind: str, url: str, extra: str = "") -> str:
    return f"  - name: {name}\n    kind: {kind}\n    url: {url}\n    language: en\n{extra}"


def count(db: Path, sql: str) -> int:
    con = sqlite3.connect(db)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


def crawl(tmp_path: Path, sources: Path, *extra: str) -> subprocess.CompletedProcess:
    db = tmp_path / "pressmonitor.db"
    return run_cli("crawl", "--db", str(db), "--sources", str(sources), *FAST, *extra)


def test_second_crawl_costs_one_request_per_feed_and_sitemap(tmp_path):
    site = news_site(120)
    with serve(site) as base:
        sources = sources_file(
            tmp_path,
            [
                entry("feed", "feed", f"{base}/rss.xml"),
                entry("map", "sitemap", f"{base}/sitemap.xml"),
            ],
        )
        first = crawl(tmp_path, sources)
        assert first.returncode == 0, first.stderr[-2000:]
        db = tmp_path / "pressmonitor.db"
        assert count(db, "select count(*) from stories") == 120  # feed and sitemap share URLs
        assert len(site.requests("/a/")) == 120  # each article fetched once
        before = len(site.log)
        second = crawl(tmp_path, sources)
        assert second.returncode == 0, second.stderr[-2000:]
        again = site.log[before:]
    paths = sorted(path for _, _, path, _ in again)
    assert paths == ["/robots.txt", "/rss.xml", "/sitemap.xml"]
    assert [status for _, _, path, status in again if path != "/robots.txt"] == [304, 304]
    assert count(db, "select new_stories from crawl_runs order by id desc limit 1") == 0
    assert count(db, "select count(*) from stories") == 120


def test_sitemap_index_and_lastmod_filter(tmp_path):
    site = news_site(6)
    child = (
        "<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9' "
        "xmlns:news='http://www.google.com/schemas/sitemap-news/0.9'>"
        "<url><loc>/a/1.html</loc><news:news><news:publication_date>2099-01-01</news:publication_date>"
        "<news:title>Fresh</news:title></news:news></url>"
        "<url><loc>/a/2.html</loc><lastmod>2001-01-01</lastmod></url>"
        "</urlset>"
    )
    index = (
        "<?xml version='1.0'?><sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
        "<sitemap><loc>/news.xml</loc><lastmod>2099-01-01</lastmod></sitemap>"
        "<sitemap><loc>/old.xml</loc><lastmod>2001-01-01</lastmod></sitemap></sitemapindex>"
    )
    site.routes["/index.xml"] = static(index.encode(), "application/xml")
    site.routes["/news.xml"] = static(child.encode(), "application/xml")
    with serve(site) as base:
        sources = sources_file(tmp_path, [entry("map", "sitemap", f"{base}/index.xml")])
        result = crawl(tmp_path, sources)
        assert result.returncode == 0, result.stderr[-2000:]
        fetched = {path for _, _, path, _ in site.log}
    assert "/news.xml" in fetched and "/old.xml" not in fetched  # old child sitemap skipped
    assert "/a/1.html" in fetched and "/a/2.html" not in fetched  # old entry skipped
    assert count(tmp_path / "pressmonitor.db", "select count(*) from stories") == 1


def test_listing_spider_follows_the_rule(tmp_path):
    site = news_site(5)
    listing = (
        "<html><body><nav><a href='/about.html'>About</a></nav>"
        "<ul class='news'><li><a class='headline' href='/a/3.html'>Three</a></li>"
        "<li><a class='headline' href='/a/4.html'>Four</a></li></ul></body></html>"
    )
    site.routes["/latest.html"] = static(listing.encode())
    with serve(site) as base:
        sources = sources_file(
            tmp_path,
            [
                entry(
                    "list",
                    "listing",
                    f"{base}/latest.html",
                    "    link_selector: ul.news a.headline\n",
                )
            ],
        )
        result = crawl(tmp_path, sources)
        assert result.returncode == 0, result.stderr[-2000:]
        fetched = {path for _, _, path, _ in site.log}
    assert {"/a/3.html", "/a/4.html"} <= fetched and "/about.html" not in fetched
    assert count(tmp_path / "pressmonitor.db", "select count(*) from stories") == 2


def test_robots_disallow_and_crawl_delay_are_obeyed(tmp_path):
    site = news_site(4, crawl_delay=1.0)
    feed = (
        "<?xml version='1.0'?><rss version='2.0'><channel><title>T</title>"
        + "".join(f"<item><title>{i}</title><link>/a/{i}.html</link></item>" for i in range(4))
        + "<item><title>secret</title><link>/private/x.html</link></item></channel></rss>"
    )
    site.routes["/rss.xml"] = static(feed.encode(), "application/rss+xml")
    site.routes["/private/x.html"] = static(b"<html><body>secret</body></html>")
    with serve(site) as base:
        sources = sources_file(tmp_path, [entry("feed", "feed", f"{base}/rss.xml")])
        result = crawl(tmp_path, sources, "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8")
        assert result.returncode == 0, result.stderr[-2000:]
        log = site.requests()
    assert not any(path.startswith("/private/") for _, _, path, _ in log)
    times = [t for t, _, path, _ in log if path != "/robots.txt"]
    assert len(times) == 5  # the feed and four articles
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert min(gaps) >= 0.95, gaps  # 1 s Crawl-delay, clock granularity aside


def test_backoff_on_429_honours_retry_after(tmp_path):
    site = news_site(1)
    calls = {"n": 0}

    def flaky(handler):
        calls["n"] += 1
        if calls["n"] == 1:
            return 429, {"Retry-After": "2"}, b"slow down"
        return 200, {"Content-Type": "text/html; charset=utf-8"}, article_html(0)

    site.routes["/a/0.html"] = flaky
    with serve(site) as base:
        sources = sources_file(tmp_path, [entry("feed", "feed", f"{base}/rss.xml")])
        result = crawl(tmp_path, sources)
        assert result.returncode == 0, result.stderr[-2000:]
        tries = [(t, s) for t, _, path, s in site.requests("/a/0.html")]
    assert [s for _, s in tries] == [429, 200]
    assert tries[1][0] - tries[0][0] >= 1.9
    assert count(tmp_path / "pressmonitor.db", "select count(*) from stories") == 1


def test_503_without_retry_after_backs_off_then_is_recorded(tmp_path):
    site = news_site(1)
    site.routes["/a/0.html"] = lambda h: (503, {}, b"down")
    with serve(site) as base:
        sources = sources_file(tmp_path, [entry("feed", "feed", f"{base}/rss.xml")])
        result = crawl(
            tmp_path, sources, "-s", "RETRY_TIMES=2", "-s", "PRESSMONITOR_BACKOFF_BASE=0.3"
        )
        tries = [t for t, _, _, _ in site.requests("/a/0.html")]
    assert result.returncode == 1
    assert len(tries) == 3  # bounded retries
    assert tries[2] - tries[1] >= 0.55 and tries[1] - tries[0] >= 0.28  # exponential
    db = tmp_path / "pressmonitor.db"
    assert count(db, "select count(*) from crawl_errors where error like '%503%'") == 1
    # The source answered, but an article failed: its next visit refetches the feed in full.
    assert count(db, "select count(*) from sources where etag is not null") == 0


def test_two_crawls_at_once_one_runs_one_exits(tmp_path):
    site = news_site(3, crawl_delay=1.0)
    with serve(site) as base:
        sources = sources_file(tmp_path, [entry("feed", "feed", f"{base}/rss.xml")])
        db = tmp_path / "pressmonitor.db"
        args = [
            sys.executable,
            "-m",
            "pressmonitor.cli",
            "crawl",
            "--db",
            str(db),
            "--sources",
            str(sources),
        ]
        first = subprocess.Popen(
            args, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        lock = Path(f"{db}.lock")
        deadline = time.monotonic() + 30
        while (
            not (lock.exists() and lock.read_text().startswith("pid"))
            and time.monotonic() < deadline
        ):
            time.sleep(0.05)
        second = run_cli("crawl", "--db", str(db), "--sources", str(sources))
        first.communicate(timeout=120)
    assert second.returncode == 3
    assert "another crawl is running" in second.stderr and f"pid {first.pid}" in second.stderr
    assert first.returncode == 0
    assert count(db, "select count(*) from crawl_runs") == 1


def test_every_fetched_page_is_archived_as_warc(tmp_path):
    site = news_site(3)
    with serve(site) as base:
        sources = sources_file(tmp_path, [entry("feed", "feed", f"{base}/rss.xml")])
        assert crawl(tmp_path, sources).returncode == 0
    [warc] = list((tmp_path / "archive").glob("*.warc.gz"))
    records = {}
    with open(warc, "rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type == "response":
                records[record.rec_headers.get_header("WARC-Target-URI")] = (
                    record.content_stream().read()
                )
    assert set(records) == {f"{base}/rss.xml", *(f"{base}/a/{i}.html" for i in range(3))}
    assert b"<h1>Story 1</h1>" in records[f"{base}/a/1.html"]
