"""Time every canned query and every default facet page in-process, against a bar (median, p95).

    .venv/bin/python bench/make_publish_db.py bench/out/big.db --stories 1000000 --incidents 100000
    .venv/bin/python bench/bench_datasette.py bench/out/big.db

Each page is fetched through `ds.client` (the full Datasette stack, without a socket) a few
times after one warm-up; the script prints median and p95 per page and exits 1 if any page
misses the bar (median under 200 ms, p95 under 500 ms) or does not answer 200, or if the
streamed CSV of every incident comes back short. Filtered facet pages (a facet clicked, a
table searched) are timed too and shown outside the bar. The file is served under the name
`pressmonitor` whatever it is called, so that metadata.yml applies. --json prints the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pressmonitor.serve import make_datasette  # noqa: E402

BAR_MS = 200.0  # median
BAR_P95_MS = 500.0
NAME = "pressmonitor"  # the database metadata.yml describes


#: Pages a visitor reaches by clicking a facet or searching a table: measured and shown, outside
#: the bar (a filtered page groups the rows it selects; there are no kept counts for it).
FILTERED = [
    ("facets stories, one source", "stories?source=outlet-03"),
    ("facets stories, relevant", "stories?relevant=1"),
    ("facets stories, searched", "stories?_search=bank+ferry"),
    ("facets incidents, one type", "incidents?type=arrest"),
    ("facets incidents, one target", "incidents?target_names__arraycontains=Outlet+7"),
    ("facets incidents, searched", "incidents?_search=newsroom"),
]


def pages(ds, db: str) -> list[tuple[str, str]]:
    """(name, path) of every canned query and every table page with default facets."""
    params = {
        "target_timeline": "target=Outlet 7",
        "search_stories": "q=bank ferry",
        "search_incidents": "q=newsroom",
    }
    meta = ds.metadata(database=db) or {}
    out = []
    for name in meta.get("queries", {}):
        if name == "incident_sources":
            continue  # needs an id from the database, added by main()
        query = params.get(name, "")
        out.append((f"query {name}", f"/{db}/{name}" + (f"?{query}" if query else "")))
    for table, info in meta.get("tables", {}).items():
        if info.get("facets"):
            out.append((f"facets {table}", f"/{db}/{table}"))
    out.append(("view incidents_export", f"/{db}/incidents_export"))
    out.append(("incident permalink", None))
    out.append(("atom feed", f"/{db}/new_incidents_feed.atom"))
    out.append(("dashboard", "/-/dashboards/incidents"))
    # The dashboard's page is a shell: each chart's browser fetches its query's JSON.
    dashboards = (ds.metadata("plugins") or {}).get("datasette-dashboards") or {}
    for dashboard in dashboards.values():
        for slug, chart in (dashboard.get("charts") or {}).items():
            sql = re.sub(r"\[\[.*?\]\]", "", chart["query"])  # the optional filters unset
            query = urlencode({"sql": sql, "_shape": "objects"})
            out.append((f"chart {slug}", f"/{chart['db']}.json?{query}"))
    return out


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def serve(path: Path):
    """The project's Datasette with the file at `path` served as /pressmonitor."""
    ds = make_datasette(path)
    if path.stem != NAME:
        db = ds.databases[path.stem]
        ds.remove_database(path.stem)
        ds.add_database(db, name=NAME)
    return ds


async def timed(ds, url: str, repeat: int) -> tuple[list[float], int]:
    """Milliseconds of `repeat` fetches after one warm-up, and the last status."""
    times, status = [], 0
    for i in range(repeat + 1):
        start = time.perf_counter()
        response = await ds.client.get(url)
        elapsed = (time.perf_counter() - start) * 1000
        status = response.status_code
        if i:
            times.append(elapsed)
    return times, status


async def run(path: Path, repeat: int, quiet: bool = False) -> dict:
    ds = serve(path)
    db = NAME
    sizes = {}
    for table in ("stories", "incidents"):
        count = await ds.get_database(db).execute(f"select count(*) from {table}")
        sizes[table] = count.rows[0][0]
    first = await ds.client.get(f"/{db}.json?sql=select+id+from+incidents+limit+1&_shape=array")
    incident = first.json()[0]["id"]
    say = (lambda *a: None) if quiet else print
    say(f"{path}: {sizes['stories']:,} stories, {sizes['incidents']:,} incidents")
    say(f"{'page':42} {'median ms':>10} {'p95 ms':>8}  status")
    results = []
    for name, url in pages(ds, db):
        if url is None:
            url = f"/{db}/incidents/{incident}"
        if name == "query incident_sources":
            continue
        results.append(await page_result(ds, name, url, repeat, say))
    # The stories behind one incident.
    url = f"/{db}/incident_sources?incident_id={incident}"
    results.append(await page_result(ds, "query incident_sources", url, repeat, say))
    say("outside the bar (a facet clicked, a table searched):")
    filtered = [
        await page_result(ds, name, f"/{db}/{path}", repeat, say, bar=False)
        for name, path in FILTERED
    ]
    stream = await check_stream(ds, db, say)
    failures = sum(not r["ok"] for r in results) + (not stream["ok"])
    return {
        "stories": sizes["stories"],
        "incidents": sizes["incidents"],
        "repeat": repeat,
        "bar_median_ms": BAR_MS,
        "bar_p95_ms": BAR_P95_MS,
        "pages": results,
        "filtered": filtered,
        "stream_ok": stream["ok"],
        "stream_ms": stream["ms"],
        "failures": failures,
    }


async def page_result(ds, name: str, url: str, repeat: int, say, bar: bool = True) -> dict:
    times, status = await timed(ds, url, repeat)
    median, worst = statistics.median(times), p95(times)
    ok = status == 200 and median < BAR_MS and worst < BAR_P95_MS
    mark = "" if ok else "  FAIL" if bar else "  (over)"
    say(f"{name:42} {median:10.1f} {worst:8.1f}  {status}{mark}")
    return {
        "page": name,
        "url": url,
        "median_ms": median,
        "p95_ms": worst,
        "status": status,
        "ok": ok,
    }


async def check_stream(ds, db: str, say=print) -> dict:
    """The CSV of every incident streams past max_returned_rows."""
    start = time.perf_counter()
    response = await ds.client.get(f"/{db}/incidents_export.csv?_stream=on&_size=max")
    elapsed = (time.perf_counter() - start) * 1000
    rows = response.text.count("\n") - 1
    expected = (await ds.get_database(db).execute("select count(*) from incidents")).rows[0][0]
    ok = response.status_code == 200 and rows >= expected
    say(f"{'stream incidents_export.csv':42} {elapsed:10.1f} {'':>8}  {rows} of {expected} rows")
    return {"ok": ok, "ms": elapsed, "rows": rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default="bench/out/pressmonitor.db", type=Path)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON line")
    args = parser.parse_args()
    result = asyncio.run(run(args.path, args.repeat, quiet=args.json))
    if args.json:
        print(json.dumps(result))
    else:
        verdict = "FAIL" if result["failures"] else "ok"
        print(f"bar: median under {BAR_MS:.0f} ms, p95 under {BAR_P95_MS:.0f} ms — {verdict}")
    sys.exit(1 if result["failures"] else 0)


if __name__ == "__main__":
    main()
