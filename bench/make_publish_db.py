"""Build a synthetic publishing database (100,000 stories, 10,000 incidents) for bench_datasette.

Rows are invented but shaped like the real ones: a dozen sources in two languages, about a
third of the stories relevant, incidents of the 11 taxonomy types with targets, laws and two
to four stories each. A fixed seed makes every run identical.

    .venv/bin/python bench/make_publish_db.py bench/out/pressmonitor.db
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

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
    """Zipf-distributed words, the domain words among them at mid ranks, as in news text."""
    words = [f"w{i:04d}" for i in range(6000)]
    for word in WORDS:
        words.insert(rng.randrange(40, 1500), word)
    return words, [1 / (rank + 1) for rank in range(len(words))]


def _text(rng: random.Random, words: int, vocabulary: tuple[list[str], list[float]]) -> str:
    return " ".join(rng.choices(vocabulary[0], vocabulary[1], k=words)).capitalize() + "."


def build(path: Path, stories: int = 100_000, incidents: int = 10_000, seed: int = 5) -> None:
    rng = random.Random(seed)
    vocabulary = _vocabulary(rng)
    path.unlink(missing_ok=True)
    db = open_db(path)
    db["sources"].insert_all(
        {"name": n, "kind": "feed", "url": f"http://{n}.test/feed", "language": lang, "enabled": 1}
        for n, lang in SOURCES
    )
    start = date(2020, 6, 30)
    story_rows = []
    for n in range(stories):
        source, lang = rng.choice(SOURCES)
        day = start + timedelta(days=rng.randrange(1800))
        relevant = rng.random() < 0.35
        types = rng.sample(TYPES, rng.choice([1, 1, 2])) if relevant else []
        story_rows.append(
            {
                "id": _id("s", n),
                "url": f"http://{source}.test/{day:%Y/%m/%d}/story-{n}.html",
                "source": source,
                "title": _text(rng, 8, vocabulary),
                "published": day.isoformat(),
                "language": lang,
                "text": _text(rng, 180, vocabulary),
                "relevant": int(relevant),
                "types": json.dumps(types),
                "confidence": round(rng.random(), 2),
            }
        )
    db["stories"].insert_all(story_rows, batch_size=2000)
    relevant_ids = [(r["id"], r["published"]) for r in story_rows if r["relevant"]]
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
    db.execute("analyze")
    db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default="bench/out/pressmonitor.db", type=Path)
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--incidents", type=int, default=10_000)
    args = parser.parse_args()
    args.path.parent.mkdir(parents=True, exist_ok=True)
    build(args.path, args.stories, args.incidents)
    print(f"wrote {args.path}")


if __name__ == "__main__":
    main()
