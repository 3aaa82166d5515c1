"""Database shape: migrations for tables, `ensure_shape` for what can be rebuilt at will.

Tables change only through sqlite-utils `Migrations` (applied in order, recorded in
`_sqlite_migrations`), so an old database upgrades in place. Full-text indexes, views and
indexes live in `ensure_shape`, which is idempotent and cheap to call on every open.
"""

from __future__ import annotations

from pathlib import Path

import sqlite_utils
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("pressmonitor")


@migrations()
def m001_initial(db: Database) -> None:
    db["sources"].create(
        {
            "name": str,
            "kind": str,
            "url": str,
            "language": str,
            "region": str,
            "enabled": int,
            "last_run": str,
            "last_success": str,
            "consecutive_failures": int,
            "last_error": str,
            "etag": str,
            "last_modified": str,
        },
        pk="name",
    )
    db["stories"].create(
        {
            "id": str,
            "url": str,
            "source": str,
            "title": str,
            "published": str,
            "date_precision": str,
            "date_method": str,
            "language": str,
            "byline": str,
            "summary": str,
            "text": str,
            "extraction": str,
            "content_hash": str,
            "fetched_at": str,
            "first_seen": str,
            "updated": str,
            "other_urls": str,
            "duplicate_of": str,
            "relevant": int,
            "types": str,
            "confidence": float,
            "evidence": str,
            "classifier_version": str,
            "incident_date": str,
            "incident_date_precision": str,
            "targets": str,
            "actors": str,
            "laws": str,
            "location": str,
        },
        pk="id",
        not_null={"url"},
        foreign_keys=[("source", "sources", "name")],
    )
    db["stories"].create_index(["url"], unique=True)
    db["incidents"].create(
        {
            "id": str,
            "type": str,
            "types": str,
            "title": str,
            "date": str,
            "date_precision": str,
            "targets": str,
            "actors": str,
            "laws": str,
            "location": str,
            "summary": str,
            "confidence": float,
            "status": str,
            "first_reported": str,
            "updated": str,
            "case_id": str,
        },
        pk="id",
    )
    db["incident_stories"].create(
        {"incident_id": str, "story_id": str, "role": str, "evidence": str},
        pk=("incident_id", "story_id"),
        foreign_keys=[("incident_id", "incidents", "id"), ("story_id", "stories", "id")],
    )
    db["crawl_runs"].create(
        {
            "id": int,
            "started": str,
            "finished": str,
            "status": str,
            "sources": int,
            "requests": int,
            "pages": int,
            "stories": int,
            "new_stories": int,
            "errors": int,
            "summary": str,
        },
        pk="id",
    )
    db["crawl_errors"].create(
        {
            "id": int,
            "run_id": int,
            "source": str,
            "url": str,
            "stage": str,
            "error": str,
            "at": str,
        },
        pk="id",
        foreign_keys=[("run_id", "crawl_runs", "id")],
    )


def _joined(column: str) -> str:
    """A JSON array column as 'a; b; c' (objects by their name), for spreadsheets."""
    return (
        f"(select group_concat(case type when 'object' then json_extract(value, '$.name') "
        f"else value end, '; ') from json_each(coalesce(i.{column}, '[]')))"
    )


INCIDENTS_EXPORT_SQL = f"""
select
  i.id as incident_id,
  i.type as type,
  {_joined("types")} as types,
  i.title as title,
  i.date as date,
  i.date_precision as date_precision,
  i.status as status,
  i.confidence as confidence,
  {_joined("targets")} as targets,
  {_joined("actors")} as actors,
  {_joined("laws")} as laws,
  i.location as location,
  i.summary as summary,
  i.first_reported as first_reported,
  i.updated as updated,
  (select count(*) from incident_stories s where s.incident_id = i.id) as story_count,
  (select group_concat(st.url, ' ') from incident_stories s
     join stories st on st.id = s.story_id where s.incident_id = i.id) as source_urls
from incidents i
"""


def ensure_shape(db: Database) -> None:
    """Apply pending migrations, then (re)create indexes that are safe to repeat."""
    migrations.apply(db)
    for table, cols in (
        ("stories", ["source"]),
        ("stories", ["published"]),
        ("stories", ["relevant"]),
        ("incidents", ["date"]),
        ("incidents", ["type"]),
        ("incident_stories", ["story_id"]),
        ("crawl_errors", ["run_id"]),
    ):
        db[table].create_index(cols, if_not_exists=True)
    db.create_view("incidents_export", INCIDENTS_EXPORT_SQL, replace=True)


def open_db(path: str | Path) -> Database:
    """Open (creating if needed) a database in WAL mode with its shape ensured."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    db.enable_wal()
    db.execute("PRAGMA busy_timeout = 10000")
    db.execute("PRAGMA foreign_keys = ON")
    ensure_shape(db)
    return db
