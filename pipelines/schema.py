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


@migrations()
def m002_story_versions(db: Database) -> None:
    """Earlier texts of articles that changed after they were first stored."""
    db["story_versions"].create(
        {
            "story_id": str,
            "version": int,
            "content_hash": str,
            "title": str,
            "text": str,
            "published": str,
            "fetched_at": str,
            "replaced_at": str,
        },
        pk=("story_id", "version"),
        foreign_keys=[("story_id", "stories", "id")],
    )


def _joined(column: str) -> str:
    """A JSON array column as 'a; b; c' (objects by their name), for spreadsheets."""
    return (
        f"(select group_concat(case type when 'object' then json_extract(value, '$.name') "
        f"else value end, '; ') from json_each(coalesce(i.{column}, '[]')))"
    )


def _safe(expr: str) -> str:
    """Prefix with an apostrophe a text a spreadsheet would run as a formula (=, +, -, @, TAB, CR).

    Done in the view itself, so Datasette's CSV download and `pressmonitor export` both get it.
    """
    return (
        f"(case when unicode({expr}) in (61, 43, 45, 64, 9, 13) "
        f"then '''' || {expr} else {expr} end)"
    )


def _per_incident(column: str, separator: str, order: str, distinct: str = "") -> str:
    """The stories behind the incident, one column of them joined into one text."""
    return (
        f"(select group_concat({column}, '{separator}') from (select {distinct} st.{column} "
        f"from incident_stories s join stories st on st.id = s.story_id "
        f"where s.incident_id = i.id order by {order}))"
    )


INCIDENTS_EXPORT_SQL = f"""
select
  {_safe("i.id")} as incident_id,
  {_safe("i.type")} as type,
  {_safe(_joined("types"))} as types,
  {_safe("i.title")} as title,
  {_safe("i.date")} as date,
  {_safe("i.date_precision")} as date_precision,
  {_safe("i.status")} as status,
  i.confidence as confidence,
  {_safe(_joined("targets"))} as targets,
  {_safe(_joined("actors"))} as actors,
  {_safe(_joined("laws"))} as laws,
  {_safe("i.location")} as location,
  {_safe("i.summary")} as summary,
  {_safe("i.first_reported")} as first_reported,
  {_safe("i.updated")} as updated,
  (select count(*) from incident_stories s where s.incident_id = i.id) as story_count,
  {_safe(_per_incident("source", "; ", "st.source", "distinct"))} as sources,
  {_safe(_per_incident("url", " ", "s.role <> 'first_report', st.published, st.url"))} as source_urls,
  {_safe("i.case_id")} as case_id
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
    ensure_view(db, "incidents_export", INCIDENTS_EXPORT_SQL)
    from pipelines.publish_shape import ensure_publish_shape

    ensure_publish_shape(db)


def ensure_view(db: Database, name: str, sql: str) -> None:
    """Create or replace a view only when its SQL changed (a replacement bumps the schema)."""
    current = db.execute(
        "select sql from sqlite_master where type = 'view' and name = ?", [name]
    ).fetchone()
    wanted = f"CREATE VIEW {name} AS {sql}"
    if current and current[0] == wanted:
        return
    with db.atomic():
        db.execute(f"drop view if exists [{name}]")
        db.execute(wanted)


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


@migrations()
def m003_incident_records(db: Database) -> None:
    """Cases, corrections, every URL of a story, and per-field provenance of incidents."""
    db["story_urls"].create({"url": str, "story_id": str}, pk="url", if_not_exists=True)
    db["cases"].create(
        {
            "id": str,
            "title": str,
            "targets": str,
            "first_date": str,
            "last_date": str,
            "incident_count": int,
            "updated": str,
        },
        pk="id",
        if_not_exists=True,
    )
    db["corrections"].create(
        {
            "id": int,
            "incident_id": str,
            "action": str,
            "value": str,
            "story_ids": str,
            "who": str,
            "at": str,
            "note": str,
            "applied_to": str,
        },
        pk="id",
        if_not_exists=True,
    )
    incidents = db["incidents"]
    for column, kind in (
        ("type_group", str),
        ("evidence", str),
        ("story_count", int),
        ("source_count", int),
    ):
        if column not in incidents.columns_dict:
            incidents.add_column(column, kind)


@migrations()
def m004_story_signatures(db: Database) -> None:
    """MinHash signatures of stories, so the near-duplicate index loads without re-hashing."""
    db["_story_signatures"].create(
        {"story_id": str, "content_hash": str, "minhash": bytes},
        pk="story_id",
        if_not_exists=True,
    )


@migrations()
def m005_incident_types_index(db: Database) -> None:
    """Index `incidents.types`: the canned queries that list the incidents of one type (main or
    secondary) read this index instead of every row's JSON."""
    db["incidents"].create_index(["types"], if_not_exists=True)
