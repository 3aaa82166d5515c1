"""Grouping stories into incidents: occurrences, cases, status, stable ids, corrections."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.incident_store import rebuild_incidents, record_correction, update_incidents
from pipelines.models import Evidence, Label, Story, Target
from pipelines.schema import open_db
from pipelines.store import upsert_story

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"

RAID = (
    "National security police searched the newsroom of the Harbour Herald in Kwun Tong on "
    "Thursday morning and arrested the chief editor Lam Ka-ming and five other senior staff. "
    "About 200 officers took part in the search of the Harbour Herald offices."
)
RAID_2 = (
    "The Harbour Herald newsroom was searched by some 200 national security officers on Thursday, "
    "and chief editor Lam Ka-ming was arrested together with five other senior staff members."
)
RAID_3 = (
    "Police arrested six senior staff of the Harbour Herald, including chief editor Lam Ka-ming, "
    "and searched its Kwun Tong newsroom on Thursday, the force said in a statement."
)
CHARGE = (
    "Prosecutors charged Harbour Herald chief editor Lam Ka-ming with conspiracy to collude with "
    "foreign forces on Friday. The magistrate denied him bail and adjourned the case to next month."
)
SWEEP = (
    "Police arrested 40 opposition activists across the city at dawn on Monday in a single "
    "operation over an unofficial primary election, searching homes and offices."
)
SWEEP_2 = (
    "In a dawn operation on Monday police detained some 40 opposition activists over the "
    "unofficial primary election and searched their homes and offices across the city."
)


def story(sid: str, source: str, title: str, text: str, published: str) -> Story:
    return Story(
        url=f"https://{source}.example/{sid}",
        title=title,
        text=text,
        source=source,
        published=published,
    )


def label(types: list[str], day: str, targets: list[str], sentence: str) -> Label:
    return Label(
        relevant=True,
        types=types,
        confidence=0.8,
        evidence=[Evidence(t, sentence) for t in types],
        incident_date=day,
        date_precision="day",
        targets=[Target(n, "outlet" if "Herald" in n else "person") for n in targets],
        actors=["national security police"],
        laws=["national security law"],
        location="Kwun Tong",
    )


def store(db, items: list[tuple[Story, Label]]) -> list[str]:
    for s, lab in items:
        db["sources"].insert({"name": s.source, "kind": "feed"}, pk="name", ignore=True)
        upsert_story(db, s, lab)
    return [s.id for s, _ in items]


def raid_reports() -> list[tuple[Story, Label]]:
    targets = ["Harbour Herald", "Lam Ka-ming"]
    return [
        (
            story("r1", "herald", "Police search Harbour Herald newsroom", RAID, "2024-03-07"),
            label(["raid", "arrest"], "2024-03-07", targets, RAID.split(". ")[0]),
        ),
        (
            story("r2", "tribune", "Herald newsroom searched, editor held", RAID_2, "2024-03-07"),
            label(["raid", "arrest"], "2024-03-07", targets, RAID_2),
        ),
        (
            story("r3", "wire", "Six Harbour Herald staff arrested", RAID_3, "2024-03-08"),
            label(["arrest"], "2024-03-07", targets, RAID_3),
        ),
    ]


def charge_report() -> tuple[Story, Label]:
    return (
        story("c1", "tribune", "Harbour Herald editor charged, denied bail", CHARGE, "2024-03-08"),
        label(["prosecution"], "2024-03-08", ["Harbour Herald", "Lam Ka-ming"], CHARGE),
    )


def incidents_of(db) -> dict[str, dict]:
    return {r["id"]: r for r in db.query("select * from incidents")}


def members(db, iid: str) -> dict[str, str]:
    return {
        r["story_id"]: r["role"]
        for r in db.query("select * from incident_stories where incident_id = ?", [iid])
    }


def test_one_occurrence_from_three_outlets_is_one_corroborated_incident(tmp_path) -> None:
    db = open_db(tmp_path / "t.db")
    ids = store(db, raid_reports())
    update_incidents(db, ids)
    incs = incidents_of(db)
    assert len(incs) == 1
    (inc,) = incs.values()
    assert inc["status"] == "corroborated"
    assert inc["date"] == "2024-03-07"
    assert set(json.loads(inc["types"])) == {"raid", "arrest"}
    roles = members(db, inc["id"])
    assert sorted(roles) == sorted(ids)
    assert list(roles.values()).count("first_report") == 1
    assert roles[ids[0]] == "first_report"
    evidence = json.loads(inc["evidence"])
    assert {e["story_id"] for e in evidence["type"]} == set(ids)
    assert evidence["date"][0]["story_id"] == ids[0]
    assert any(e["value"] == "Lam Ka-ming" for e in evidence["targets"])


def test_single_story_is_a_candidate(tmp_path) -> None:
    db = open_db(tmp_path / "t.db")
    update_incidents(db, store(db, raid_reports()[:1]))
    (inc,) = incidents_of(db).values()
    assert inc["status"] == "candidate"


def test_arrest_then_charge_are_two_incidents_in_one_case(tmp_path) -> None:
    db = open_db(tmp_path / "t.db")
    update_incidents(db, store(db, [*raid_reports(), charge_report()]))
    incs = incidents_of(db)
    assert len(incs) == 2
    by_type = {i["type"]: i for i in incs.values()}
    assert set(by_type) >= {"prosecution"}
    assert len({i["case_id"] for i in incs.values()}) == 1
    assert next(iter(incs.values()))["case_id"] is not None
    assert db["cases"].count == 1
    assert db["cases"].get(by_type["prosecution"]["case_id"])["incident_count"] == 2


def test_one_police_operation_against_many_people_is_one_incident(tmp_path) -> None:
    db = open_db(tmp_path / "t.db")
    people = [f"Activist {n}" for n in range(12)]
    items = [
        (
            story("s1", "herald", "Police arrest 40 activists over primary", SWEEP, "2024-01-08"),
            label(["arrest", "raid"], "2024-01-08", people[:8], SWEEP),
        ),
        (
            story("s2", "wire", "Dawn sweep detains 40 opposition figures", SWEEP_2, "2024-01-08"),
            label(["arrest", "raid"], "2024-01-08", people[4:], SWEEP_2),
        ),
    ]
    update_incidents(db, store(db, items))
    (inc,) = incidents_of(db).values()
    assert len(json.loads(inc["targets"])) >= 8


def test_unrelated_stories_on_the_same_day_stay_apart(tmp_path) -> None:
    db = open_db(tmp_path / "t.db")
    other = (
        story(
            "x1",
            "tribune",
            "Teachers' union votes to disband",
            "The city's largest teachers' union voted to dissolve at a general meeting on "
            "Thursday after pressure from officials, its chairman said.",
            "2024-03-07",
        ),
        label(["closure"], "2024-03-07", ["Teachers Union"], "The union voted to dissolve."),
    )
    update_incidents(db, store(db, [*raid_reports()[:1], other]))
    assert len(incidents_of(db)) == 2


def test_ids_are_stable_across_runs_and_new_stories_join(tmp_path) -> None:
    first_db = open_db(tmp_path / "a.db")
    update_incidents(first_db, store(first_db, raid_reports()))
    second_db = open_db(tmp_path / "b.db")
    update_incidents(second_db, store(second_db, raid_reports()))
    assert set(incidents_of(first_db)) == set(incidents_of(second_db))

    # incremental: the raid reports arrive in two crawls; the later one joins the same incident
    db = open_db(tmp_path / "c.db")
    reports = raid_reports()
    update_incidents(db, store(db, reports[:1]))
    before = set(incidents_of(db))
    update_incidents(db, store(db, reports[1:]))
    assert set(incidents_of(db)) == before == set(incidents_of(first_db))
    rebuild_incidents(db)
    assert set(incidents_of(db)) == before


def test_story_reporting_two_occurrences_belongs_to_two_incidents(tmp_path) -> None:
    db = open_db(tmp_path / "t.db")
    raid = raid_reports()
    charge = charge_report()
    both = (
        story("b1", "wire", "Herald editor charged a day after newsroom raid",
              f"{CHARGE} {RAID}", "2024-03-08"),
        label(["prosecution", "raid", "arrest"], "2024-03-08",
              ["Harbour Herald", "Lam Ka-ming"], CHARGE),
    )  # fmt: skip
    update_incidents(db, store(db, [*raid, charge, both]))
    holding = [i for i in incidents_of(db) if both[0].id in members(db, i)]
    assert len(holding) == 2


def test_corrections_survive_reclustering(tmp_path) -> None:
    db = open_db(tmp_path / "t.db")
    update_incidents(db, store(db, [*raid_reports(), charge_report()]))
    incs = incidents_of(db)
    raid_id = next(i for i, r in incs.items() if r["type"] != "prosecution")
    charge_id = next(i for i, r in incs.items() if r["type"] == "prosecution")
    record_correction(db, raid_id, "date", "2024-03-06", who="editor@example")
    record_correction(db, raid_id, "confirm", who="editor@example")
    assert incidents_of(db)[raid_id]["status"] == "reviewed"

    rebuild_incidents(db)
    update_incidents(db)  # a re-run over everything changes nothing a person decided
    inc = incidents_of(db)[raid_id]
    assert inc["date"] == "2024-03-06"
    assert inc["status"] == "reviewed"
    corrections = json.loads(inc["evidence"])["corrections"]
    assert corrections["date"][0]["who"] == "editor@example"

    record_correction(db, raid_id, "merge", charge_id, who="editor@example")
    assert charge_id not in incidents_of(db)
    rebuild_incidents(db)
    assert charge_id not in incidents_of(db)
    assert len(members(db, raid_id)) == 4
    row = db["corrections"].get(3)
    assert (row["action"], row["who"]) == ("merge", "editor@example")


def test_split_correction_moves_stories_out(tmp_path) -> None:
    db = open_db(tmp_path / "t.db")
    ids = store(db, raid_reports())
    update_incidents(db, ids)
    (iid,) = incidents_of(db)
    record_correction(db, iid, "split", [ids[2]], who="analyst")
    assert len(incidents_of(db)) == 2
    rebuild_incidents(db)
    assert len(incidents_of(db)) == 2
    assert ids[2] not in members(db, iid)


@pytest.fixture(scope="module")
def dev_grouping() -> dict:
    out = subprocess.run(
        [sys.executable, str(REPO / "bench" / "eval_incidents.py"), "--json", "--no-scaling"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return json.loads(out.stdout)["grouping"]


@pytest.mark.skipif(not SHARED.exists(), reason="../shared (the dev event windows) is absent")
def test_dev_grouping_reaches_the_issue_bar(dev_grouping) -> None:
    """The issue's bar (pairwise F1 0.80) and the precision and recall measured when it was met."""
    # Measured with classifier rules-2026.3: F1 0.856, P 0.929, R 0.794. The grouping follows
    # the classifier's types, so a classifier change moves these figures.
    assert dev_grouping["f1"] >= 0.80, dev_grouping
    assert dev_grouping["precision"] >= 0.90, dev_grouping
    assert dev_grouping["recall"] >= 0.77, dev_grouping


# --- occurrences told apart by stage, charge and the lead (stories written for these tests) ----


def _grouped(items: list[tuple[Story, Label]]) -> dict[str, set[str]]:
    from pipelines.incidents import group_stories

    return {sid: set(ids) for sid, ids in group_stories(items).items()}


def _zh(
    sid: str,
    title: str,
    text: str,
    published: str,
    types: list[str],
    targets: tuple[str, ...] = ("Lantern Society",),
) -> tuple:
    s = Story(url=f"https://zh.example/{sid}", id=sid, title=title, text=text, source="zh")
    s.published = published
    lab = Label(
        relevant=True,
        types=types,
        evidence=[Evidence(t, title) for t in types],
        targets=[Target(name, "ngo") for name in targets],
    )
    return s, lab


def test_charges_under_different_laws_the_same_day_are_two_incidents() -> None:
    items = [
        _zh(
            "a1",
            "【燈籠社案】三常委被控煽動顛覆　今提堂被拒保釋",
            "燈籠社三名常委今提堂。",
            "2024-05-10",
            ["prosecution"],
        ),
        _zh(
            "a2",
            "【燈籠社案】常委被控煽動顛覆　還押候訊",
            "燈籠社常委今日還押。",
            "2024-05-10",
            ["prosecution"],
        ),
        _zh(
            "b1",
            "【燈籠社案】四常委被控拒交資料　今提堂不認罪",
            "燈籠社四名常委不認罪。",
            "2024-05-10",
            ["prosecution"],
        ),
        _zh(
            "b2",
            "【燈籠社案】四常委被控拒交資料　官拒保釋",
            "燈籠社四名常委被拒保釋。",
            "2024-05-10",
            ["prosecution"],
        ),
    ]
    g = _grouped(items)
    assert g["a1"] & g["a2"] and g["b1"] & g["b2"]
    assert not g["a1"] & g["b1"]


def test_arrest_and_later_court_appearance_are_two_incidents() -> None:
    items = [
        _zh("r1", "燈籠社常委清晨被捕", "警方今晨拘捕燈籠社三名常委。", "2024-05-08", ["arrest"]),
        _zh("r2", "燈籠社三常委被捕　警上門", "燈籠社三名常委今早被捕。", "2024-05-08", ["arrest"]),
        _zh(
            "c1",
            "燈籠社三常委今提堂　被拒保釋",
            "燈籠社三名常委今日提堂。",
            "2024-05-10",
            ["arrest", "prosecution"],
        ),
    ]
    g = _grouped(items)
    assert g["r1"] & g["r2"]
    assert not g["c1"] & g["r1"]


def test_lead_reporting_yesterdays_charge_joins_the_charge_incident() -> None:
    charge = _zh(
        "k1",
        "燈籠社三常委被落案起訴",
        "警方今晚落案起訴燈籠社三名常委。",
        "2024-05-09",
        ["prosecution"],
    )
    court = _zh(
        "k2",
        "燈籠社三常委今提堂　被拒保釋",
        "警方昨晚落案起訴燈籠社三名常委。三人今日提堂，被拒保釋。",
        "2024-05-10",
        ["prosecution"],
    )
    g = _grouped([charge, court])
    assert g["k1"] <= g["k2"] and len(g["k2"]) == 2  # the court appearance and the charge


def test_reaction_headline_does_not_stage_the_action() -> None:
    from pipelines.incidents import headline_news

    s = Story(url="https://zh.example/x", title="外長稱起訴燈籠社是打壓　促即時釋放")
    assert headline_news(s) == ""
    s = Story(url="https://zh.example/y", title="多國表關注　拘捕燈籠社主席")
    assert headline_news(s) == "拘捕燈籠社主席"


# --- a law's passage and the stories about it (stories written for these tests) ----------------

_ORDINANCE_TEXT = (
    "《街頭表演管理條例》昨晚刊憲生效。條例第3條規定，街頭表演須預先申請許可；第7條訂明，"
    "表演內容不得煽惑他人違反條例。條文又授權警方沒收器材，第12條列明違例者最高可判監一年。"
    "有律師指條例字眼含糊，第3條與第7條令表演者難以判斷界線。"
)


def _law_story(sid: str, title: str, text: str, published: str, types: list[str]) -> tuple:
    return _zh(sid, title, text, published, types, targets=())


def _passage() -> tuple:
    """The ordinance's passage on 10 March, the incident the law-passage tests join or avoid."""
    return _law_story(
        "law1",
        "立法會三讀通過《街頭表演管理條例》",
        "立法會今日三讀通過《街頭表演管理條例》，今晚刊憲生效。",
        "2025-03-10",
        ["legislation"],
    )


def test_explainer_of_a_law_passed_yesterday_joins_the_passage() -> None:
    passed = _passage()
    # typed as a threat from its wording, but its headline and its text are about the ordinance
    explainer = _law_story(
        "law2",
        "【街頭表演管理條例】表演者憂被警方沒收器材",
        _ORDINANCE_TEXT,
        "2025-03-11",
        ["threat"],
    )
    g = _grouped([passed, explainer])
    assert g["law1"] <= g["law2"], g
    assert len(g["law2"]) == 2  # the passage and its own (threat) mention


def test_stories_with_their_own_news_or_days_later_stay_out_of_the_passage() -> None:
    passed = _passage()
    # its headline reports its own occurrence, not the law
    own_news = _law_story(
        "own",
        "樂隊取消旺角演出　主辦方：不想冒險",
        "《街頭表演管理條例》昨晚生效。" + _ORDINANCE_TEXT,
        "2025-03-11",
        ["censorship"],
    )
    later = _law_story(
        "late", "【街頭表演管理條例】表演者憂被沒收器材", _ORDINANCE_TEXT, "2025-03-14", ["threat"]
    )
    since = _law_story(
        "since",
        "【街頭表演管理條例】生效一年　表演者減半",
        "《街頭表演管理條例》生效一年，" + _ORDINANCE_TEXT[15:],
        "2025-03-11",
        ["threat"],
    )
    g = _grouped([passed, own_news, later, since])
    for sid in ("own", "late", "since"):
        assert not g["law1"] & g[sid], (sid, g)


def test_law_density_counts_references_to_the_law() -> None:
    from pipelines.incidents import law_density, passage_laws

    story, _ = _law_story("x", "【街頭表演管理條例】", _ORDINANCE_TEXT, "2025-03-11", [])
    assert law_density(story) > 20
    assert passage_laws(story, 600) == {"街頭表演管理條例"}
    chatter, _ = _law_story("y", "天氣", "今日天晴，氣溫廿八度。" * 20, "2025-03-11", [])
    assert law_density(chatter) == 0


def test_an_untyped_story_does_not_pull_typed_reports_together() -> None:
    # published first, relevant but without a type: it must not become the hub of two occurrences
    untyped = _law_story(
        "u", "燈籠社風波", "燈籠社書店今日下架多本書籍，警方同日拘捕燈籠社主席。", "2025-04-01", []
    )
    untyped[0].published = "2025-04-01T08:00"
    books = _law_story(
        "b",
        "燈籠社書店下架書籍",
        "燈籠社書店今日下架多本書籍。",
        "2025-04-01T09:00",
        ["censorship"],
    )
    chair = _law_story(
        "c", "燈籠社主席被捕", "警方今日拘捕燈籠社主席。", "2025-04-01T10:00", ["arrest"]
    )
    g = _grouped([untyped, books, chair])
    assert not g["b"] & g["c"], g
    assert g["u"] and g["u"] <= g["b"] | g["c"], g  # it joins one of them
