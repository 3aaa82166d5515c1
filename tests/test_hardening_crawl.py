"""Hostile feeds, broken pages and bad redirects met by a real crawl (`pressmonitor crawl` in a
subprocess against servers on 127.0.0.1): each is bounded and recorded, the good articles kept."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.hostile import (
    HostileSite,
    big_feed,
    crawl,
    duplicates,
    feed,
    good_articles,
    query,
    record_fault,
    redirect,
    serve_hostile,
    sources_yaml,
    static,
    stored_paths,
)
from tests.test_hardening_input import RU, ZH_HANS, ZH_HANT, lol_feed, page

SECRET = "PM-SECRET-MARKER-c41d"


@pytest.fixture(scope="module")
def hostile_crawl(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("hostile")
    secret = tmp / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    site = HostileSite()
    good = good_articles(site, "/good", 3)
    # Broken pages, linked from the good feed.
    pages = {
        "/p/gb2312.html": static(page(ZH_HANS).encode("gb2312"), "text/html"),
        "/p/big5.html": static(page(ZH_HANT).encode("big5"), "text/html"),
        "/p/cp1251.html": static(page(RU).encode("cp1251"), "text/html; charset=utf-8"),
        "/p/bom.html": static(
            b"\xef\xbb\xbf" + page(RU, "BOM").encode(), "text/html; charset=latin-1"
        ),
        "/p/binary.html": static(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)) * 50),
        "/p/empty.html": static(b""),
        "/p/nav.html": static(b"<html><body><nav><a href='/'>Home</a></nav></body></html>"),
    }
    site.routes.update(pages)
    # Redirects: internal addresses, other schemes, a loop; one harmless same-host redirect.
    base_holder: dict[str, str] = {}
    redirects = {
        "/r/metadata": "http://169.254.169.254/latest/meta-data/",
        "/r/private": "http://10.0.0.1/",
        "/r/file": f"file://{secret}",
        "/r/data": "data:text/html,<p>hi</p>",
        "/r/ok": "/good/a/0.html",
    }
    for path, target in redirects.items():
        site.routes[path] = redirect(target)
    site.routes["/r/localhost"] = lambda h: (
        302,
        {"Location": f"{base_holder['base'].replace('127.0.0.1', 'localhost')}/secret"},
        b"",
    )
    site.routes["/secret"] = static(SECRET.encode())
    site.routes["/r/loop"] = lambda h: (
        302,
        {"Location": h.path + ("x" if "?" in h.path else "?x")},
        b"",
    )
    links = [*good, *pages, *redirects, "/r/localhost", "/r/loop"]
    site.routes["/good/rss.xml"] = static(feed(links), "application/rss+xml")
    # Hostile feeds, each its own source.
    xxe = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        f'<rss version="2.0"><channel><title>&xxe;</title>'
        f"<item><title>&xxe;</title><link>/xxe/&xxe;</link></item></channel></rss>"
    ).encode()
    quadratic = feed(["/quad/a/0.html"]).replace(
        b"</title><link>", b"</title><author>" + b"a" * 32_000 + b"</author><link>"
    )
    good_articles(site, "/quad", 1)
    site.routes["/lol/rss.xml"] = static(lol_feed(), "application/rss+xml")
    site.routes["/xxe/rss.xml"] = static(xxe, "application/rss+xml")
    site.routes["/quad/rss.xml"] = static(quadratic, "application/rss+xml")
    site.routes["/broken/rss.xml"] = static(b"<rss><channel><item>\x00\xff<<<", "text/xml")
    site.raw["/huge/rss.xml"] = big_feed(50 * 1024 * 1024)
    with serve_hostile(site) as base:
        base_holder["base"] = base
        names = ("good", "lol", "xxe", "quad", "broken", "huge")
        sources = sources_yaml(tmp / "sources.yml", {n: f"{base}/{n}/rss.xml" for n in names})
        start = time.monotonic()
        result = crawl(tmp, sources)
        elapsed = time.monotonic() - start
    return tmp / "pressmonitor.db", result, site, good, elapsed


def errors_for(db: Path, like: str) -> list[str]:
    return [e for (e,) in query(db, "select error from crawl_errors where url like ?", (like,))]


def test_good_articles_survive_every_hostile_neighbour(hostile_crawl):
    db, result, _, good, elapsed = hostile_crawl
    lost = len({p.lstrip("/") for p in good} - stored_paths(db))
    dupes = duplicates(db)
    record_fault("hostile feeds + pages + redirects", "one crawl, 6 sources", True, lost, dupes)
    assert result.returncode == 1, result.stderr[-3000:]
    assert lost == 0 and dupes == 0
    assert elapsed < 60


@pytest.mark.parametrize(
    "path, phrase",
    [
        ("p/gb2312.html", ZH_HANS[:12]),
        ("p/big5.html", ZH_HANT[:12]),
        ("p/cp1251.html", RU[:30]),
        ("p/bom.html", RU[:30]),
    ],
)
def test_pages_in_any_charset_are_stored_as_clean_text(hostile_crawl, path, phrase):
    db = hostile_crawl[0]
    rows = query(db, "select text from stories where url like ?", (f"%/{path}",))
    ok = bool(rows) and "\ufffd" not in rows[0][0] and phrase in rows[0][0]
    record_fault(
        f"crawl: {path.split('/')[1]}", "undeclared / wrong charset", ok, 0 if ok else 1, 0
    )
    assert rows and "\ufffd" not in rows[0][0] and phrase in rows[0][0]


def test_pages_without_text_carry_a_reason(hostile_crawl):
    db = hostile_crawl[0]
    assert any("not a text page" in e for e in errors_for(db, "%/p/binary.html"))
    for name in ("empty", "nav"):
        ((extraction,),) = query(
            db, "select extraction from stories where url like ?", (f"%/p/{name}.html",)
        )
        assert extraction.startswith("no_text:")
    record_fault("binary / empty / no article", "3 pages", True, 0, 0)


@pytest.mark.parametrize("path", ["metadata", "private", "file", "data", "localhost"])
def test_redirects_to_internal_addresses_and_other_schemes_are_refused(hostile_crawl, path):
    db, _, site, _, _ = hostile_crawl
    errors = errors_for(db, f"%/r/{path}") + errors_for(
        db,
        {"metadata": "%169.254%", "private": "%10.0.0.1%", "localhost": "%localhost%"}.get(
            path, f"%/r/{path}"
        ),
    )
    # Internal hosts: refused by SafeDestinationMiddleware; file: and data: are never followed
    # by Scrapy's RedirectMiddleware (the 302 itself is recorded).
    refused = any("refused" in e or "HTTP 302" in e for e in errors)
    record_fault(f"redirect -> {path}", "302 from a feed article", refused, 0, 0)
    assert refused, errors
    assert not any("Timeout" in e or "ConnectionRefused" in e for e in errors)  # no connection
    assert not site.requests("/secret")
    assert SECRET not in str(query(db, "select title, text from stories"))


def test_redirect_loop_ends_and_same_host_redirect_is_followed(hostile_crawl):
    db, _, site, _, _ = hostile_crawl
    hops = len(site.requests("/r/loop"))
    record_fault("redirect loop", "302 to itself", hops <= 6, 0, 0)
    assert hops <= 6  # REDIRECT_MAX_TIMES = 5
    assert errors_for(db, "%/r/loop%")


@pytest.mark.parametrize("name", ["lol", "xxe", "quad", "broken", "huge"])
def test_hostile_feeds_are_bounded_and_recorded(hostile_crawl, name):
    db, _, site, _, elapsed = hostile_crawl
    ((last_error, failures),) = query(
        db, "select last_error, consecutive_failures from sources where name = ?", (name,)
    )
    leaked = SECRET in str(query(db, "select * from crawl_errors")) + str(
        query(db, "select * from stories")
    )
    if name == "quad":  # a valid feed: its article is stored, quickly
        ok = bool(query(db, "select 1 from stories where url like '%/quad/a/0.html'"))
    elif name in ("lol", "xxe"):  # parsed without its DTD: no entity expanded, nothing read
        ok = not leaked
    else:
        ok = bool(last_error) and failures == 1
    record_fault(f"feed: {name}", {"huge": "50 MB feed"}.get(name, f"{name} feed"), ok, 0, 0)
    assert ok, (last_error, failures)
    assert not leaked
    if name == "huge":
        assert (
            "maxsize" in last_error.lower() or "max" in last_error.lower() or "Cancel" in last_error
        )
