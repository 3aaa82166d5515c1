"""Shared fixtures: paths, the sibling ../shared folder (skipped where absent), served sites."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pressmonitor.sample_site import serve_directory

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
SHARED = REPO.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test with the reason (CI has ../shared)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: these tests read ../shared, which CI provides")
    return path


@pytest.fixture
def fixture_site() -> Iterator[str]:
    """The small test site of tests/fixtures/site served on 127.0.0.1; yields its base URL."""
    with serve_directory(FIXTURES / "site") as base:
        yield base


def write_sources(path: Path, base: str, feeds: list[tuple[str, str, str]]) -> Path:
    """A sources file of (name, feed path, language) feeds on `base`."""
    lines = ["sources:"]
    for name, feed_path, language in feeds:
        lines += [
            f"  - name: {name}",
            "    kind: feed",
            f"    url: {base}{feed_path}",
            f"    language: {language}",
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_cli(*args: str, cwd: Path = REPO, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run `pressmonitor` as a user would, in a fresh process (Twisted's reactor runs once)."""
    return subprocess.run(
        [sys.executable, "-m", "pressmonitor.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
