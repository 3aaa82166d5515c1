"""Crashes and concurrency: SIGKILL mid-write, SIGINT and resume from JOBDIR, Datasette and
plain readers while a crawl writes. The database stays whole; nothing is lost or doubled."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from pressmonitor.serve import make_datasette
from tests.conftest import REPO
from tests.hostile import (
    FAST,
    HostileSite,
    crawl,
    duplicates,
    feed,
    good_articles,
    query,
    record_fault,
    serve_hostile,
    sources_yaml,
    static,
)


def feed_site(count: int) -> tuple[HostileSite, list[str]]:
    site = HostileSite()
    paths = good_articles(site, "/n", count)
    site.routes["/n/rss.xml"] = static(feed(paths), "application/rss+xml", ETag='"v1"')
    return site, paths


def start_crawl(tmp: Path, sources: Path, *extra: str) -> subprocess.Popen:
    args = ["crawl", "--db", str(tmp / "pressmonitor.db"), "--sources", str(sources)]
    return subprocess.Popen(
        [sys.executable, "-m", "pressmonitor.cli", *args, *FAST, *extra],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def stories(db: Path) -> int:
    try:
        return query(db, "select count(*) from stories")[0][0]
    except sqlite3.OperationalError:
        return 0


def wait_until(predicate, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_sigkill_mid_crawl_leaves_a_whole_database_and_the_next_run_finishes(tmp_path):
    site, paths = feed_site(150)
    db = tmp_path / "pressmonitor.db"
    with serve_hostile(site) as base:
        sources = sources_yaml(tmp_path / "sources.yml", {"n": f"{base}/n/rss.xml"})
        proc = start_crawl(tmp_path, sources, "-s", "PRESSMONITOR_BATCH_SIZE=10")
        wait_until(lambda: stories(db) >= 20)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        (check,) = query(db, "pragma integrity_check")[0]
        at_kill = stories(db)
        rerun = crawl(tmp_path, sources)
    lost = len(paths) - stories(db)
    dupes = duplicates(db)
    ok = check == "ok" and at_kill % 10 == 0 and rerun.returncode == 0
    record_fault("SIGKILL mid-write", f"kill -9 at {at_kill}/150 stories", ok, lost, dupes)
    assert check == "ok"
    assert at_kill % 10 == 0  # whole batches only
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert lost == 0 and dupes == 0


def test_sigint_stops_cleanly_and_jobdir_resume_fetches_nothing_twice(tmp_path):
    site, paths = feed_site(60)
    db = tmp_path / "pressmonitor.db"
    jobdir = ["-s", f"JOBDIR={tmp_path / 'job'}", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1"]
    slow = ["-s", "DOWNLOAD_DELAY=0.05", "-s", "RANDOMIZE_DOWNLOAD_DELAY=False"]
    with serve_hostile(site) as base:
        sources = sources_yaml(tmp_path / "sources.yml", {"n": f"{base}/n/rss.xml"})
        proc = start_crawl(tmp_path, sources, *jobdir, *slow, "-s", "PRESSMONITOR_BATCH_SIZE=5")
        wait_until(lambda: len(site.requests("/n/a/")) >= 15)
        proc.send_signal(signal.SIGINT)
        code = proc.wait(30)
        first = len(site.requests("/n/a/"))
        resumed = crawl(tmp_path, sources, *jobdir)
        fetched = [p for _, _, p, _ in site.requests("/n/a/")]
    twice = len(fetched) - len(set(fetched))
    lost = len(paths) - stories(db)
    ok = code in (0, 1) and first < len(paths) and twice == 0 and resumed.returncode == 0
    record_fault("SIGINT + JOBDIR resume", f"Ctrl-C after {first}/60 articles", ok, lost, twice)
    assert code in (0, 1)  # a clean stop, not a traceback
    assert first < len(paths)  # it really was interrupted
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    assert twice == 0, sorted(p for p in fetched if fetched.count(p) > 1)
    assert lost == 0 and duplicates(db) == 0


def test_readers_never_see_database_is_locked_while_a_crawl_writes(tmp_path):
    site, paths = feed_site(120)
    db = tmp_path / "pressmonitor.db"
    errors: list[str] = []
    reads = {"sqlite": 0, "datasette": 0}
    done = threading.Event()

    def plain_reader() -> None:
        while not done.is_set():
            try:
                con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
                con.execute("select count(*), max(title) from stories").fetchone()
                con.close()
                reads["sqlite"] += 1
            except sqlite3.OperationalError as exc:
                if "no such table" not in str(exc) and "unable to open" not in str(exc):
                    errors.append(f"sqlite3: {exc}")

    def datasette_reader() -> None:
        import asyncio

        async def loop() -> None:
            ds = make_datasette(db)
            while not done.is_set():
                for path in ("/pressmonitor/stories.json", "/pressmonitor/stories?_search=story"):
                    response = await ds.client.get(path)
                    if "database is locked" in response.text:
                        errors.append(f"datasette {path}: {response.status_code}")
                    reads["datasette"] += 1

        asyncio.run(loop())

    with serve_hostile(site) as base:
        sources = sources_yaml(tmp_path / "sources.yml", {"n": f"{base}/n/rss.xml"})
        proc = start_crawl(tmp_path, sources, "-s", "PRESSMONITOR_BATCH_SIZE=5")
        wait_until(db.exists)
        wait_until(lambda: stories(db) > 0)
        threads = [threading.Thread(target=plain_reader), threading.Thread(target=datasette_reader)]
        for thread in threads:
            thread.start()
        code = proc.wait(120)
        done.set()
        for thread in threads:
            thread.join(30)
    lost = len(paths) - stories(db)
    ok = not errors and code == 0
    record_fault("Datasette + readers during crawl", f"{sum(reads.values())} reads", ok, lost, 0)
    assert code == 0
    assert not errors, errors[:5]
    assert reads["sqlite"] > 0 and reads["datasette"] > 0
    assert lost == 0 and duplicates(db) == 0
