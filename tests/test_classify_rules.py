"""Rules added in rules-2026.2 to rules-2026.4, each checked on sentences written for these tests.

rules-2026.4: a headline reporting an award is not an incident; news anchors and members of a
legislature are targets; a charge of attacking someone who is not a journalist, protester or
politician, or an attack on the police, is not an assault.

rules-2026.3 (each developed on dev half a, kept only where half b did not get worse): Chinese
legislation needs the law itself to be the news (tabled, read, passed, gazetted, in force, amended),
not a passing mention of a law in force; a threat named as a court case (恐嚇…案) is the prosecution's
subject; a warning not to speak (警告…不能) is a threat; "questioned about reporting" without a
pronoun is a threat; 搜捕 is a raid, while people held (被扣押) and passports held (扣留護照) are not;
a notice of objection to a march (反對通知書) is not a legal order; bail refused (不准保釋) is not a
ban; a call for sanctions (要求外國制裁) is not a government's measure.
Tried and dropped: keeping a secondary type only at half the best type's score (unless in the title,
or title or lead) dropped true arrests in raid stories and did not hold on half b; counting a
vandalised news vehicle as an assault rather than a threat lost on half b.
"""

from __future__ import annotations

from pipelines.classify import CLASSIFIER_VERSION, classify
from pipelines.classify.features import extract_features
from pipelines.classify.sentences import split_sentences
from pipelines.models import Story


def story(title: str, text: str, language: str = "") -> Story:
    return Story(
        url=f"https://example.org/{abs(hash(title))}",
        title=title,
        text=text,
        published="2022-03-10",
        language=language,
    )


def test_version_is_bumped():
    assert CLASSIFIER_VERSION.startswith("rules-")


def test_arrest_of_a_man_who_threatened_a_journalist_is_a_threat_not_an_arrest():
    label = classify(
        story(
            "Man arrested after threatening to shoot a newspaper reporter",
            "Police arrested a 52-year-old man on Monday after he threatened to shoot a reporter "
            "of the Valley Herald over her coverage of the council. The journalist had received "
            "a dozen threatening voicemails at the newsroom in the previous week. The newspaper's "
            "editor said the threats were meant to intimidate the press.",
            language="en",
        )
    )
    assert label.relevant
    assert "threat" in label.types
    assert "arrest" not in label.types


def test_perpetrator_arrest_sentences_do_not_count_as_arrests_in_chinese():
    f = extract_features(
        "男子涉恐嚇記者被捕",
        "一名男子涉嫌在網上恐嚇一名電視台記者，昨日在家中被捕。",
        "zh-Hant",
    )
    assert f.types["arrest"].sentences == []
    assert f.types["threat"].sentences


def test_arrest_of_a_reporter_is_still_an_arrest():
    label = classify(
        story(
            "Reporter arrested while covering a protest",
            "Police arrested a freelance reporter who was covering a protest outside the "
            "legislature on Friday. The journalist was held for six hours and released without "
            "charge. Press groups said she had shown her press card.",
            language="en",
        )
    )
    assert label.relevant and "arrest" in label.types


def test_charged_with_assault_is_a_prosecution_not_a_new_assault():
    f = extract_features(
        "Protester charged with assault",
        "A protester was charged with assault and unlawful assembly on Tuesday.",
        "en",
    )
    assert f.types["assault"].sentences == []
    assert f.types["prosecution"].sentences


def test_foreign_fraud_arrest_reported_in_chinese_is_not_relevant():
    label = classify(
        story(
            "外國前部長涉欺詐被捕",
            "一名外國前部長因涉嫌欺詐捐款被捕，當地檢察官指他挪用慈善基金數百萬元。"
            "他被控欺詐及洗黑錢，最高可被判囚二十年。當地警方在記者會上公布案情。"
            "案件將於下月再提堂。",
            language="zh-Hant",
        )
    )
    assert not label.relevant


def test_press_conference_and_press_release_are_not_a_press_freedom_setting():
    f = extract_features(
        "僱主涉虐待家務助理被捕",
        "警方今日召開記者會，指已拘捕一名僱主。警方其後發出新聞稿交代案情。",
        "zh-Hant",
    )
    assert f.context_sentences == 0
    g = extract_features("記者被捕", "一名記者今日採訪時被捕。", "zh-Hant")
    assert g.context_sentences == 2


def test_chinese_story_with_the_incident_only_in_passing_is_not_relevant():
    label = classify(
        story(
            "新任副局長履新　曾持外國護照",
            "政府今日公布新任副局長名單，新任副局長今日正式履新。副局長表示會盡力工作。"
            "他早年曾持有外國護照，但表示已經過期。外國政府去年曾宣布制裁多名官員，"
            "並發表聯合聲明。外國政府官員其後亦有批評。",
            language="zh-Hant",
        )
    )
    assert not label.relevant


def test_opinion_poll_on_press_freedom_is_not_an_incident():
    label = classify(
        story(
            "民調：市民對新聞自由滿意度創新低",
            "大學民意研究計劃今日公布調查，市民對新聞自由的滿意度創新低。"
            "記協主席批評警方拘捕記者、打壓傳媒，令公眾對新聞自由失去信心。"
            "調查於上月以電話訪問一千名市民。",
            language="zh-Hant",
        )
    )
    assert not label.relevant


def test_month_and_title_abbreviations_do_not_end_a_sentence():
    s = split_sentences("On Nov. 6, 2018, Rep. Lee spoke. Police arrested him on Sept. 3.")
    assert [s.get(i) for i in range(len(s))] == [
        "On Nov. 6, 2018, Rep. Lee spoke.",
        "Police arrested him on Sept. 3.",
    ]


def test_visa_refusal_with_a_long_object_is_censorship():
    f = extract_features(
        "入境處拒續外國報章資深記者工作簽證",
        "入境處拒絕續發一名外國報章資深記者的工作簽證，記者協會表示遺憾。",
        "zh-Hant",
    )
    assert f.types["censorship"].title


def test_passing_mention_of_a_law_in_force_is_not_legislation():
    f = extract_features(
        "網台主持刪除舊節目",
        "一名網台主持表示，國安法立法後他決定刪除所有舊節目。他說自國安法實施以來已很少評論時事。",
        "zh-Hant",
    )
    assert f.types["legislation"].sentences == []


def test_a_bill_passed_and_gazetted_is_legislation():
    f = extract_features(
        "立法會三讀通過修訂條例　明日刊憲生效",
        "立法會今日三讀通過修訂廣播條例，新條例明日刊憲生效。",
        "zh-Hant",
    )
    assert f.types["legislation"].title
    assert len(f.types["legislation"].sentences) == 2


def test_intimidation_case_in_court_is_not_a_new_threat():
    f = extract_features(
        "商人恐嚇攝影記者案今日裁決",
        "一名商人被控恐嚇一名攝影記者，案件今日在裁判法院裁決。",
        "zh-Hant",
    )
    assert f.types["threat"].title == 0
    assert f.types["prosecution"].title


def test_warning_staff_not_to_speak_is_a_threat():
    f = extract_features(
        "電台高層警告不能向外界透露節目內容",
        "消息指電台高層日前發出內部通告。",
        "zh-Hant",
    )
    assert f.types["threat"].title


def test_questioned_about_reporting_without_a_pronoun_is_a_threat():
    f = extract_features(
        "Reporter questioned about reporting at an airport",
        "An officer questioned a freelance reporter for an hour about reporting on the border.",
        "en",
    )
    assert f.types["threat"].title and f.types["threat"].lead


def test_search_and_arrest_is_a_raid_but_people_held_are_not():
    f = extract_features(
        "網媒遭國安處搜捕",
        "三名編輯被扣押至晚上。警方扣押大批電腦及文件。",
        "zh-Hant",
    )
    raid = f.types["raid"].sentences
    assert 0 in raid  # 搜捕 in the title
    assert raid == [0, 2]  # the computers seized, not the editors held
    held = extract_features("", "三名編輯被扣押至晚上。", "zh-Hant")
    assert held.types["raid"].sentences == []


def test_passport_held_as_a_bail_condition_is_not_an_arrest():
    f = extract_features("", "被告獲准保釋，但須交出及扣留護照。", "zh-Hant")
    assert f.types["arrest"].sentences == []
    assert f.types["prosecution"].sentences


def test_notice_of_objection_to_a_march_is_not_a_legal_order():
    f = extract_features("", "警方向團體發出反對通知書，禁止周日遊行。", "zh-Hant")
    assert f.types["legal_order"].sentences == []
    assert f.types["censorship"].sentences
    g = extract_features("", "國安處向團體發出通知書，要求交出會員資料。", "zh-Hant")
    assert g.types["legal_order"].sentences


def test_bail_refused_is_not_a_ban():
    f = extract_features("社運人士被控煽惑罪不准保釋", "", "zh-Hant")
    assert f.types["censorship"].sentences == []
    assert f.types["prosecution"].title


def test_a_call_for_sanctions_is_not_a_government_measure():
    f = extract_features("", "該名區議員被指曾要求外國制裁官員。", "zh-Hant")
    assert f.types["government_response"].sentences == []
    g = extract_features("", "美國政府宣布制裁十名官員。", "zh-Hant")
    assert g.types["government_response"].sentences


def test_an_award_for_reporting_is_not_an_incident():
    for title, text, lang in [
        (
            "《港灣日報》調查報道獲頒新聞自由獎",
            "《港灣日報》去年就示威者遇襲事件的調查報道，今日獲頒新聞自由獎。評審指報道揭示"
            "記者採訪時被推撞的經過。記者協會主席致辭時表示，新聞自由正面對壓力。",
            "zh-Hant",
        ),
        (
            "Harbour Daily wins press freedom award for reporting on attacks",
            "The Harbour Daily won a press freedom award on Friday for its reporting on attacks "
            "on protesters. Judges praised the newspaper's reporters, who were assaulted while "
            "covering a march last year. The journalists thanked their editors.",
            "en",
        ),
    ]:
        assert not classify(story(title, text, lang)).relevant, title


def test_threat_to_a_news_anchor_or_a_congresswoman_is_relevant():
    anchor = classify(
        story(
            "Man arrested after threatening to kill evening news anchor",
            "Police arrested a man on Tuesday after he threatened to kill a television anchor in "
            "dozens of messages. The messages named the anchor's home address. The station's "
            "anchor had reported on local corruption.",
            "en",
        )
    )
    assert anchor.relevant and "threat" in anchor.types
    rep = classify(
        story(
            "Caller threatened to kill congresswoman, prosecutors say",
            "A caller threatened to kill a congresswoman over her votes, prosecutors said on "
            "Monday. Rep. Dana Holt had received the threat at her district office. Senators "
            "from both parties condemned the threat against the congresswoman.",
            "en",
        )
    )
    assert rep.relevant and "threat" in rep.types


def test_charge_of_attacking_police_is_not_an_assault_on_the_press():
    f = extract_features(
        "兩警員遇襲受傷　男子被控煽惑襲警",
        "兩名警員在集會中被人打傷。一名男子其後在網上發帖，被控煽惑他人襲警。",
        "zh-Hant",
    )
    assert f.types["assault"].sentences == []
    kept = extract_features(
        "男子被控襲擊記者",
        "一名男子被控在遊行中襲擊一名電視台記者。",
        "zh-Hant",
    )
    assert kept.types["assault"].sentences
