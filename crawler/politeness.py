"""Politeness beyond Scrapy's defaults: robots.txt Crawl-delay, and back-off on 429/503.

Scrapy obeys robots.txt rules but not its Crawl-delay, and retries 429/503 at once; a
crawler that runs for years against small outlets' servers must do both.
"""

from __future__ import annotations

import asyncio
import email.utils
import time
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.http import Response
from scrapy.utils.httpobj import urlparse_cached


def _downloader_slot(crawler: Crawler, request: Request) -> Any:
    downloader = crawler.engine.downloader
    return downloader._get_slot(request)[1]


def retry_after_seconds(value: str, now: float | None = None) -> float | None:
    """Retry-After as seconds: either a number of seconds or an HTTP date."""
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (now or time.time()))


#: When each host last answered, across the spiders of one process.
_LAST_RESPONSE: dict[str, float] = {}


class CrawlDelayMiddleware:
    """Apply each host's robots.txt Crawl-delay to its download slot, with no jitter.

    Runs after RobotsTxtMiddleware, which has parsed the host's robots.txt by then.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.user_agent = crawler.settings.get("USER_AGENT", "")
        self.max_delay = crawler.settings.getfloat("PRESSMONITOR_MAX_CRAWL_DELAY", 60.0)
        self.delays: dict[str, float] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlDelayMiddleware:
        return cls(crawler)

    def _robots(self) -> RobotsTxtMiddleware | None:
        for mw in self.crawler.engine.downloader.middleware.middlewares:
            if isinstance(mw, RobotsTxtMiddleware):
                return mw
        return None

    def crawl_delay(self, request: Request) -> float:
        netloc = urlparse_cached(request).netloc
        if netloc not in self.delays:
            robots = self._robots()
            parser = robots._parsers.get(netloc) if robots else None
            rp = getattr(parser, "rp", None)
            delay = rp.crawl_delay(self.user_agent) if rp is not None else None
            self.delays[netloc] = min(float(delay or 0.0), self.max_delay)
        return self.delays[netloc]

    async def process_request(self, request: Request) -> None:
        if request.url.endswith("/robots.txt"):
            return
        delay = self.crawl_delay(request)
        if delay:
            request.meta["autothrottle_dont_adjust_delay"] = True
            slot = _downloader_slot(self.crawler, request)
            slot.delay = max(slot.delay, delay)
            slot.jitter = 0.0
            # The slot spaces this crawler's requests; a previous spider's last request to
            # the same host (same process, another downloader) is waited out here.
            last = _LAST_RESPONSE.get(urlparse_cached(request).netloc)
            if last is not None and time.monotonic() - last < delay:
                await asyncio.sleep(delay - (time.monotonic() - last))

    def process_response(self, request: Request, response: Response) -> Response:
        _LAST_RESPONSE[urlparse_cached(request).netloc] = time.monotonic()
        return response


class BackoffRetryMiddleware(RetryMiddleware):
    """Retry 429 and 503 after the server's Retry-After, or an exponential back-off.

    The wait is capped (PRESSMONITOR_MAX_RETRY_WAIT) so that one server cannot stall a crawl,
    and the host's slot is slowed for the requests that follow.
    """

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.base_wait = settings.getfloat("PRESSMONITOR_BACKOFF_BASE", 2.0)
        self.max_wait = settings.getfloat("PRESSMONITOR_MAX_RETRY_WAIT", 120.0)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BackoffRetryMiddleware:
        mw = cls(crawler.settings)
        mw.crawler = crawler
        return mw

    def wait_for(self, request: Request, response: Response) -> float:
        header = (response.headers.get("Retry-After") or b"").decode("latin-1")
        wait = retry_after_seconds(header)
        if wait is None:
            wait = self.base_wait * 2 ** request.meta.get("retry_times", 0)
        return min(wait, self.max_wait)

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        if response.status not in (429, 503) or request.meta.get("dont_retry", False):
            return super().process_response(request, response)
        retry = self._retry(request, f"HTTP {response.status}")
        if retry is None:
            return response
        wait = self.wait_for(request, response)
        slot = _downloader_slot(self.crawler, request)
        slot.delay = max(slot.delay, wait)
        request.meta["pressmonitor_backoff"] = wait
        await asyncio.sleep(wait)
        return retry


#: robots.txt parsers by netloc, shared by the crawlers of one process (one per spider kind),
#: so a site with a feed and a sitemap has its robots.txt fetched once per run.
_SHARED_ROBOTS: dict[str, Any] = {}


class SharedRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware with a per-process parser cache."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self._parsers = _SHARED_ROBOTS
