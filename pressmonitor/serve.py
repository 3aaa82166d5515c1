"""Start Datasette on the database with the project's metadata, plugins and safe settings."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
METADATA = REPO / "metadata.yml"
PLUGINS = REPO / "plugins"
TEMPLATES = REPO / "templates"

#: Public-facing defaults: bounded queries, no database download, full CSVs streamed.
#: Datasette itself is read-only here: no write plugins, no writable canned queries.
SAFE_SETTINGS: dict[str, int | bool] = {
    "sql_time_limit_ms": 1000,
    "allow_download": False,
    "max_returned_rows": 1000,
    "facet_time_limit_ms": 500,
    "allow_csv_stream": True,
    # Suggestions try every column on every page view: seconds on 100,000 stories.
    "suggest_facets": False,
}


def _cli_value(value: int | bool) -> str:
    return ("on" if value else "off") if isinstance(value, bool) else str(value)


def datasette_args(db_path: str | Path, host: str = "127.0.0.1", port: int = 8001) -> list[str]:
    args = [str(db_path), "--host", host, "--port", str(port)]
    if METADATA.exists():
        args += ["--metadata", str(METADATA)]
    if PLUGINS.is_dir():
        args += ["--plugins-dir", str(PLUGINS)]
    if TEMPLATES.is_dir():
        args += ["--template-dir", str(TEMPLATES)]
    for name, value in SAFE_SETTINGS.items():
        args += ["--setting", name, _cli_value(value)]
    return args


def make_datasette(db_path: str | Path, **settings: int | bool):
    """The same Datasette in-process (tests, benchmarks): metadata, plugins, templates, settings."""
    import yaml
    from datasette.app import Datasette

    return Datasette(
        [str(db_path)],
        metadata=yaml.safe_load(METADATA.read_text(encoding="utf-8")),
        settings=SAFE_SETTINGS | settings,
        plugins_dir=str(PLUGINS) if PLUGINS.is_dir() else None,
        template_dir=str(TEMPLATES) if TEMPLATES.is_dir() else None,
    )


def serve_datasette(db_path: str | Path, host: str, port: int) -> int:
    if not Path(db_path).exists():
        print(
            f"error: {db_path} does not exist; run `pressmonitor crawl` or `pressmonitor demo` first"
        )
        return 2
    from pipelines.schema import open_db

    open_db(db_path).close()  # an older database gains the search indexes and browse columns
    print(f"Datasette on http://{host}:{port}/ (Ctrl-C to stop)")
    try:
        return subprocess.call(
            [sys.executable, "-m", "datasette", "serve", *datasette_args(db_path, host, port)]
        )
    except KeyboardInterrupt:
        return 0
