"""`pressmonitor export`: the incidents_export view as a CSV a spreadsheet opens safely."""

import csv

from click.testing import CliRunner

from pipelines.export import safe_cell
from pressmonitor.cli import cli
from tests.test_publish_sample import HOSTILE_TITLE, write_sample


def export(tmp_path, *args: str) -> list[dict[str, str]]:
    db = tmp_path / "pressmonitor.db"
    if not db.exists():
        write_sample(db)
    out = tmp_path / "incidents.csv"
    result = CliRunner().invoke(cli, ["export", "--db", str(db), "--out", str(out), *args])
    assert result.exit_code == 0, result.output
    with open(out, newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def test_export_neutralises_formulas_once(tmp_path):
    rows = {r["incident_id"]: r for r in export(tmp_path)}
    hostile = rows["inc-hostile"]
    assert hostile["title"] == "'" + HOSTILE_TITLE
    assert hostile["targets"] == "'-Injected Name"
    assert rows["inc-raid"]["title"] == "Harbour Daily newsroom searched, two editors arrested"
    for row in rows.values():
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


def test_export_has_the_documented_columns_lists_dates_and_urls(tmp_path):
    rows = export(tmp_path)
    assert list(rows[0]) == [
        "incident_id",
        "type",
        "types",
        "title",
        "date",
        "date_precision",
        "status",
        "confidence",
        "targets",
        "actors",
        "laws",
        "location",
        "summary",
        "first_reported",
        "updated",
        "story_count",
        "sources",
        "source_urls",
        "case_id",
    ]
    assert [r["date"] for r in rows] == sorted((r["date"] for r in rows), reverse=True)
    raid = next(r for r in rows if r["incident_id"] == "inc-raid")
    assert raid["sources"] == "harbour-daily; kowloon-post"
    assert raid["source_urls"].startswith("http://harbour-daily.test/2021-06-17/s1.html ")
    assert raid["laws"] == "national security law"


def test_export_filters_by_type_dates_and_status(tmp_path):
    rows = export(tmp_path, "--type", "arrest", "--since", "2021-01-01", "--until", "2021-12-31")
    assert [r["incident_id"] for r in rows] == ["inc-raid"]
    rows = export(tmp_path, "--status", "candidate", "--status", "reviewed")
    assert {r["incident_id"] for r in rows} == {
        "inc-charge",
        "inc-closure",
        "inc-app",
        "inc-hostile",
    }
    rows = export(tmp_path, "--until", "2022-03")
    assert "inc-app" in {r["incident_id"] for r in rows}


def test_safe_cell_covers_every_formula_prefix():
    for prefix in ("=", "+", "-", "@", "\t", "\r"):
        assert safe_cell(prefix + "1+1") == "'" + prefix + "1+1"
    assert safe_cell(-1.5) == -1.5 and safe_cell("Harbour") == "Harbour"
