from pathlib import Path

from pipelines.extract import FeedHint, date_from_text, extract_story
from pipelines.language import detect_language

SITE = Path(__file__).resolve().parent / "fixtures" / "site"
BASE = "http://127.0.0.1:8000"


def page(name: str) -> str:
    return (SITE / "news" / name).read_text(encoding="utf-8")


def test_article_body_title_byline_and_metadata_date():
    story = extract_story(
        page("editors-detained.html"), f"{BASE}/news/editors-detained.html", "s", "en"
    )
    assert story.title == "Editors detained after newsroom search"
    assert "detained five of its senior editors" in story.text
    assert "paper said it would keep publishing" in story.text
    # Navigation, sidebar and footer are not part of the article.
    assert "Most read" not in story.text and "Copyright" not in story.text
    assert story.byline == "A. Reporter"
    assert (story.published, story.date_precision, story.date_method) == (
        "2021-06-17",
        "day",
        "metadata",
    )
    assert story.language == "en" and story.extraction == "ok"


def test_canonical_link_and_tracking_parameters_give_one_url():
    url = f"{BASE}/news/editors-detained.html?utm_source=rss&utm_medium=feed"
    story = extract_story(page("editors-detained.html"), url)
    assert story.url == f"{BASE}/news/editors-detained.html"
    assert story.id == extract_story(page("editors-detained.html"), story.url).id


def test_canonical_on_another_host_is_not_trusted():
    html = page("editors-detained.html").replace(
        'href="/news/editors-detained.html"', 'href="http://evil.test/x.html"'
    )
    story = extract_story(html, f"{BASE}/news/editors-detained.html")
    assert story.url == f"{BASE}/news/editors-detained.html"


def test_date_from_visible_text_when_page_has_no_metadata():
    story = extract_story(page("typhoon.html"), f"{BASE}/news/typhoon.html")
    assert story.published == "2021-07-12"
    assert story.date_method in ("htmldate", "dateparser")


def test_date_line_parsed_in_the_story_language():
    assert date_from_text("記者 陳大文\n2021年6月17日\n警方今日", "zh-Hant") == "2021-06-17"
    assert date_from_text("Published 3 July 2023 by staff", "en") == "2023-07-03"
    assert date_from_text("no date here", "en") is None


def test_feed_fills_in_what_the_page_lacks():
    html = (
        "<html><body><article><p>"
        + "Words about nothing much at all. " * 10
        + "</p></article></body></html>"
    )
    feed = FeedHint(title="Feed title", published="2022-01-02", summary="Feed summary")
    story = extract_story(html, f"{BASE}/x.html", feed=feed)
    assert story.title == "Feed title"
    assert (story.published, story.date_method) == ("2022-01-02", "feed")
    assert story.summary == "Feed summary"


def test_page_without_article_text_is_recorded_as_such():
    story = extract_story(page("gallery.html"), f"{BASE}/news/gallery.html")
    assert story.text == ""
    assert story.extraction.startswith("no_text")


def test_empty_and_binary_pages_do_not_crash():
    assert extract_story("", f"{BASE}/e.html").extraction.startswith("no_text")
    assert extract_story(b"\x00\x01\x02\xff" * 50, f"{BASE}/b.html").extraction.startswith(
        "no_text"
    )


def test_chinese_page_language_and_date():
    html = (
        '<html lang="zh-Hant"><head><meta charset="utf-8"><title>測試</title></head><body>'
        "<article><h1>記者採訪時被拘留</h1><p>2021年9月8日</p>"
        "<p>國安處人員今早到達該團體的辦公室，帶走多箱文件，並拘捕了三名常委。"
        "警方表示，他們涉嫌違反國安法，拒絕交出資料。該團體發言人說，會繼續向公眾交代事件。</p>"
        "<p>這是該團體本年第二次遭警方調查，成員表示對前景感到憂慮，但仍會堅持原有工作。</p>"
        "</article></body></html>"
    )
    story = extract_story(html, f"{BASE}/zh.html", language="zh-Hant")
    assert story.language == "zh-Hant"
    assert "國安處人員" in story.text
    assert story.published == "2021-09-08"


def test_language_detection():
    assert detect_language("警方今日以國安法拘捕了這名記者，他們說會上訴") == "zh-Hant"
    assert detect_language("警方今日以国安法拘捕了这名记者，他们说会上诉") == "zh-Hans"
    assert detect_language("The police arrested the editor of the newspaper today") == "en"
    assert detect_language("", hint="en") == "en"
