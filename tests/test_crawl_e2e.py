"""Whole crawls, as a user runs them, against sites served on 127.0.0.1."""

import json
import sqlite3

import pytest

from tests.conftest import REPO, run_cli, write_sources


def rows(db_path, sql):
    con = sqlite3.connect(db_path)
    con.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in con.execute(sql)]
    finally:
        con.close()


def test_crawl_stores_stories_errors_and_a_run(tmp_path, fixture_site):
    sources = write_sources(tmp_path / "sources.yml", fixture_site, [("gazette", "/rss.xml", "en")])
    db = tmp_path / "pressmonitor.db"
    fast = ["-s", "AUTOTHROTTLE_START_DELAY=0", "-s", "DOWNLOAD_DELAY=0"]
    first = run_cli("crawl", "--db", str(db), "--sources", str(sources), *fast)
    assert first.returncode == 1, first.stderr[-2000:]  # one article is a 404: recorded, exit 1
    stories = rows(db, "select * from stories order by url")
    assert [s["url"].rsplit("/", 1)[1] for s in stories] == [
        "editors-detained.html",
        "gallery.html",
        "typhoon.html",
    ]
    by_name = {s["url"].rsplit("/", 1)[1]: s for s in stories}
    assert by_name["gallery.html"]["extraction"].startswith("no_text")
    assert by_name["editors-detained.html"]["relevant"] == 1
    assert by_name["typhoon.html"]["relevant"] == 0
    [error] = rows(db, "select * from crawl_errors")
    assert error["url"].endswith("/news/missing.html") and "404" in error["error"]
    [run] = rows(db, "select * from crawl_runs")
    assert (run["stories"], run["new_stories"], run["errors"], run["status"]) == (3, 3, 1, "errors")
    assert list((tmp_path / "archive").glob("*.warc.gz"))

    second = run_cli("crawl", "--db", str(db), "--sources", str(sources), *fast)
    assert second.returncode == 1  # the 404 is still there
    assert len(rows(db, "select id from stories")) == 3
    runs = rows(db, "select * from crawl_runs order by id")
    assert runs[1]["new_stories"] == 0
    # Known articles are not fetched again: the feed, robots.txt and the page that failed.
    assert runs[1]["requests"] < runs[0]["requests"]
    assert runs[1]["requests"] <= 3


def test_dead_source_is_recorded_and_exit_code_says_so(tmp_path):
    sources = write_sources(tmp_path / "s.yml", "http://127.0.0.1:9", [("dead", "/rss.xml", "en")])
    db = tmp_path / "pressmonitor.db"
    result = run_cli("crawl", "--db", str(db), "--sources", str(sources), "-s", "RETRY_TIMES=0")
    assert result.returncode == 1
    [source] = rows(db, "select * from sources")
    assert source["consecutive_failures"] == 1 and source["last_error"]
    assert rows(db, "select stage from crawl_errors") == [{"stage": "feed"}]


def test_invalid_sources_file_exits_2_before_any_request(tmp_path):
    bad = tmp_path / "s.yml"
    bad.write_text("sources:\n  - name: a\n    kind: blog\n    url: http://127.0.0.1:9/\n")
    result = run_cli("crawl", "--db", str(tmp_path / "x.db"), "--sources", str(bad))
    assert result.returncode == 2
    assert f"{bad}:3" in result.stderr and "unknown kind" in result.stderr
    assert not (tmp_path / "x.db").exists()


def test_bad_setting_syntax_is_rejected(tmp_path):
    result = run_cli("crawl", "--db", str(tmp_path / "x.db"), "-s", "NOVALUE")
    assert result.returncode == 2 and "NAME=VALUE" in result.stderr


@pytest.mark.skipif(
    not (REPO / "data" / "sample" / "manifest.json").exists(), reason="no sample site"
)
def test_demo_stores_every_feed_article_once_and_second_crawl_adds_nothing(tmp_path):
    manifest = json.loads((REPO / "data" / "sample" / "manifest.json").read_text())
    db = tmp_path / "pressmonitor.db"
    first = run_cli("demo", "--db", str(db), "--no-serve")
    assert first.returncode in (0, 1), first.stderr[-3000:]
    stories = rows(db, "select url, extraction from stories")
    paths = sorted(s["url"].split("/", 3)[3] for s in stories)
    expected = sorted(
        {
            (a.get("canonical") or a["path"]).lstrip("/")
            for a in manifest
            if not a.get("duplicate_url")
        }
    )
    assert paths == expected
    # The syndicated copy is stored, and linked to the story it copies (either way round:
    # whichever outlet's copy was crawled first is the original).
    copies = {(a["path"], a["duplicate_of"]) for a in manifest if a.get("duplicate_of")}
    linked = {
        (r["copy"].split("/", 3)[3], r["original"].split("/", 3)[3])
        for r in rows(
            db,
            "select c.url as copy, o.url as original from stories c "
            "join stories o on o.id = c.duplicate_of",
        )
    }
    for copy, original in copies:
        pair = (copy.lstrip("/"), original.lstrip("/"))
        assert pair in linked or pair[::-1] in linked, (pair, linked)
    second = run_cli("demo", "--db", str(db), "--no-serve")
    assert second.returncode in (0, 1)
    runs = rows(db, "select * from crawl_runs order by id")
    assert runs[1]["new_stories"] == 0
    assert runs[1]["requests"] < runs[0]["requests"]
    assert len(rows(db, "select id from stories")) == len(stories)
