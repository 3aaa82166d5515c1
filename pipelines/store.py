"""Write stories, labels, sources and crawl runs to SQLite.

One row per canonical URL: a story seen again is merged (its other URLs kept), a story whose
text changed is updated, and an unchanged one is left alone, so a second crawl adds nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any, Literal

from sqlite_utils import Database
from sqlite_utils.db import NotFoundError

from pipelines.models import Label, Story
from pipelines.sources import Source

Outcome = Literal["new", "updated", "unchanged"]


def now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def content_hash(story: Story) -> str:
    return hashlib.sha1(f"{story.title}\n{story.text}".encode()).hexdigest()


def label_columns(label: Label) -> dict[str, Any]:
    """A Label as the stories table's classification columns."""
    return {
        "relevant": int(label.relevant),
        "types": _json(label.types),
        "confidence": round(label.confidence, 4),
        "evidence": _json([asdict(e) for e in label.evidence]),
        "classifier_version": label.version,
        "incident_date": label.incident_date,
        "incident_date_precision": label.date_precision,
        "targets": _json([asdict(t) for t in label.targets]),
        "actors": _json(label.actors),
        "laws": _json(label.laws),
        "location": label.location,
    }


def story_row(story: Story, stamp: str) -> dict[str, Any]:
    return {
        "id": story.id,
        "url": story.url,
        "source": story.source or None,
        "title": story.title,
        "published": story.published,
        "date_precision": story.date_precision,
        "date_method": story.date_method,
        "language": story.language,
        "byline": story.byline,
        "summary": story.summary,
        "text": story.text,
        "extraction": story.extraction,
        "content_hash": content_hash(story),
        "fetched_at": story.fetched_at or stamp,
        "first_seen": stamp,
        "updated": stamp,
        "other_urls": _json(sorted(set(story.other_urls))),
        "types": "[]",
    }


def upsert_story(db: Database, story: Story, label: Label | None = None) -> Outcome:
    """Store a story (and its label); say whether it was new, changed or already known."""
    return upsert_stories(db, [(story, label)])[0]


#: Ids per `in (...)` lookup: well under SQLite's bound-parameter limit.
LOOKUP_CHUNK = 500


def unique_runs(stories: Sequence[Story]) -> list[list[int]]:
    """Indexes of `stories` split into consecutive runs with no repeated id, so a batch that
    lists a story twice is stored exactly as one call per story would store it."""
    runs: list[list[int]] = [[]]
    seen: set[str] = set()
    for i, story in enumerate(stories):
        if story.id in seen:
            runs.append([])
            seen = set()
        runs[-1].append(i)
        seen.add(story.id)
    return [run for run in runs if run]


def _existing_rows(db: Database, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), LOOKUP_CHUNK):
        chunk = list(ids[start : start + LOOKUP_CHUNK])
        marks = ", ".join("?" * len(chunk))
        for row in db.query(f"select * from stories where id in ({marks})", chunk):
            found[row["id"]] = row
    return found


def upsert_stories(db: Database, pairs: Sequence[tuple[Story, Label | None]]) -> list[Outcome]:
    """`upsert_story` for a batch, same outcomes and rows: one lookup per 500 stories and one
    `insert_all` for the new ones instead of a `get` and an `insert` per story."""
    outcomes: list[Outcome] = []
    with db.atomic():
        for run in unique_runs([story for story, _ in pairs]):
            outcomes += _upsert_run(db, [pairs[i] for i in run])
    return outcomes


def _upsert_run(db: Database, pairs: Sequence[tuple[Story, Label | None]]) -> list[Outcome]:
    """Stories with distinct ids: new ones inserted together, known ones merged one by one."""
    stamp = now()
    table = db.table("stories")
    existing = _existing_rows(db, [story.id for story, _ in pairs])
    fresh: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    outcomes: list[Outcome] = []
    for story, label in pairs:
        row = story_row(story, stamp)
        if label is not None:
            row.update(label_columns(label))
        old = existing.get(story.id)
        if old is None:
            fresh.setdefault(tuple(row), []).append(row)
            outcomes.append("new")
            continue
        old_others = set(json.loads(old.get("other_urls") or "[]"))
        others = (old_others | set(story.other_urls)) - {story.url}
        if old["content_hash"] == row["content_hash"]:
            if others != old_others:
                table.update(story.id, {"other_urls": _json(sorted(others))})
            outcomes.append("unchanged")
            continue
        keep_version(db, old, stamp)
        row.pop("first_seen")
        row["other_urls"] = _json(sorted(others))
        table.update(story.id, row)
        outcomes.append("updated")
    for rows in fresh.values():  # same columns per group: as `insert` would write them
        table.insert_all(rows, batch_size=200)
    return outcomes


def keep_version(db: Database, existing: dict[str, Any], stamp: str) -> None:
    """Keep the text a changed article had before (outlets edit and delete stories)."""
    versions = db.table("story_versions")
    number = db.execute(
        "select coalesce(max(version), 0) + 1 from story_versions where story_id = ?",
        [existing["id"]],
    ).fetchone()[0]
    versions.insert(
        {
            "story_id": existing["id"],
            "version": number,
            "content_hash": existing["content_hash"],
            "title": existing["title"],
            "text": existing["text"],
            "published": existing["published"],
            "fetched_at": existing["fetched_at"],
            "replaced_at": stamp,
        }
    )


def store_labels(db: Database, labels: Iterable[tuple[str, Label]]) -> int:
    """Write labels for stored stories (re-classification without re-crawling)."""
    count = 0
    with db.atomic():
        for story_id, label in labels:
            db.table("stories").update(story_id, label_columns(label))
            count += 1
    return count


def ensure_sources(db: Database, sources: Iterable[Source]) -> None:
    rows = [
        {
            "name": s.name,
            "kind": s.kind,
            "url": s.url,
            "language": s.language,
            "region": s.region,
            "enabled": int(s.enabled),
        }
        for s in sources
    ]
    if rows:
        db.table("sources").upsert_all(rows, pk="name", alter=True)


def record_source_visit(
    db: Database,
    source: str,
    ok: bool,
    error: str = "",
    validators: tuple[str, str] | None = None,
) -> None:
    """Keep per-source health (last run, last success, failures, last error) and validators."""
    stamp = now()
    table = db.table("sources")
    try:
        current = table.get(source)
    except NotFoundError:
        table.insert({"name": source, "consecutive_failures": 0})
        current = table.get(source)
    update: dict[str, Any] = {"last_run": stamp}
    if ok:
        update |= {"last_success": stamp, "consecutive_failures": 0}
        if validators is not None:
            update |= {"etag": validators[0] or None, "last_modified": validators[1] or None}
    else:
        update |= {
            "consecutive_failures": (current.get("consecutive_failures") or 0) + 1,
            "last_error": error[:500],
        }
    table.update(source, update)


def forget_validators(db: Database, sources: Iterable[str]) -> None:
    """Make the next visit fetch these sources in full (some of their articles failed)."""
    for name in sources:
        db.execute("update sources set etag = null, last_modified = null where name = ?", [name])


def start_run(db: Database) -> int:
    return db.table("crawl_runs").insert({"started": now(), "status": "running"}).last_pk


def add_run_counts(db: Database, run_id: int, **counts: int) -> None:
    """Add one spider's counts to its run (a run may hold several spiders)."""
    assignments = ", ".join(f"[{k}] = coalesce([{k}], 0) + :{k}" for k in counts)
    with db.atomic():
        db.execute(f"update crawl_runs set {assignments} where id = :id", {**counts, "id": run_id})


def finish_run(db: Database, run_id: int, status: str, **fields: str | int) -> None:
    db.table("crawl_runs").update(run_id, {"finished": now(), "status": status, **fields})


def record_error(
    db: Database, run_id: int | None, source: str, url: str, stage: str, error: str
) -> None:
    db.table("crawl_errors").insert(
        {
            "run_id": run_id,
            "source": source,
            "url": url,
            "stage": stage,
            "error": error[:2000],
            "at": now(),
        }
    )
