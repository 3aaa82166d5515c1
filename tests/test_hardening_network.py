"""Faults of the network and of hostile servers: bombs, endless bodies, hangs, trickles, resets,
error statuses. One crawl meets them all; the good articles are stored regardless."""

from __future__ import annotations

import re
import time

import pytest

from tests.hostile import (
    HostileSite,
    compressed,
    crawl,
    duplicates,
    endless,
    feed,
    flaky,
    good_articles,
    hang,
    query,
    record_fault,
    reset,
    serve_hostile,
    sources_yaml,
    static,
    status,
    stored_paths,
    trickle,
)

CAP = 1024 * 1024  # DOWNLOAD_MAXSIZE in these crawls
ENCODINGS = ("gzip", "deflate", "br", "zstd")
#: source name -> (fault injected at its feed URL, route)
FEED_FAULTS = {
    "hang": ("server accepts, never answers", hang),
    "trickle": ("1 byte / 0.3 s body", trickle),
    "reset": ("TCP reset instead of answer", reset),
    "http500": ("HTTP 500 always", status(500)),
    "http503": ("HTTP 503 + Retry-After: 1 always", status(503, **{"Retry-After": "1"})),
    "http429": ("HTTP 429, no Retry-After, always", status(429)),
}


@pytest.fixture(scope="module")
def faulty_crawl(tmp_path_factory: pytest.TempPathFactory):
    """One crawl of a good feed (articles + bombs + endless body) beside failing sources."""
    tmp = tmp_path_factory.mktemp("network")
    site = HostileSite()
    good = good_articles(site, "/good", 4)
    bombs = [f"/bomb/{enc}.html" for enc in ENCODINGS]
    for enc, path in zip(ENCODINGS, bombs, strict=True):
        site.routes[path] = compressed(enc)
    site.raw["/endless.html"] = endless
    site.routes["/good/rss.xml"] = static(
        feed([*good[:2], *bombs, "/endless.html", *good[2:]]), "application/rss+xml"
    )
    recovering = good_articles(site, "/recover", 2)
    site.routes["/recover/rss.xml"] = flaky(503, 1, feed(recovering), **{"Retry-After": "1"})
    for name, (_, route) in FEED_FAULTS.items():
        if name in ("hang", "trickle", "reset"):
            site.raw[f"/{name}/rss.xml"] = route
        else:
            site.routes[f"/{name}/rss.xml"] = route
    with serve_hostile(site) as base:
        feeds = {name: f"{base}/{name}/rss.xml" for name in ("good", "recover", *FEED_FAULTS)}
        sources = sources_yaml(tmp / "sources.yml", feeds)
        start = time.monotonic()
        result = crawl(tmp, sources, "-s", f"DOWNLOAD_MAXSIZE={CAP}")
        result.elapsed = time.monotonic() - start  # type: ignore[attr-defined]
    return tmp / "pressmonitor.db", result, site, good + recovering


def test_crawl_completes_and_keeps_every_good_article(faulty_crawl):
    db, result, _, good = faulty_crawl
    assert result.returncode == 1, result.stderr[-3000:]  # finished, with recorded failures
    lost = len({p.lstrip("/") for p in good} - stored_paths(db))
    dupes = duplicates(db)
    record_fault("mixed hostile sources", "8 faulty sources + 6 good articles", True, lost, dupes)
    assert lost == 0 and dupes == 0
    assert query(db, "select status from crawl_runs")[0][0] == "errors"


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_decompression_bomb_is_dropped_at_the_cap(faulty_crawl, encoding):
    db, _, site, good = faulty_crawl
    rows = query(db, "select error from crawl_errors where url like ?", (f"%/bomb/{encoding}%",))
    sizes = [int(m) for (e,) in rows for m in re.findall(r"(\d+) B decompressed so far", e)]
    lost = len({p.lstrip("/") for p in good} - stored_paths(db))
    ok = bool(sizes) and max(sizes) < 1.1 * CAP
    record_fault(
        f"{encoding} bomb", "64 MiB of zeros, ~0.1 MiB on the wire", ok, lost, duplicates(db)
    )
    assert sizes, rows
    assert max(sizes) < 1.1 * CAP
    assert not query(db, "select 1 from stories where url like ?", (f"%/bomb/{encoding}%",))


def test_endless_body_is_cut_at_the_cap(faulty_crawl):
    db, _, site, good = faulty_crawl
    rows = query(db, "select error from crawl_errors where url like '%/endless.html'")
    lost = len({p.lstrip("/") for p in good} - stored_paths(db))
    record_fault("endless body", "chunked HTML that never ends", bool(rows), lost, duplicates(db))
    assert rows and any("Cancel" in e or "max" in e.lower() for (e,) in rows), rows
    assert not query(db, "select 1 from stories where url like '%/endless.html'")


@pytest.mark.parametrize("name", list(FEED_FAULTS))
def test_failing_source_is_retried_a_bounded_number_of_times_and_recorded(faulty_crawl, name):
    db, _, site, good = faulty_crawl
    attempts = len(site.requests(f"/{name}/rss.xml"))
    errors = query(db, "select error from crawl_errors where source = ?", (name,))
    (last_error,) = query(db, "select last_error from sources where name = ?", (name,))[0]
    lost = len({p.lstrip("/") for p in good} - stored_paths(db))
    ok = 1 <= attempts <= 3 and bool(errors) and bool(last_error)
    record_fault(f"feed: {name}", FEED_FAULTS[name][0], ok, lost, duplicates(db))
    assert 1 <= attempts <= 3  # RETRY_TIMES = 2
    assert errors and last_error, (errors, last_error)


def test_503_then_success_is_retried_after_retry_after(faulty_crawl):
    db, _, site, _ = faulty_crawl
    times = [t for t, _, path, _ in site.requests("/recover/rss.xml")]
    stored = {p for p in stored_paths(db) if p.startswith("recover/")}
    record_fault(
        "503 then 200", "Retry-After: 1, then the feed", len(stored) == 2, 2 - len(stored), 0
    )
    assert len(times) == 2 and times[1] - times[0] >= 0.9
    assert stored == {"recover/a/0.html", "recover/a/1.html"}
    assert query(db, "select last_error from sources where name = 'recover'")[0][0] is None


def test_whole_crawl_is_bounded_in_time(faulty_crawl):
    """Timeouts, retries and back-off are bounded: 2 s x 3 attempts, waits of 0.5-1 s."""
    _, result, _, _ = faulty_crawl
    assert result.elapsed < 45, result.elapsed
