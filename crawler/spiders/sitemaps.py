"""Sitemap sources: Google News sitemaps, plain sitemaps and sitemap indexes, filtered by date.

Only entries modified within the source's `lastmod_days` (default 30) are considered; an
article already stored is fetched again only when the sitemap says it changed since.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import lxml.etree
import scrapy
from scrapy.http import Response
from scrapy.utils.gz import gunzip

from crawler.items import CrawlError, SourceVisit
from crawler.spiders.base import SourceSpider
from pipelines.extract import FeedHint
from pipelines.sources import Source

DEFAULT_LASTMOD_DAYS = 30


def _parser() -> lxml.etree.XMLParser:
    """No entities, no network, no huge trees: a sitemap is a stranger's XML."""
    return lxml.etree.XMLParser(
        resolve_entities=False, no_network=True, recover=True, huge_tree=False, load_dtd=False
    )


def _local(tag: Any) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def utc_iso(value: str) -> str:
    """A W3C datetime as a UTC ISO string comparable with stored timestamps ('' if unreadable)."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return ""
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).replace(microsecond=0).isoformat()


def parse_sitemap(body: bytes) -> tuple[str, list[dict[str, str]]]:
    """('urlset' | 'sitemapindex' | '', entries of {loc, lastmod, published, title})."""
    try:
        root = lxml.etree.fromstring(body, parser=_parser())
    except lxml.etree.XMLSyntaxError:
        return "", []
    if root is None:
        return "", []
    entries = []
    for element in root:
        if _local(element.tag) not in ("url", "sitemap"):
            continue
        entry: dict[str, str] = {}
        for child in element.iter():
            name = _local(child.tag)
            if name in ("loc", "lastmod", "title") and child.text:
                entry.setdefault(name, child.text.strip())
            elif name == "publication_date" and child.text:
                entry["published"] = child.text.strip()
        if entry.get("loc"):
            entries.append(entry)
    return _local(root.tag), entries


class SitemapSpider(SourceSpider):
    name = "sitemaps"
    kind = "sitemap"

    def cutoff(self, source: Source) -> str:
        days = int(source.extra.get("lastmod_days") or DEFAULT_LASTMOD_DAYS)
        return (datetime.now(UTC) - timedelta(days=days)).replace(microsecond=0).isoformat()

    def parse_source(self, response: Response, source: Source) -> Iterator[Any]:
        body = response.body
        if body[:2] == b"\x1f\x8b":
            body = gunzip(body, max_size=self.crawler.settings.getint("DOWNLOAD_MAXSIZE"))
        kind, entries = parse_sitemap(body)
        if not kind:
            error = "not a sitemap (unparsable XML)"
            yield CrawlError(source.name, response.url, "sitemap", error)
            yield SourceVisit(source.name, ok=False, error=error)
            return
        if not response.meta.get("pressmonitor_child_sitemap"):
            yield self.visit(response, source, len(entries))
        cutoff = self.cutoff(source)
        for entry in entries:
            changed = utc_iso(entry.get("lastmod") or entry.get("published", ""))
            if changed and changed < cutoff:
                continue
            url = response.urljoin(entry["loc"])
            if kind == "sitemapindex":
                yield scrapy.Request(
                    url,
                    callback=self.parse_source,
                    errback=self.on_error,
                    cb_kwargs={"source": source},
                    meta={
                        "pressmonitor_source": source.name,
                        "pressmonitor_stage": "sitemap",
                        "pressmonitor_child_sitemap": True,
                    },
                )
                continue
            hint = FeedHint(
                title=entry.get("title", ""),
                published=(utc_iso(entry.get("published", "")) or None),
            )
            request = self.article_request(url, source, hint, changed_since=changed)
            if request is not None:
                yield request
