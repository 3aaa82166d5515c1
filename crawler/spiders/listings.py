"""Listing sources: an index page whose article links a CSS or XPath rule in sources.yml finds.

The last resort for sites with neither a feed nor a sitemap. A rule starting with `/` or `(`
is XPath, anything else CSS; it may select the links (`a.headline`) or their URLs (`::attr(href)`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scrapy.http import Response, TextResponse

from crawler.items import CrawlError, SourceVisit
from crawler.spiders.base import SourceSpider
from pipelines.extract import FeedHint
from pipelines.sources import Source


def listing_links(response: TextResponse, rule: str) -> list[str]:
    """Absolute URLs the rule selects, in page order, without repeats."""
    selected = response.xpath(rule) if rule.startswith(("/", "(")) else response.css(rule)
    links: list[str] = []
    for node in selected:
        href = node.attrib.get("href") if hasattr(node, "attrib") and node.attrib else None
        value = href if href is not None else node.get()
        if not value or value.lstrip().startswith("<"):
            continue
        url = response.urljoin(value.strip())
        if url.startswith(("http://", "https://")) and url not in links:
            links.append(url)
    return links


class ListingSpider(SourceSpider):
    name = "listings"
    kind = "listing"

    def parse_source(self, response: Response, source: Source) -> Iterator[Any]:
        if not isinstance(response, TextResponse):
            error = "listing page is not text"
            yield CrawlError(source.name, response.url, "listing", error)
            yield SourceVisit(source.name, ok=False, error=error)
            return
        try:
            links = listing_links(response, source.link_selector)
        except ValueError as exc:
            error = f"invalid link_selector {source.link_selector!r}: {exc}"
            yield CrawlError(source.name, response.url, "listing", error)
            yield SourceVisit(source.name, ok=False, error=error)
            return
        yield self.visit(response, source, len(links))
        for url in links:
            request = self.article_request(url, source, FeedHint())
            if request is not None:
                yield request
