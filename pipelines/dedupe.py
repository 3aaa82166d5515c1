"""Duplicates: one row per article, near-copies linked to the story they copy.

Two kinds. The same article under several URLs (tracking parameters, mobile/AMP hosts) is caught
by `pipelines.urls.canonical_url` and stored once, every URL kept in `stories.other_urls` and in
`story_urls`. A lightly edited copy on another site (syndication, a wire story rewritten) gets its
own row but `stories.duplicate_of` points at the story it copies, found with MinHash/LSH over
character shingles (character, not word, shingles so that Chinese, which has no spaces, works).
Nothing is dropped: duplicates stay queryable and are attached to incidents as `duplicate`.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from hashlib import sha1

import numpy as np
from datasketch import MinHash, MinHashLSH
from sqlite_utils import Database
from sqlite_utils.db import NotFoundError

from pipelines import signatures
from pipelines.lsh import BandedIndex, Signature
from pipelines.models import Story
from pipelines.store import content_hash as stored_hash
from pipelines.urls import canonical_url

#: Jaccard similarity of shingle sets above which a story is taken as a copy.
NEAR_DUPLICATE_THRESHOLD = 0.6
NUM_PERM = 128
SHINGLE_CHARS = 5
#: Enough text to tell copies apart; long bodies add cost but no evidence.
MAX_CHARS = 6000
#: Texts shorter than this (after normalising) are too short to call copies.
MIN_CHARS = 80

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalise_text(text: str) -> str:
    """Case-, width- and punctuation-insensitive text, so edits in spacing do not matter."""
    text = unicodedata.normalize("NFKC", text).lower()
    return _NON_WORD.sub("", text)


def content_fingerprint(title: str, text: str) -> str:
    """Exact-copy fingerprint of the normalised text (title only when there is no text)."""
    basis = normalise_text(text) or normalise_text(title)
    return hashlib.sha1(basis.encode("utf-8")).hexdigest()


def shingles(text: str, k: int = SHINGLE_CHARS) -> set[str]:
    return _shingles_of(normalise_text(text), k)


def _shingles_of(norm: str, k: int = SHINGLE_CHARS) -> set[str]:
    norm = norm[:MAX_CHARS]
    if len(norm) <= k:
        return {norm} if norm else set()
    return {norm[i : i + k] for i in range(len(norm) - k + 1)}


def minhash(text: str, num_perm: int = NUM_PERM) -> MinHash:
    return _minhash_of(normalise_text(text), num_perm)


def _minhash_of(norm: str, num_perm: int = NUM_PERM) -> MinHash:
    """datasketch's MinHash with its defaults (seed 1, SHA-1's first 32 bits, little-endian),
    built without its per-object costs: permutations drawn once per process, not per story,
    and the SHA-1 values computed in one comprehension instead of a call per shingle."""
    m = MinHash(num_perm=num_perm, hashfunc=_same, permutations=_permutations(num_perm))
    m.update_batch(
        [int.from_bytes(sha1(s.encode("utf-8")).digest()[:4], "little") for s in _shingles_of(norm)]
    )
    return m


def _same(value: int) -> int:
    return value


@cache
def _permutations(num_perm: int) -> tuple:
    return MinHash(num_perm=num_perm).permutations


#: Signatures read per step while loading: a bounded buffer, whatever the database's size.
LOAD_CHUNK = 4096


def story_text(story: Story) -> str:
    return f"{story.title}\n{story.text}"


@dataclass
class Match:
    story_id: str
    similarity: float


def band_shape(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows per band) datasketch picks for this threshold: 18 of 7 at 0.6 and 128."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


class NearDuplicateIndex:
    """MinHash LSH over the stories seen so far; updated one story at a time."""

    def __init__(self, threshold: float = NEAR_DUPLICATE_THRESHOLD, num_perm: int = NUM_PERM):
        self.threshold = threshold
        self.num_perm = num_perm
        self._bands = BandedIndex(num_perm, *band_shape(threshold, num_perm))

    def __len__(self) -> int:
        return len(self._bands)

    def __contains__(self, story_id: str) -> bool:
        return story_id in self._bands

    def signature(self, text: str) -> Signature | None:
        """The text's MinHash values, or None when it is too short to compare (computed once,
        so a story is hashed once whether it is looked up, added, stored, or all three)."""
        norm = normalise_text(text)
        if len(norm) < MIN_CHARS:
            return None
        return _minhash_of(norm, self.num_perm).hashvalues.astype(np.uint32)

    def add(self, story_id: str, text: str, signature: Signature | None = None) -> None:
        m = self.signature(text) if signature is None else signature
        if m is not None:
            self._bands.extend([story_id], m[np.newaxis, :])

    def matches(
        self, text: str, exclude: str | None = None, signature: Signature | None = None
    ) -> list[Match]:
        """Indexed stories whose estimated Jaccard similarity reaches the threshold, best first."""
        m = self.signature(text) if signature is None else signature
        if m is None:
            return []
        found = [Match(sid, sim) for sid, sim in self._bands.query(m, exclude)]
        found = [f for f in found if f.similarity >= self.threshold]
        return sorted(found, key=lambda f: (-f.similarity, f.story_id))

    def original_of(
        self, story_id: str, text: str, signature: Signature | None = None
    ) -> str | None:
        """The indexed story this text copies, if any (the most similar one)."""
        found = self.matches(text, exclude=story_id, signature=signature)
        return found[0].story_id if found else None

    @classmethod
    def from_db(
        cls, db: Database, threshold: float = NEAR_DUPLICATE_THRESHOLD
    ) -> NearDuplicateIndex:
        """Index the stored originals (stories that are not themselves copies) from their
        stored signatures; a story without one (stored before they were kept, or changed
        since) is hashed now and its signature stored for the next load."""
        index = cls(threshold=threshold)
        ids: list[str] = []
        blobs: list[bytes] = []
        missing: list[signatures.Row] = []
        for story_id, blob, text, chash in signatures.originals(db):
            if blob is not None and len(blob) == 4 * index.num_perm:
                ids.append(story_id)
                blobs.append(blob)
            elif blob is None or blob:  # no signature, or one of another size
                sig = index.signature(text or "")
                missing.append((story_id, chash, sig))
                if sig is not None:
                    ids.append(story_id)
                    blobs.append(signatures.encode(sig))
            if len(ids) >= LOAD_CHUNK:
                index._extend(ids, blobs)
            if len(missing) >= LOAD_CHUNK:
                signatures.save_quietly(db, missing)
                missing = []
        index._extend(ids, blobs)
        if missing:
            signatures.save_quietly(db, missing)
        return index

    def _extend(self, ids: list[str], blobs: list[bytes]) -> None:
        """Index a chunk of stored signatures, then empty the lists for the next chunk."""
        if ids:
            sigs = np.frombuffer(b"".join(blobs), dtype="<u4").reshape(len(ids), self.num_perm)
            self._bands.extend(ids, sigs)
        ids.clear()
        blobs.clear()


# --- persistence -----------------------------------------------------------------------------


def canonicalise(story: Story) -> Story:
    """Rewrite a story to its canonical URL (and id), keeping the URL it was found under."""
    canonical = canonical_url(story.url)
    if canonical == story.url:
        return story
    others = sorted({*story.other_urls, story.url} - {canonical})
    return Story(**{**story.to_dict(), "url": canonical, "id": "", "other_urls": others})


def story_for_url(db: Database, url: str) -> str | None:
    """The id of the stored story this URL (in any spelling) belongs to."""
    canonical = canonical_url(url)
    if "story_urls" in db.table_names():
        for row in db.query("select story_id from story_urls where url = ?", [canonical]):
            return row["story_id"]
    for row in db.query("select id from stories where url = ?", [canonical]):
        return row["id"]
    return None


def record_urls(db: Database, story_id: str, urls: Iterable[str]) -> None:
    """Remember every spelling under which a stored story was found."""
    urls = {u for u in urls if u}
    if not urls:
        return
    try:
        row = db["stories"].get(story_id)
    except NotFoundError:
        return
    others = set(json.loads(row.get("other_urls") or "[]"))
    new_others = (others | urls | {canonical_url(u) for u in urls}) - {row["url"]}
    if new_others != others:
        db["stories"].update(story_id, {"other_urls": json.dumps(sorted(new_others))})
    db["story_urls"].upsert_all(
        [{"url": canonical_url(u), "story_id": story_id} for u in urls | {row["url"]}],
        pk="url",
    )


def mark_near_duplicate(db: Database, story_id: str, original_id: str | None) -> None:
    db["stories"].update(story_id, {"duplicate_of": original_id})


def register_story(db: Database, story: Story, index: NearDuplicateIndex) -> str | None:
    """After a story is stored: record its URLs, link it to the story it copies, index it.

    Returns the id of the original when the story is a near-duplicate, else None. Call it for
    every new or changed story, in crawl order, with one index loaded by `from_db`.
    """
    record_urls(db, story.id, [story.url, *story.other_urls])
    text = story_text(story)
    signature = index.signature(text)
    signatures.save(db, [(story.id, stored_hash(story), signature)])
    if signature is None:
        return None  # too short to compare: neither a copy nor indexed
    original = index.original_of(story.id, text, signature)
    if original is not None:
        mark_near_duplicate(db, story.id, original)
        return original
    index.add(story.id, text, signature)
    return None
