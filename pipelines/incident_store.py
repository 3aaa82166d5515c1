"""Persist incidents: assign stored stories to incident records, keep provenance and corrections.

The clustering itself is pure (`pipelines.incidents`); this module reads labelled stories from the
`stories` table, seeds the clusterer with the incidents already stored near their dates (so a new
crawl's stories join existing incidents and an assignment, once made, is kept), writes `incidents`
and `incident_stories`, derives each record's fields with the story and sentence behind them,
links incidents about the same target into `cases`, and re-applies people's `corrections` after
every run, so that a reviewer's decision outlives re-classification and re-clustering.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlite_utils import Database

from pipelines.incidents import (
    ANY_GROUP,
    TYPE_GROUPS,
    Clusterer,
    Idf,
    Mention,
    Params,
    incident_day,
    incident_id,
    mentions_of,
    parse_day,
)
from pipelines.models import Evidence, Label, Story, Target

ACTIONS = ("confirm", "type", "date", "title", "merge", "split", "reject")
#: Stories published this many days around a batch form the background for term weights.
BACKGROUND_DAYS = 30
#: An incident stays open to new reports for this many days after its last report.
SEED_DAYS = 7


def now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _loads(value: str | None, default: Any) -> Any:
    if not value:
        return default
    try:
        return json.loads(value)
    except ValueError:
        return default


# --- reading stories and labels ----------------------------------------------------------------


def row_to_story(row: dict[str, Any]) -> Story:
    return Story(
        url=row["url"],
        id=row["id"],
        title=row.get("title") or "",
        text=row.get("text") or "",
        source=row.get("source") or "",
        published=row.get("published"),
        language=row.get("language") or "",
        summary=row.get("summary") or "",
    )


def row_to_label(row: dict[str, Any]) -> Label:
    """The label stored in a stories row (JSON columns as written by `pipelines.store`)."""
    return Label(
        relevant=bool(row.get("relevant")),
        types=list(_loads(row.get("types"), [])),
        confidence=float(row.get("confidence") or 0.0),
        evidence=[Evidence(**e) for e in _loads(row.get("evidence"), []) if isinstance(e, dict)],
        version=row.get("classifier_version") or "",
        incident_date=row.get("incident_date"),
        date_precision=row.get("incident_date_precision") or "unknown",
        targets=[Target(**t) for t in _loads(row.get("targets"), []) if isinstance(t, dict)],
        actors=list(_loads(row.get("actors"), [])),
        laws=list(_loads(row.get("laws"), [])),
        location=row.get("location") or "",
    )


def _story_rows(db: Database, where: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    return list(db.query(f"select * from stories where {where}", list(params)))


def _rows_by_ids(db: Database, ids: Sequence[str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for i in range(0, len(ids), 500):
        chunk = list(ids[i : i + 500])
        out += _story_rows(db, f"id in ({','.join('?' * len(chunk))})", chunk)
    return out


def _background(db: Database, days: list[date]) -> list[Story]:
    """Stories (relevant or not) published near the batch: the term-weight background."""
    if not days:
        return []
    lo = (min(days) - timedelta(days=BACKGROUND_DAYS)).isoformat()
    hi = (max(days) + timedelta(days=BACKGROUND_DAYS + 1)).isoformat()
    rows = db.query(
        "select id, url, title, text, published from stories where published >= ? "
        "and published < ?",
        [lo, hi],
    )
    return [row_to_story(r) for r in rows]


# --- writing incidents -------------------------------------------------------------------------


def _members(db: Database, iid: str) -> list[dict[str, Any]]:
    return list(
        db.query(
            "select s.*, i.role as role from incident_stories i join stories s "
            "on s.id = i.story_id where i.incident_id = ? order by s.published, s.id",
            [iid],
        )
    )


def _norm(name: str) -> str:
    return re.sub(r"[\W_]+", "", name.lower())


def _evidence_for(label: Label, types: Iterable[str], story_id: str) -> list[dict[str, str]]:
    wanted = set(types)
    return [
        {"type": e.type, "sentence": e.sentence, "story_id": e.story_id or story_id}
        for e in label.evidence
        if e.type in wanted
    ]


def _incident_record(db: Database, iid: str, group: str) -> dict[str, Any] | None:
    """Derive an incident's fields from its member stories, each with its provenance."""
    rows = _members(db, iid)
    if not rows:
        return None
    originals = [r for r in rows if r["role"] != "duplicate"] or rows
    first = next((r for r in originals if r["role"] == "first_report"), originals[0])
    labels = {r["id"]: row_to_label(r) for r in rows}
    in_group = [
        t
        for r in originals
        for t in labels[r["id"]].types
        if group == ANY_GROUP or TYPE_GROUPS.get(t, t) == group
    ]
    type_counts = Counter(in_group)
    types = [t for t, _ in type_counts.most_common()]
    main_type = types[0] if types else "unknown"
    evidence: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in originals:
        evidence["type"] += _evidence_for(labels[r["id"]], types, r["id"])
    first_story, first_label = row_to_story(first), labels[first["id"]]
    day = incident_day(first_story, first_label)
    precision = "day" if day else "unknown"
    evidence["date"].append(
        {
            "story_id": first["id"],
            "value": day.isoformat() if day else None,
            "from": "incident_date"
            if first_label.incident_date and day == parse_day(first_label.incident_date)
            else "published",
            "sentence": next(iter(_evidence_for(first_label, types, first["id"])), {}).get(
                "sentence", ""
            ),
        }
    )
    evidence["title"].append({"story_id": first["id"], "sentence": first_story.title})
    sources = {_norm(r["source"] or "") for r in originals}
    targets: dict[str, dict[str, Any]] = {}
    target_counts: Counter[str] = Counter()
    actors: Counter[str] = Counter()
    laws: Counter[str] = Counter()
    locations: Counter[str] = Counter()
    for r in originals:
        lab = labels[r["id"]]
        sentences = [e.sentence for e in lab.evidence]
        for t in lab.targets:
            key = _norm(t.name)
            if not key or key in sources:
                continue
            target_counts[key] += 1
            targets.setdefault(key, {"name": t.name, "kind": t.kind})
            said = next((s for s in sentences if t.name in s), "")
            evidence["targets"].append({"story_id": r["id"], "value": t.name, "sentence": said})
        actors.update(lab.actors)
        laws.update(lab.laws)
        if lab.location:
            locations[lab.location] += 1
    for field_name, counter in (("actors", actors), ("laws", laws), ("location", locations)):
        for value in counter:
            holder = next(r["id"] for r in originals if _has(labels[r["id"]], field_name, value))
            evidence[field_name].append({"story_id": holder, "value": value})
    independent = {r["source"] or r["id"] for r in originals}
    confidence = 1.0
    for r in originals:
        confidence *= 1.0 - float(labels[r["id"]].confidence or 0.0)
    return {
        "id": iid,
        "type": main_type,
        "types": _json(types),
        "type_group": group,
        "title": first_story.title,
        "date": day.isoformat() if day else None,
        "date_precision": precision,
        "targets": _json([targets[k] for k, _ in target_counts.most_common(12)]),
        "actors": _json([a for a, _ in actors.most_common()]),
        "laws": _json([x for x, _ in laws.most_common()]),
        "location": locations.most_common(1)[0][0] if locations else "",
        "summary": first_story.summary or _lead(first_story.text),
        "confidence": round(1.0 - confidence, 4),
        "status": "corroborated" if len(independent) >= 2 else "candidate",
        "first_reported": min((r["published"] or "") for r in rows) or None,
        "updated": now(),
        "evidence": _json(dict(evidence)),
        "story_count": len(rows),
        "source_count": len(independent),
    }


def _has(label: Label, field_name: str, value: str) -> bool:
    if field_name == "location":
        return label.location == value
    return value in getattr(label, field_name)


def _lead(text: str, limit: int = 280) -> str:
    text = re.sub(r"\s+", " ", re.sub(r"[#*>_]|!?\[[^\]]*\]\([^)]*\)|<[^>]+>", " ", text)).strip()
    return text[:limit]


def refresh_incident(db: Database, iid: str, group: str | None = None) -> None:
    """Recompute one incident from its stories, then re-apply people's field corrections."""
    if group is None:
        rows = list(db.query("select type_group from incidents where id = ?", [iid]))
        group = (rows[0]["type_group"] if rows else None) or ANY_GROUP
    record = _incident_record(db, iid, group)
    if record is None:
        db.execute("delete from incidents where id = ?", [iid])
        return
    existing = list(db.query("select case_id from incidents where id = ?", [iid]))
    record["case_id"] = existing[0]["case_id"] if existing else None
    _apply_field_corrections(db, record)
    db["incidents"].upsert(record, pk="id", alter=False)


# --- assignment --------------------------------------------------------------------------------


def _existing_mentions(
    db: Database, days: list[date], idf: Idf, params: Params
) -> dict[str, tuple[str, list[Mention]]]:
    """Incidents stored near these days, as mentions the clusterer can match against."""
    if not days:
        return {}
    lo = (min(days) - timedelta(days=SEED_DAYS)).isoformat()
    hi = (max(days) + timedelta(days=SEED_DAYS + 1)).isoformat()
    incidents = list(
        db.query(
            "select id, type_group from incidents where date >= ? and date < ? or date is null",
            [lo, hi],
        )
    )
    out: dict[str, tuple[str, list[Mention]]] = {}
    for inc in incidents:
        group = inc["type_group"] or ANY_GROUP
        mentions: list[Mention] = []
        for r in _members(db, inc["id"]):
            if r["role"] == "duplicate" or not r.get("relevant"):
                continue
            for m in mentions_of(row_to_story(r), row_to_label(r), idf, params):
                if not m.founds:
                    continue
                if m.group == group or ANY_GROUP in (m.group, group):
                    m.group = group
                    mentions.append(m)
                    break
        if mentions:
            out[inc["id"]] = (group, mentions)
    return out


def update_incidents(
    db: Database, story_ids: Iterable[str] | None = None, params: Params | None = None
) -> dict[str, int]:
    """Fold stored, labelled stories into incidents; None means every relevant story.

    Stories already assigned keep their incidents (ids stay stable across runs); a story no
    longer relevant leaves its incidents; near-duplicates join their original's incidents with
    the role `duplicate`. Returns counts for logs and the CLI.
    """
    params = params or Params()
    if story_ids is None:
        rows = _story_rows(db, "relevant = 1")
    else:
        rows = _rows_by_ids(db, sorted(set(story_ids)))
    assigned = {
        r["story_id"]
        for r in db.query("select distinct story_id from incident_stories")
        if r["story_id"]
    }
    touched: set[str] = set()
    stats = Counter[str]()
    with db.atomic():
        for r in rows:
            if not r.get("relevant") and r["id"] in assigned:
                touched |= _detach(db, r["id"])
                stats["detached"] += 1
        fresh = [
            r
            for r in rows
            if r.get("relevant") and r["id"] not in assigned and not r.get("duplicate_of")
        ]
        copies = [r for r in rows if r.get("relevant") and r.get("duplicate_of")]
        if fresh:
            pairs = [(row_to_story(r), row_to_label(r)) for r in fresh]
            days = [d for s, lab in pairs if (d := incident_day(s, lab))]
            idf = Idf.fit(_background(db, days) or [s for s, _ in pairs], params)
            clusterer = Clusterer(params)
            for iid, (_group, mentions) in _existing_mentions(db, days, idf, params).items():
                clusterer.seed(iid, mentions)
            known = set(clusterer.clusters)
            mentions = [m for s, lab in pairs for m in mentions_of(s, lab, idf, params)]
            for m in sorted(mentions, key=lambda m: m.order):
                iid = clusterer.add(m)
                if iid is None:
                    continue
                role = (
                    "follow_up"
                    if iid in known or len(clusterer.clusters[iid].members) > 1
                    else "first_report"
                )
                if iid not in known and role == "first_report":
                    # The incident row first, with its type group: _attach would otherwise
                    # create a placeholder without one, and the group would be lost.
                    db["incidents"].insert(
                        {
                            "id": iid,
                            "type": m.types[0] if m.types else "unknown",
                            "type_group": clusterer.clusters[iid].group,
                        },
                        pk="id",
                        ignore=True,
                    )
                _attach(db, iid, m.story_id, role, _evidence_json(pairs, m))
                touched.add(iid)
                stats["assigned"] += 1
            stats["stories"] = len(fresh)
        for r in copies:
            for row in db.query(
                "select incident_id from incident_stories where story_id = ?", [r["duplicate_of"]]
            ):
                _attach(db, row["incident_id"], r["id"], "duplicate", "[]")
                touched.add(row["incident_id"])
                stats["duplicates"] += 1
        for iid in sorted(touched):
            refresh_incident(db, iid)
        _apply_structural_corrections(db)
        update_cases(db)
    stats["incidents"] = db["incidents"].count
    return dict(stats)


def rebuild_incidents(db: Database, params: Params | None = None) -> dict[str, int]:
    """Recluster every relevant story from scratch, then replay all corrections in order."""
    with db.atomic():
        db.execute("delete from incident_stories")
        db.execute("delete from incidents")
        db.execute("delete from cases")
        db.execute("update corrections set applied_to = null")
    return update_incidents(db, None, params)


def _evidence_json(pairs: Sequence[tuple[Story, Label]], m: Mention) -> str:
    for s, lab in pairs:
        if s.id == m.story_id:
            return _json(_evidence_for(lab, m.types or lab.types, s.id))
    return "[]"


def _attach(db: Database, iid: str, story_id: str, role: str, evidence: str) -> None:
    if not db["incidents"].exists() or not list(
        db.query("select 1 from incidents where id = ?", [iid])
    ):
        db["incidents"].insert({"id": iid, "type": "unknown"}, pk="id", ignore=True)
    db["incident_stories"].upsert(
        {"incident_id": iid, "story_id": story_id, "role": role, "evidence": evidence},
        pk=("incident_id", "story_id"),
    )


def _detach(db: Database, story_id: str) -> set[str]:
    ids = {
        r["incident_id"]
        for r in db.query("select incident_id from incident_stories where story_id = ?", [story_id])
    }
    db.execute("delete from incident_stories where story_id = ?", [story_id])
    return ids


# --- cases -------------------------------------------------------------------------------------


def case_key(incident: dict[str, Any]) -> str | None:
    """The incident's main target: incidents about the same target over time form a case."""
    targets = _loads(incident.get("targets"), [])
    for t in targets:
        name = _norm(t.get("name", "") if isinstance(t, dict) else str(t))
        if len(name) >= 2:
            return name
    return None


def update_cases(db: Database) -> None:
    """Link incidents sharing a main target into cases (`cases` rows and `incidents.case_id`)."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for inc in db.query("select id, title, date, targets, case_id from incidents"):
        key = case_key(inc)
        if key:
            groups[key].append(inc)
    stamp = now()
    live: set[str] = set()
    for key, incs in groups.items():
        cid = "case-" + hashlib.sha1(key.encode()).hexdigest()[:12]
        dates = sorted(i["date"] for i in incs if i["date"])
        names = _loads(incs[0]["targets"], [{}])
        first = min(incs, key=lambda i: (i["date"] or "", i["id"]))
        db["cases"].upsert(
            {
                "id": cid,
                "title": (names[0].get("name") if names and isinstance(names[0], dict) else key)
                or first["title"],
                "targets": _json(names[:1]),
                "first_date": dates[0] if dates else None,
                "last_date": dates[-1] if dates else None,
                "incident_count": len(incs),
                "updated": stamp,
            },
            pk="id",
        )
        live.add(cid)
        for i in incs:
            if i["case_id"] != cid:
                db["incidents"].update(i["id"], {"case_id": cid})
    for row in list(db.query("select id from cases")):
        if row["id"] not in live:
            db["cases"].delete(row["id"])


# --- corrections -------------------------------------------------------------------------------


def record_correction(
    db: Database, incident_id: str, action: str, value: Any = None, who: str = "", note: str = ""
) -> int:
    """Record a person's decision about an incident and apply it at once.

    action: confirm (value ignored), type (a type or list of types), date ("YYYY-MM-DD"),
    title, merge (value: the other incident's id, absorbed into this one), split (value: the
    story ids to move into a new incident), reject (not an incident). The incident's stories
    are kept with the correction, so it finds its incident again after a rebuild.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown correction {action!r}; expected one of {ACTIONS}")
    stories = [
        r["story_id"]
        for r in db.query(
            "select story_id from incident_stories where incident_id = ? order by story_id",
            [incident_id],
        )
    ]
    row = {
        "incident_id": incident_id,
        "action": action,
        "value": _json(value),
        "story_ids": _json(stories),
        "who": who,
        "at": now(),
        "note": note,
        "applied_to": None,
    }
    with db.atomic():
        cid = db["corrections"].insert(row).last_pk
        _apply_structural_corrections(db)
        target = _resolve(db, incident_id, stories)
        if target:
            refresh_incident(db, target)
        update_cases(db)
    return int(cid)


def _resolve(db: Database, incident_id: str, story_ids: Sequence[str]) -> str | None:
    """The incident a correction refers to now: same id, else the one holding most of its stories."""
    if list(db.query("select 1 from incidents where id = ?", [incident_id])):
        return incident_id
    if not story_ids:
        return None
    marks = ",".join("?" * len(story_ids))
    rows = list(
        db.query(
            f"select incident_id, count(*) n from incident_stories where story_id in ({marks}) "
            "group by incident_id order by n desc, incident_id limit 1",
            list(story_ids),
        )
    )
    return rows[0]["incident_id"] if rows else None


def _apply_structural_corrections(db: Database) -> None:
    """Replay merges, splits and rejections not yet applied to the current incidents."""
    pending = list(
        db.query(
            "select * from corrections where applied_to is null order by id",
        )
    )
    for c in pending:
        target = _resolve(db, c["incident_id"], _loads(c["story_ids"], []))
        value = _loads(c["value"], None)
        if target and c["action"] == "merge" and value:
            other = _resolve(db, str(value), [])
            if other and other != target:
                for r in list(
                    db.query("select * from incident_stories where incident_id = ?", [other])
                ):
                    db["incident_stories"].upsert(
                        {
                            **r,
                            "incident_id": target,
                            "role": "follow_up" if r["role"] == "first_report" else r["role"],
                        },
                        pk=("incident_id", "story_id"),
                    )
                db.execute("delete from incident_stories where incident_id = ?", [other])
                db.execute("delete from incidents where id = ?", [other])
        elif target and c["action"] == "split" and value:
            moved = sorted(set(value))
            group = (
                list(db.query("select type_group from incidents where id = ?", [target]))
                or [{"type_group": ANY_GROUP}]
            )[0]["type_group"]
            new_id = incident_id(moved[0], f"{group}|split")
            db["incidents"].insert(
                {"id": new_id, "type": "unknown", "type_group": group}, pk="id", ignore=True
            )
            for i, sid in enumerate(moved):
                rows = list(
                    db.query(
                        "select * from incident_stories where incident_id = ? and story_id = ?",
                        [target, sid],
                    )
                )
                if rows:
                    db.execute(
                        "delete from incident_stories where incident_id = ? and story_id = ?",
                        [target, sid],
                    )
                    db["incident_stories"].upsert(
                        {
                            **rows[0],
                            "incident_id": new_id,
                            "role": "first_report" if i == 0 else "follow_up",
                        },
                        pk=("incident_id", "story_id"),
                    )
            refresh_incident(db, new_id, group)
        if target:
            db["corrections"].update(c["id"], {"applied_to": target})
            refresh_incident(db, target)


def _apply_field_corrections(db: Database, record: dict[str, Any]) -> None:
    """Overwrite derived fields with what people decided (latest decision wins)."""
    rows = db.query(
        "select * from corrections where applied_to = ? or (applied_to is null and incident_id = ?)"
        " order by id",
        [record["id"], record["id"]],
    )
    people: dict[str, list[dict[str, Any]]] = defaultdict(list)
    evidence = _loads(record.get("evidence"), {})
    for c in rows:
        value = _loads(c["value"], None)
        stamp = {"who": c["who"], "at": c["at"], "correction": c["id"]}
        if c["action"] == "type" and value:
            types = [value] if isinstance(value, str) else list(value)
            record["type"], record["types"] = types[0], _json(types)
            people["type"].append({**stamp, "value": types})
        elif c["action"] == "date" and value:
            record["date"], record["date_precision"] = str(value), "day"
            people["date"].append({**stamp, "value": value})
        elif c["action"] == "title" and value:
            record["title"] = str(value)
            people["title"].append({**stamp, "value": value})
        elif c["action"] == "confirm":
            record["status"] = "reviewed"
            people["status"].append({**stamp, "value": "reviewed"})
        elif c["action"] == "reject":
            record["status"] = "rejected"
            people["status"].append({**stamp, "value": "rejected"})
    if people:
        evidence["corrections"] = people
        record["evidence"] = _json(evidence)
