"""What Datasette needs beyond the tables: full-text search, browse columns and indexes.

Everything here is derived from the tables and rebuilt at will, so it lives outside the
migrations and is re-applied on every open (a migration that rebuilds `incidents` drops the
derived columns; the next open restores and backfills them).

Derived columns on `incidents`, so that the table page can facet them directly:
- `month` (YYYY-MM, generated from `date`),
- `target_names` (JSON array of the targets' names, kept by triggers),
- `sources` (JSON array of the sources whose stories report it, kept by triggers).

Facet counts: `facet_counts` holds, for each default facet of `stories` and `incidents`, how
many rows have each value (each array item once per row), kept exact by triggers. The plugin's
facets read it on an unfiltered table page instead of grouping every row (about 100 ms per
facet per million rows); any filter or search falls back to Datasette's own facet query.
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


#: The default facets of metadata.yml whose counts `facet_counts` keeps: (column, kind), kind
#: "column" (one value per row) or "array" (a JSON array, each distinct item counted once).
FACET_COUNTS: dict[str, list[tuple[str, str]]] = {
    "stories": [
        ("source", "column"),
        ("language", "column"),
        ("relevant", "column"),
        ("types", "array"),
    ],
    "incidents": [
        ("type", "column"),
        ("status", "column"),
        ("month", "column"),
        ("target_names", "array"),
        ("laws", "array"),
        ("sources", "array"),
    ],
}
#: A generated column changes with the column it is computed from.
GENERATED_FROM = {("incidents", "month"): "date"}

FACET_COUNTS_TABLE = """create table if not exists facet_counts (
  table_name text not null,
  column_name text not null,
  value not null,
  count integer not null,
  primary key (table_name, column_name, value)
) without rowid"""


def _facet_values(column: str, kind: str, row: str) -> str:
    """SQL selecting the distinct non-null facet values of one row (`new` or `old`)."""
    if kind == "column":
        return f"select {row}.[{column}] as value where value is not null"
    return (
        f"select distinct value from json_each(case when json_valid({row}.[{column}]) "
        f"then {row}.[{column}] end) where value is not null"
    )


def _facet_count_change(table: str, row: str, delta: int, only: str | None = None) -> str:
    """Statements adding `delta` to the count of every facet value of one row."""
    return "\n".join(
        f"  insert into facet_counts (table_name, column_name, value, count)\n"
        f"    select '{table}', '{column}', value, {delta} from "
        f"({_facet_values(column, kind, row)}) where true\n"
        f"    on conflict do update set count = count + excluded.count;"
        for column, kind in FACET_COUNTS[table]
        if only in (None, column)
    )


def facet_count_triggers(table: str) -> dict[str, str]:
    """Trigger name -> CREATE TRIGGER statement keeping `table`'s facet counts.

    One update trigger per column, so that an update of one column (the derived `sources` of
    an incident, at each story linked) recounts that column only.
    """
    name = f"facet_counts_{table}"
    triggers = {
        f"{name}_ai": f"CREATE TRIGGER [{name}_ai] after insert on [{table}] begin\n"
        f"{_facet_count_change(table, 'new', 1)}\nend",
        f"{name}_ad": f"CREATE TRIGGER [{name}_ad] after delete on [{table}] begin\n"
        f"{_facet_count_change(table, 'old', -1)}\nend",
    }
    for column, _ in FACET_COUNTS[table]:
        watched = GENERATED_FROM.get((table, column), column)
        triggers[f"{name}_au_{column}"] = (
            f"CREATE TRIGGER [{name}_au_{column}] after update of [{watched}] on [{table}] begin\n"
            f"{_facet_count_change(table, 'old', -1, column)}\n"
            f"{_facet_count_change(table, 'new', 1, column)}\nend"
        )
    return triggers


def rebuild_facet_counts(db: Database, table: str) -> None:
    """Count every facet value of `table` from scratch (arrays grouped before they are split)."""
    db.execute("delete from facet_counts where table_name = ?", [table])
    for column, kind in FACET_COUNTS[table]:
        if kind == "column":
            db.execute(
                f"insert into facet_counts select ?, ?, [{column}], count(*) from [{table}] "
                f"where [{column}] is not null group by [{column}]",
                [table, column],
            )
        else:
            db.execute(
                f"""insert into facet_counts
                select ?, ?, value, sum(n) from (
                  select distinct a.arr, j.value as value, a.n from (
                    select [{column}] as arr, count(*) as n from [{table}]
                    where [{column}] is not null group by [{column}]
                  ) a join json_each(case when json_valid(a.arr) then a.arr end) j
                ) where value is not null group by value""",
                [table, column],
            )


def _ensure_facet_counts(db: Database) -> None:
    """Create the counts table and triggers; count a table again whenever its triggers change."""
    db.execute(FACET_COUNTS_TABLE)
    triggers = db.execute("select name, sql from sqlite_master where type = 'trigger'").fetchall()
    for table in FACET_COUNTS:
        if not db[table].exists():
            continue
        wanted = facet_count_triggers(table)
        current = {n: sql for n, sql in triggers if n.startswith(f"facet_counts_{table}_")}
        if current == wanted:
            continue
        with db.atomic():  # another process opening the file at once only counts twice
            for name in sorted(set(current) | set(wanted)):
                db.execute(f"drop trigger if exists [{name}]")
            for sql in wanted.values():
                db.execute(sql)
            rebuild_facet_counts(db, table)


def ensure_publish_shape(db: Database) -> None:
    """Idempotent: safe to call on every open."""
    if not db["incidents"].exists():
        return
    _ensure_derived_columns(db)
    _ensure_facet_counts(db)
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
