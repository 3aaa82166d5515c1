"""Build a synthetic publishing database (100,000 stories, 10,000 incidents) for bench_datasette.

Rows are invented but shaped like the real ones: a dozen sources in two languages, about a
third of the stories relevant, incidents of the 11 taxonomy types with targets, laws and two
to four stories each. A fixed seed makes every run identical.

    .venv/bin/python bench/make_publish_db.py bench/out/pressmonitor.db
    .venv/bin/python bench/make_publish_db.py bench/out/big.db --stories 1000000 --incidents 100000

The schema is the project's own (`open_db`: migrations, then the publish shape). Stories are
bulk-loaded with their insert triggers (full text, facet counts) and secondary indexes set
aside; then the indexes and triggers are recreated from their stored SQL, the full-text index
is built once (`rebuild`) and the facet counts are counted once: the same database as row-by-row
inserts (only the full-text index's segments are laid out differently), 3 times faster (20,000
stories: 15 s before, 5 s); 1,000,000 stories / 100,000 incidents take 5 to 9 minutes on two
shared cores. Incidents and their links go in through the triggers, as the pipeline writes them.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipelines.publish_shape import rebuild_facet_counts  # noqa: E402
from pipelines.schema import open_db  # noqa: E402

TYPES = [
    "arrest",
    "prosecution",
    "raid",
    "closure",
    "censorship",
    "threat",
    "assault",
    "legal_order",
    "corporate_response",
    "government_response",
    "legislation",
]
SOURCES = [(f"outlet-{i:02d}", "en" if i % 3 else "zh-Hant") for i in range(12)]
TARGETS = (
    [(f"Target Person {i}", "person") for i in range(300)]
    + [(f"Outlet {i}", "outlet") for i in range(60)]
    + [(f"Company {i}", "company") for i in range(40)]
    + [(f"Union {i}", "union") for i in range(30)]
)
LAWS = ["national security law", "sedition law", "safeguarding national security ordinance"]
ACTORS = ["police national security department", "department of justice", "court", "company"]
WORDS = (
    "police court newsroom editor reporter union vigil bail charge verdict sedition website "
    "harbour council district market weather typhoon ferry school budget minister bank app "
    "protest statement sanctions visa platform office closes search seized assets subpoena"
).split()


def _id(*parts: object) -> str:
    return hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:16]


def _vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    """Zipf-distributed words, the domain words among them at mid ranks, as in news text.

    Returns the words and their cumulative weights (what `choices` computes from the weights on
    every call: the same draws, without summing 6,000 weights per text).
    """
    words = [f"w{i:04d}" for i in range(6000)]
    for word in WORDS:
        words.insert(rng.randrange(40, 1500), word)
    return words, list(accumulate(1 / (rank + 1) for rank in range(len(words))))


def _text(rng: random.Random, words: int, vocabulary: tuple[list[str], list[float]]) -> str:
    return (
        " ".join(rng.choices(vocabulary[0], cum_weights=vocabulary[1], k=words)).capitalize() + "."
    )


STORY_COLUMNS = [
    "id",
    "url",
    "source",
    "title",
    "published",
    "language",
    "text",
    "relevant",
    "types",
    "confidence",
]


def _set_aside(db, table: str, triggers: list[str]) -> list[str]:
    """Drop the table's secondary indexes and these triggers; return their SQL."""
    rows = db.execute(
        "select type, name, sql from sqlite_master where tbl_name = ? and sql is not null "
        f"and (type = 'index' or name in ({', '.join('?' for _ in triggers)}))",
        [table, *triggers],
    ).fetchall()
    for kind, name, _ in rows:
        db.execute(f"drop {kind} [{name}]")
    return [sql for _, _, sql in rows]


def build(path: Path, stories: int = 100_000, incidents: int = 10_000, seed: int = 5) -> None:
    rng = random.Random(seed)
    vocabulary = _vocabulary(rng)
    path.unlink(missing_ok=True)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    db = open_db(path)
    db.execute("PRAGMA synchronous = OFF")  # a throw-away file: a crash means building again
    db.execute("PRAGMA cache_size = -1000000")  # 1 GB: the random story ids stay in memory
    db["sources"].insert_all(
        {"name": n, "kind": "feed", "url": f"http://{n}.test/feed", "language": lang, "enabled": 1}
        for n, lang in SOURCES
    )
    start = date(2020, 6, 30)
    relevant_ids: list[tuple[str, str]] = []

    def story_rows():
        for n in range(stories):
            source, lang = rng.choice(SOURCES)
            day = start + timedelta(days=rng.randrange(1800))
            relevant = rng.random() < 0.35
            types = rng.sample(TYPES, rng.choice([1, 1, 2])) if relevant else []
            story_id = _id("s", n)
            title = _text(rng, 8, vocabulary)
            text = _text(rng, 180, vocabulary)
            if relevant:
                relevant_ids.append((story_id, day.isoformat()))
            yield (
                story_id,
                f"http://{source}.test/{day:%Y/%m/%d}/story-{n}.html",
                source,
                title,
                day.isoformat(),
                lang,
                text,
                int(relevant),
                json.dumps(types),
                round(rng.random(), 2),
            )

    clock = time.perf_counter()
    recreate = _set_aside(db, "stories", ["stories_ai", "facet_counts_stories_ai"])
    insert = (
        f"insert into stories ({', '.join(STORY_COLUMNS)}) "
        f"values ({', '.join('?' for _ in STORY_COLUMNS)})"
    )
    with db.conn:
        db.conn.executemany(insert, story_rows())
    _log(f"{stories:,} stories inserted", clock)
    with db.conn:
        for sql in recreate:
            db.execute(sql)
    _log("story indexes and triggers recreated", clock)
    with db.conn:
        db.execute("insert into stories_fts (stories_fts) values ('rebuild')")
    _log("stories_fts rebuilt", clock)
    with db.conn:
        rebuild_facet_counts(db, "stories")
    _log("story facet counts counted", clock)
    incident_rows, links = [], []
    for n in range(incidents):
        kind = rng.choice(TYPES)
        day = start + timedelta(days=rng.randrange(1800))
        targets = [{"name": t, "kind": k} for t, k in rng.sample(TARGETS, rng.choice([1, 1, 2]))]
        incident_id = _id("i", n)
        incident_rows.append(
            {
                "id": incident_id,
                "type": kind,
                "types": json.dumps([kind] + (["arrest"] if kind == "raid" else [])),
                "title": f"{kind.replace('_', ' ').capitalize()}: {targets[0]['name']}",
                "date": day.isoformat(),
                "date_precision": "day",
                "targets": json.dumps(targets),
                "actors": json.dumps([rng.choice(ACTORS)]),
                "laws": json.dumps(rng.sample(LAWS, rng.choice([0, 1, 1]))),
                "location": "Hong Kong",
                "summary": _text(rng, 30, vocabulary),
                "confidence": round(rng.random(), 2),
                "status": rng.choice(["candidate", "candidate", "corroborated", "reviewed"]),
                "first_reported": day.isoformat(),
                "updated": f"{day.isoformat()}T12:00:00Z",
            }
        )
        for k, (story_id, _) in enumerate(rng.sample(relevant_ids, rng.randint(2, 4))):
            role = "first_report" if k == 0 else "follow_up"
            links.append({"incident_id": incident_id, "story_id": story_id, "role": role})
    db["incidents"].insert_all(incident_rows, batch_size=1000)
    db["incident_stories"].insert_all(links, batch_size=2000, ignore=True)
    _log(f"{incidents:,} incidents and {len(links):,} links inserted", clock)
    db.execute("analyze")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    _log("analyzed", clock)
    db.close()


def _log(what: str, since: float) -> None:
    print(f"[{time.perf_counter() - since:7.1f} s] {what}", file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default="bench/out/pressmonitor.db", type=Path)
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--incidents", type=int, default=10_000)
    args = parser.parse_args()
    args.path.parent.mkdir(parents=True, exist_ok=True)
    clock = time.perf_counter()
    build(args.path, args.stories, args.incidents)
    print(f"wrote {args.path} in {time.perf_counter() - clock:.0f} s")


if __name__ == "__main__":
    main()
