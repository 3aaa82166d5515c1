"""Local test web servers: a site of N articles with a feed and sitemaps, counting requests.

Serves on 127.0.0.1 only. Supports ETag / Last-Modified revalidation (304), robots.txt with a
Crawl-delay, and scripted faults (429/503 with or without Retry-After) per path.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler

from pressmonitor.sample_site import serve_http

Page = tuple[int, dict[str, str], bytes]
Route = Callable[["SiteHandler"], Page]

LAST_MODIFIED = format_datetime(datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC), usegmt=True)


def article_html(i: int) -> bytes:
    body = " ".join(
        f"Paragraph {p} of story {i}: a council meeting discussed bus routes and the new "
        f"library opening hours in district {i % 18}, and residents asked questions."
        for p in range(3)
    )
    return (
        f"<html><head><meta charset='utf-8'><title>Story {i}</title>"
        f"<meta property='article:published_time' content='2024-01-{1 + i % 28:02d}'></head>"
        f"<body><nav>Home News</nav><article><h1>Story {i}</h1><p>{body}</p>"
        f"<p>{body}</p></article><footer>Footer</footer></body></html>"
    ).encode()


@dataclass
class Site:
    """Routes by path; `log` records (time, method, path, status) of every request."""

    routes: dict[str, Route] = field(default_factory=dict)
    log: list[tuple[float, str, str, int]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def requests(self, prefix: str = "") -> list[tuple[float, str, str, int]]:
        with self.lock:
            return [r for r in self.log if r[2].startswith(prefix)]


class SiteHandler(BaseHTTPRequestHandler):
    site: Site

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        path = self.path.split("?", 1)[0]
        route = self.site.routes.get(path)
        status, headers, body = route(self) if route else (404, {}, b"not found")
        validators = headers.get("ETag"), headers.get("Last-Modified")
        if status == 200 and (
            (validators[0] and self.headers.get("If-None-Match") == validators[0])
            or (validators[1] and self.headers.get("If-Modified-Since") == validators[1])
        ):
            status, body = 304, b""
        with self.site.lock:
            self.site.log.append((time.monotonic(), "GET", self.path, status))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def static(body: bytes, content_type: str = "text/html; charset=utf-8", **headers: str) -> Route:
    return lambda handler: (200, {"Content-Type": content_type, **headers}, body)


def news_site(articles: int, base_path: str = "", crawl_delay: float | None = None) -> Site:
    """A site with `articles` pages, an RSS feed and a news sitemap listing them all."""
    site = Site()
    items = "".join(
        f"<item><title>Story {i}</title><link>{base_path}/a/{i}.html</link></item>"
        for i in range(articles)
    )
    feed = (
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>T</title>{items}</channel></rss>"
    )
    urls = "".join(
        f"<url><loc>{{base}}/a/{i}.html</loc><lastmod>2099-01-01</lastmod></url>"
        for i in range(articles)
    )
    sitemap = (
        "<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
        f"{urls}</urlset>"
    )
    robots = "User-agent: *\nDisallow: /private/\n"
    if crawl_delay is not None:
        robots += f"Crawl-delay: {crawl_delay}\n"
    site.routes["/robots.txt"] = static(robots.encode(), "text/plain")
    site.routes["/rss.xml"] = static(
        feed.encode(), "application/rss+xml", ETag='"feed-v1"', **{"Last-Modified": LAST_MODIFIED}
    )
    site.routes["/sitemap.xml"] = lambda h: (
        200,
        {"Content-Type": "application/xml", "ETag": '"sitemap-v1"'},
        sitemap.replace("{base}", f"http://{h.headers['Host']}").encode(),
    )
    for i in range(articles):
        site.routes[f"/a/{i}.html"] = static(article_html(i))
    return site


def serve(site: Site) -> AbstractContextManager[str]:
    """Serve the site on 127.0.0.1 (a free port); a context manager yielding its base URL."""
    return serve_http(type("Handler", (SiteHandler,), {"site": site}))
