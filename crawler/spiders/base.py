"""What every source spider shares: the sources it crawls, the URLs it already has, errbacks.

Index pages (feeds, sitemaps, listings) are fetched with the validators of the last visit
(If-None-Match / If-Modified-Since), so an unchanged source costs one 304 and nothing more;
articles already stored are not fetched again unless the source says they changed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from crawler.items import CrawlError, SourceVisit
from crawler.pages import page_module
from pipelines.extract import FeedHint
from pipelines.sources import Source, load_sources
from pipelines.urls import canonical_url


def _read_only(db_path: str | Path, sql: str) -> list[tuple]:
    path = Path(db_path)
    if not path.exists():
        return []
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute(sql).fetchall()
    except sqlite3.OperationalError:
        return []
    finally:
        con.close()


def known_urls(db_path: str | Path) -> dict[str, str]:
    """Canonical URLs already stored, each with when it was fetched."""
    known: dict[str, str] = {}
    for url, others, fetched in _read_only(
        db_path, "select url, other_urls, fetched_at from stories"
    ):
        known[url] = fetched or ""
        if others and others != "[]":
            for other in others.strip("[]").split(","):
                if other.strip(' "'):
                    known[other.strip(' "')] = fetched or ""
    return known


def validators(db_path: str | Path) -> dict[str, tuple[str, str]]:
    """Each source's ETag and Last-Modified from its last successful visit."""
    rows = _read_only(db_path, "select name, etag, last_modified from sources")
    return {name: (etag or "", modified or "") for name, etag, modified in rows}


#: URLs stored or already requested, shared by the spiders of one process (a feed and a sitemap
#: of the same site list the same articles), keyed by database.
_KNOWN: dict[str, dict[str, str]] = {}

#: "Fetched" time of a URL requested during this run: later than any date a source can give.
CLAIMED = "9999-12-31T23:59:59+00:00"


def header(response: Response, name: str) -> str:
    return (response.headers.get(name) or b"").decode("latin-1")


class SourceSpider(scrapy.Spider):
    """Base spider: `kind` selects the sources of sources.yml it crawls."""

    kind = ""

    def __init__(self, *args: Any, source: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.only_source = source

    @classmethod
    def update_settings(cls, settings: Any) -> None:
        """One JOBDIR subfolder per spider: the spiders of one crawl run in one process and
        would otherwise share (and corrupt) one request queue and one seen-requests file."""
        super().update_settings(settings)
        jobdir = settings.get("JOBDIR")
        if jobdir and cls.name:
            settings.set("JOBDIR", str(Path(jobdir) / cls.name), settings.getpriority("JOBDIR"))

    @property
    def db_path(self) -> str:
        return self.crawler.settings.get("PRESSMONITOR_DB")

    def selected_sources(self) -> list[Source]:
        settings = self.crawler.settings
        names = self.only_source or settings.get("PRESSMONITOR_ONLY_SOURCES", "")
        only = {s for s in names.split(",") if s}
        include_demo = settings.getbool("PRESSMONITOR_INCLUDE_DEMO")
        chosen = []
        for src in load_sources(settings.get("PRESSMONITOR_SOURCES")):
            if src.kind != self.kind or not src.enabled or (only and src.name not in only):
                continue
            if src.demo != include_demo and not only:
                continue
            chosen.append(src)
        return chosen

    def known(self) -> dict[str, str]:
        """Stored URLs with their fetch time, shared with the other spiders of this process."""
        if self.db_path not in _KNOWN:
            refetch = self.crawler.settings.getbool("PRESSMONITOR_REFETCH_KNOWN")
            _KNOWN[self.db_path] = {} if refetch else known_urls(self.db_path)
        return _KNOWN[self.db_path]

    async def start(self) -> AsyncIterator[scrapy.Request]:
        cached = (
            {}
            if self.crawler.settings.getbool("PRESSMONITOR_REFETCH_KNOWN")
            else validators(self.db_path)
        )
        for source in self.selected_sources():
            yield self.index_request(source.url, source, cached.get(source.name, ("", "")))

    def index_request(
        self, url: str, source: Source, cache: tuple[str, str] = ("", "")
    ) -> scrapy.Request:
        etag, modified = cache
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        return scrapy.Request(
            url,
            callback=self.parse_index,
            errback=self.on_error,
            headers=headers,
            cb_kwargs={"source": source},
            meta={
                "pressmonitor_source": source.name,
                "pressmonitor_stage": self.kind,
                "handle_httpstatus_list": [304],
            },
            dont_filter=True,
        )

    def parse_index(self, response: Response, source: Source) -> Iterator[Any]:
        """Route an index response: 304 means nothing changed since the last visit."""
        if response.status == 304:
            yield SourceVisit(source.name, ok=True, not_modified=True)
            return
        yield from self.parse_source(response, source)

    def parse_source(self, response: Response, source: Source) -> Iterator[Any]:
        raise NotImplementedError

    def visit(self, response: Response, source: Source, entries: int) -> SourceVisit:
        return SourceVisit(
            source.name,
            ok=True,
            entries=entries,
            etag=header(response, "ETag"),
            last_modified=header(response, "Last-Modified"),
        )

    def article_request(
        self, url: str, source: Source, feed: FeedHint, changed_since: str = ""
    ) -> scrapy.Request | None:
        """A request for an article not yet stored (or changed since), else None."""
        canonical = canonical_url(url)
        fetched = self.known().get(canonical)
        if fetched is not None and not (changed_since and changed_since > fetched):
            return None
        self.known()[canonical] = CLAIMED
        return scrapy.Request(
            url,
            callback=self.parse_article,
            errback=self.on_error,
            cb_kwargs={"source": source, "feed": feed},
            meta={"pressmonitor_source": source.name, "pressmonitor_stage": "article"},
        )

    def parse_article(self, response: Response, source: Source, feed: FeedHint) -> Iterator[Any]:
        if not isinstance(response, TextResponse):
            yield CrawlError(source.name, response.url, "article", "not a text page")
            return
        try:
            yield page_module(source.page).parse(response, source, feed)
        except Exception as exc:  # noqa: BLE001 - a bad page must not stop the crawl
            yield CrawlError(source.name, response.url, "extract", f"{type(exc).__name__}: {exc}")

    def on_error(self, failure: Failure) -> Iterator[Any]:
        request = failure.request  # type: ignore[attr-defined]
        source = request.meta.get("pressmonitor_source", "")
        stage = request.meta.get("pressmonitor_stage", "article")
        error = failure.getErrorMessage() or failure.type.__name__
        if failure.check(IgnoreRequest) and "robots.txt" in error:
            # The site asked us not to: a policy, not a failure.
            yield CrawlError(source, request.url, "robots", error)
            return
        if getattr(failure.value, "response", None) is not None:
            error = f"HTTP {failure.value.response.status}"
        self.logger.warning("%s %s failed: %s", stage, request.url, error)
        yield CrawlError(source, request.url, stage, f"{failure.type.__name__}: {error}")
        if stage != "article":
            yield SourceVisit(source, ok=False, error=f"{failure.type.__name__}: {error}")
