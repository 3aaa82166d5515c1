"""Turn an article page (HTML and its URL) into a Story.

trafilatura finds the body (the best-scoring open extractor on real news pages); the date is
taken from the page's own metadata first, then htmldate's heuristics (via trafilatura), then
dateparser over the visible date line, then the feed entry, and the Story records which.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import dateparser
import lxml.html
import trafilatura
from htmldate import find_date
from trafilatura.metadata import (
    examine_meta,
    extract_author,
    extract_meta_json,
    extract_title,
    extract_url,
)
from trafilatura.settings import DEFAULT_CONFIG, Document, set_date_params

from pipelines.language import dateparser_languages, detect_language
from pipelines.models import Story
from pipelines.urls import canonical_url

log = logging.getLogger(__name__)

#: Less body text than this is a caption or a teaser, not an article.
MIN_TEXT_CHARS = 60

#: Pages larger than this are cut before parsing: a news article is never this big, and
#: lxml's cost on a hostile multi-megabyte page is the crawl's cost.
MAX_HTML_CHARS = 3_000_000

_META_DATE_XPATHS = (
    "//meta[@property='article:published_time']/@content",
    "//meta[@name='article:published_time']/@content",
    "//meta[@itemprop='datePublished']/@content",
    "//meta[@name='pubdate']/@content",
    "//meta[@name='publishdate']/@content",
    "//meta[@name='publish-date']/@content",
    "//meta[@name='date']/@content",
    "//meta[@name='DC.date.issued']/@content",
    "//meta[@name='dcterms.created']/@content",
    "//time[@itemprop='datePublished']/@datetime",
    "//article//time/@datetime",
)

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DATE_LINE = re.compile(
    r"(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
    r"|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"
    r"|\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?,?\s+\d{4}"
    r"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4})",
    re.IGNORECASE,
)


@dataclass
class FeedHint:
    """What the feed said of an entry, used where the page itself says nothing."""

    title: str = ""
    published: str | None = None
    summary: str = ""


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _iso_day(value: str) -> str | None:
    match = _ISO_DATE.search(value or "")
    if not match:
        return None
    try:
        return datetime(*map(int, match.groups())).date().isoformat()
    except ValueError:
        return None


_CJK = re.compile(r"[\u3400-\u9fff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str) -> str:
    """Text without control characters (never meaningful in an article, harmful in a CSV)."""
    return _CONTROL.sub("", text).strip()


def _has_prose(text: str) -> bool:
    """At least one paragraph of running text: menus and captions are short lines."""
    lines = text.splitlines()
    if any(len(line) >= 80 or len(_CJK.findall(line)) >= 30 for line in lines):
        return True
    return sum(1 for line in lines if len(line) >= 40) >= 3


def _looks_binary(text: str) -> bool:
    """Binary served as HTML decodes to replacement characters, not words."""
    return text.count("\ufffd") > max(3, len(text) // 20)


def _meta_author(tree: lxml.html.HtmlElement) -> str:
    for value in tree.xpath("//meta[@name='author']/@content")[:1]:
        return clean_text(str(value))[:200]
    return ""


def _jsonld_date(tree: lxml.html.HtmlElement) -> str | None:
    for script in tree.xpath("//script[@type='application/ld+json']/text()")[:5]:
        found = re.search(r'"datePublished"\s*:\s*"([^"]+)"', script)
        if found:
            return found.group(1)
    return None


def date_from_metadata(tree: lxml.html.HtmlElement) -> str | None:
    """The publication date the page declares in its markup, as YYYY-MM-DD."""
    for xpath in _META_DATE_XPATHS:
        for value in tree.xpath(xpath):
            day = _iso_day(str(value))
            if day:
                return day
    return _iso_day(_jsonld_date(tree) or "")


def date_from_text(text: str, language: str) -> str | None:
    """A date line near the top of the visible text ('Published 17 June 2021', '2021年6月17日')."""
    match = _DATE_LINE.search(text[:1500])
    if not match:
        return None
    parsed = dateparser.parse(
        match.group(0),
        languages=dateparser_languages(language),
        settings={"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False},
    )
    return parsed.date().isoformat() if parsed else None


def _canonical(tree: lxml.html.HtmlElement, url: str) -> str:
    """The page's rel=canonical when it stays on the same site, else the fetched URL."""
    for href in tree.xpath("//link[@rel='canonical']/@href")[:1]:
        candidate = urljoin(url, str(href).strip())
        if urlsplit(candidate).scheme in ("http", "https") and (
            urlsplit(candidate).hostname == urlsplit(url).hostname
        ):
            return canonical_url(candidate)
    return canonical_url(url)


def _parse(html: str | bytes) -> lxml.html.HtmlElement | None:
    if isinstance(html, bytes):
        html = html.decode("utf-8", errors="replace")
    html = html[:MAX_HTML_CHARS].strip()
    if not html:
        return None
    try:
        return lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return None


def extract_body(tree: lxml.html.HtmlElement, url: str) -> trafilatura.settings.Document | None:
    """trafilatura's article body (its metadata comes from `page_metadata`)."""
    return trafilatura.bare_extraction(
        tree, url=url, with_metadata=False, include_comments=False, include_tables=True
    )


def warm_caches() -> None:
    """Load trafilatura's justext fallback stoplist now, once per process.

    A page whose language justext has no stoplist for (Chinese among them) makes trafilatura
    load every language's list and a lower-cased copy (about 27 MB, kept for the process): at
    the start, a crawl's memory no longer depends on whether one of its pages needed it.
    """
    try:  # trafilatura internals: a version without them only loses the predictability
        from justext.core import define_stoplist
        from trafilatura import external

        define_stoplist(external.JT_STOPLIST or external.jt_stoplist_init())
    except (ImportError, AttributeError):
        log.debug("trafilatura's justext stoplist could not be preloaded")


def page_metadata(tree: lxml.html.HtmlElement, url: str, need_author: bool) -> Document:
    """trafilatura's `extract_metadata` reduced to what a Story reads (title, author, description).

    Categories, tags, licence and site name are never used and cost about a fifth of the
    extraction; the author heuristics run only when the page has no author meta tag, and
    htmldate only when the markup and the dateline gave no date (`htmldate_date`). `url` is
    left as trafilatura found it, for htmldate.
    """
    metadata = examine_meta(tree)
    if metadata.author and " " not in metadata.author:
        metadata.author = None
    try:
        metadata = extract_meta_json(tree, metadata)
    except Exception:  # noqa: BLE001, S110 - as trafilatura: bugs in its JSON-LD reader
        pass
    if not metadata.title:
        metadata.title = extract_title(tree)
    if not metadata.author and need_author:
        metadata.author = extract_author(tree)
    page_url = metadata.url or extract_url(tree, url)
    metadata.clean_and_trim()
    metadata.url = page_url
    return metadata


def htmldate_date(tree: lxml.html.HtmlElement, metadata: Document) -> str | None:
    """htmldate's guess, with the options trafilatura's metadata step would give it."""
    params = set_date_params(DEFAULT_CONFIG.getboolean("DEFAULT", "EXTENSIVE_DATE_SEARCH"))
    day = find_date(tree, **{**params, "url": metadata.url})
    return day.strip() if isinstance(day, str) else day


def extract_story(
    html: str | bytes,
    url: str,
    source: str = "",
    language: str = "",
    feed: FeedHint | None = None,
) -> Story:
    """Extract a Story from a page; a page with no article text is returned marked `no_text`."""
    feed = feed or FeedHint()
    tree = _parse(html)
    if tree is None:
        return Story(
            url=canonical_url(url),
            source=source,
            title=feed.title,
            summary=feed.summary,
            published=feed.published,
            date_precision="day" if feed.published else "unknown",
            date_method="feed" if feed.published else "",
            language=language,
            fetched_at=_now(),
            extraction="no_text:empty or unparsable page",
        )
    canonical = _canonical(tree, url)
    meta_date = date_from_metadata(tree)
    meta_author = _meta_author(tree)
    doc = extract_body(tree, url)
    if doc is not None:  # as `with_metadata=True` would: no body, no metadata either
        try:
            meta = page_metadata(tree, url, need_author=not meta_author)
            doc.title, doc.author, doc.description = meta.title, meta.author, meta.description
        except (TypeError, ValueError):  # trafilatura discards such a page
            doc = None
    text = clean_text(doc.text or "") if doc else ""
    if len(text) < MIN_TEXT_CHARS or _looks_binary(text) or not _has_prose(text):
        text = ""
    title = (doc.title or "").strip() if doc and doc.title else ""
    title = title or feed.title or (tree.findtext(".//title") or "").strip()
    story_language = detect_language(f"{title}\n{text}", hint=language)

    # A dateline at the top of the body is more specific than htmldate's page-wide guesses
    # (which fall back to 1 January of a year seen anywhere on the page).
    published, method = meta_date, "metadata" if meta_date else ""
    if not published and text:
        published = date_from_text(text[:300], story_language)
        method = "dateparser" if published else ""
    if not published and doc and (page_date := htmldate_date(tree, meta)):
        published, method = _iso_day(page_date), "htmldate"
    if not published and text:
        published = date_from_text(text, story_language)
        method = "dateparser" if published else ""
    if not published and feed.published:
        published, method = _iso_day(feed.published), "feed"

    return Story(
        url=canonical,
        source=source,
        title=title,
        text=text,
        summary=feed.summary or ((doc.description or "") if doc else ""),
        byline=meta_author or ((doc.author or "") if doc else "").strip(),
        published=published,
        date_precision="day" if published else "unknown",
        date_method=method if published else "",
        language=story_language,
        fetched_at=_now(),
        extraction="ok" if text else "no_text:no article body found",
        other_urls=[u for u in {canonical_url(url)} if u != canonical],
    )


def story_json(story: Story) -> str:
    return json.dumps(story.to_dict(), ensure_ascii=False)
