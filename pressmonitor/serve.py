"""Start Datasette on the database with the project's metadata, plugins and safe settings."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
METADATA = REPO / "metadata.yml"
PLUGINS = REPO / "plugins"

#: Public-facing defaults: bounded queries, no database download.
SAFE_SETTINGS: dict[str, int | bool] = {
    "sql_time_limit_ms": 1000,
    "allow_download": False,
    "max_returned_rows": 1000,
    "facet_time_limit_ms": 500,
    "allow_csv_stream": True,
}


def _cli_value(value: int | bool) -> str:
    return ("on" if value else "off") if isinstance(value, bool) else str(value)


def datasette_args(db_path: str | Path, host: str = "127.0.0.1", port: int = 8001) -> list[str]:
    args = [str(db_path), "--host", host, "--port", str(port)]
    if METADATA.exists():
        args += ["--metadata", str(METADATA)]
    if PLUGINS.is_dir():
        args += ["--plugins-dir", str(PLUGINS)]
    for name, value in SAFE_SETTINGS.items():
        args += ["--setting", name, _cli_value(value)]
    return args


def serve_datasette(db_path: str | Path, host: str, port: int) -> int:
    if not Path(db_path).exists():
        print(
            f"error: {db_path} does not exist; run `pressmonitor crawl` or `pressmonitor demo` first"
        )
        return 2
    print(f"Datasette on http://{host}:{port}/ (Ctrl-C to stop)")
    try:
        return subprocess.call(
            [sys.executable, "-m", "datasette", "serve", *datasette_args(db_path, host, port)]
        )
    except KeyboardInterrupt:
        return 0
