"""Where the benchmarks find ../shared, and how they say it is absent."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def require_shared(*parts: str) -> Path:
    """The path under ../shared, or exit 0 with 'skipped' where CI's copy is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        print(f"skipped: {path} is absent (the benchmark reads ../shared, which CI provides)")
        sys.exit(0)
    return path
