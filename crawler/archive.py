"""Keep every fetched response as a WARC record, so stories can be re-extracted and outlive outlets.

One gzip-compressed WARC file per crawl, beside the database (`<db dir>/archive/`). WARC is the
format web archives read (warcio, pywb, the Wayback Machine's tools).
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter


def archive_dir(settings: Any) -> Path:
    explicit = settings.get("PRESSMONITOR_ARCHIVE_DIR")
    if explicit:
        return Path(explicit)
    return Path(settings.get("PRESSMONITOR_DB")).resolve().parent / "archive"


# Scrapy has already decoded the body, so these no longer describe the stored payload.
_REWRITTEN_HEADERS = {b"content-encoding", b"content-length", b"transfer-encoding"}


class ArchiveMiddleware:
    """Downloader middleware writing each response (any status) to the run's WARC file."""

    def __init__(self, directory: Path, enabled: bool = True, name: str = "crawl") -> None:
        self.directory = directory
        self.name = name
        self.enabled = enabled
        self._file: io.BufferedWriter | None = None
        self._writer: WARCWriter | None = None
        self.path: Path | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchiveMiddleware:
        mw = cls(
            archive_dir(crawler.settings),
            crawler.settings.getbool("PRESSMONITOR_ARCHIVE", True),
            crawler.spidercls.name or "crawl",
        )
        crawler.signals.connect(mw.close, signal=signals.spider_closed)
        return mw

    def _open(self) -> WARCWriter:
        if self._writer is None:
            self.directory.mkdir(parents=True, exist_ok=True)
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
            self.path = self.directory / f"{self.name}-{stamp}.warc.gz"
            self._file = open(self.path, "wb")  # noqa: SIM115 - closed on spider_closed
            self._writer = WARCWriter(self._file, gzip=True)
        return self._writer

    def process_response(self, request: Request, response: Response) -> Response:
        if not self.enabled or request.url.endswith("/robots.txt"):
            return response
        writer = self._open()
        headers = [
            (k.decode("latin-1"), b", ".join(vs).decode("latin-1"))
            for k, vs in response.headers.items()
            if k.lower() not in _REWRITTEN_HEADERS
        ]
        status = StatusAndHeaders(f"{response.status} -", headers, protocol="HTTP/1.1")
        record = writer.create_warc_record(
            response.url,
            "response",
            payload=io.BytesIO(response.body),
            http_headers=status,
        )
        writer.write_record(record)
        return response

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = self._writer = None
