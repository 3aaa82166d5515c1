import json

from pipelines.models import Evidence, Label, Story, Target
from pipelines.schema import migrations, open_db
from pipelines.store import (
    add_run_counts,
    finish_run,
    record_source_visit,
    start_run,
    store_labels,
    upsert_stories,
    upsert_story,
)


def story(**kw) -> Story:
    return Story(**{"url": "http://x.test/a.html", "title": "T", "text": "Body text.", **kw})


def test_contract_tables_and_wal(tmp_path):
    db = open_db(tmp_path / "p.db")
    for table in ("sources", "stories", "incidents", "incident_stories", "crawl_runs"):
        assert db[table].exists(), table
    for column in (
        "id",
        "url",
        "source",
        "title",
        "published",
        "language",
        "text",
        "relevant",
        "types",
    ):
        assert column in db["stories"].columns_dict
    for column in ("id", "type", "title", "date"):
        assert column in db["incidents"].columns_dict
    assert db.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert {m.name for m in migrations.applied(db)} >= {"m001_initial"}


def test_opening_twice_applies_nothing_again(tmp_path):
    open_db(tmp_path / "p.db").close()
    db = open_db(tmp_path / "p.db")
    assert migrations.pending(db) == []
    assert db["_sqlite_migrations"].count == len(migrations.applied(db))


def test_upsert_is_one_row_per_canonical_url(tmp_path):
    db = open_db(tmp_path / "p.db")
    assert upsert_story(db, story()) == "new"
    assert upsert_story(db, story()) == "unchanged"
    assert upsert_story(db, story(other_urls=["http://m.x.test/a.html"])) == "unchanged"
    assert db["stories"].count == 1
    row = db["stories"].get(story().id)
    assert json.loads(row["other_urls"]) == ["http://m.x.test/a.html"]
    assert upsert_story(db, story(text="Corrected body text.")) == "updated"
    row = db["stories"].get(story().id)
    assert row["text"] == "Corrected body text."
    assert json.loads(row["other_urls"]) == ["http://m.x.test/a.html"]  # kept on update
    [old] = db["story_versions"].rows
    assert (old["version"], old["text"]) == (1, "Body text.")


def test_labels_are_stored_as_json_columns(tmp_path):
    db = open_db(tmp_path / "p.db")
    label = Label(
        relevant=True,
        types=["raid", "arrest"],
        confidence=0.9,
        evidence=[Evidence("raid", "Police searched the newsroom.")],
        version="v1",
        targets=[Target("Test Daily", "outlet")],
        laws=["national security law"],
    )
    upsert_story(db, story(), label)
    row = db["stories"].get(story().id)
    assert row["relevant"] == 1 and json.loads(row["types"]) == ["raid", "arrest"]
    assert json.loads(row["evidence"])[0]["sentence"] == "Police searched the newsroom."
    assert json.loads(row["targets"]) == [{"name": "Test Daily", "kind": "outlet"}]
    store_labels(db, [(story().id, Label(relevant=False, version="v2"))])
    row = db["stories"].get(story().id)
    assert (row["relevant"], row["types"], row["classifier_version"]) == (0, "[]", "v2")


def test_crawl_runs_and_source_health(tmp_path):
    db = open_db(tmp_path / "p.db")
    run = start_run(db)
    add_run_counts(db, run, pages=3, stories=2, errors=0)
    add_run_counts(db, run, pages=1, stories=1, errors=1)
    finish_run(db, run, "errors")
    row = db["crawl_runs"].get(run)
    assert (row["pages"], row["stories"], row["errors"], row["status"]) == (4, 3, 1, "errors")
    assert row["finished"] >= row["started"]
    record_source_visit(db, "s", ok=False, error="timeout")
    record_source_visit(db, "s", ok=False, error="HTTP 503")
    assert db["sources"].get("s")["consecutive_failures"] == 2
    assert db["sources"].get("s")["last_error"] == "HTTP 503"
    record_source_visit(db, "s", ok=True)
    assert db["sources"].get("s")["consecutive_failures"] == 0


def _rows(db) -> list[dict]:
    skip = {"first_seen", "updated", "fetched_at"}
    return [{k: v for k, v in r.items() if k not in skip} for r in db["stories"].rows]


def test_batched_upsert_matches_one_call_per_story(tmp_path):
    label = Label(relevant=True, types=["arrest"], confidence=0.8, version="v1")
    batches = [
        [story(), story(url="http://x.test/b.html", text="Other body.")],
        [
            story(other_urls=["http://m.x.test/a.html"]),  # unchanged, URLs merged
            story(url="http://x.test/b.html", text="Other body, corrected."),  # updated
            story(url="http://x.test/c.html"),  # new
            story(url="http://x.test/c.html", text="Changed within the batch."),  # same id twice
        ],
    ]
    one, many = open_db(tmp_path / "one.db"), open_db(tmp_path / "many.db")
    for batch in batches:
        expected = [upsert_story(one, s, label) for s in batch]
        assert upsert_stories(many, [(s, label) for s in batch]) == expected
    assert expected == ["unchanged", "updated", "new", "updated"]
    assert _rows(many) == _rows(one)
    versions = [
        {k: v for k, v in r.items() if k != "replaced_at"} for r in one["story_versions"].rows
    ]
    assert [
        {k: v for k, v in r.items() if k != "replaced_at"} for r in many["story_versions"].rows
    ] == versions


def test_batched_upsert_is_one_lookup_and_one_transaction(tmp_path):
    db = open_db(tmp_path / "p.db")
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    batch = [(story(url=f"http://x.test/{i}.html"), None) for i in range(120)]
    assert upsert_stories(db, batch) == ["new"] * 120
    db.conn.set_trace_callback(None)
    lookups = [s for s in statements if s.lower().startswith("select * from stories where id in")]
    assert len(lookups) == 1
    assert not [s for s in statements if s.startswith("select * from [stories] where")]  # no get
    assert statements.count("BEGIN") == 1  # one transaction for the batch
    assert db["stories"].count == 120
