"""The `pressmonitor` command: crawl, classify, serve, export, demo."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from pipelines.sources import SourcesError

DEFAULT_DB = "data/pressmonitor.db"
DEFAULT_SOURCES = "data/sources.yml"

db_option = click.option(
    "--db",
    "db_path",
    default=DEFAULT_DB,
    show_default=True,
    type=click.Path(dir_okay=False),
    help="SQLite database.",
)
sources_option = click.option(
    "--sources",
    "sources_path",
    default=DEFAULT_SOURCES,
    show_default=True,
    type=click.Path(dir_okay=False),
    help="Sources file.",
)


def parse_settings(pairs: tuple[str, ...]) -> dict[str, str]:
    """`-s NAME=VALUE` pairs, as `scrapy crawl -s` takes them."""
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"expected NAME=VALUE, got {pair!r}", param_hint="-s")
        out[name] = value
    return out


@click.group()
@click.version_option(package_name="pressmonitor")
def cli() -> None:
    """Press-freedom incident tracker: crawl news, classify, merge into incidents, publish."""


@cli.command()
@db_option
@sources_option
@click.option("-s", "settings", multiple=True, metavar="NAME=VALUE", help="Scrapy setting.")
def crawl(db_path: str, sources_path: str, settings: tuple[str, ...]) -> None:
    """Crawl every enabled source into the database."""
    from pressmonitor.crawl import EXIT_CONFIG, run_crawl

    try:
        code = run_crawl(db_path, sources_path, parse_settings(settings))
    except SourcesError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_CONFIG)
    sys.exit(code)


@cli.command()
@db_option
@click.option(
    "--input",
    "input_path",
    type=click.Path(dir_okay=False, exists=True),
    help="Stories as JSON lines: id, url, title, text, published, lang.",
)
@click.option(
    "--output",
    "output_path",
    type=click.Path(dir_okay=False),
    help="Labels as JSON lines (default: standard output).",
)
def classify(db_path: str, input_path: str | None, output_path: str | None) -> None:
    """Classify stories from a file, or re-classify every stored story."""
    from pressmonitor.classify_cmd import classify_file, reclassify_db

    if input_path:
        count = classify_file(Path(input_path), Path(output_path) if output_path else None)
        click.echo(f"classified {count} stories", err=True)
    else:
        count = reclassify_db(db_path)
        click.echo(f"re-classified {count} stored stories", err=True)


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8001, show_default=True, type=int)
def serve(db_path: str, host: str, port: int) -> None:
    """Publish the database with Datasette (read-only)."""
    from pressmonitor.serve import serve_datasette

    sys.exit(serve_datasette(db_path, host, port))


@cli.command()
@db_option
@click.option("--out", "out_path", required=True, type=click.Path(dir_okay=False))
@click.option("--type", "types", multiple=True, help="Incident type (repeatable).")
@click.option("--since", help="First incident date, YYYY-MM-DD.")
@click.option("--until", help="Last incident date, YYYY-MM-DD.")
@click.option("--status", multiple=True, help="candidate, corroborated or reviewed.")
def export(db_path: str, out_path: str, types, since, until, status) -> None:
    """Write incidents as a CSV that opens safely in a spreadsheet."""
    from pipelines.export import export_incidents
    from pipelines.schema import open_db

    count = export_incidents(
        open_db(db_path), Path(out_path), types=types, since=since, until=until, status=status
    )
    click.echo(f"wrote {count} incidents to {out_path}", err=True)


@cli.command()
@db_option
@sources_option
@click.option("--no-serve", is_flag=True, help="Build the demo database and stop.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8001, show_default=True, type=int)
def demo(db_path: str, sources_path: str, no_serve: bool, host: str, port: int) -> None:
    """Crawl the bundled sample site on 127.0.0.1, classify, and open Datasette."""
    from pressmonitor.demo import run_demo

    try:
        code = run_demo(db_path, sources_path)
    except SourcesError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    if code not in (0, 1) or no_serve:
        sys.exit(code)
    from pressmonitor.serve import serve_datasette

    sys.exit(serve_datasette(db_path, host, port))


if __name__ == "__main__":
    cli()
