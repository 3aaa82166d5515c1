"""A compact MinHash LSH: the same banding as datasketch's `MinHashLSH`, in numpy arrays.

datasketch keeps a bytes key, a dict entry and a set per band per story (about 5 KB a story
with its MinHash object); this keeps the uint32 signature and one 64-bit key per band in
arrays (under 1 KB a story), so the index of a large database stays small. Candidates are the
stories sharing a whole band with the query, exactly as in datasketch; rows added since the
last sort are scanned, and the arrays are re-sorted when that tail grows.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

Signature = npt.NDArray[np.uint32]

#: Odd 64-bit multipliers folding a band's values into one key (a collision only adds a
#: candidate, which the exact Jaccard estimate then rejects).
_MULTIPLIERS = np.random.default_rng(20240501).integers(1, 2**63, size=64, dtype=np.uint64) | 1


class BandedIndex:
    """Story ids with their MinHash signatures, found by shared bands."""

    def __init__(self, num_perm: int, bands: int, rows: int, tail: int = 1024) -> None:
        """`tail`: rows added unsorted (scanned at each query) before the arrays are sorted."""
        if bands * rows > num_perm or rows > len(_MULTIPLIERS):
            raise ValueError(f"{bands} bands of {rows} do not fit {num_perm} permutations")
        self.num_perm, self.bands, self.rows, self.tail = num_perm, bands, rows, tail
        self._ids: list[str] = []
        self._row: dict[str, int] = {}
        self._sigs = np.zeros((0, num_perm), dtype=np.uint32)
        self._keys = np.zeros((0, bands), dtype=np.uint64)
        self._sorted_keys = np.zeros((bands, 0), dtype=np.uint64)
        self._order = np.zeros((bands, 0), dtype=np.int32)

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, story_id: str) -> bool:
        return story_id in self._row

    def band_keys(self, sigs: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint64]:
        """One 64-bit key per band of each signature (rows of `sigs`)."""
        used = sigs[:, : self.bands * self.rows].astype(np.uint64)
        bands = used.reshape(len(sigs), self.bands, self.rows)
        return (bands * _MULTIPLIERS[: self.rows]).sum(axis=2, dtype=np.uint64)

    def extend(self, ids: Sequence[str], sigs: npt.NDArray[np.uint32]) -> None:
        """Add stories not yet indexed (an id already present keeps its first signature)."""
        fresh: list[int] = []
        seen: set[str] = set()
        for i, story_id in enumerate(ids):
            if story_id not in self._row and story_id not in seen:
                seen.add(story_id)
                fresh.append(i)
        if not fresh:
            return
        sigs = np.ascontiguousarray(sigs[fresh], dtype=np.uint32)
        start = len(self._ids)
        self._reserve(start + len(fresh))
        self._sigs[start : start + len(fresh)] = sigs
        self._keys[start : start + len(fresh)] = self.band_keys(sigs)
        for offset, i in enumerate(fresh):
            self._row[ids[i]] = start + offset
            self._ids.append(ids[i])
        if len(self._ids) - self._order.shape[1] > max(self.tail, self._order.shape[1] // 4):
            self._sort()

    def candidates(self, sig: Signature) -> list[int]:
        """Rows sharing at least one whole band with `sig`."""
        keys = self.band_keys(sig[np.newaxis, :])[0]
        found: set[int] = set()
        for band in range(self.bands):
            column = self._sorted_keys[band]
            lo = int(np.searchsorted(column, keys[band], side="left"))
            hi = int(np.searchsorted(column, keys[band], side="right"))
            if hi > lo:
                found.update(self._order[band, lo:hi].tolist())
        sorted_n, n = self._order.shape[1], len(self._ids)
        if n > sorted_n:
            tail = (self._keys[sorted_n:n] == keys).any(axis=1)
            found.update((np.flatnonzero(tail) + sorted_n).tolist())
        return sorted(found)

    def query(self, sig: Signature, exclude: str | None = None) -> list[tuple[str, float]]:
        """(story id, estimated Jaccard similarity) of every candidate but `exclude`."""
        rows = self.candidates(sig)
        if not rows:
            return []
        same = np.count_nonzero(self._sigs[rows] == sig, axis=1) / self.num_perm
        return [
            (self._ids[r], float(s))
            for r, s in zip(rows, same, strict=True)
            if self._ids[r] != exclude
        ]

    def _reserve(self, size: int) -> None:
        if size <= len(self._sigs):
            return
        capacity = max(size, len(self._sigs) + max(1024, len(self._sigs) // 4))
        self._sigs = _grown(self._sigs, capacity)
        self._keys = _grown(self._keys, capacity)

    def _sort(self) -> None:
        n = len(self._ids)
        keys = self._keys[:n].T
        self._order = np.argsort(keys, axis=1, kind="stable").astype(np.int32)
        self._sorted_keys = np.take_along_axis(keys, self._order, axis=1)


def _grown(array: np.ndarray, capacity: int) -> np.ndarray:
    out = np.zeros((capacity, *array.shape[1:]), dtype=array.dtype)
    out[: len(array)] = array
    return out
