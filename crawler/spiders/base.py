"""What every source spider shares: the sources it crawls, the URLs it already has, errbacks."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import scrapy
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from crawler.items import CrawlError, SourceVisit
from crawler.pages import page_module
from pipelines.extract import FeedHint
from pipelines.sources import Source, load_sources
from pipelines.urls import canonical_url


def known_urls(db_path: str | Path) -> set[str]:
    """Canonical URLs already stored, read without opening the database for writing."""
    path = Path(db_path)
    if not path.exists():
        return set()
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = con.execute("select url, other_urls from stories").fetchall()
    except sqlite3.OperationalError:
        return set()
    finally:
        con.close()
    urls = {url for url, _ in rows}
    for _, others in rows:
        if others and others != "[]":
            urls.update(u.strip(' "') for u in others.strip("[]").split(",") if u.strip())
    return urls


class SourceSpider(scrapy.Spider):
    """Base spider: `kind` selects the sources of sources.yml it crawls."""

    kind = ""

    def __init__(self, *args: Any, source: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.only_source = source

    def selected_sources(self) -> list[Source]:
        settings = self.crawler.settings
        only = {
            s
            for s in (self.only_source or settings.get("PRESSMONITOR_ONLY_SOURCES", "")).split(",")
            if s
        }
        include_demo = settings.getbool("PRESSMONITOR_INCLUDE_DEMO")
        chosen = []
        for src in load_sources(settings.get("PRESSMONITOR_SOURCES")):
            if src.kind != self.kind or not src.enabled or (only and src.name not in only):
                continue
            if src.demo != include_demo and not only:
                continue
            chosen.append(src)
        return chosen

    def known(self) -> set[str]:
        if not hasattr(self, "_known"):
            if self.crawler.settings.getbool("PRESSMONITOR_REFETCH_KNOWN"):
                self._known: set[str] = set()
            else:
                self._known = known_urls(self.crawler.settings.get("PRESSMONITOR_DB"))
        return self._known

    def article_request(self, url: str, source: Source, feed: FeedHint) -> scrapy.Request | None:
        """A request for an article not yet stored, or None where we already have it."""
        if canonical_url(url) in self.known():
            return None
        self.known().add(canonical_url(url))
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
        if hasattr(failure.value, "response") and failure.value.response is not None:
            error = f"HTTP {failure.value.response.status}"
        self.logger.warning("%s %s failed: %s", stage, request.url, error)
        yield CrawlError(source, request.url, stage, f"{failure.type.__name__}: {error}")
        if stage != "article":
            yield SourceVisit(source, ok=False, error=f"{failure.type.__name__}: {error}")
