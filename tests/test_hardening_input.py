"""Hostile and broken input, checked without a crawl: XML bombs, XXE, feedparser's quadratic
author regex, wrong charsets, binary bodies, redirects to internal addresses and other schemes."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path
from types import SimpleNamespace

import pytest
from scrapy import Request
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Response

from crawler.safety import CharsetMiddleware, SafeDestinationMiddleware, parse_feed
from pipelines.extract import extract_story
from pressmonitor.crawl import project_settings
from tests.hostile import record_fault

SECRET = "PM-SECRET-MARKER-7f3a"


def lol_feed(levels: int = 9) -> bytes:
    entities = b'<!ENTITY lol "lol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, levels + 1)
    )
    return (
        b'<?xml version="1.0"?><!DOCTYPE rss [' + entities + b"]>"
        b'<rss version="2.0"><channel><title>&lol9;</title>'
        b"<item><title>&lol9;</title><link>http://news.example/a/1.html</link></item>"
        b"</channel></rss>"
    )


def test_billion_laughs_feed_costs_little_and_keeps_its_links():
    tracemalloc.start()
    start = time.monotonic()
    parsed = parse_feed(lol_feed(), "application/rss+xml")
    elapsed = time.monotonic() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    ok = elapsed < 0.5 and peak < 20e6 and "lollollol" not in str(parsed)
    record_fault("billion laughs feed", "9 levels of nested entities", ok, 0, 0)
    assert elapsed < 0.5 and peak < 20e6, (elapsed, peak)
    assert "lollollol" not in str(parsed)
    assert [e.link for e in parsed.entries] == ["http://news.example/a/1.html"]


def test_external_entity_never_reads_a_local_file(tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    body = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        '<rss version="2.0"><channel><title>&xxe;</title><item><title>&xxe;</title>'
        "<description>&xxe;</description><link>http://news.example/a/1.html</link>"
        "</item></channel></rss>"
    ).encode()
    parsed = parse_feed(body, "application/rss+xml")
    record_fault("XXE feed", "entity -> file:// secret", SECRET not in str(parsed), 0, 0)
    assert SECRET not in str(parsed)
    assert parsed.entries[0].link == "http://news.example/a/1.html"


@pytest.mark.parametrize("loose", [False, True])
def test_quadratic_author_pattern_is_bounded(loose: bool):
    """feedparser issue 562: a 32 KB author costs seconds in its e-mail regex."""
    author = "a" * 32_000
    junk = "<unclosed>" if loose else ""
    body = (
        "<?xml version='1.0'?><rss version='2.0'><channel><title>t</title><item>"
        f"<title>x</title><link>http://news.example/a/1.html</link><author>{author}</author>"
        f"{junk}</item></channel></rss>"
    ).encode()
    start = time.monotonic()
    parsed = parse_feed(body, "application/rss+xml")
    elapsed = time.monotonic() - start
    record_fault(
        f"quadratic author ({'loose' if loose else 'strict'} parser)",
        "32 KB author",
        elapsed < 0.5,
        0,
        0,
    )
    assert elapsed < 0.5, elapsed  # unbounded: 4.6 s strict, 10 s loose
    assert parsed.entries[0].link == "http://news.example/a/1.html"


# --- charsets and bodies --------------------------------------------------------------------------

ZH_HANT = (
    "香港記者協會今日發表聲明，指出新聞自由持續受壓，多名記者被捕，報館被迫停刊，業界憂慮前景。"
)
ZH_HANS = (
    "香港记者协会今日发表声明，指出新闻自由持续受压，多名记者被捕，报馆被迫停刊，业界忧虑前景。"
)
RU = "Журналисты собрались у здания суда, чтобы освещать процесс по делу редакции газеты. "


def page(text: str, title: str = "Headline") -> str:
    paragraphs = "".join(f"<p>{text * 3}</p>" for _ in range(3))
    return f"<html><head><title>{title}</title></head><body><article>{paragraphs}</article></body></html>"


CASES = {
    "gb2312, undeclared": ({}, page(ZH_HANS).encode("gb2312"), ZH_HANS[:12]),
    "big5, undeclared": ({}, page(ZH_HANT).encode("big5"), ZH_HANT[:12]),
    "cp1251, undeclared": ({}, page(RU).encode("cp1251"), RU[:30]),
    "cp1251, declared utf-8": (
        {"Content-Type": "text/html; charset=utf-8"},
        page(RU).encode("cp1251"),
        RU[:30],
    ),
    "big5, declared utf-8 in meta": (
        {},
        page(ZH_HANT).replace("<head>", "<head><meta charset='utf-8'>").encode("big5"),
        ZH_HANT[:12],
    ),
    "utf-8 BOM, declared latin-1": (
        {"Content-Type": "text/html; charset=iso-8859-1"},
        b"\xef\xbb\xbf" + page(ZH_HANT).encode("utf-8"),
        ZH_HANT[:12],
    ),
    "utf-16 BOM": ({}, page(RU).encode("utf-16"), RU[:30]),
}


def through_middleware(headers: dict[str, str], body: bytes) -> Response:
    request = Request("http://news.example/a/1.html")
    response = HtmlResponse(request.url, headers=headers, body=body, request=request)
    return CharsetMiddleware().process_response(request, response)


@pytest.mark.parametrize("case", list(CASES))
def test_pages_decode_to_clean_text(case: str):
    headers, body, phrase = CASES[case]
    response = through_middleware(headers, body)
    story = extract_story(response.text, response.url, "s", "")
    clean = "\ufffd" not in story.text and phrase in story.text
    record_fault(f"charset: {case}", "article page", clean, 0 if clean else 1, 0)
    assert "\ufffd" not in story.text
    assert phrase in story.text, story.text[:200]
    assert story.extraction == "ok"


def test_binary_served_as_html_is_not_text():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40
    response = through_middleware({"Content-Type": "text/html; charset=utf-8"}, png)
    record_fault("binary as text/html", "PNG bytes", type(response) is Response, 0, 0)
    assert type(response) is Response  # base.parse_article records "not a text page"


@pytest.mark.parametrize(
    "html, reason",
    [
        ("", "no_text:empty or unparsable page"),
        ("   \n\t ", "no_text:empty or unparsable page"),
        (
            "<html><body><nav><a href='/'>Home</a> <a href='/n'>News</a></nav></body></html>",
            "no_text:no article body found",
        ),
        ("<<<>>><html<<body>></p></div></article>&&&;;;", "no_text:no article body found"),
        ("\x00\x01\x02garbage" * 100, "no_text:no article body found"),
    ],
)
def test_pages_without_an_article_record_a_reason(html: str, reason: str):
    story = extract_story(html, "http://news.example/a/1.html", "s", "en")
    assert story.text == "" and story.extraction == reason


def test_malformed_html_still_yields_its_text():
    broken = page(RU).replace("</p>", "").replace("</article>", "<div><span>").encode("utf-8")
    story = extract_story(broken.decode(), "http://news.example/a/1.html", "s", "ru")
    assert RU[:30] in story.text and "\ufffd" not in story.text


def test_malformed_feed_is_reported_not_raised():
    parsed = parse_feed(b"<rss><channel><item><link>http://a/1</item>\x00\xff<<<", "text/xml")
    assert parsed.bozo


# --- destinations and redirects -------------------------------------------------------------------


def destination_mw(allowed: set[str]) -> SafeDestinationMiddleware:
    return SafeDestinationMiddleware(allowed)


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/",
        "http://192.168.1.1/admin",
        "http://[::1]:8080/",
        "http://[::ffff:127.0.0.1]/",
        "http://localhost/",  # a name that resolves to loopback
        "http://2130706433/",  # 127.0.0.1 as a decimal integer
        "http://0/",
        "file:///etc/passwd",
        "data:text/html,<script>alert(1)</script>",
        "ftp://news.example/x",
        "gopher://127.0.0.1:6379/_INFO",
    ],
)
def test_internal_destinations_and_other_schemes_are_refused(url: str):
    with pytest.raises(IgnoreRequest, match="refused"):
        destination_mw({"127.0.0.1"}).process_request(Request(url))


def test_a_configured_internal_source_host_is_allowed():
    mw = destination_mw({"127.0.0.1"})
    assert mw.process_request(Request("http://127.0.0.1:8000/rss.xml")) is None
    assert mw.refusal("https://93.184.215.14/") is None  # public literal: no DNS needed


def redirect_mw() -> RedirectMiddleware:
    """Scrapy's redirect middleware with the project's settings (no reactor needed)."""
    mw = RedirectMiddleware(project_settings({}))
    mw.crawler = SimpleNamespace(spider=None)  # type: ignore[assignment]
    return mw


@pytest.mark.parametrize(
    "target, keeps",
    [
        ("http://127.0.0.1:8000/b", True),  # same origin
        ("http://localhost:8000/b", False),  # other host
        ("http://127.0.0.1:9000/b", False),  # other port
        ("https://127.0.0.1:8000/b", False),  # other scheme
    ],
)
def test_redirects_drop_credentials_across_origins(target: str, keeps: bool):
    request = Request(
        "http://127.0.0.1:8000/a", headers={"Authorization": "Bearer s3cret", "Cookie": "sid=1"}
    )
    response = Response(request.url, status=302, headers={"Location": target}, request=request)
    redirected = redirect_mw().process_response(request, response)
    assert isinstance(redirected, Request) and redirected.url == target
    assert ("Authorization" in redirected.headers) is keeps
    if "localhost" in target:  # cookies are scoped by host (RFC 6265), not port or scheme
        assert "Cookie" not in redirected.headers
    if target.startswith("http://localhost"):
        record_fault("redirect credentials", "Authorization + Cookie, cross-host 302", True, 0, 0)
