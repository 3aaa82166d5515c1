"""Datasette in-process over a database written by the project's own storage functions."""

import csv
import io

import pytest
import yaml
from datasette.app import Datasette

from pipelines.models import Label, Story
from pipelines.schema import open_db
from pipelines.store import upsert_story
from pressmonitor.serve import METADATA, SAFE_SETTINGS, datasette_args
from tests.conftest import REPO


@pytest.fixture
def db_path(tmp_path):
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


def make_ds(db_path) -> Datasette:
    metadata = yaml.safe_load(METADATA.read_text())
    return Datasette(
        [str(db_path)],
        metadata=metadata,
        settings=SAFE_SETTINGS,
        plugins_dir=str(REPO / "plugins") if (REPO / "plugins").is_dir() else None,
    )


async def test_stories_as_json_and_csv(db_path):
    ds = make_ds(db_path)
    response = await ds.client.get("/pressmonitor/stories.json?_shape=array&_sort=title")
    assert response.status_code == 200
    titles = [r["title"] for r in response.json()]
    assert titles == ['=HYPERLINK("http://evil.test")', "Newsroom searched"]
    response = await ds.client.get("/pressmonitor/stories.csv?_sort=title")
    assert response.status_code == 200
    table = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["title"] for r in table][-1] == "Newsroom searched"
    assert table[-1]["types"] == '["raid"]'


async def test_metadata_describes_tables_and_database_is_not_downloadable(db_path):
    ds = make_ds(db_path)
    response = await ds.client.get("/pressmonitor/stories")
    assert response.status_code == 200
    assert "One row per article" in response.text
    assert (await ds.client.get("/pressmonitor.db")).status_code in (403, 404)


def test_serve_binds_to_localhost_with_safe_settings(tmp_path):
    args = datasette_args(tmp_path / "pressmonitor.db")
    assert args[args.index("--host") + 1] == "127.0.0.1"
    assert "allow_download" in args and args[args.index("allow_download") + 1] == "off"
    assert "sql_time_limit_ms" in args
