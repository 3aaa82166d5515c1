"""Behaviour of the classifier on sentences written for these tests, and of its evaluation."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from pipelines.classify import CLASSIFIER_VERSION, classify, classify_many
from pipelines.classify.language import detect_language, normalise_language
from pipelines.models import INCIDENT_TYPES, Story

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

import classifier_metrics as cm  # noqa: E402


def story(title: str, text: str, published: str = "2021-06-17", language: str = "") -> Story:
    return Story(
        url=f"https://example.org/{abs(hash(title))}",
        title=title,
        text=text,
        published=published,
        language=language,
    )


EN_ARREST = story(
    "Police arrest newspaper editor under national security law",
    "National security police arrested the chief editor of the Harbour Daily on Thursday morning "
    "under the national security law. Officers also searched the newspaper's newsroom and seized "
    "reporters' computers. The editor, Lee Wing-kit, is accused of collusion with foreign forces. "
    "The journalists association said it was shocked.",
    language="en",
)

ZH_HANT_ARREST = story(
    "國安處拘捕網媒總編輯　凍結公司資產",
    "警務處國安處周四早上以涉嫌違反國安法，拘捕網上媒體《海港新聞》總編輯及兩名記者。"
    "保安局同時凍結該公司三個銀行戶口的資產。警方又到報社搜查，檢走多部電腦。"
    "記協表示極度遺憾。",
)

ZH_HANS_PROSECUTION = story(
    "网媒前总编辑被控串谋发布煽动刊物　今日提堂",
    "网媒前总编辑被控串谋发布煽动刊物罪，今日在西九龙裁判法院提堂，控方反对保释。"
    "案件押后至下月再讯，被告须还押。记者协会关注新闻自由。",
)


def test_english_incident_is_relevant_with_types_and_evidence():
    label = classify(EN_ARREST)
    assert label.relevant
    assert "arrest" in label.types
    assert label.version == CLASSIFIER_VERSION
    assert 0 < label.confidence <= 1
    arrest_evidence = [e.sentence for e in label.evidence if e.type == "arrest"]
    assert arrest_evidence and all("arrest" in s.lower() for s in arrest_evidence)
    assert all(e.story_id == EN_ARREST.id for e in label.evidence)
    assert all(e.type in label.types for e in label.evidence)


def test_english_details_laws_actors_targets():
    label = classify(EN_ARREST)
    assert "national security law" in label.laws
    assert "police national security department" in label.actors
    assert any(t.kind == "outlet" and "Harbour Daily" in t.name for t in label.targets)


def test_incident_date_is_read_from_the_evidence_not_the_publication():
    s = story(
        "Reporter detained while covering protest",
        "A freelance reporter was detained by police on March 3, 2021 while filming a protest "
        "outside the legislature. He was released without charge.",
        published="2021-03-09",
        language="en",
    )
    label = classify(s)
    assert label.relevant
    assert label.incident_date == "2021-03-03"
    assert label.date_precision == "day"


def test_traditional_chinese_incident_with_relative_weekday():
    label = classify(ZH_HANT_ARREST)
    assert label.relevant
    assert {"arrest", "raid"} <= set(label.types)
    assert "national security law" in label.laws
    assert "police national security department" in label.actors
    # Published on a Thursday: "周四" is that same day.
    assert label.incident_date == "2021-06-17"
    assert any("拘捕" in e.sentence for e in label.evidence if e.type == "arrest")


def test_simplified_chinese_prosecution_and_sedition():
    label = classify(ZH_HANS_PROSECUTION)
    assert label.relevant
    assert "prosecution" in label.types
    assert "sedition (crimes ordinance)" in label.laws
    assert label.incident_date == "2021-06-17"


@pytest.mark.parametrize(
    "title,text,language",
    [
        (
            "Police smash phone scam ring, arrest 12",
            "Police arrested 12 people suspected of running a phone scam ring that cheated elderly "
            "victims out of HK$3 million. Officers seized mobile phones and cash during the raid. "
            "The suspects were charged with fraud.",
            "en",
        ),
        (
            "Driver detained after fatal crash",
            "A driver was detained after a crash that killed a pedestrian. Police said he was "
            "arrested for dangerous driving causing death and drunk driving.",
            "en",
        ),
        (
            "警方搗破販毒集團　拘捕五人",
            "警方昨日在葵涌一個單位搜查，檢獲大批毒品，市值約二百萬元，拘捕五名男子，"
            "涉嫌販運危險藥物。五人將被控販毒罪，明日提堂。",
            "zh-Hant",
        ),
        (
            "男子涉谋杀妻子被捕",
            "警方昨日拘捕一名男子，涉嫌在家中谋杀妻子。命案现场发现凶器，男子将被控谋杀罪。",
            "",
        ),
    ],
)
def test_ordinary_crime_is_not_relevant(title, text, language):
    assert not classify(story(title, text, language=language)).relevant


def test_background_mention_in_unrelated_story_is_not_relevant():
    s = story(
        "Typhoon brings heavy rain to the city",
        "The Observatory raised the No 8 signal on Tuesday as a typhoon approached. Schools were "
        "closed and ferry services suspended. Many residents stocked up on food. Since the "
        "national security law, at least 18 journalists have been arrested, one resident noted "
        "while waiting for a bus. The signal is expected to be lowered on Wednesday.",
        language="en",
    )
    assert not classify(s).relevant


def test_general_news_is_not_relevant_in_chinese():
    s = story(
        "港股半日升二百點　科技股造好",
        "恒生指數今早高開，半日升二百點，成交額約六百億元。科技股造好，分析員指資金回流，"
        "預期下半年經濟穩步復甦。",
    )
    assert not classify(s).relevant


@pytest.mark.parametrize(
    "title,text",
    [("", ""), ("", "   \n\t "), ("!!!", "1234 5678 ---- ...."), ("\x00\x01", "\ufffd" * 50)],
)
def test_empty_or_garbage_text_is_not_relevant(title, text):
    label = classify(Story(url="https://example.org/x", title=title, text=text))
    assert label.relevant is False
    assert label.types == [] and label.evidence == []


def test_language_detection():
    assert detect_language("Police arrested the editor.") == "en"
    assert detect_language("國安處拘捕報社總編輯") == "zh-Hant"
    assert detect_language("国安处拘捕报社总编辑") == "zh-Hans"
    assert detect_language("12345 !!!") == ""
    assert normalise_language("zh-HK", "") == "zh-Hant"
    assert normalise_language("", "国安处拘捕报社总编辑") == "zh-Hans"


def test_classify_many_preserves_order_and_count():
    stories = [EN_ARREST, story("Weather", "Sunny and warm all week across the region.")]
    labels = list(classify_many(stories))
    assert [lab.relevant for lab in labels] == [True, False]


def test_types_are_taxonomy_names():
    for s in (EN_ARREST, ZH_HANT_ARREST, ZH_HANS_PROSECUTION):
        assert set(classify(s).types) <= set(INCIDENT_TYPES)


# --- evaluation arithmetic -------------------------------------------------------------------


def test_relevance_scores_on_a_tiny_set():
    gold = [True, True, False, False, True]
    pred = [True, False, True, False, True]
    s = cm.relevance_scores(gold, pred)
    assert (s.tp, s.fp, s.fn) == (2, 1, 1)
    assert s.precision == pytest.approx(2 / 3)
    assert s.recall == pytest.approx(2 / 3)
    assert s.f1 == pytest.approx(2 / 3)


def test_type_scores_micro_and_macro():
    types = ("arrest", "raid", "closure")
    gold = [["arrest", "raid"], ["closure"], []]
    pred = [["arrest"], ["closure", "raid"], ["arrest"]]
    s = cm.type_scores(gold, pred, types)
    # arrest: tp1 fp1 fn0; raid: tp0 fp1 fn1; closure: tp1 fp0 fn0
    assert s.per_type["arrest"].f1 == pytest.approx(2 / 3)
    assert s.per_type["raid"].f1 == 0.0
    assert s.per_type["closure"].f1 == 1.0
    assert (s.micro.tp, s.micro.fp, s.micro.fn) == (2, 2, 1)
    assert s.micro.f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))
    assert s.macro_f1 == pytest.approx((2 / 3 + 0 + 1) / 3)


def test_flagged_rate_median_and_bars():
    assert cm.flagged_rate([True, False, False, False]) == 0.25
    assert cm.flagged_rate([]) == 0.0
    assert cm.median([3.0, 1.0, 2.0]) == 2.0
    assert cm.median([4.0, 1.0, 2.0, 3.0]) == 2.5
    good = cm.type_scores([["arrest"]], [["arrest"]], ("arrest",))
    perfect = cm.prf(5, 0, 0)
    assert cm.missed_bars(perfect, 0.0, good, 500.0) == []
    missed = cm.missed_bars(cm.prf(1, 1, 1), 0.2, good, 50.0)
    assert len(missed) == 3 and any("speed" in m for m in missed)


# --- the dev evaluation ----------------------------------------------------------------------

SHARED_EVAL = REPO.parent / "shared" / "eval"


needs_eval = pytest.mark.skipif(
    not (SHARED_EVAL / "labels_dev.jsonl").exists(),
    reason=f"evaluation data not available at {SHARED_EVAL} (../shared is outside the repo)",
)


@pytest.fixture(scope="module")
def dev_report() -> dict:
    import eval_classifier

    return eval_classifier.evaluate()


@needs_eval
def test_dev_evaluation_holds_the_measured_level(dev_report):
    """Regression guard a little under the level measured when this landed (rules-2026.6:
    relevance 0.956, micro 0.858, macro 0.86; English micro 0.91, Chinese 0.82). Speed is
    measured by bench/, not asserted here."""
    assert dev_report["stories"] == 360
    assert dev_report["relevance"]["f1"] >= 0.94
    # four pages from those sources are flagged, all four labelled relevant (protesters killed,
    # a threat to a congresswoman's life): the rate counts every flagged page of those sources
    assert dev_report["ordinary_flagged"] <= 0.04
    assert dev_report["by_language"]["en"]["relevance"]["f1"] >= 0.97
    assert dev_report["by_language"]["en"]["types_micro_f1"] >= 0.88
    assert dev_report["by_language"]["zh"]["types_micro_f1"] >= 0.79


@needs_eval
def test_dev_evaluation_meets_the_issue_bars(dev_report):
    """Issue #3: relevance F1 >= 0.90, types micro-F1 >= 0.85 and macro-F1 >= 0.75 on dev."""
    assert dev_report["relevance"]["f1"] >= 0.90
    assert dev_report["types_micro"]["f1"] >= 0.85
    assert dev_report["types_macro_f1"] >= 0.75
