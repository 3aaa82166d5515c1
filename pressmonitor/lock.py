"""One crawl at a time per database: a second scheduled run exits at once, saying why.

An advisory `flock` on `<db>.lock`: the kernel releases it when the process dies, so a crawl
killed with SIGKILL never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path


class LockHeld(RuntimeError):
    """Another process holds the crawl lock; the message says which and since when."""


@contextmanager
def crawl_lock(db_path: str | Path) -> Iterator[Path]:
    path = Path(f"{db_path}.lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held for the whole crawl
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown process"
            raise LockHeld(f"another crawl is running on {db_path} ({holder})") from None
        handle.seek(0)
        handle.truncate()
        stamp = datetime.now(UTC).replace(microsecond=0).isoformat()
        handle.write(f"pid {os.getpid()}, started {stamp}\n")
        handle.flush()
        yield path
    finally:
        handle.close()
