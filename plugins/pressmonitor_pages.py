"""Datasette pages of pressmonitor: the stories behind an incident on its permalink, and links.

A plugin directory module (loaded by `--plugins-dir plugins`), so the published site needs no
package of its own: `datasette publish` and `datasette package` take the same folder.
"""

from __future__ import annotations

import json
import re
from typing import Any

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.facets import ArrayFacet
from datasette.utils import (
    escape_sqlite,
    path_with_added_args,
    path_with_removed_args,
    urlsafe_components,
)
from markupsafe import Markup, escape

STORIES_SQL = """
select s.role, s.evidence, st.id, st.title, st.url, st.source, st.published, st.language
from incident_stories s join stories st on st.id = s.story_id
where s.incident_id = :id
order by s.role <> 'first_report', st.published, st.id
"""

ID_RE = re.compile(r"^[A-Za-z0-9_.:-]+$")
LINKED_COLUMNS = {"incident_id"}


def _sentences(evidence: str | None) -> list[str]:
    """Evidence is a JSON list of sentences or of {sentence, ...}; anything else shows nothing."""
    try:
        items = json.loads(evidence or "[]")
    except ValueError:
        return []
    if isinstance(items, dict):
        items = [v for values in items.values() if isinstance(values, list) for v in values]
    out = []
    for item in items if isinstance(items, list) else []:
        text = item.get("sentence") if isinstance(item, dict) else item
        if isinstance(text, str) and text.strip():
            out.append(text.strip())
    return out


@hookimpl
def extra_template_vars(
    view_name: str, table: str | None, database: str | None, request, datasette
):
    """On an incident's row page, the stories that report it, first report first."""
    if view_name != "row" or table != "incidents" or request is None:
        return {}

    async def stories() -> dict[str, Any]:
        pks = urlsafe_components(request.url_vars.get("pks", ""))
        if len(pks) != 1:
            return {"incident_stories": []}
        result = await datasette.get_database(database).execute(STORIES_SQL, {"id": pks[0]})
        rows = [
            dict(row)
            | {
                "sentences": _sentences(row["evidence"]),
                "href": row["url"] if str(row["url"]).startswith(("http://", "https://")) else None,
            }
            for row in result.rows
        ]
        return {"incident_stories": rows}

    return stories


@hookimpl
def render_cell(value: Any, column: str, table: str | None, database: str | None, datasette):
    """An `incident_id` in a query's results links to the incident's permalink."""
    if column not in LINKED_COLUMNS or not isinstance(value, str) or not ID_RE.match(value):
        return None
    url = datasette.urls.row(database, "incidents", value)
    return Markup(f'<a href="{escape(url)}">{escape(value)}</a>')


class NarrowArrayFacet(ArrayFacet):
    """Datasette's array facet with a query that reads only the array column.

    The built-in query de-duplicates whole rows (`select distinct j.value, inner.*`), which on
    100,000 stories compares every article text and takes seconds. This one drops a value
    repeated within one array with `not exists` instead, so SQLite can answer from an index
    on the column. Same results, same links, same output shape.
    """

    SQL = """
        with inner as ({sql})
        select j.value as value, count(*) as count
        from inner join json_each(inner.{col}) j
        where not exists (
            select 1 from json_each(inner.{col}) k where k.value = j.value and k.key < j.key
        )
        group by j.value
        order by count desc, value
        limit {limit}
    """

    async def facet_results(self):
        results, timed_out = [], []
        size = self.get_facet_size()
        pairs = self.get_querystring_pairs()
        for source_and_config in self.get_configs():
            config, source = source_and_config["config"], source_and_config["source"]
            column = config.get("column") or config["simple"]
            sql = self.SQL.format(sql=self.sql, col=escape_sqlite(column), limit=size + 1)
            try:
                rows = await self.ds.execute(
                    self.database,
                    sql,
                    self.params,
                    truncate=False,
                    custom_time_limit=self.ds.setting("facet_time_limit_ms"),
                )
            except QueryInterrupted:
                timed_out.append(column)
                continue
            values = []
            for row in rows.rows[:size]:
                value = str(row["value"])
                arg = {f"{column}__arraycontains": value}
                selected = (f"{column}__arraycontains", value) in pairs
                toggle = (path_with_removed_args if selected else path_with_added_args)(
                    self.request, arg
                )
                values.append(
                    {
                        "value": value,
                        "label": value,
                        "count": row["count"],
                        "toggle_url": self.ds.absolute_url(self.request, toggle),
                        "selected": selected,
                    }
                )
            results.append(
                {
                    "name": column,
                    "type": self.type,
                    "results": values,
                    "hideable": source != "metadata",
                    "toggle_url": self.ds.urls.path(
                        path_with_removed_args(self.request, {"_facet_array": column})
                    ),
                    "truncated": len(rows) > size,
                }
            )
        return results, timed_out


@hookimpl(hookwrapper=True)
def register_facet_classes():
    """Swap the built-in array facet for the narrow one; every other facet class stays."""
    outcome = yield
    outcome.force_result(
        [
            [NarrowArrayFacet if klass is ArrayFacet else klass for klass in classes]
            for classes in outcome.get_result()
        ]
    )
