"""Run the spiders of every kind that has sources, in one process, as one crawl run.

Exit codes (documented in the README): 0 every source answered; 1 the crawl finished but some
source or page failed (see `crawl_errors` and `sources`); 2 the configuration is invalid;
3 another crawl holds the lock on this database.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from pipelines.schema import open_db
from pipelines.sources import Source, load_sources
from pipelines.store import ensure_sources, finish_run, start_run
from pressmonitor.lock import LockHeld, crawl_lock

if TYPE_CHECKING:
    from scrapy.crawler import CrawlerProcess

EXIT_OK, EXIT_SOURCE_ERRORS, EXIT_CONFIG, EXIT_LOCKED = 0, 1, 2, 3

#: Spider name for each source kind.
SPIDERS = {"feed": "feeds", "sitemap": "sitemaps", "listing": "listings"}


def project_settings(overrides: Mapping[str, object]):
    """Scrapy's settings for this project, as `scrapy crawl` from the project root would load them."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    settings.setmodule("crawler.settings", priority="project")
    for name, value in overrides.items():
        settings.set(name, value, priority="cmdline")
    return settings


def run_sequentially(process: CrawlerProcess, names: list[str]) -> None:
    """Run the spiders one after another in one reactor.

    One at a time, so a site that has both a feed and a sitemap is never hit by two
    downloaders at once (each keeps its own per-host delay); a Ctrl-C stops the chain.
    """
    from twisted.internet import defer

    @defer.inlineCallbacks
    def chain():  # type: ignore[no-untyped-def]
        try:
            for name in names:
                crawler = process.create_crawler(name)
                yield process.crawl(crawler)
                if crawler.stats and crawler.stats.get_value("finish_reason") == "shutdown":
                    break
        finally:
            # Imported here: importing it earlier would install the default reactor
            # before Scrapy installs the asyncio one it is configured with.
            from twisted.internet import reactor

            if reactor.running:
                reactor.stop()
            else:  # failed before the reactor started: stop it as soon as it does
                reactor.callWhenRunning(reactor.stop)

    chain()
    process.start(stop_after_crawl=False)


def spiders_for(sources: Iterable[Source], include_demo: bool) -> list[str]:
    kinds = {s.kind for s in sources if s.enabled and s.demo == include_demo}
    return [SPIDERS[k] for k in SPIDERS if k in kinds]


def run_crawl(
    db_path: str | Path,
    sources_path: str | Path,
    overrides: Mapping[str, object] | None = None,
    include_demo: bool = False,
) -> int:
    """Crawl every enabled source into the database; return the exit code."""
    sources = load_sources(sources_path)
    try:
        with crawl_lock(db_path):
            return _crawl(db_path, sources_path, sources, overrides or {}, include_demo)
    except LockHeld as exc:
        print(f"error: {exc}; not starting a second one", file=sys.stderr)
        return EXIT_LOCKED


def _crawl(
    db_path: str | Path,
    sources_path: str | Path,
    sources: list[Source],
    overrides: Mapping[str, object],
    include_demo: bool,
) -> int:
    from scrapy.crawler import CrawlerProcess

    db = open_db(db_path)
    # We hold the lock, so a run still marked running was killed before it could finish.
    db.execute("update crawl_runs set status = 'killed' where status = 'running'")
    ensure_sources(db, sources)
    run_id = start_run(db)
    db.close()
    settings = project_settings(
        {
            "PRESSMONITOR_DB": str(db_path),
            "PRESSMONITOR_SOURCES": str(sources_path),
            "PRESSMONITOR_RUN_ID": run_id,
            "PRESSMONITOR_INCLUDE_DEMO": include_demo,
            **overrides,
        }
    )
    names = spiders_for(sources, include_demo)
    if names:
        from pipelines.extract import warm_caches

        warm_caches()
        run_sequentially(CrawlerProcess(settings), names)

    db = open_db(db_path)
    row = db.table("crawl_runs").get(run_id)
    errors = row.get("errors") or 0
    failed = [
        r["name"]
        for r in db.query(
            "select name from sources where last_run >= ? and "
            "(last_success is null or last_success < last_run) order by name",
            [row["started"]],
        )
    ]
    summary = {
        "run": run_id,
        "spiders": names,
        "requests": row.get("requests") or 0,
        "pages": row.get("pages") or 0,
        "stories": row.get("stories") or 0,
        "new_stories": row.get("new_stories") or 0,
        "errors": errors,
        "failed_sources": failed,
    }
    finish_run(
        db,
        run_id,
        "errors" if errors else "ok",
        summary=json.dumps(summary),
        sources=len([s for s in sources if s.enabled and s.demo == include_demo]),
    )
    db.close()
    print(
        f"crawl run {run_id}: {summary['pages']} pages, {summary['stories']} stories "
        f"({summary['new_stories']} new), {errors} errors"
        + (f"; failed sources: {', '.join(failed)}" if failed else "")
    )
    return EXIT_SOURCE_ERRORS if errors else EXIT_OK
