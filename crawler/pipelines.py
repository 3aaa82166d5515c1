"""Scrapy item pipeline: a thin adapter from the crawl to the plain functions of `pipelines/`.

Stories are classified and stored in batches, one transaction a batch, so a crash loses at
most the batch in flight and never leaves half of one; errors and source health go to the
same database.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from sqlite_utils import Database

from crawler.items import CrawlError, SourceVisit
from pipelines.dedupe import NearDuplicateIndex
from pipelines.models import Story
from pipelines.processing import process_stories
from pipelines.schema import open_db
from pipelines.sources import load_sources
from pipelines.store import (
    add_run_counts,
    ensure_sources,
    finish_run,
    forget_validators,
    record_error,
    record_source_visit,
    start_run,
)

log = logging.getLogger(__name__)


#: Near-duplicate indexes by database, shared by the spiders of one process: loading one reads
#: every stored original's signature, and the spiders run one after another on one database.
_INDEXES: dict[str, NearDuplicateIndex] = {}


def near_duplicate_index(db: Database, db_path: str) -> NearDuplicateIndex:
    key = str(Path(db_path).resolve())
    if key not in _INDEXES:
        _INDEXES[key] = NearDuplicateIndex.from_db(db)
    return _INDEXES[key]


class StorePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.db_path = settings.get("PRESSMONITOR_DB")
        self.sources_path = settings.get("PRESSMONITOR_SOURCES")
        self.batch_size = settings.getint("PRESSMONITOR_BATCH_SIZE", 50)
        self.run_id: int | None = settings.getint("PRESSMONITOR_RUN_ID") or None
        self.owns_run = self.run_id is None
        self.buffer: list[Story] = []
        self.counts = {"stories": 0, "new_stories": 0, "errors": 0}
        self.failed_sources: set[str] = set()
        self.validators: dict[str, tuple[str, str]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self, spider: Spider | None = None) -> None:
        self.db = open_db(self.db_path)
        ensure_sources(self.db, load_sources(self.sources_path))
        self.index = near_duplicate_index(self.db, self.db_path)
        if self.owns_run:
            self.run_id = start_run(self.db)

    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        if isinstance(item, Story):
            self.buffer.append(item)
            if len(self.buffer) >= self.batch_size:
                self.flush()
        elif isinstance(item, CrawlError):
            if item.stage != "robots":  # disallowed by robots.txt is policy, not failure
                self.counts["errors"] += 1
                self.failed_sources.add(item.source)
            record_error(self.db, self.run_id, item.source, item.url, item.stage, item.error)
        elif isinstance(item, SourceVisit):
            # Validators wait for a finished crawl (spider_closed): stored now, a crawl killed
            # or interrupted before the articles were would make the next run's 304 skip them.
            if item.ok and not item.not_modified:
                self.validators[item.source] = (item.etag, item.last_modified)
            record_source_visit(self.db, item.source, item.ok, item.error, None)
        return item

    def flush(self) -> None:
        if not self.buffer:
            return
        outcomes = process_stories(self.db, self.buffer, self.index)
        self.counts["stories"] += len(self.buffer)
        self.counts["new_stories"] += sum(1 for o in outcomes if o == "new")
        self.buffer = []

    def spider_closed(self, spider: Spider, reason: str) -> None:
        """Store the index validators of the sources whose articles are all stored."""
        if reason != "finished":
            return
        done = {k: v for k, v in self.validators.items() if k not in self.failed_sources}
        if not done:
            return
        db = Database(self.db_path)
        db.execute("PRAGMA busy_timeout = 10000")
        with db.conn:
            for name, (etag, modified) in done.items():
                db.execute(
                    "update sources set etag = ?, last_modified = ? where name = ?",
                    [etag or None, modified or None, name],
                )
        db.close()

    def close_spider(self, spider: Spider | None = None) -> None:
        self.flush()
        # A source with failed articles is fetched in full next time, so they are retried.
        forget_validators(self.db, self.failed_sources)
        if self.run_id is not None:
            stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
            add_run_counts(
                self.db,
                self.run_id,
                requests=stats.get("downloader/request_count", 0),
                pages=stats.get("response_received_count", 0),
                **self.counts,
            )
            if self.owns_run:
                finish_run(self.db, self.run_id, "errors" if self.counts["errors"] else "ok")
        self.db.close()
