"""Any news article page: trafilatura for the body, page metadata / htmldate / dateparser for the date."""

from __future__ import annotations

from scrapy.http import TextResponse

from pipelines.extract import FeedHint, extract_story
from pipelines.models import Story
from pipelines.sources import Source


def parse(response: TextResponse, source: Source, feed: FeedHint | None = None) -> Story:
    return extract_story(
        response.text, response.url, source=source.name, language=source.language, feed=feed
    )
