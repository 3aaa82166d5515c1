"""Time every canned query and every default facet page in-process, against a bar (median ms).

    .venv/bin/python bench/make_publish_db.py bench/out/pressmonitor.db
    .venv/bin/python bench/bench_datasette.py bench/out/pressmonitor.db

Each page is fetched through `ds.client` (the full Datasette stack, without a socket) a few
times after one warm-up; the script prints median and p95 and exits 1 if any median is above
the bar, or if the streamed CSV of every incident comes back short.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pressmonitor.serve import make_datasette  # noqa: E402

BAR_MS = 200.0


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
    return out


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


async def run(path: Path, repeat: int) -> int:
    ds = make_datasette(path)
    db = path.stem
    if not ds.metadata(database=db):
        raise SystemExit(
            f"{path}: name the file pressmonitor.db, the database metadata.yml describes"
        )
    first = await ds.client.get(f"/{db}.json?sql=select+id+from+incidents+limit+1&_shape=array")
    incident = first.json()[0]["id"]
    failures = 0
    print(f"{'page':42} {'median ms':>10} {'p95 ms':>8}  status")
    for name, url in pages(ds, db):
        if url is None:
            url = f"/{db}/incidents/{incident}"
        if name == "query incident_sources":
            continue
        times, status = [], 0
        for i in range(repeat + 1):
            start = time.perf_counter()
            response = await ds.client.get(url)
            elapsed = (time.perf_counter() - start) * 1000
            status = response.status_code
            if i:
                times.append(elapsed)
        median = statistics.median(times)
        bad = status != 200 or median > BAR_MS
        failures += bad
        print(f"{name:42} {median:10.1f} {p95(times):8.1f}  {status}{'  FAIL' if bad else ''}")
    # The stories behind one incident.
    url = f"/{db}/incident_sources?incident_id={incident}"
    times = []
    for i in range(repeat + 1):
        start = time.perf_counter()
        response = await ds.client.get(url)
        if i:
            times.append((time.perf_counter() - start) * 1000)
    median = statistics.median(times)
    failures += median > BAR_MS or response.status_code != 200
    print(f"{'query incident_sources':42} {median:10.1f} {p95(times):8.1f}  {response.status_code}")
    failures += await check_stream(ds, db)
    return failures


async def check_stream(ds, db: str) -> int:
    """The CSV of every incident streams past max_returned_rows."""
    start = time.perf_counter()
    response = await ds.client.get(f"/{db}/incidents_export.csv?_stream=on&_size=max")
    elapsed = (time.perf_counter() - start) * 1000
    rows = response.text.count("\n") - 1
    expected = (await ds.get_database(db).execute("select count(*) from incidents")).rows[0][0]
    ok = response.status_code == 200 and rows >= expected
    print(f"{'stream incidents_export.csv':42} {elapsed:10.1f} {'':>8}  {rows} of {expected} rows")
    return 0 if ok else 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default="bench/out/pressmonitor.db", type=Path)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    failures = asyncio.run(run(args.path, args.repeat))
    print(f"bar: median under {BAR_MS:.0f} ms — {'FAIL' if failures else 'ok'}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
