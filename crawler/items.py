"""Items the spiders yield beside Story: what went wrong, and how each source fared.

Errors travel as items so that the same pipeline that stores stories records them in the
same database: nothing a crawl meets is lost in a log file.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class CrawlError:
    source: str
    url: str
    stage: str  # feed | sitemap | listing | article | extract
    error: str


@dataclass
class SourceVisit:
    """A source's index (feed, sitemap, listing) was fetched: its health and cache validators."""

    source: str
    ok: bool
    error: str = ""
    entries: int = 0
    etag: str = ""
    last_modified: str = ""
    not_modified: bool = False
