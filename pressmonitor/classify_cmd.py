"""`pressmonitor classify`: label stories from a JSON-lines file, or re-label the database."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from pipelines.models import Label, Story
from pipelines.processing import classify_story, update_incidents
from pipelines.schema import open_db
from pipelines.store import store_labels


def story_from_json(record: dict[str, Any]) -> Story:
    return Story(
        url=str(record.get("url") or ""),
        id=str(record.get("id") or ""),
        title=str(record.get("title") or ""),
        text=str(record.get("text") or ""),
        published=record.get("published") or None,
        language=str(record.get("lang") or record.get("language") or ""),
        source=str(record.get("source") or ""),
    )


def label_json(story_id: str, label: Label) -> dict[str, Any]:
    out = {"id": story_id, **asdict(label)}
    out["evidence"] = [asdict(e) for e in label.evidence]
    return out


def classify_file(input_path: Path, output_path: Path | None) -> int:
    """One output line per input line, same id, same order; a bad line gets relevant: false."""
    out = open(output_path, "w", encoding="utf-8") if output_path else sys.stdout  # noqa: SIM115
    count = 0
    try:
        with open(input_path, encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                    if not isinstance(record, dict):
                        raise ValueError("not a JSON object")
                except ValueError as exc:
                    print(f"{input_path}:{number}: {exc}", file=sys.stderr)
                    record = {}
                label = classify_story(story_from_json(record)) if record else Label(relevant=False)
                out.write(
                    json.dumps(label_json(str(record.get("id", "")), label), ensure_ascii=False)
                    + "\n"
                )
                count += 1
    finally:
        if output_path:
            out.close()
    return count


def reclassify_db(db_path: str | Path) -> int:
    """Re-label every stored story with the current classifier, then rebuild incidents."""
    db = open_db(db_path)
    rows = db.query("select id, url, title, text, published, language, source from stories")
    labels = ((row["id"], classify_story(Story(**row))) for row in rows)
    count = store_labels(db, list(labels))
    update_incidents(db, None)
    return count
