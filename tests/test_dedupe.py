"""Duplicates: URL variants become one story; lightly edited copies are linked, not dropped."""

from __future__ import annotations

import json

from pipelines.dedupe import (
    NearDuplicateIndex,
    canonicalise,
    register_story,
    story_for_url,
)
from pipelines.models import Story
from pipelines.schema import open_db
from pipelines.store import upsert_story
from pipelines.urls import canonical_url

ARTICLE_EN = (
    "Officers from the national security department searched the offices of the Harbour Herald "
    "on Tuesday morning and arrested the paper's chief editor and two directors. Police said the "
    "three were suspected of conspiring to collude with foreign forces. Staff watched as boxes of "
    "documents and several computers were carried out of the building in Kwun Tong."
)
ARTICLE_ZH = (
    "國安處人員周二清晨到《海港時報》辦公室搜查，並拘捕總編輯及兩名董事，警方指三人涉嫌串謀勾結外國勢力。"
    "職員目睹警員把多箱文件及數部電腦搬離觀塘的大廈，報社其後發表聲明，表示會繼續出版。"
)


def test_url_variants_share_one_canonical_form() -> None:
    variants = [
        "https://www.example.com/news/2024/harbour-herald?utm_source=fb&utm_medium=social",
        "https://m.example.com/news/2024/harbour-herald/?fbclid=abc123#comments",
        "https://example.com/news/2024/harbour-herald/amp",
        "https://EXAMPLE.com/news/2024/harbour-herald?gclid=xyz&ref=homepage",
    ]
    assert {canonical_url(u) for u in variants} == {"https://example.com/news/2024/harbour-herald"}


def test_meaningful_query_parameters_are_kept_and_sorted() -> None:
    a = canonical_url("https://example.com/article?id=42&page=2&mc_cid=zzz")
    b = canonical_url("https://example.com/article?page=2&id=42")
    assert a == b == "https://example.com/article?id=42&page=2"
    assert canonical_url("https://example.com/article?id=43") != a


def test_same_article_under_two_urls_is_stored_once_with_both_urls(tmp_path) -> None:
    db = open_db(tmp_path / "t.db")
    index = NearDuplicateIndex.from_db(db)
    first = canonicalise(
        Story(url="https://www.example.com/a/1?utm_campaign=x", title="Raid", text=ARTICLE_EN)
    )
    second = canonicalise(
        Story(url="https://m.example.com/a/1/amp#top", title="Raid", text=ARTICLE_EN)
    )
    assert first.id == second.id
    for story in (first, second):
        upsert_story(db, story)
        register_story(db, story, index)
    assert db["stories"].count == 1
    row = db["stories"].get(first.id)
    others = json.loads(row["other_urls"])
    assert "https://www.example.com/a/1?utm_campaign=x" in others
    assert "https://m.example.com/a/1/amp#top" in others
    assert story_for_url(db, "http://example.com/a/1?fbclid=1") is None  # other scheme
    assert story_for_url(db, "https://www.example.com/a/1/") == first.id


def _edited_copy(text: str) -> str:
    return (
        text.replace("on Tuesday morning", "early on Tuesday")
        .replace("Staff watched", "Employees watched")
        .replace("several computers", "a number of computers")
    )


def test_edited_copy_is_linked_to_original(tmp_path) -> None:
    db = open_db(tmp_path / "t.db")
    index = NearDuplicateIndex.from_db(db)
    original = Story(url="https://herald.example/raid", title="Newsroom raided", text=ARTICLE_EN)
    copy = Story(
        url="https://aggregator.example/item/99",
        title="Newsroom raided, editor held",
        text=_edited_copy(ARTICLE_EN),
    )
    other = Story(
        url="https://herald.example/weather",
        title="Typhoon signal",
        text="The Observatory raised the number eight signal as the storm approached the city, "
        "and ferries to the outlying islands were suspended for the afternoon. " * 2,
    )
    for story in (original, copy, other):
        upsert_story(db, story)
        register_story(db, story, index)
    assert db["stories"].get(copy.id)["duplicate_of"] == original.id
    assert db["stories"].get(other.id)["duplicate_of"] is None
    assert db["stories"].count == 3  # nothing dropped


def test_chinese_edited_copy_is_found_and_index_reloads_from_db(tmp_path) -> None:
    db = open_db(tmp_path / "t.db")
    original = Story(url="https://zh.example/raid", title="報社遭搜查", text=ARTICLE_ZH)
    upsert_story(db, original)
    register_story(db, original, NearDuplicateIndex.from_db(db))
    index = NearDuplicateIndex.from_db(db)  # a new run loads what is stored
    assert original.id in index
    copy = Story(
        url="https://copy.example/1",
        title="報社遭搜查",
        text=ARTICLE_ZH.replace("周二清晨", "周二早上").replace("數部電腦", "多部電腦"),
    )
    upsert_story(db, copy)
    assert register_story(db, copy, index) == original.id
    unrelated = Story(
        url="https://copy.example/2",
        title="天文台發出八號風球",
        text="天文台下午發出八號烈風或暴風信號，離島渡輪服務暫停，學校停課，市民應留在安全地方。"
        * 2,
    )
    assert index.original_of(unrelated.id, f"{unrelated.title}\n{unrelated.text}") is None
