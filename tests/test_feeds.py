"""The feed spider from saved responses, and feedparser over real feeds (../shared)."""

from pathlib import Path

import feedparser
from scrapy.http import HtmlResponse, XmlResponse
from scrapy.utils.test import get_crawler

from crawler.items import CrawlError, SourceVisit
from crawler.spiders.feeds import FeedSpider
from pipelines.models import Story
from tests.conftest import FIXTURES, shared_path, write_sources

BASE = "http://127.0.0.1:8000"


def make_spider(tmp_path: Path) -> FeedSpider:
    sources = write_sources(tmp_path / "sources.yml", BASE, [("gazette", "/rss.xml", "en")])
    crawler = get_crawler(
        FeedSpider,
        {"PRESSMONITOR_SOURCES": str(sources), "PRESSMONITOR_DB": str(tmp_path / "none.db")},
    )
    return FeedSpider.from_crawler(crawler)


def feed_response(body: bytes, url: str = f"{BASE}/rss.xml") -> XmlResponse:
    return XmlResponse(url=url, body=body, headers={"Content-Type": "application/rss+xml"})


def test_feed_entries_become_article_requests_with_absolute_urls(tmp_path):
    spider = make_spider(tmp_path)
    [source] = spider.selected_sources()
    out = list(
        spider.parse_feed(feed_response((FIXTURES / "site" / "rss.xml").read_bytes()), source)
    )
    visits = [o for o in out if isinstance(o, SourceVisit)]
    requests = [o for o in out if not isinstance(o, SourceVisit)]
    assert [(v.ok, v.entries) for v in visits] == [(True, 4)]
    assert [r.url for r in requests] == [
        f"{BASE}/news/editors-detained.html?utm_source=rss",
        f"{BASE}/news/typhoon.html",
        f"{BASE}/news/gallery.html",
        f"{BASE}/news/missing.html",
    ]
    hint = requests[1].cb_kwargs["feed"]
    assert (hint.title, hint.published) == ("Typhoon signal lowered as winds ease", "2021-07-12")


def test_known_urls_are_not_fetched_again(tmp_path):
    spider = make_spider(tmp_path)
    [source] = spider.selected_sources()
    known = spider.known()
    known.update({f"{BASE}/news/typhoon.html": "", f"{BASE}/news/editors-detained.html": ""})
    body = (FIXTURES / "site" / "rss.xml").read_bytes()
    urls = [getattr(o, "url", None) for o in spider.parse_feed(feed_response(body), source)]
    assert f"{BASE}/news/typhoon.html" not in urls
    assert not any(u and "editors-detained" in u for u in urls)
    assert f"{BASE}/news/gallery.html" in urls


def test_malformed_feed_is_recorded_not_raised(tmp_path):
    spider = make_spider(tmp_path)
    [source] = spider.selected_sources()
    truncated = b"<rss><channel><item><title>cut</title><link>/a.html</link></item><item><ti"
    out = list(spider.parse_feed(feed_response(truncated), source))
    assert f"{BASE}/a.html" in [getattr(o, "url", None) for o in out]  # what could be read is used
    out = list(spider.parse_feed(feed_response(b"\x00\x01 not a feed at all"), source))
    assert any(isinstance(o, CrawlError) and "malformed feed" in o.error for o in out)
    assert SourceVisit("gazette", ok=False, error=out[0].error) in out


def test_article_response_becomes_a_story(tmp_path):
    spider = make_spider(tmp_path)
    [source] = spider.selected_sources()
    body = (FIXTURES / "site" / "news" / "editors-detained.html").read_bytes()
    response = HtmlResponse(url=f"{BASE}/news/editors-detained.html", body=body, encoding="utf-8")
    [story] = spider.parse_article(response, source, feed=None)
    assert isinstance(story, Story)
    assert story.source == "gazette" and story.published == "2021-06-17"


def test_sources_of_other_kinds_and_demo_sources_are_not_selected(tmp_path):
    path = tmp_path / "sources.yml"
    path.write_text(
        "sources:\n"
        "  - {name: a, kind: feed, url: 'http://x.test/a'}\n"
        "  - {name: b, kind: sitemap, url: 'http://x.test/b'}\n"
        "  - {name: c, kind: feed, url: 'http://x.test/c', demo: true}\n"
        "  - {name: d, kind: feed, url: 'http://x.test/d', enabled: false}\n"
    )
    crawler = get_crawler(FeedSpider, {"PRESSMONITOR_SOURCES": str(path)})
    assert [s.name for s in FeedSpider.from_crawler(crawler).selected_sources()] == ["a"]


def test_feedparser_reads_real_feeds():
    guardian = shared_path("corpus", "feeds", "rssparser_guardian_us_2018-01-31.rss")
    parsed = feedparser.parse(guardian.read_bytes())
    assert len(parsed.entries) == 55
    assert all(e.get("link", "").startswith("http") for e in parsed.entries)


def test_feedparser_reads_gb2312_and_broken_feeds():
    chinese = shared_path("corpus", "feeds", "rssparser_qq_news_gb2312.xml")
    parsed = feedparser.parse(chinese.read_bytes())
    assert parsed.entries
    titles = "".join(e.get("title", "") for e in parsed.entries)
    assert "\ufffd" not in titles and any("\u4e00" <= ch <= "\u9fff" for ch in titles)
    broken = shared_path("corpus", "feeds", "rssparser_uolNoticias_ptBR_2018-09-24.rss")
    parsed = feedparser.parse(broken.read_bytes())
    assert parsed.bozo and parsed.entries  # not well-formed XML, still read
