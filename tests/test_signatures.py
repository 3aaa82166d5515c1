"""Stored MinHash signatures: a restarted index finds the same copies without re-hashing."""

from __future__ import annotations

import random

import numpy as np
import pytest
from datasketch import MinHashLSH

import pipelines.dedupe as dedupe
from pipelines import signatures
from pipelines.dedupe import NearDuplicateIndex, register_story, story_text
from pipelines.lsh import BandedIndex
from pipelines.models import Story
from pipelines.schema import open_db
from pipelines.store import upsert_story

WORDS = (
    "police arrested editor newsroom raid court bail charge sedition reporter camera "
    "protest street district council minister statement licence broadcaster journalist "
    "harbour island morning evening document computer office director paper"
).split()


def _text(rng: random.Random, words: int = 80) -> str:
    return " ".join(rng.choice(WORDS) + str(rng.randrange(50)) for _ in range(words))


def _edited(rng: random.Random, text: str, edits: int = 4) -> str:
    words = text.split()
    for _ in range(edits):
        words[rng.randrange(len(words))] = rng.choice(WORDS)
    return " ".join(words)


@pytest.fixture
def hashes(monkeypatch):
    """Counts the MinHash computations of the index (the costly step a restart avoids)."""
    calls = {"n": 0}
    real = dedupe._minhash_of

    def counting(norm, num_perm=dedupe.NUM_PERM):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        return real(norm, num_perm)

    monkeypatch.setattr(dedupe, "_minhash_of", counting)
    return calls


def _stored(db, rng: random.Random, count: int) -> list[Story]:
    """`count` stories registered as a crawl would: originals, with an edited copy of some."""
    index = NearDuplicateIndex.from_db(db)
    stories = []
    for i in range(count):
        text = _text(rng) if i % 3 else _edited(rng, stories[-1].text) if stories else _text(rng)
        story = Story(url=f"https://site{i % 4}.example/{i}", title=f"Story {i}", text=text)
        upsert_story(db, story)
        register_story(db, story, index)
        stories.append(story)
    return stories


def test_restarted_index_finds_the_same_copies_without_rehashing(tmp_path, hashes) -> None:
    db = open_db(tmp_path / "t.db")
    rng = random.Random(7)
    stories = _stored(db, rng, 60)
    originals = [r["id"] for r in db.query("select id from stories where duplicate_of is null")]
    assert 0 < len(originals) < len(stories)  # some were linked as copies

    hashes["n"] = 0
    restarted = NearDuplicateIndex.from_db(db)
    assert hashes["n"] == 0  # read back, not re-hashed
    assert sorted(s for s in originals if s in restarted) == sorted(originals)

    rebuilt = NearDuplicateIndex()  # what a start-up that re-hashed everything would hold
    for row in db.query("select id, title, text from stories where duplicate_of is null"):
        rebuilt.add(row["id"], f"{row['title']}\n{row['text']}")
    for story in stories:
        probe = _edited(rng, story.text, 3)
        text = f"{story.title}\n{probe}"
        assert restarted.matches(text) == rebuilt.matches(text)
        assert restarted.original_of("new", text) == rebuilt.original_of("new", text)


def test_database_from_before_the_migration_gets_signatures_once(
    tmp_path, hashes, monkeypatch
) -> None:
    monkeypatch.setattr(dedupe, "LOAD_CHUNK", 5)  # stored in chunks while the rows are read
    path = tmp_path / "old.db"
    db = open_db(path)
    rng = random.Random(11)
    for i in range(12):
        upsert_story(db, Story(url=f"https://a.example/{i}", title=f"T{i}", text=_text(rng)))
    upsert_story(db, Story(url="https://a.example/short", title="Brief", text="Too short."))
    # As a database written before m004: no signatures table, migration not recorded.
    db.execute(f"drop table [{signatures.TABLE}]")
    db.execute("delete from _sqlite_migrations where name = 'm004_story_signatures'")
    db.conn.commit()
    db.close()

    db = open_db(path)  # ensure_shape applies m004 to the old database
    assert signatures.TABLE in db.table_names()
    hashes["n"] = 0
    first = NearDuplicateIndex.from_db(db)
    assert (len(first), hashes["n"]) == (12, 12)  # the short one is never hashed
    assert db[signatures.TABLE].count == 13  # an empty blob remembers "too short"
    hashes["n"] = 0
    second = NearDuplicateIndex.from_db(db)
    assert (len(second), hashes["n"]) == (12, 0)


def test_a_changed_text_is_hashed_again(tmp_path, hashes) -> None:
    db = open_db(tmp_path / "t.db")
    rng = random.Random(3)
    stories = _stored(db, rng, 9)
    story = next(s for s in stories if db["stories"].get(s.id)["duplicate_of"] is None)
    changed = Story(url=story.url, title=story.title, text=_text(rng))
    assert upsert_story(db, changed) == "updated"  # stored by a path that did not re-hash
    hashes["n"] = 0
    index = NearDuplicateIndex.from_db(db)
    assert hashes["n"] == 1
    assert index.original_of("probe", story_text(changed)) == story.id


@pytest.mark.parametrize("tail", [1024, 8])  # all scanned; mostly sorted and searched
def test_banded_index_finds_what_datasketch_finds(tail: int) -> None:
    rng = random.Random(5)
    lsh = MinHashLSH(threshold=dedupe.NEAR_DUPLICATE_THRESHOLD, num_perm=dedupe.NUM_PERM)
    bands = BandedIndex(dedupe.NUM_PERM, lsh.b, lsh.r, tail=tail)
    texts = [_text(rng, 60) for _ in range(150)]
    texts += [_edited(rng, rng.choice(texts), rng.randrange(1, 12)) for _ in range(150)]
    hashes = [dedupe._minhash_of(dedupe.normalise_text(t)) for t in texts]
    for i, m in enumerate(hashes):
        sig = m.hashvalues.astype(np.uint32)
        assert bands.candidates(sig) == sorted(lsh.query(m))
        for sid, similarity in bands.query(sig):
            assert similarity == m.jaccard(hashes[int(sid)])
        lsh.insert(i, m)
        bands.extend([str(i)], sig[np.newaxis, :])
    assert len(bands) == len(texts)
