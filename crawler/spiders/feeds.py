"""RSS and Atom sources: Scrapy downloads the feed, feedparser parses the body, links are followed.

feedparser never fetches by itself (it would bypass robots.txt, throttling and size caps).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin

import scrapy
from scrapy.http import Response

from crawler.items import CrawlError, SourceVisit
from crawler.safety import parse_feed
from crawler.spiders.base import SourceSpider, header
from pipelines.extract import FeedHint
from pipelines.sources import Source


def entry_hint(entry: Any) -> FeedHint:
    """The title, date and summary a feed entry gives, for pages that lack them."""
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    published = time.strftime("%Y-%m-%d", parsed) if parsed else None
    return FeedHint(
        title=entry.get("title", "") or "",
        published=published,
        summary=entry.get("summary", "") or "",
    )


class FeedSpider(SourceSpider):
    name = "feeds"
    kind = "feed"

    def index_request(
        self, url: str, source: Source, cache: tuple[str, str] = ("", "")
    ) -> scrapy.Request:
        """A feed request capped at PRESSMONITOR_MAX_FEED_BYTES (feedparser's cost grows with it)."""
        request = super().index_request(url, source, cache)
        settings = self.crawler.settings
        caps = [settings.getint("PRESSMONITOR_MAX_FEED_BYTES", 5 * 1024 * 1024)]
        caps += [settings.getint("DOWNLOAD_MAXSIZE")] if settings.getint("DOWNLOAD_MAXSIZE") else []
        request.meta["download_maxsize"] = min(caps)
        return request

    def parse_feed(self, response: Response, source: Source) -> Iterator[Any]:
        """Kept for callers that parse a saved feed directly."""
        yield from self.parse_source(response, source)

    def parse_source(self, response: Response, source: Source) -> Iterator[Any]:
        error, count, links = feed_links(response)
        if error:
            yield CrawlError(source.name, response.url, "feed", error)
            yield SourceVisit(source.name, ok=False, error=error)
            return
        yield self.visit(response, source, count)
        for url, hint in links:
            request = self.article_request(url, source, hint)
            if request is not None:
                yield request


def feed_links(response: Response) -> tuple[str, int, list[tuple[str, FeedHint]]]:
    """(error or '', entries, (article URL, hint) of each entry with a link).

    Only the links and hints outlive this call: feedparser's result (about 5 KB an entry) is
    freed before the requests are built, so a long feed's peak is one of the two, not both.
    """
    parsed = parse_feed(response.body, header(response, "Content-Type"))
    entries = parsed.get("entries", [])
    links = [(urljoin(response.url, e["link"]), entry_hint(e)) for e in entries if e.get("link")]
    # Malformed XML whose entries hold no link is a broken feed, not an empty one.
    if not links and parsed.get("bozo"):
        return f"malformed feed: {parsed.get('bozo_exception')}", len(entries), []
    return "", len(entries), links
