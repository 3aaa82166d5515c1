"""What Datasette needs beyond the tables: full-text search, browse columns and indexes.

Everything here is derived from the tables and rebuilt at will, so it lives outside the
migrations and is re-applied on every open (a migration that rebuilds `incidents` drops the
derived columns; the next open restores and backfills them).

Derived columns on `incidents`, so that the table page can facet them directly:
- `month` (YYYY-MM, generated from `date`),
- `target_names` (JSON array of the targets' names, kept by triggers),
- `sources` (JSON array of the sources whose stories report it, kept by triggers).
"""

from __future__ import annotations

from sqlite_utils import Database

FTS = {"stories": ["title", "text"], "incidents": ["title", "summary"]}

INDEXES: list[tuple[str, list[str]]] = [
    ("stories", ["language"]),
    ("stories", ["source", "published"]),
    ("incidents", ["month", "type"]),
    ("incidents", ["status"]),
    ("incidents", ["updated"]),
    ("incidents", ["first_reported"]),
    ("incidents", ["case_id"]),
    # Covering indexes for the array facets (the facet reads only the key and the array).
    ("stories", ["types"]),
    ("incidents", ["target_names"]),
    ("incidents", ["laws"]),
    ("incidents", ["sources"]),
]

TARGET_NAMES_SQL = """(select json_group_array(name) from (
  select distinct case type when 'object' then json_extract(value, '$.name') else value end as name
  from json_each(coalesce({row}.targets, '[]')) where name is not null))"""

SOURCES_SQL = """(select json_group_array(source) from (
  select distinct st.source as source from incident_stories s join stories st on st.id = s.story_id
  where s.incident_id = {id} and st.source is not null order by st.source))"""

TRIGGERS = {
    "incidents_derived_ai": f"""after insert on incidents begin
  update incidents set target_names = {TARGET_NAMES_SQL.format(row="new")},
    sources = {SOURCES_SQL.format(id="new.id")} where id = new.id; end""",
    "incidents_derived_au": f"""after update of targets on incidents begin
  update incidents set target_names = {TARGET_NAMES_SQL.format(row="new")} where id = new.id; end""",
    "incident_stories_derived_ai": f"""after insert on incident_stories begin
  update incidents set sources = {SOURCES_SQL.format(id="new.incident_id")}
    where id = new.incident_id; end""",
    "incident_stories_derived_ad": f"""after delete on incident_stories begin
  update incidents set sources = {SOURCES_SQL.format(id="old.incident_id")}
    where id = old.incident_id; end""",
    "incident_stories_derived_au": f"""after update on incident_stories begin
  update incidents set sources = {SOURCES_SQL.format(id="old.incident_id")}
    where id = old.incident_id;
  update incidents set sources = {SOURCES_SQL.format(id="new.incident_id")}
    where id = new.incident_id; end""",
}


def ensure_publish_shape(db: Database) -> None:
    """Idempotent: safe to call on every open."""
    if not db["incidents"].exists():
        return
    _ensure_derived_columns(db)
    for table, columns in FTS.items():
        if db[table].exists() and not db[table].detect_fts():
            db[table].enable_fts(columns, create_triggers=True, tokenize="unicode61")
    for table, cols in INDEXES:
        db[table].create_index(cols, if_not_exists=True)


def _ensure_derived_columns(db: Database) -> None:
    """Add the browse columns and their triggers, backfilling when a column is new."""
    present = {row[1] for row in db.execute("pragma table_xinfo(incidents)")}
    with db.atomic():
        if "month" not in present:
            db.execute(
                "alter table incidents add column month text "
                "generated always as (substr(date, 1, 7)) virtual"
            )
        backfill = False
        for column in ("target_names", "sources"):
            if column not in present:
                db.execute(f"alter table incidents add column {column} text")
                backfill = True
        triggers = {t.name for t in db.triggers}
        for name, body in TRIGGERS.items():
            if name not in triggers:
                db.execute(f"create trigger {name} {body}")
                backfill = True
        if backfill:
            db.execute(
                f"update incidents set "
                f"target_names = {TARGET_NAMES_SQL.format(row='incidents')}, "
                f"sources = {SOURCES_SQL.format(id='incidents.id')}"
            )
