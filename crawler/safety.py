"""Defences against hostile servers and hostile input that Scrapy's defaults leave open.

- `SafeDestinationMiddleware`: every request, redirects and robots.txt included, is checked
  before any connection: only http(s), and no private, loopback or link-local address (the
  cloud metadata service, the office network) unless the operator configured that host as a
  source or allowed it with PRESSMONITOR_ALLOW_PRIVATE.
- `CharsetMiddleware`: a page whose declared charset is wrong (mojibake, U+FFFD) is re-decoded
  from its bytes; binary served as HTML is passed on as bytes, not as text.
- `parse_feed`: feedparser with bounded cost: no DTD (entity bombs, external entities) and
  author strings capped (feedparser's author regex is quadratic: a 32 KB feed costs seconds).
"""

from __future__ import annotations

import ipaddress
import re
import socket
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import charset_normalizer
import feedparser
import feedparser.mixin
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse

from pipelines.sources import SourcesError, load_sources

ALLOWED_SCHEMES = ("http", "https")


# --- where the crawler may connect -------------------------------------------------------------


def _is_internal(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


@lru_cache(maxsize=4096)
def internal_host(host: str) -> bool:
    """Whether a host is, or resolves to, a non-public address (unresolvable counts as safe:
    the download then fails on its own, without connecting anywhere)."""
    host = host.strip("[]").lower()
    try:
        return _is_internal(host)
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return False
    return any(_is_internal(str(info[4][0])) for info in infos)


class SafeDestinationMiddleware:
    """Refuse requests to other schemes and to internal addresses, before robots.txt or DNS
    of the download itself; runs first in the downloader chain (priority 50)."""

    def __init__(self, allowed_hosts: set[str]) -> None:
        self.allowed_hosts = {h.lower() for h in allowed_hosts}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SafeDestinationMiddleware:
        settings = crawler.settings
        allowed = {h.strip() for h in settings.get("PRESSMONITOR_ALLOW_PRIVATE", "").split(",")}
        try:
            sources = load_sources(settings.get("PRESSMONITOR_SOURCES"))
        except (OSError, SourcesError):
            sources = []
        # A host the operator wrote into sources.yml is trusted, even if it is internal.
        allowed |= {urlsplit(s.url).hostname or "" for s in sources}
        return cls({h for h in allowed if h})

    def refusal(self, url: str) -> str | None:
        """Why a URL must not be fetched, or None."""
        parts = urlsplit(url)
        if parts.scheme not in ALLOWED_SCHEMES:
            return f"scheme {parts.scheme or '(none)'}: not allowed"
        host = (parts.hostname or "").lower()
        if not host:
            return "no host"
        if host not in self.allowed_hosts and internal_host(host):
            return f"{host} is an internal address"
        return None

    def process_request(self, request: Request) -> None:
        reason = self.refusal(request.url)
        if reason:
            raise IgnoreRequest(f"refused {request.url}: {reason}")


# --- decoding pages ------------------------------------------------------------------------------

_SAMPLE = 256 * 1024
_TEXT_CONTROLS = b"\t\n\r\x0c"


def looks_binary(body: bytes) -> bool:
    """NUL bytes or many control bytes: an image or archive, whatever the Content-Type says."""
    head = body[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 has NULs and is text
        return False
    controls = sum(1 for b in head if b < 32 and b not in _TEXT_CONTROLS)
    return b"\x00" in head or controls > len(head) // 20


def redecode(body: bytes) -> str | None:
    """The encoding charset detection finds for the bytes, if it decodes them cleanly."""
    match = charset_normalizer.from_bytes(body[:_SAMPLE]).best()
    if match is None or not match.encoding:
        return None
    try:
        body[:_SAMPLE].decode(match.encoding, errors="strict")
    except (UnicodeDecodeError, LookupError):
        return None
    return match.encoding


class CharsetMiddleware:
    """Fix the text of responses whose charset was wrong, after decompression (priority 580)."""

    def process_response(self, request: Request, response: Response) -> Response:
        if not isinstance(response, TextResponse) or not response.body:
            return response
        if looks_binary(response.body):
            return Response(
                response.url,
                status=response.status,
                headers=response.headers,
                body=response.body,
                request=response.request,
            )
        if "\ufffd" not in response.text:
            return response
        encoding = redecode(response.body)
        if encoding is None or encoding == response.encoding:
            return response
        return response.replace(encoding=encoding)


# --- feeds ---------------------------------------------------------------------------------------

#: Longer author strings are cut before feedparser's quadratic e-mail regex sees them.
MAX_AUTHOR_CHARS = 512
_DOCTYPE = re.compile(rb"<!DOCTYPE[^\[>]*(\[.*?\]\s*)?>", re.DOTALL | re.IGNORECASE)

_sync_author_detail = feedparser.mixin._FeedParserMixin._sync_author_detail


def _bounded_sync_author_detail(self: Any, key: str = "author") -> Any:
    context = self._get_context()
    value = context.get(key)
    if isinstance(value, str) and len(value) > MAX_AUTHOR_CHARS:
        context[key] = value[:MAX_AUTHOR_CHARS]
    return _sync_author_detail(self, key)


feedparser.mixin._FeedParserMixin._sync_author_detail = _bounded_sync_author_detail


def strip_doctype(body: bytes) -> bytes:
    """A feed without its DTD: entity declarations are how XML bombs and XXE arrive."""
    head = body[:65536]
    if b"<!doctype" not in head.lower():
        return body
    return _DOCTYPE.sub(b"", head, count=1) + body[65536:]


def parse_feed(body: bytes, content_type: str = "") -> Any:
    """feedparser's result for a feed body, with the defences above."""
    return feedparser.parse(strip_doctype(body), response_headers={"content-type": content_type})
