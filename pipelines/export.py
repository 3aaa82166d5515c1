"""CSV for journalists: incidents with readable lists, ISO dates, source URLs, and no formulas.

A spreadsheet runs a cell that starts with =, +, -, @, tab or carriage return as a formula;
a hostile headline could then exfiltrate data or run commands. Such cells get a leading
apostrophe, which spreadsheets display as text.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from sqlite_utils import Database

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Neutralise a text cell a spreadsheet would evaluate; numbers pass through."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_rows(rows: Iterable[Sequence[Any]]) -> Iterator[list[Any]]:
    for row in rows:
        yield [safe_cell(v) for v in row]


def incident_query(
    types: Sequence[str] = (),
    since: str | None = None,
    until: str | None = None,
    status: Sequence[str] = (),
) -> tuple[str, dict[str, Any]]:
    """SQL over the `incidents_export` view with the export command's filters."""
    where, params = [], {}
    if types:
        where.append(
            "("
            + " or ".join(f"('; ' || types || '; ') like :t{i}" for i in range(len(types)))
            + ")"
        )
        params |= {f"t{i}": f"%; {t}; %" for i, t in enumerate(types)}
    if since:
        where.append("date >= :since")
        params["since"] = since
    if until:
        where.append("date <= :until || 'z'")
        params["until"] = until
    if status:
        where.append(f"status in ({', '.join(f':s{i}' for i in range(len(status)))})")
        params |= {f"s{i}": s for i, s in enumerate(status)}
    sql = "select * from incidents_export"
    if where:
        sql += " where " + " and ".join(where)
    return sql + " order by date desc, incident_id", params


def export_incidents(db: Database, out: Path, **filters: Any) -> int:
    sql, params = incident_query(**{k: v for k, v in filters.items() if v})
    cursor = db.execute(sql, params)
    header = [d[0] for d in cursor.description]
    count = 0
    with open(out, "w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in safe_rows(cursor):
            writer.writerow(row)
            count += 1
    return count
