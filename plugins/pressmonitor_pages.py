"""Datasette pages of pressmonitor: the stories behind an incident on its permalink, and links.

A plugin directory module (loaded by `--plugins-dir plugins`), so the published site needs no
package of its own: `datasette publish` and `datasette package` take the same folder.
"""

from __future__ import annotations

import json
import re
from typing import Any

from datasette import hookimpl
from datasette.utils import urlsafe_components
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
