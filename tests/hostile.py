"""Hostile local servers for the hardening tests: bombs, hangs, trickles, resets, bad redirects.

Everything listens on 127.0.0.1 only. `HostileSite` extends the counting `tests.sites.Site`
with raw routes that own the socket (to hang, trickle, reset or never end a body), and
`record_fault` writes one row of the fault table that `bench/fault_suite.py` prints.
"""

from __future__ import annotations

import gzip
import json
import os
import socket
import sqlite3
import struct
import time
import zlib
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import brotli
from backports import zstd

from pressmonitor.sample_site import serve_http
from tests.conftest import run_cli
from tests.sites import Site, SiteHandler, article_html, static

Raw = Callable[[SiteHandler], None]

FAST = [
    "-s",
    "AUTOTHROTTLE_ENABLED=False",
    "-s",
    "DOWNLOAD_DELAY=0",
    "-s",
    "CONCURRENT_REQUESTS_PER_DOMAIN=16",
    "-s",
    "DOWNLOAD_TIMEOUT=2",
    "-s",
    "PRESSMONITOR_BACKOFF_BASE=0.5",
]


@dataclass
class HostileSite(Site):
    """A Site whose `raw` routes write to the socket themselves."""

    raw: dict[str, Raw] = field(default_factory=dict)


class HostileHandler(SiteHandler):
    site: HostileSite

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        path = self.path.split("?", 1)[0]
        raw = self.site.raw.get(path)
        if raw is None:
            super().do_GET()
            return
        with self.site.lock:
            self.site.log.append((time.monotonic(), "GET", self.path, 0))
        try:
            raw(self)
        except (BrokenPipeError, ConnectionResetError, TimeoutError, OSError):
            pass
        self.close_connection = True


def serve_hostile(site: HostileSite) -> AbstractContextManager[str]:
    """Serve on 127.0.0.1 (an ephemeral port); a context manager yielding the base URL."""
    return serve_http(type("Handler", (HostileHandler,), {"site": site}))


# --- faults ------------------------------------------------------------------------------------


def hang(handler: SiteHandler) -> None:
    """Accept and never answer (until the client gives up)."""
    handler.connection.settimeout(30)
    handler.connection.recv(1)  # blocks until the client closes


def trickle(handler: SiteHandler) -> None:
    """Headers at once, then one byte every 0.3 s, forever."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", "100000")
    handler.end_headers()
    for _ in range(200):
        handler.wfile.write(b"x")
        handler.wfile.flush()
        time.sleep(0.3)


def reset(handler: SiteHandler) -> None:
    """Close with a TCP RST instead of an answer."""
    handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    handler.connection.close()


def endless(handler: SiteHandler) -> None:
    """A chunked HTML body that never ends."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html; charset=utf-8")
    handler.send_header("Transfer-Encoding", "chunked")
    handler.end_headers()
    chunk = b"<p>" + b"endless " * 8000 + b"</p>"
    frame = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
    for _ in range(100_000):
        handler.wfile.write(frame)


def big_feed(total: int) -> Raw:
    """An RSS feed of `total` bytes, streamed (valid XML if read to the end)."""

    def route(handler: SiteHandler) -> None:
        item = b"<item><title>filler</title><link>/nowhere.html</link></item>"
        head = b"<?xml version='1.0'?><rss version='2.0'><channel><title>big</title>"
        count = (total - len(head)) // len(item)
        handler.send_response(200)
        handler.send_header("Content-Type", "application/rss+xml")
        handler.send_header("Content-Length", str(len(head) + count * len(item) + 16))
        handler.end_headers()
        handler.wfile.write(head)
        block = item * 1000
        for _ in range(count // 1000):
            handler.wfile.write(block)
        handler.wfile.write(item * (count % 1000) + b"</channel></rss>")

    return route


def status(code: int, **headers: str) -> Callable[[SiteHandler], tuple[int, dict, bytes]]:
    return lambda handler: (code, headers, b"error")


def flaky(code: int, failures: int, then: bytes, **headers: str):
    """`code` for the first `failures` requests, then `then` with 200."""
    seen = {"n": 0}

    def route(handler: SiteHandler) -> tuple[int, dict, bytes]:
        seen["n"] += 1
        if seen["n"] <= failures:
            return code, headers, b"busy"
        return 200, {"Content-Type": "application/rss+xml"}, then

    return route


def redirect(location: str) -> Callable[[SiteHandler], tuple[int, dict, bytes]]:
    return lambda handler: (302, {"Location": location}, b"")


@cache
def bomb(encoding: str, size: int = 64 * 1024 * 1024) -> bytes:
    """`size` bytes of zeros (a valid HTML prefix) compressed with `encoding`."""
    payload = b"<html><body><p>" + b"\0" * (size - 15)
    if encoding == "gzip":
        return gzip.compress(payload, compresslevel=9)
    if encoding == "deflate":
        return zlib.compress(payload, 9)
    if encoding == "br":
        return brotli.compress(payload, quality=5)
    if encoding == "zstd":
        return zstd.compress(payload)
    raise ValueError(encoding)


def compressed(encoding: str) -> Callable[[SiteHandler], tuple[int, dict, bytes]]:
    body = bomb(encoding)
    headers = {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": encoding}
    return lambda handler: (200, headers, body)


# --- sites, sources, crawls ---------------------------------------------------------------------


def feed(links: list[str], title: str = "T") -> bytes:
    items = "".join(f"<item><title>{link}</title><link>{link}</link></item>" for link in links)
    return (
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>{title}</title>"
        f"{items}</channel></rss>"
    ).encode()


def good_articles(site: Site, prefix: str, count: int) -> list[str]:
    """Add `count` ordinary articles under `prefix`; returns their paths."""
    paths = [f"{prefix}/a/{i}.html" for i in range(count)]
    for i, path in enumerate(paths):
        site.routes[path] = static(article_html(zlib.crc32(prefix.encode()) % 10_000 * 100 + i))
    return paths


def sources_yaml(path: Path, feeds: dict[str, str], kind: str = "feed") -> Path:
    lines = ["sources:"]
    for name, url in feeds.items():
        lines += [f"  - name: {name}", f"    kind: {kind}", f"    url: {url}", "    language: en"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def crawl(tmp: Path, sources: Path, *extra: str, timeout: float = 120):
    return run_cli(
        "crawl",
        "--db",
        str(tmp / "pressmonitor.db"),
        "--sources",
        str(sources),
        *FAST,
        *extra,
        timeout=timeout,
    )


def query(db: Path, sql: str, params: tuple = ()) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def stored_paths(db: Path) -> set[str]:
    return {url.split("/", 3)[3] for (url,) in query(db, "select url from stories")}


def duplicates(db: Path) -> int:
    """Stories stored more than once under the same URL (or the same content)."""
    (by_url,) = query(db, "select count(*) - count(distinct url) from stories")[0]
    (by_text,) = query(
        db,
        "select count(*) - count(distinct content_hash) from stories where extraction = 'ok'",
    )[0]
    return by_url + by_text


def record_fault(fault: str, injected: str, survived: bool, lost: int, dupes: int) -> None:
    """Append one row to the fault table (PRESSMONITOR_FAULT_REPORT), if a report is wanted."""
    path = os.environ.get("PRESSMONITOR_FAULT_REPORT")
    if not path:
        return
    test = os.environ.get("PYTEST_CURRENT_TEST", "").split(" ")[0]
    row = {
        "fault": fault,
        "injected": injected,
        "survived": bool(survived),
        "lost": lost,
        "dupes": dupes,
        "test": test,
    }
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(row) + "\n")
