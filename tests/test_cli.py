"""The `pressmonitor` command as a user runs it: classify, export, help."""

import csv
import json

from pipelines.models import Label, Story
from pipelines.processing import process_stories
from pipelines.schema import open_db
from pipelines.store import store_labels
from tests.conftest import run_cli

RAID = (
    "National security police arrested five editors of a newspaper on Thursday morning and "
    "searched its newsroom, seizing computers and freezing the assets of three companies."
)
WEATHER = (
    "The Observatory said a cold front would bring temperatures down to 12 degrees this weekend."
)


def test_classify_file_round_trips_ids_and_keeps_order(tmp_path):
    stories = [
        {
            "id": "b-2",
            "url": "http://x.test/2",
            "title": "Cold front",
            "text": WEATHER,
            "published": "2024-01-05",
        },
        {
            "id": "a-1",
            "url": "http://x.test/1",
            "title": "Editors arrested",
            "text": RAID,
            "published": "2021-06-17",
            "lang": "en",
        },
        {"id": "c-3", "url": "http://x.test/3", "title": "", "text": "", "published": None},
        {
            "id": "d-4",
            "url": "http://x.test/4",
            "title": "\x00\x01",
            "text": "@@@ ### !!! 1234 ~~~",
            "published": "x",
        },
    ]
    source = tmp_path / "stories.jsonl"
    source.write_text("\n".join(json.dumps(s) for s in stories) + "\n", encoding="utf-8")
    out = tmp_path / "labels.jsonl"
    result = run_cli("classify", "--input", str(source), "--output", str(out))
    assert result.returncode == 0, result.stderr
    labels = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [lab["id"] for lab in labels] == ["b-2", "a-1", "c-3", "d-4"]
    for lab in labels:
        assert {"id", "relevant", "types", "confidence", "evidence"} <= set(lab)
        assert isinstance(lab["confidence"], float)
    by_id = {lab["id"]: lab for lab in labels}
    assert by_id["a-1"]["relevant"] is True and "arrest" in by_id["a-1"]["types"]
    assert by_id["a-1"]["evidence"] and by_id["a-1"]["evidence"][0]["sentence"]
    assert by_id["b-2"]["relevant"] is False
    assert by_id["c-3"]["relevant"] is False and by_id["d-4"]["relevant"] is False


def test_classify_file_survives_a_broken_line(tmp_path):
    source = tmp_path / "stories.jsonl"
    source.write_text(
        '{"id": "ok", "title": "t", "text": "x"}\nnot json\n[1, 2]\n', encoding="utf-8"
    )
    out = tmp_path / "labels.jsonl"
    result = run_cli("classify", "--input", str(source), "--output", str(out))
    assert result.returncode == 0
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(lines) == 3 and lines[0]["id"] == "ok"
    assert all(lab["relevant"] is False for lab in lines[1:])
    assert f"{source}:2:" in result.stderr


def test_reclassify_stored_stories_without_recrawling(tmp_path):
    db_path = tmp_path / "pressmonitor.db"
    db = open_db(db_path)
    story = Story(
        url="http://x.test/raid", title="Editors arrested", text=RAID, published="2021-06-17"
    )
    process_stories(db, [story])
    store_labels(db, [(story.id, Label(relevant=False, version="stale"))])
    db.close()
    result = run_cli("classify", "--db", str(db_path))
    assert result.returncode == 0, result.stderr
    db = open_db(db_path)
    row = db["stories"].get(story.id)
    assert row["relevant"] == 1 and row["classifier_version"] != "stale"
    assert db["incidents"].count >= 1


def test_export_writes_safe_csv_with_filters(tmp_path):
    db_path = tmp_path / "pressmonitor.db"
    db = open_db(db_path)
    hostile = Story(
        url="http://x.test/h",
        title='=HYPERLINK("http://evil.test","click") police arrest editors',
        text=RAID,
        published="2021-06-17",
        source="",
    )
    process_stories(db, [hostile])
    db.close()
    out = tmp_path / "incidents.csv"
    result = run_cli("export", "--db", str(db_path), "--out", str(out))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert rows, "the arrest should make an incident"
    assert all(
        not v.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for v in r.values() if v
    )
    assert any(r["title"].startswith("'=HYPERLINK") for r in rows)
    assert rows[0]["source_urls"] == "http://x.test/h"
    filtered = tmp_path / "none.csv"
    run_cli("export", "--db", str(db_path), "--out", str(filtered), "--type", "closure")
    assert list(csv.DictReader(filtered.open(encoding="utf-8-sig"))) == []


def test_help_lists_the_contract_commands():
    result = run_cli("--help")
    for command in ("crawl", "classify", "serve", "export", "demo"):
        assert command in result.stdout
    crawl_help = run_cli("crawl", "--help").stdout
    assert "--db" in crawl_help and "--sources" in crawl_help and "NAME=VALUE" in crawl_help
