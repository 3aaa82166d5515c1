"""Stored MinHash signatures, so a crawl's start-up reads them instead of re-hashing every story.

One row per story in `_story_signatures` (migration m004): the signature's 128 values as
little-endian uint32 (512 bytes; datasketch's values are below 2**32), an empty blob for a
text too short to compare, and the story's `content_hash` when it was hashed, so a signature
of a text that has since changed is recomputed. Stories stored before the table existed get
theirs on the first load (`NearDuplicateIndex.from_db`). The leading underscore marks the
table internal, like `_sqlite_migrations`: a cache, not published data.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable, Iterator

from sqlite_utils import Database

from pipelines.lsh import Signature

log = logging.getLogger(__name__)

TABLE = "_story_signatures"

#: (story id, content hash, signature or None when the text is too short to compare)
Row = tuple[str, str | None, Signature | None]


def encode(signature: Signature | None) -> bytes:
    return b"" if signature is None else signature.astype("<u4").tobytes()


def save(db: Database, rows: Iterable[Row]) -> None:
    """Store (or replace) signatures; the caller's transaction, if any, covers them."""
    db.conn.executemany(
        f"insert or replace into [{TABLE}] (story_id, content_hash, minhash) values (?, ?, ?)",
        [(story_id, chash, encode(sig)) for story_id, chash, sig in rows],
    )


def save_quietly(db: Database, rows: list[Row]) -> None:
    """`save` in a transaction (a savepoint inside the caller's), a locked or read-only
    database only logged: the signatures are a cache, computed again at the next load."""
    try:
        with db.atomic():
            save(db, rows)
    except sqlite3.Error as exc:
        log.warning("near-duplicate signatures not stored (%s): recomputed next time", exc)


def originals(db: Database) -> Iterator[tuple[str, bytes | None, str | None, str | None]]:
    """(id, stored blob or None, text to hash when there is no current blob, content hash) of
    every story that is not itself a copy, in storage order."""
    if "stories" not in db.table_names():
        return
    if TABLE in db.table_names():
        join = f"left join [{TABLE}] g on g.story_id = s.id and g.content_hash is s.content_hash"
        blob = "g.minhash"
    else:
        join, blob = "", "null"
    sql = (
        f"select s.id, {blob}, case when {blob} is null then "
        f"coalesce(s.title, '') || char(10) || coalesce(s.text, '') end, s.content_hash "
        f"from stories s {join} where s.duplicate_of is null order by s.rowid"
    )
    yield from db.execute(sql)
