"""Datasette in-process with the project's metadata, plugins and templates, as `serve` runs it."""

import csv
import io
import xml.etree.ElementTree as ET

import pytest
import yaml

from pipelines.models import Label, Story
from pipelines.schema import open_db
from pipelines.store import upsert_story
from pressmonitor.serve import METADATA, SAFE_SETTINGS, datasette_args, make_datasette
from tests.test_publish_sample import HOSTILE_TITLE, write_sample

QUERY_PARAMS = {
    "target_timeline": {"target": "lee wing"},
    "incident_sources": {"incident_id": "inc-raid"},
    "search_stories": {"q": "editors"},
    "search_incidents": {"q": "harbour daily"},
}


@pytest.fixture
def sample(tmp_path):
    return write_sample(tmp_path / "pressmonitor.db")


@pytest.fixture
def ds(sample):
    return make_datasette(sample)


async def rows(ds, path: str, **params) -> list[dict]:
    response = await ds.client.get(path, params=params | {"_shape": "array"})
    assert response.status_code == 200, response.text
    return response.json()


def canned_queries() -> list[str]:
    return list(yaml.safe_load(METADATA.read_text())["databases"]["pressmonitor"]["queries"])


@pytest.mark.parametrize("name", canned_queries())
async def test_every_canned_query_runs_as_json_and_html(ds, name):
    params = QUERY_PARAMS.get(name, {})
    assert await rows(ds, f"/pressmonitor/{name}.json", **params)
    page = await ds.client.get(f"/pressmonitor/{name}", params=params)
    assert page.status_code == 200
    assert "error" not in page.text.lower().split("<h1")[1][:200]


async def test_canned_queries_answer_what_they_say(ds):
    timeline = await rows(ds, "/pressmonitor/incidents_by_month.json")
    assert {"month": "2021-06", "type": "raid", "incidents": 1} in timeline
    assert [r["month"] for r in timeline] == sorted(r["month"] for r in timeline)
    latest = await rows(ds, "/pressmonitor/latest_incidents.json")
    assert latest[0]["incident_id"] == "inc-hostile"
    arrests = await rows(ds, "/pressmonitor/arrests_and_prosecutions.json")
    assert {r["incident_id"] for r in arrests} == {"inc-raid", "inc-charge"}
    assert arrests[0]["targets"] == "Lee Wing"
    earlier = await rows(ds, "/pressmonitor/arrests_and_prosecutions.json", before="2021-06-18")
    assert [r["incident_id"] for r in earlier] == ["inc-raid"]
    closures = await rows(ds, "/pressmonitor/closures.json")
    assert [r["incident_id"] for r in closures] == ["inc-closure"]
    assert await rows(ds, "/pressmonitor/closures.json", before="2021-06-24") == []
    # the next page keeps the incidents of the last date shown that had not fitted yet
    same_day = await rows(ds, "/pressmonitor/closures.json", before="2021-06-24", after_id="inc-a")
    assert [r["incident_id"] for r in same_day] == ["inc-closure"]
    companies = await rows(ds, "/pressmonitor/corporate_responses_by_company.json")
    assert [(r["company"], r["responses"]) for r in companies] == [("ClipTok", 1)]
    timeline = await rows(ds, "/pressmonitor/target_timeline.json", target="lee wing")
    assert [r["incident_id"] for r in timeline] == ["inc-raid", "inc-charge"]
    assert await rows(ds, "/pressmonitor/target_timeline.json", target="") == []
    behind = await rows(ds, "/pressmonitor/incident_sources.json", incident_id="inc-raid")
    assert [(r["story_id"], r["role"]) for r in behind] == [
        ("s1", "first_report"),
        ("s2", "follow_up"),
    ]


async def test_ranked_search_puts_title_matches_first_and_tolerates_syntax(ds):
    found = await rows(ds, "/pressmonitor/search_stories.json", q="editors")
    assert [r["story_id"] for r in found] == ["s2", "s1"]  # s2 has it in the title
    assert "[editors]" in found[0]["snippet"]
    assert await rows(ds, "/pressmonitor/search_stories.json", q='"unbalanced (') == []
    assert await rows(ds, "/pressmonitor/search_stories.json", q="") == []
    incidents = await rows(ds, "/pressmonitor/search_incidents.json", q="last edition")
    assert [r["incident_id"] for r in incidents] == ["inc-closure"]


async def test_table_search_uses_the_full_text_index(ds):
    found = await rows(ds, "/pressmonitor/stories.json", _search="ferries")
    assert [r["id"] for r in found] == ["s5"]
    found = await rows(ds, "/pressmonitor/incidents.json", _search="newsroom")
    assert [r["id"] for r in found] == ["inc-raid"]


async def facets(ds, path: str) -> dict[str, dict[str, int]]:
    response = await ds.client.get(path)
    assert response.status_code == 200
    data = response.json()
    assert not data.get("facets_timed_out")
    return {
        name: {r["value"]: r["count"] for r in facet["results"]}
        for name, facet in data["facet_results"].items()
    }


async def test_default_facets_on_incidents(ds):
    got = await facets(ds, "/pressmonitor/incidents.json")
    assert set(got) == {"type", "status", "month", "target_names", "laws", "sources"}
    assert got["month"] == {"2021-06": 3, "2022-03": 1, "2022-05": 1}
    assert got["target_names"]["Harbour Daily"] == 2
    assert got["laws"] == {"national security law": 2}
    assert got["sources"] == {"harbour-daily": 2, "kowloon-post": 4}
    assert got["status"]["candidate"] == 3


async def test_default_facets_on_stories_count_each_story_once(ds):
    got = await facets(ds, "/pressmonitor/stories.json")
    assert set(got) == {"source", "language", "relevant", "types"}
    assert got["types"]["prosecution"] == 1  # s2 lists it twice
    assert got["language"] == {"en": 5, "zh-Hant": 1}
    selected = await facets(ds, "/pressmonitor/stories.json?types__arraycontains=raid")
    assert selected["types"] == {"raid": 1, "arrest": 1}


@pytest.mark.parametrize("table", ["stories", "incidents"])
async def test_kept_facet_counts_match_the_facet_queries(ds, table):
    kept = await facets(ds, f"/pressmonitor/{table}.json")
    queried = await facets(ds, f"/pressmonitor/{table}.json?_where=1")  # a filter: no counts
    assert kept == queried
    trace = await ds.client.get(f"/pressmonitor/{table}.json?_facet_size=1")
    assert trace.json()["facet_results"]  # the facet size still applies
    assert all(len(f["results"]) == 1 for f in trace.json()["facet_results"].values())


async def test_filtered_facets_count_the_filtered_rows(ds):
    got = await facets(ds, "/pressmonitor/incidents.json?status=candidate")
    assert got["status"] == {"candidate": 3}
    assert got["target_names"] == {"Lee Wing": 1, "ClipTok": 1, "-Injected Name": 1}
    got = await facets(ds, "/pressmonitor/stories.json?_search=editors")
    assert got["types"] == {"raid": 1, "arrest": 1, "prosecution": 1}


async def test_corporate_responses_page_after_the_last_incident_shown(ds):
    first = await rows(ds, "/pressmonitor/corporate_responses_by_company.json")
    assert [r["incident_id"] for r in first] == ["inc-app"]
    after = await rows(
        ds, "/pressmonitor/corporate_responses_by_company.json", after=first[-1]["incident_id"]
    )
    assert after == []


async def test_target_timeline_finds_names_with_quotes_and_wildcards(ds, sample):
    db = open_db(sample)
    db["incidents"].update("inc-closure", {"targets": '[{"name": "The \\"Quoted\\" Union"}]'})
    db.close()
    found = await rows(ds, "/pressmonitor/target_timeline.json", target='"quoted"')
    assert [r["incident_id"] for r in found] == ["inc-closure"]
    found = await rows(ds, "/pressmonitor/target_timeline.json", target="lee_wing")
    assert [r["incident_id"] for r in found] == ["inc-raid", "inc-charge"]


async def test_incident_permalink_shows_its_stories_and_evidence(ds):
    page = await ds.client.get("/pressmonitor/incidents/inc-raid")
    assert page.status_code == 200
    html = page.text
    assert "Sources and evidence" in html
    assert "2 stories report this incident" in html
    assert html.index("Officers search the Harbour Daily newsroom") < html.index(
        "Two Harbour Daily editors charged"
    )
    assert "Evidence s1." in html and 'href="http://harbour-daily.test/2021-06-17/s1.html"' in html
    query = await ds.client.get("/pressmonitor/latest_incidents")
    assert 'href="/pressmonitor/incidents/inc-raid"' in query.text


async def test_atom_feed_lists_new_incidents(ds):
    response = await ds.client.get("/pressmonitor/new_incidents_feed.atom")
    assert response.status_code == 200
    feed = ET.fromstring(response.text)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert feed.find("a:title", ns).text == "pressmonitor — new incidents"
    entries = feed.findall("a:entry", ns)
    assert len(entries) == 5
    titles = [e.find("a:title", ns).text for e in entries]
    assert "[closure] Harbour Daily prints its last edition" in titles
    links = {e.find("a:link", ns).get("href") for e in entries}
    assert "/pressmonitor/incidents/inc-raid" in links


async def test_dashboard_charts_and_their_queries(ds):
    page = await ds.client.get("/-/dashboards/incidents")
    assert page.status_code == 200
    assert "Incidents per month, by type" in page.text
    config = ds.plugin_config("datasette-dashboards")["incidents"]
    for chart in config["charts"].values():
        sql = chart["query"].replace("[[", "").replace("]]", "")
        data = await rows(ds, "/pressmonitor.json", sql=sql, status="candidate", since="2021")
        assert data


async def test_export_view_csv_is_neutralised_and_streams_every_row(ds):
    response = await ds.client.get("/pressmonitor/incidents_export.csv?_stream=on&_size=max")
    assert response.status_code == 200
    table = {r["incident_id"]: r for r in csv.DictReader(io.StringIO(response.text))}
    assert table["inc-hostile"]["title"] == "'" + HOSTILE_TITLE
    assert table["inc-hostile"]["targets"] == "'-Injected Name"
    raid = table["inc-raid"]
    assert raid["types"] == "raid; arrest" and raid["targets"] == "Harbour Daily; Lee Wing"
    assert raid["source_urls"].split(" ") == [
        "http://harbour-daily.test/2021-06-17/s1.html",
        "http://kowloon-post.test/2021-06-18/s2.html",
    ]
    assert raid["date"] == "2021-06-17" and raid["story_count"] == "2"


async def test_csv_streams_past_max_returned_rows(sample):
    """The page's "CSV, stream all rows" link: `_stream=on&_size=max`."""
    ds = make_datasette(sample, max_returned_rows=2)
    page = await ds.client.get("/pressmonitor/incidents_export")
    assert "stream all rows" in page.text and "_size=max" in page.text
    response = await ds.client.get("/pressmonitor/incidents_export.csv?_stream=on&_size=max")
    assert len(list(csv.DictReader(io.StringIO(response.text)))) == 5
    response = await ds.client.get("/pressmonitor/stories.csv?_stream=on&_size=max")
    assert len(list(csv.DictReader(io.StringIO(response.text)))) == 6


async def test_read_only_no_download_and_robots_blocked(ds):
    assert (await ds.client.get("/pressmonitor.db")).status_code in (403, 404)
    write = await ds.client.get(
        "/pressmonitor.json", params={"sql": "delete from incidents", "_shape": "array"}
    )
    assert write.status_code == 400
    assert (await rows(ds, "/pressmonitor.json", sql="select count(*) as n from incidents")) == [
        {"n": 5}
    ]
    robots = await ds.client.get("/robots.txt")
    assert robots.status_code == 200 and "Disallow: /" in robots.text
    plugins = {p["name"] for p in (await ds.client.get("/-/plugins.json")).json()}
    assert not {p for p in plugins if "write" in p or "upload" in p or "edit" in p}


async def test_metadata_describes_every_table_and_incident_column(ds, sample):
    meta = yaml.safe_load(METADATA.read_text())["databases"]["pressmonitor"]["tables"]
    db = open_db(sample)
    shown = [t for t in db.table_names() + db.view_names() if not t.startswith("_")]
    missing = [t for t in shown if "_fts" not in t and t not in meta]
    assert missing == []
    columns = [r[1] for r in db.execute("pragma table_xinfo(incidents)")]
    assert set(columns) <= set(meta["incidents"]["columns"])
    assert set(db["incidents_export"].columns_dict) == set(meta["incidents_export"]["columns"])
    page = await ds.client.get("/pressmonitor/incidents")
    assert "legal_order" in page.text and "corroborated" in page.text


@pytest.fixture
def stored_db_path(tmp_path):
    path = tmp_path / "pressmonitor.db"
    db = open_db(path)
    upsert_story(
        db,
        Story(
            url="http://x.test/raid.html", title="Newsroom searched", text="Officers searched it."
        ),
        Label(relevant=True, types=["raid"], confidence=0.9, version="t"),
    )
    upsert_story(
        db,
        Story(url="http://x.test/f.html", title='=HYPERLINK("http://evil.test")', text="x"),
        Label(relevant=False, version="t"),
    )
    db.close()
    return path


async def test_stories_from_the_store_as_json_and_csv(stored_db_path):
    ds = make_datasette(stored_db_path)
    response = await ds.client.get("/pressmonitor/stories.json?_shape=array&_sort=title")
    assert response.status_code == 200
    titles = [r["title"] for r in response.json()]
    assert titles == ['=HYPERLINK("http://evil.test")', "Newsroom searched"]
    response = await ds.client.get("/pressmonitor/stories.csv?_sort=title")
    assert response.status_code == 200
    table = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["title"] for r in table][-1] == "Newsroom searched"
    assert table[-1]["types"] == '["raid"]'
    page = await ds.client.get("/pressmonitor/stories")
    assert "One row per article" in page.text


def test_serve_binds_to_localhost_with_safe_settings(tmp_path):
    args = datasette_args(tmp_path / "pressmonitor.db")
    assert args[args.index("--host") + 1] == "127.0.0.1"
    assert args[args.index("allow_download") + 1] == "off"
    assert args[args.index("allow_csv_stream") + 1] == "on"
    assert "sql_time_limit_ms" in args and "--plugins-dir" in args and "--template-dir" in args
    assert SAFE_SETTINGS["sql_time_limit_ms"] <= 1000
