"""Run the hardening tests (tests/test_hardening*.py) and print one fault table.

Each test appends its measured row (fault, what was injected, stories lost, duplicates) to a
report file; a row counts as survived only if its test also passed, so the table cannot claim
what the assertions did not prove.

    .venv/bin/python bench/fault_suite.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def run_tests(report: Path, junit: Path) -> int:
    env = {**os.environ, "PRESSMONITOR_FAULT_REPORT": str(report)}
    tests = sorted(str(p) for p in (REPO / "tests").glob("test_hardening*.py"))
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests]
    return subprocess.call([*command, f"--junitxml={junit}"], cwd=REPO, env=env)


def failed_tests(junit: Path) -> set[str]:
    failed = set()
    for case in ET.parse(junit).iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            module = case.get("classname", "").replace(".", "/") + ".py"
            failed.add(f"{module}::{case.get('name')}")
    return failed


def table(rows: list[dict], failed: set[str]) -> str:
    header = ("fault", "injected", "survived", "stories lost", "duplicates created")
    lines = [header]
    for row in rows:
        survived = row["survived"] and row["test"] not in failed
        lines.append(
            (
                row["fault"],
                row["injected"],
                "yes" if survived else "NO",
                str(row["lost"]),
                str(row["dupes"]),
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = [" | ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) for line in lines]
    out.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(out)


def main() -> int:
    start = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        report, junit = Path(tmp) / "faults.jsonl", Path(tmp) / "junit.xml"
        code = run_tests(report, junit)
        rows = (
            [json.loads(line) for line in report.read_text().splitlines()]
            if report.exists()
            else []
        )
        failed = failed_tests(junit) if junit.exists() else set()
    print()
    print(table(rows, failed))
    lost = sum(r["lost"] for r in rows)
    dupes = sum(r["dupes"] for r in rows)
    print(
        f"\n{len(rows)} faults, {sum(1 for r in rows if r['survived'] and r['test'] not in failed)}"
        f" survived; stories lost {lost}, duplicates {dupes}; "
        f"pytest exit {code}; {time.monotonic() - start:.0f} s"
    )
    return 0 if code == 0 and lost == 0 and dupes == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
